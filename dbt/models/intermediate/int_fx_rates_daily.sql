{#- A rate for every calendar day and currency, weekends and holidays carrying the latest earlier
    business-day rate forward, paired with the reporting currency's rate of the same day. -#}
with

eur_rates as (

    select
        rate_date,
        quote_currency as currency_code,
        rate
    from {{ ref('stg_fx_rates') }}
    where base_currency = 'EUR'

),

bounds as (

    select
        min(rate_date) as first_day,
        coalesce(
            (
                select max(event_date) from {{ ref('stg_sales_events') }}
                where {{ all_partitions('ingested_at') }}
            ),
            max(rate_date)
        ) as last_day
    from eur_rates

),

calendar as (

    {{ date_series('bounds', 'first_day', 'last_day') }}

),

currencies as (

    select distinct currency_code from eur_rates

),

filled as (

    select
        calendar.date_day,
        currencies.currency_code,
        last_value(eur_rates.rate ignore nulls) over carry_forward as eur_rate,
        last_value(eur_rates.rate_date ignore nulls) over carry_forward as rate_date_used
    from calendar
    cross join currencies
    left join eur_rates
        on calendar.date_day = eur_rates.rate_date
            and currencies.currency_code = eur_rates.currency_code
    window carry_forward as (
        partition by currencies.currency_code
        order by calendar.date_day
        rows between unbounded preceding and current row
    )

),

with_base as (

    select
        date_day,
        currency_code,
        eur_rate,
        rate_date_used
    from filled
    where eur_rate is not null
    union all
    -- EUR is the base: it has no row of its own and is worth exactly one euro every day.
    select
        date_day,
        'EUR' as currency_code,
        cast(1 as {{ type_money() }}) as eur_rate,
        date_day as rate_date_used
    from calendar

),

reporting as (

    select
        date_day,
        eur_rate as reporting_eur_rate
    from with_base
    where currency_code = {{ reporting_currency() }}

)

select
    with_base.date_day,
    with_base.currency_code,
    with_base.eur_rate,
    with_base.rate_date_used,
    with_base.rate_date_used < with_base.date_day as is_carried_forward,
    {{ reporting_currency() }} as reporting_currency,
    reporting.reporting_eur_rate,
    iso.minor_units as reporting_minor_units
from with_base
inner join reporting on with_base.date_day = reporting.date_day
inner join {{ ref('iso_currencies') }} as iso on iso.currency_code = {{ reporting_currency() }}
