{#- Orders per day × the customer's country × region: orders, customers, revenue and net revenue in
    the reporting currency, average order value. Incremental, per day: a round rebuilds the days it
    finds changed (rebuilt_periods). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_date',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['customer_country', 'customer_region']),
        meta={'rebuild_periods': {'period': 'day', 'facts': ['fct_orders']}},
    )
}}

-- depends_on: {{ ref('int_orders') }}
{%- set days = rebuilt_periods() %}

with

orders as (

    select * from {{ ref('fct_orders') }}
    where {{ in_rebuilt_periods('order_date', days) }}

),

final as (

    select
        order_date,
        customer_country,
        customer_region,
        count(*) as orders,
        count(distinct customer_id) as customers,
        sum(order_total_reporting) as revenue_reporting,
        sum(net_total_reporting) as net_revenue_reporting,
        {{ as_numeric('sum(order_total_reporting) / count(*)') }} as average_order_value_reporting,
        {{ reporting_currency() }} as reporting_currency,
        max(ingested_at) as ingested_at
    from orders
    group by order_date, customer_country, customer_region

)

select * from final
