{#- Revenue booked each day (orders placed) minus refunds applied that day, per currency. -#}
{{ config(partition_by=bq_partition('revenue_date'), cluster_by=bq_only(['currency'])) }}

with

orders as (

    select
        order_date as revenue_date,
        currency,
        count(*) as orders,
        sum(order_total) as gross_revenue,
        sum(order_total_reporting) as gross_revenue_reporting
    from {{ ref('fct_orders') }}
    group by order_date, currency

),

refunds as (

    select
        refund_date as revenue_date,
        currency,
        count(*) as refunds,
        sum(refund_amount) as refund_amount,
        sum(refund_amount_reporting) as refund_amount_reporting
    from {{ ref('fct_refunds') }}
    where refund_status = 'applied'
    group by refund_date, currency

),

days as (

    select
        revenue_date,
        currency
    from orders
    union distinct
    select
        revenue_date,
        currency
    from refunds

)

select
    days.revenue_date,
    days.currency,
    coalesce(orders.orders, 0) as orders,
    coalesce(refunds.refunds, 0) as refunds,
    coalesce(orders.gross_revenue, 0) as gross_revenue,
    coalesce(refunds.refund_amount, 0) as refund_amount,
    coalesce(orders.gross_revenue, 0) - coalesce(refunds.refund_amount, 0) as net_revenue,
    coalesce(orders.gross_revenue_reporting, 0) as gross_revenue_reporting,
    coalesce(refunds.refund_amount_reporting, 0) as refund_amount_reporting,
    coalesce(orders.gross_revenue_reporting, 0) - coalesce(refunds.refund_amount_reporting, 0) as net_revenue_reporting,
    {{ reporting_currency() }} as reporting_currency
from days
left join orders on days.revenue_date = orders.revenue_date and days.currency = orders.currency
left join refunds on days.revenue_date = refunds.revenue_date and days.currency = refunds.currency
