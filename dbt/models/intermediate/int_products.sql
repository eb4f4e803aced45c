{#- Latest known state of every product, taken from order lines: the newest product_updated_at,
    then the newest event, then the largest event_id (two lines of one event naming one product
    differently: the smallest sku, name, category, brand). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='product_id',
        on_schema_change='fail',
        cluster_by=bq_only(['product_id']),
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

new_events as (

    select
        event_id,
        event_time,
        items,
        ingested_at
    from {{ ref('stg_sales_events') }}
    where
        ingested_at >= {{ cutoff }}
        -- Lifecycle events (order_shipped, order_delivered) carry no customer or order lines.
        and event_type in ('order_placed', 'order_refunded')

),

new_states as (

    select
        {{ event_text('item', '$.product_id') }} as product_id,
        {{ event_text('item', '$.sku') }} as sku,
        {{ event_text('item', '$.product_name') }} as product_name,
        {{ event_text('item', '$.category') }} as category,
        {{ event_text('item', '$.brand') }} as brand,
        {{ parse_instant(event_text('item', '$.product_updated_at')) }} as updated_at,
        new_events.event_time as last_event_time,
        new_events.event_id as last_event_id,
        new_events.ingested_at
    from new_events
    {{ cross_join_items('new_events.items', 'item') }}

),

states as (

    select * from new_states
    {% if salesflow_is_incremental() %}
        union all
        -- The state an earlier round stored competes with the new ones (same columns: a new column
        -- needs a --full-refresh, hence on_schema_change='fail').
        select * from {{ this }}
        where product_id in (select new_states.product_id from new_states)
    {% endif %}

)

select * from states
where true
qualify
    row_number() over (
        partition by product_id
        order by updated_at desc, last_event_time desc, last_event_id desc, sku asc, product_name asc, category asc, brand asc
    ) = 1
