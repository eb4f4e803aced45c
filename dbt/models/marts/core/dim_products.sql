{#- SCD2 product dimension: one row per captured version, the first reaching back to the beginning
    of time (see dim_customers). -#}
with

versions as (

    select
        *,
        row_number() over (partition by product_id order by dbt_valid_from) as version_number
    from {{ ref('snap_products') }}

)

select
    dbt_scd_id as product_key,
    product_id,
    sku,
    product_name,
    category,
    brand,
    version_number,
    dbt_valid_from as version_captured_from,
    case when version_number = 1 then {{ instant_literal('1900-01-01T00:00:00Z') }} else dbt_valid_from end as valid_from,
    coalesce(dbt_valid_to, {{ instant_literal('9999-12-31T00:00:00Z') }}) as valid_to,
    dbt_valid_to is null as is_current,
    ingested_at
from versions
