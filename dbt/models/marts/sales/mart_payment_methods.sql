{#- Orders and revenue per day × payment method × card brand × channel × country. -#}
{{ config(partition_by=bq_partition('order_date'), cluster_by=bq_only(['payment_method', 'country'])) }}

select
    order_date,
    payment_method,
    coalesce(card_brand, 'n/a') as card_brand,
    channel,
    country,
    count(*) as orders,
    sum(order_total_reporting) as revenue_reporting,
    {{ as_numeric('sum(order_total_reporting) / count(*)') }} as average_order_value_reporting,
    reporting_currency
from {{ ref('fct_orders') }}
group by order_date, payment_method, coalesce(card_brand, 'n/a'), channel, country, reporting_currency
