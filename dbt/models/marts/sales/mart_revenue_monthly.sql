{#- mart_revenue_daily rolled up to calendar months. -#}
{{
    config(
        partition_by=bq_partition('month_start_date', 'date', 'month'),
        cluster_by=bq_only(['country', 'store_id', 'category']),
    )
}}

select
    {{ month_start('order_date') }} as month_start_date,
    country,
    store_id,
    store_name,
    channel,
    category,
    product_id,
    product_name,
    currency,
    sum(orders) as order_lines_days,
    sum(units_sold) as units_sold,
    sum(gross_sales) as gross_sales,
    sum(discounts) as discounts,
    sum(net_sales) as net_sales,
    sum(net_sales_reporting) as net_sales_reporting,
    reporting_currency
from {{ ref('mart_revenue_daily') }}
group by
    {{ month_start('order_date') }}, country, store_id, store_name, channel, category, product_id,
    product_name, currency, reporting_currency
