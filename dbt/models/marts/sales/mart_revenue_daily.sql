{#- Net sales (after line discounts, before tax and shipping) per day × country × store × channel ×
    category × product × currency. Refunds are order-level and live in mart_net_revenue_daily.
    Incremental, per day: a round rebuilds the days it finds changed (rebuilt_periods). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_date',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['country', 'store_id', 'category']),
        meta={'rebuild_periods': {'period': 'day', 'store_columns': ['store_name']}},
    )
}}

-- depends_on: {{ ref('fct_orders') }}, {{ ref('int_orders') }}
{%- set days = rebuilt_periods() %}

with

items as (

    select * from {{ ref('fct_order_items') }}

),

stores as (

    select
        store_id,
        store_name
    from {{ ref('dim_stores') }}

),

scoped_items as (

    select * from items
    where {{ in_rebuilt_periods('order_date', days) }}

),

final as (

    select
        scoped_items.order_date,
        scoped_items.country,
        scoped_items.store_id,
        stores.store_name,
        scoped_items.channel,
        scoped_items.category,
        scoped_items.product_id,
        scoped_items.product_name,
        scoped_items.currency,
        count(distinct scoped_items.order_id) as orders,
        sum(scoped_items.quantity) as units_sold,
        sum(scoped_items.gross_amount) as gross_sales,
        sum(scoped_items.discount_amount) as discounts,
        sum(scoped_items.net_amount) as net_sales,
        sum(scoped_items.net_amount_reporting) as net_sales_reporting,
        scoped_items.reporting_currency,
        max(scoped_items.ingested_at) as ingested_at
    from scoped_items
    left join stores on scoped_items.store_id = stores.store_id
    group by
        scoped_items.order_date, scoped_items.country, scoped_items.store_id, stores.store_name,
        scoped_items.channel, scoped_items.category, scoped_items.product_id, scoped_items.product_name,
        scoped_items.currency, scoped_items.reporting_currency

)

select * from final
{{ storage_order('order_date') }}
