{#- Monthly performance of every store: orders, customers, units, average order value, refunds. -#}
{{ config(partition_by=bq_partition('month_start_date', 'date', 'month'), cluster_by=bq_only(['store_id'])) }}

with

orders as (

    select
        {{ month_start('order_date') }} as month_start_date,
        store_id,
        count(*) as orders,
        count(distinct customer_id) as customers,
        sum(items_count) as order_lines,
        sum(order_total_reporting) as revenue_reporting,
        sum(refund_total_reporting) as refunds_reporting,
        sum(net_total_reporting) as net_revenue_reporting
    from {{ ref('fct_orders') }}
    group by {{ month_start('order_date') }}, store_id

),

units as (

    select
        {{ month_start('order_date') }} as month_start_date,
        store_id,
        sum(quantity) as units_sold
    from {{ ref('fct_order_items') }}
    group by {{ month_start('order_date') }}, store_id

)

select
    orders.month_start_date,
    orders.store_id,
    stores.store_name,
    stores.channel,
    stores.country,
    orders.orders,
    orders.customers,
    coalesce(units.units_sold, 0) as units_sold,
    orders.revenue_reporting,
    orders.revenue_reporting / orders.orders as average_order_value_reporting,
    orders.refunds_reporting,
    orders.net_revenue_reporting,
    {{ reporting_currency() }} as reporting_currency
from orders
left join units on orders.month_start_date = units.month_start_date and orders.store_id = units.store_id
left join {{ ref('dim_stores') }} as stores on orders.store_id = stores.store_id
