{#- One row per refund event, converted at the rate of the refund's own date. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='refund_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('refund_date'),
        cluster_by=bq_only(['order_id']),
    )
}}

with

refund_events as (

    select * from {{ ref('stg_sales_events') }}
    where
        event_type = 'order_refunded'
        and {{ incremental_window('ingested_at') }}

)

select
    refund_events.event_id as refund_id,
    refund_events.refund_original_order_id as order_id,
    refund_events.customer_id,
    refund_events.store_id,
    refund_events.event_time as refunded_at,
    refund_events.event_date as refund_date,
    refund_events.refund_reason,
    refund_events.currency,
    refund_events.refund_amount,
    fx.reporting_currency,
    fx.eur_rate,
    fx.reporting_eur_rate,
    fx.rate_date_used as fx_rate_date,
    {{ convert_money('refund_events.refund_amount', 'fx.eur_rate', 'fx.reporting_eur_rate', 'fx.reporting_minor_units') }} as refund_amount_reporting,
    refund_events.ingested_at
from refund_events
left join {{ ref('int_fx_rates_daily') }} as fx
    on refund_events.event_date = fx.date_day
        and refund_events.currency = fx.currency_code
