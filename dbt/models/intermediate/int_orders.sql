{#- One row per order: the first order_placed event for an order_id (event_time, then event_id),
    with its amounts in the original and the reporting currency at the order date's rate. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['store_id', 'customer_id']),
    )
}}

with

new_events as (

    select * from {{ ref('stg_sales_events') }}
    where
        event_type = 'order_placed'
        and {{ incremental_window('ingested_at') }}

),

ranked as (

    select
        *,
        row_number() over (partition by order_id order by event_time, event_id) as order_rank
    from new_events

),

winners as (

    select ranked.*
    from ranked
    where ranked.order_rank = 1
        {% if salesflow_is_incremental() %}
        -- An order already known keeps its row unless this event happened before it.
            and not exists (
                select 1 from {{ this }} as known
                where
                    known.order_id = ranked.order_id
                    and (
                        known.ordered_at < ranked.event_time
                        or (known.ordered_at = ranked.event_time and known.order_event_id <= ranked.event_id)
                    )
            )
        {% endif %}

)

select
    winners.order_id,
    winners.event_id as order_event_id,
    winners.customer_id,
    winners.store_id,
    winners.channel,
    winners.store_country as country,
    winners.event_time as ordered_at,
    winners.event_date as order_date,
    winners.currency,
    winners.payment_method,
    winners.card_brand,
    winners.items_count,
    winners.subtotal,
    winners.discount_total,
    winners.tax_total,
    winners.shipping,
    winners.order_total,
    fx.reporting_currency,
    fx.eur_rate,
    fx.reporting_eur_rate,
    fx.reporting_minor_units,
    fx.rate_date_used as fx_rate_date,
    {{ convert_money('winners.order_total', 'fx.eur_rate', 'fx.reporting_eur_rate', 'fx.reporting_minor_units') }} as order_total_reporting,
    winners.ingested_at
from winners
left join {{ ref('int_fx_rates_daily') }} as fx
    on winners.event_date = fx.date_day
        and winners.currency = fx.currency_code
{{ storage_order('ingested_at') }}
