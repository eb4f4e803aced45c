{#- mart_revenue_daily rolled up to calendar months. Incremental, per month: a round rebuilds the
    months it finds changed (rebuilt_periods). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='month_start_date',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('month_start_date', 'date', 'month'),
        cluster_by=bq_only(['country', 'store_id', 'category']),
        meta={'rebuild_periods': {'period': 'month', 'store_columns': ['store_name']}},
    )
}}

-- depends_on: {{ ref('fct_order_items') }}, {{ ref('fct_orders') }}, {{ ref('int_orders') }}, {{ ref('dim_stores') }}
{%- set months = rebuilt_periods() %}

with

daily as (

    select
        *,
        {{ month_start('order_date') }} as month_start_date
    from {{ ref('mart_revenue_daily') }}

),

scoped_days as (

    select * from daily
    where {{ in_rebuilt_periods('order_date', months) }}

),

final as (

    select
        month_start_date,
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
        reporting_currency,
        max(ingested_at) as ingested_at
    from scoped_days
    group by
        month_start_date, country, store_id, store_name, channel, category, product_id,
        product_name, currency, reporting_currency

)

select * from final
