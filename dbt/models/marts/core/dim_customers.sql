{#- SCD2 customer dimension: one row per captured version. The first version reaches back to the
    beginning of time so that an event older than the first capture still finds its customer. -#}
with

versions as (

    select
        *,
        row_number() over (partition by customer_id order by dbt_valid_from) as version_number
    from {{ ref('snap_customers') }}

)

select
    dbt_scd_id as customer_key,
    customer_id,
    email_hash,
    display_name,
    country,
    city,
    segment,
    loyalty_tier,
    version_number,
    dbt_valid_from as version_captured_from,
    case when version_number = 1 then {{ instant_literal('1900-01-01T00:00:00Z') }} else dbt_valid_from end as valid_from,
    coalesce(dbt_valid_to, {{ instant_literal('9999-12-31T00:00:00Z') }}) as valid_to,
    dbt_valid_to is null as is_current,
    ingested_at
from versions
