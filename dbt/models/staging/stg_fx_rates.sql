{#- One rate per day and currency; a later correction of the same day replaces the earlier row. -#}
with

bronze as (

    select * from {{ source('bronze', 'fx_rates') }}
    where {{ as_of_filter('ingested_at') }}

),

ranked as (

    select
        rate_date,
        upper(base_currency) as base_currency,
        upper(quote_currency) as quote_currency,
        cast(rate as {{ type_money() }}) as rate,
        source as rate_source,
        ingested_at,
        row_number() over (
            partition by rate_date, upper(base_currency), upper(quote_currency)
            order by ingested_at desc, source asc
        ) as correction_rank
    from bronze
    where rate > 0

)

select
    rate_date,
    base_currency,
    quote_currency,
    rate,
    rate_source,
    ingested_at
from ranked
where correction_rank = 1
