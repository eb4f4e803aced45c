{#- Latest known state of every customer: the newest customer.updated_at, then the newest event,
    then the largest event_id. A late event carrying an older state never overwrites a newer one.
    PII is already reduced in staging. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='customer_id',
        on_schema_change='fail',
        cluster_by=bq_only(['customer_id']),
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

new_states as (

    select
        customer_id,
        customer_email_hash as email_hash,
        customer_display_name as display_name,
        customer_country as country,
        customer_city as city,
        customer_segment as segment,
        customer_loyalty_tier as loyalty_tier,
        customer_updated_at as updated_at,
        event_time as last_event_time,
        event_id as last_event_id,
        ingested_at
    from {{ ref('stg_sales_events') }}
    where
        ingested_at >= {{ cutoff }}
        -- Lifecycle events (order_shipped, order_delivered) carry no customer or order lines.
        and event_type in ('order_placed', 'order_refunded')

),

states as (

    select * from new_states
    {% if salesflow_is_incremental() %}
        union all
        -- The state an earlier round stored competes with the new ones (same columns: a new column
        -- needs a --full-refresh, hence on_schema_change='fail').
        select * from {{ this }}
        where customer_id in (select new_states.customer_id from new_states)
    {% endif %}

)

select * from states
where true
qualify
    row_number() over (
        partition by customer_id
        order by updated_at desc, last_event_time desc, last_event_id desc
    ) = 1
