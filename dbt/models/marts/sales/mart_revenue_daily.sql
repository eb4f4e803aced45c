{#- Net sales (after line discounts, before tax and shipping) per day × country × store × channel ×
    category × product × currency. Refunds are order-level and live in mart_net_revenue_daily. -#}
{{
    config(
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['country', 'store_id', 'category']),
    )
}}

select
    items.order_date,
    items.country,
    items.store_id,
    stores.store_name,
    items.channel,
    items.category,
    items.product_id,
    items.product_name,
    items.currency,
    count(distinct items.order_id) as orders,
    sum(items.quantity) as units_sold,
    sum(items.gross_amount) as gross_sales,
    sum(items.discount_amount) as discounts,
    sum(items.net_amount) as net_sales,
    sum(items.net_amount_reporting) as net_sales_reporting,
    items.reporting_currency
from {{ ref('fct_order_items') }} as items
left join {{ ref('dim_stores') }} as stores on items.store_id = stores.store_id
group by
    items.order_date, items.country, items.store_id, stores.store_name, items.channel, items.category,
    items.product_id, items.product_name, items.currency, items.reporting_currency
