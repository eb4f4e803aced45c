{#- How much of each day's revenue arrives in each currency. -#}
{{ config(partition_by=bq_partition('order_date'), cluster_by=bq_only(['currency'])) }}

with

daily as (

    select
        order_date,
        currency,
        count(*) as orders,
        sum(order_total) as revenue,
        sum(order_total_reporting) as revenue_reporting,
        reporting_currency
    from {{ ref('fct_orders') }}
    group by order_date, currency, reporting_currency

)

select
    order_date,
    currency,
    orders,
    revenue,
    revenue_reporting,
    {{ as_numeric('revenue_reporting / nullif(sum(revenue_reporting) over (partition by order_date), 0)') }} as share_of_revenue,
    reporting_currency
from daily
