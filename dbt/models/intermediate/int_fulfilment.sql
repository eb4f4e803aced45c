{#- One row per lifecycle event (order_shipped, order_delivered) with whether it applies to its
    order ("Conflicting events" in dbt/README.md). An order has one shipment: the earliest shipped_at
    not before the order was placed, order_shipped events before the shipment an order_delivered
    event repeats, then the smallest event_id. It has one delivery: the earliest delivered_at not
    before that shipment, then the smallest event_id. Every other lifecycle event is listed in
    int_order_conflicts with its status. Rebuilt per order: a round recomputes every lifecycle event
    of each order with an event ingested since its cut-off, from the lifecycle events ingested since
    then and the ones this model already holds for the order (it keeps every lifecycle event, so
    the round never searches all of Silver for an order's older events). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('event_date'),
        cluster_by=bq_only(['order_id']),
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

{% if salesflow_is_incremental() %}
    {#- The orders with an event (a lifecycle event, or an order_placed event) ingested since the cut-off. -#}
    rebuilt_orders as (

        select distinct changed.order_id from {{ ref('stg_sales_events') }} as changed
        where changed.ingested_at >= {{ cutoff }}

    ),
{% endif %}

{#- Every lifecycle event on a full build; on a round, the ones ingested since the cut-off (the
    newest row groups of Silver). -#}
new_lifecycle as (

    select
        event_id,
        order_id,
        event_type,
        event_time,
        event_date,
        store_id,
        shipment_id,
        carrier,
        shipment_origin_type as origin_type,
        shipment_origin_id as origin_id,
        shipped_at,
        delivered_at,
        delivered_local_date,
        ingested_at
    from {{ ref('stg_sales_events') }}
    where
        event_type in ('order_shipped', 'order_delivered')
        {% if salesflow_is_incremental() %}
            and ingested_at >= {{ cutoff }}
        {% else %}
            and {{ all_partitions('ingested_at') }}
        {% endif %}

),

{% if salesflow_is_incremental() %}
    {#- The lifecycle events an earlier round stored for the rebuilt orders. A stored row carries its
        order's newest ingestion then instead of its own; both are inputs of the order, and none
        is newer than what this round computes for it, so the order's newest ingestion stays the
        same. -#}
    stored_lifecycle as (

        select
            event_id,
            order_id,
            event_type,
            event_time,
            event_date,
            store_id,
            shipment_id,
            carrier,
            origin_type,
            origin_id,
            shipped_at,
            delivered_at,
            delivered_local_date,
            ingested_at
        from {{ this }}
        where
            order_id in (select rebuilt_orders.order_id from rebuilt_orders)
            and event_id not in (select new_lifecycle.event_id from new_lifecycle)

    ),
{% endif %}

lifecycle as (

    select * from new_lifecycle
    {% if salesflow_is_incremental() %}
        union all
        select * from stored_lifecycle
    {% endif %}

),

{% if salesflow_is_incremental() %}
    older_orders as (

        select distinct lifecycle.order_id from lifecycle

    ),
{% endif %}

orders as (

    {{ rows_to_rebuild(ref('int_orders'), 'order_id', 'older_orders', cutoff) }}

),

placed as (

    select
        lifecycle.*,
        orders.order_event_id,
        orders.order_event_id is not null and lifecycle.shipped_at >= orders.ordered_at as is_shippable,
        greatest(
            max(lifecycle.ingested_at) over (partition by lifecycle.order_id),
            coalesce(orders.ingested_at, lifecycle.ingested_at)
        ) as newest_ingestion
    from lifecycle
    left join orders on lifecycle.order_id = orders.order_id

),

{#- Every lifecycle event carries the shipment; the order's shipment is the first of this ranking
    that may ship it. -#}
shipment_ranked as (

    select
        placed.*,
        row_number() over (
            partition by placed.order_id
            order by
                case when placed.is_shippable then 0 else 1 end,
                case when placed.event_type = 'order_shipped' then 0 else 1 end,
                placed.shipped_at,
                placed.event_id
        ) as shipment_rank
    from placed

),

shipments as (

    select
        order_id,
        event_id as shipment_event_id,
        shipped_at as order_shipped_at
    from shipment_ranked
    where shipment_rank = 1 and is_shippable

),

deliverable as (

    select
        shipment_ranked.*,
        shipments.shipment_event_id,
        shipments.order_shipped_at,
        shipment_ranked.event_type = 'order_delivered'
        and shipment_ranked.delivered_at >= shipments.order_shipped_at as is_deliverable
    from shipment_ranked
    left join shipments on shipment_ranked.order_id = shipments.order_id

),

delivery_ranked as (

    select
        deliverable.*,
        row_number() over (
            partition by deliverable.order_id
            order by
                case when deliverable.is_deliverable then 0 else 1 end,
                deliverable.delivered_at,
                deliverable.event_id
        ) as delivery_rank
    from deliverable

),

final as (

    select
        event_id,
        order_id,
        event_type,
        event_time,
        event_date,
        store_id,
        shipment_id,
        carrier,
        origin_type,
        origin_id,
        shipped_at,
        delivered_at,
        delivered_local_date,
        case
            when order_event_id is null and event_type = 'order_shipped' then 'shipment_order_missing'
            when order_event_id is null then 'delivery_order_missing'
            when event_type = 'order_shipped' and event_id = shipment_event_id then 'applied'
            when event_type = 'order_shipped' and not is_shippable then 'shipped_before_order'
            when event_type = 'order_shipped' then 'second_shipment'
            -- No shipment of the order left after it was placed: this one's neither.
            when shipment_event_id is null then 'shipped_before_order'
            when delivered_at < order_shipped_at then 'delivered_before_shipped'
            when delivery_rank = 1 then 'applied'
            else 'second_delivery'
        end as fulfilment_status,
        coalesce(event_id = shipment_event_id, false) as is_order_shipment,
        order_event_id,
        newest_ingestion as ingested_at
    from delivery_ranked

)

select * from final
{{ storage_order('ingested_at') }}
