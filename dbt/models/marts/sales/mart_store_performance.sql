{#- Monthly performance of every store: orders, customers, units, average order value, refunds,
    and how it ships (average days to ship, on-time rate of its orders placed that month).
    Incremental, per month: a round rebuilds the months it finds changed (rebuilt_periods). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='month_start_date',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('month_start_date', 'date', 'month'),
        cluster_by=bq_only(['store_id']),
        meta={'rebuild_periods': {
            'period': 'month',
            'store_columns': ['store_name', 'channel', 'country'],
            'facts': ['fct_order_items', 'fct_orders', 'fct_deliveries'],
        }},
    )
}}

-- depends_on: {{ ref('int_orders') }}, {{ ref('dim_stores') }}
{%- set months = rebuilt_periods() %}

with

orders as (

    select * from {{ ref('fct_orders') }}
    where {{ in_rebuilt_periods('order_date', months) }}

),

order_items as (

    select * from {{ ref('fct_order_items') }}
    where {{ in_rebuilt_periods('order_date', months) }}

),

deliveries as (

    select * from {{ ref('fct_deliveries') }}
    where {{ in_rebuilt_periods('order_date', months) }}

),

stores as (

    select * from {{ ref('dim_stores') }}

),

monthly_orders as (

    select
        {{ month_start('order_date') }} as month_start_date,
        store_id,
        count(*) as orders,
        count(distinct customer_id) as customers,
        sum(items_count) as order_lines,
        sum(order_total_reporting) as revenue_reporting,
        sum(refund_total_reporting) as refunds_reporting,
        sum(net_total_reporting) as net_revenue_reporting,
        max(ingested_at) as ingested_at
    from orders
    group by {{ month_start('order_date') }}, store_id

),

monthly_units as (

    select
        {{ month_start('order_date') }} as month_start_date,
        store_id,
        sum(quantity) as units_sold
    from order_items
    group by {{ month_start('order_date') }}, store_id

),

monthly_shipping as (

    select
        {{ month_start('order_date') }} as month_start_date,
        store_id,
        count(*) as orders_shipped,
        {{ as_numeric('sum(days_to_ship) / count(*)') }} as average_days_to_ship,
        {{ as_numeric('count(case when not is_late then 1 end) / nullif(count(is_late), 0)') }} as on_time_rate,
        max(ingested_at) as ingested_at
    from deliveries
    group by {{ month_start('order_date') }}, store_id

),

final as (

    select
        monthly_orders.month_start_date,
        monthly_orders.store_id,
        stores.store_name,
        stores.channel,
        stores.country,
        monthly_orders.orders,
        monthly_orders.customers,
        coalesce(monthly_units.units_sold, 0) as units_sold,
        monthly_orders.revenue_reporting,
        {{ as_numeric('monthly_orders.revenue_reporting / monthly_orders.orders') }} as average_order_value_reporting,
        monthly_orders.refunds_reporting,
        monthly_orders.net_revenue_reporting,
        {{ reporting_currency() }} as reporting_currency,
        coalesce(monthly_shipping.orders_shipped, 0) as orders_shipped,
        monthly_shipping.average_days_to_ship,
        monthly_shipping.on_time_rate,
        greatest(monthly_orders.ingested_at, coalesce(monthly_shipping.ingested_at, monthly_orders.ingested_at)) as ingested_at
    from monthly_orders
    left join monthly_units
        on
            monthly_orders.month_start_date = monthly_units.month_start_date
            and monthly_orders.store_id = monthly_units.store_id
    left join monthly_shipping
        on
            monthly_orders.month_start_date = monthly_shipping.month_start_date
            and monthly_orders.store_id = monthly_shipping.store_id
    left join stores on monthly_orders.store_id = stores.store_id

)

select * from final
