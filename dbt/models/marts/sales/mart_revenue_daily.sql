{#- Net sales (after line discounts, before tax and shipping) per day × country × store × channel ×
    category × product × currency. Refunds are order-level and live in mart_net_revenue_daily.
    Incremental: a run rebuilds whole days — those holding a line that changed within the lookback
    window, and every day of a store whose name changed. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy=period_rebuild_strategy(),
        unique_key=period_rebuild_key('order_date'),
        on_schema_change='append_new_columns',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['country', 'store_id', 'category']),
    )
}}

{%- set incremental = salesflow_is_incremental() -%}
{%- if incremental -%}
    {%- set changed_days = changed_period_list(
        ref('fct_order_items'), 'changed.order_date', 'order_date', ref('dim_stores')
    ) -%}
{%- endif %}

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
    {% if incremental %}
        where {{ in_days('order_date', changed_days) }}
    {% endif %}

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
