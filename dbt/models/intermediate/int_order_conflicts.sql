{#- Every event that lost a conflict over an order, with the event it lost to and why ("Conflicting
    events" in dbt/README.md): the order_placed events of an order other than its winner, the
    refunds that do not apply and the lifecycle events that do not. A view, so it always agrees
    with int_orders, int_refunds and int_fulfilment. -#}
{{ config(materialized='view') }}

with

orders as (

    select
        order_id,
        order_event_id,
        ingested_at
    from {{ ref('int_orders') }}

),

placements as (

    select
        event_id,
        order_id,
        event_type,
        event_time,
        currency,
        order_total as amount
    from {{ ref('stg_sales_events') }}
    where
        event_type = 'order_placed'
        and {{ all_partitions('ingested_at') }}

),

competing_placements as (

    select
        placements.event_id,
        placements.order_id,
        placements.event_type,
        orders.order_event_id as winning_event_id,
        'competing_order_placed' as reason,
        placements.event_time,
        placements.currency,
        placements.amount,
        orders.ingested_at
    from placements
    inner join orders on placements.order_id = orders.order_id
    where placements.event_id <> orders.order_event_id

),

unapplied_refunds as (

    select
        refund_id as event_id,
        order_id,
        'order_refunded' as event_type,
        order_event_id as winning_event_id,
        concat('refund_', refund_status) as reason,
        refunded_at as event_time,
        currency,
        refund_amount as amount,
        ingested_at
    from {{ ref('int_refunds') }}
    where refund_status <> 'applied'

),

unapplied_lifecycle_events as (

    select
        event_id,
        order_id,
        event_type,
        order_event_id as winning_event_id,
        fulfilment_status as reason,
        event_time,
        cast(null as {{ dbt.type_string() }}) as currency,
        cast(null as {{ type_money() }}) as amount,
        ingested_at
    from {{ ref('int_fulfilment') }}
    where fulfilment_status <> 'applied'

)

select * from competing_placements
union all
select * from unapplied_refunds
union all
select * from unapplied_lifecycle_events
