{#- One row per order, joined to the customer version valid when it was placed; refunds are summed
    per order, each converted at its own date's rate. -#}
{{
    config(
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['country', 'store_id', 'channel']),
    )
}}

with

orders as (

    select * from {{ ref('int_orders') }}

),

refunds as (

    select
        order_id,
        count(*) as refund_count,
        sum(refund_amount) as refund_total,
        sum(refund_amount_reporting) as refund_total_reporting
    from {{ ref('int_refunds') }}
    group by order_id

),

customers as (

    select
        customer_id,
        customer_key,
        valid_from,
        valid_to
    from {{ ref('dim_customers') }}

)

select
    orders.order_id,
    orders.customer_id,
    customers.customer_key,
    orders.store_id,
    orders.ordered_at,
    orders.order_date,
    orders.country,
    orders.channel,
    orders.currency,
    orders.payment_method,
    orders.card_brand,
    orders.items_count,
    orders.subtotal,
    orders.discount_total,
    orders.tax_total,
    orders.shipping,
    orders.order_total,
    coalesce(refunds.refund_total, 0) as refund_total,
    orders.order_total - coalesce(refunds.refund_total, 0) as net_total,
    coalesce(refunds.refund_count, 0) as refund_count,
    orders.order_total_reporting,
    coalesce(refunds.refund_total_reporting, 0) as refund_total_reporting,
    orders.order_total_reporting - coalesce(refunds.refund_total_reporting, 0) as net_total_reporting,
    orders.reporting_currency,
    orders.fx_rate_date
from orders
left join refunds on orders.order_id = refunds.order_id
left join customers
    on orders.customer_id = customers.customer_id
        and orders.ordered_at >= customers.valid_from
        and orders.ordered_at < customers.valid_to
