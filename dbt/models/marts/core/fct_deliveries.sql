{#- One row per shipped order: its shipment and delivery (int_fulfilment), the customer's country and
    region on the winning order_placed event, and the elapsed days. Incremental, per order:
    int_fulfilment gives every lifecycle event of an order it rebuilt that round's ingestion, and an
    order that ships once stays shipped, so a round rewrites the orders of those rows. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['customer_country', 'carrier']),
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

fulfilment as (

    select * from {{ ref('int_fulfilment') }}
    where
        fulfilment_status = 'applied'
        and ingested_at >= {{ cutoff }}

),

shipments as (

    select
        order_id,
        shipment_id,
        carrier,
        origin_type,
        origin_id,
        shipped_at,
        ingested_at
    from fulfilment
    where is_order_shipment

),

deliveries as (

    select
        order_id,
        delivered_at,
        delivered_local_date
    from fulfilment
    where event_type = 'order_delivered'

),

{% if salesflow_is_incremental() %}
    shipped_orders as (

        select shipments.order_id from shipments

    ),
{% endif %}

orders as (

    {{ rows_to_rebuild(ref('int_orders'), 'order_id', 'shipped_orders', cutoff) }}

),

final as (

    select
        shipments.order_id,
        orders.store_id,
        orders.customer_id,
        orders.customer_country,
        orders.customer_region,
        shipments.carrier,
        shipments.shipment_id,
        shipments.origin_type,
        shipments.origin_id,
        orders.ordered_at,
        orders.order_date,
        shipments.shipped_at,
        deliveries.delivered_at,
        deliveries.delivered_local_date as delivery_date,
        orders.promised_delivery_date,
        {{ days_between('orders.order_date', utc_date('shipments.shipped_at')) }} as days_to_ship,
        {{ days_between('orders.order_date', utc_date('deliveries.delivered_at')) }} as days_to_deliver,
        {{ days_between('orders.promised_delivery_date', 'deliveries.delivered_local_date') }} as days_late,
        {{ days_between('orders.promised_delivery_date', 'deliveries.delivered_local_date') }} > 0 as is_late,
        case when deliveries.order_id is null then 'in_transit' else 'delivered' end as status,
        shipments.ingested_at
    from shipments
    inner join orders on shipments.order_id = orders.order_id
    left join deliveries on shipments.order_id = deliveries.order_id

)

select * from final
{{ storage_order('order_date') }}
