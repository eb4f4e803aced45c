{#- SCD2 customer dimension: one row per captured version. The first version reaches back to the
    beginning of time so that an event older than the first capture still finds its customer.
    Incremental, per customer: a round rewrites every version of each customer the snapshot
    captured a version of since the cut-off (the new version, and the one it closed). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='customer_id',
        on_schema_change='append_new_columns',
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

{% if salesflow_is_incremental() %}
    rebuilt_customers as (

        select changed.customer_id from {{ ref('snap_customers') }} as changed
        where changed.ingested_at >= {{ cutoff }}

    ),
{% endif %}

snapshot as (

    select * from {{ ref('snap_customers') }}
    where {{ rebuilding('customer_id', 'rebuilt_customers') }}

),

versions as (

    select
        snapshot.*,
        row_number() over (partition by snapshot.customer_id order by snapshot.dbt_valid_from) as version_number
    from snapshot

),

final as (

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
        case
            when version_number = 1 then {{ instant_literal('1900-01-01T00:00:00Z') }} else dbt_valid_from
        end as valid_from,
        coalesce(dbt_valid_to, {{ instant_literal('9999-12-31T00:00:00Z') }}) as valid_to,
        dbt_valid_to is null as is_current,
        ingested_at
    from versions

)

select * from final
