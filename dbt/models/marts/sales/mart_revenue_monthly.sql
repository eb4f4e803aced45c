{#- mart_revenue_daily rolled up to calendar months. Incremental: a run rebuilds whole months —
    those holding a day rebuilt within the lookback window, and every month of a store whose name
    changed. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy=period_rebuild_strategy(),
        unique_key=period_rebuild_key('month_start_date'),
        on_schema_change='append_new_columns',
        partition_by=bq_partition('month_start_date', 'date', 'month'),
        cluster_by=bq_only(['country', 'store_id', 'category']),
    )
}}

-- depends_on: {{ ref('dim_stores') }}
{% set incremental = salesflow_is_incremental() -%}
{%- if incremental -%}
    {%- set changed_months = changed_period_list(
        ref('mart_revenue_daily'), month_start('changed.order_date'), 'month_start_date', ref('dim_stores')
    ) -%}
{%- endif %}

with

daily as (

    select
        *,
        {{ month_start('order_date') }} as month_start_date
    from {{ ref('mart_revenue_daily') }}

),

scoped_days as (

    select * from daily
    {% if incremental %}
        where {{ in_months('order_date', changed_months) }}
    {% endif %}

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
