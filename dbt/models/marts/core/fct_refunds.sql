{#- One row per refund, at the refund's own date and rate, with whether it applies to its order
    (int_refunds.refund_status) and the store's country and channel at the refund. Incremental, per
    order: int_refunds gives every refund of an order it rebuilt that round's ingestion. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('refund_date'),
        cluster_by=bq_only(['country', 'currency']),
    )
}}

{%- set cutoff = lookback_cutoff() %}

select
    refund_id,
    order_id,
    customer_id,
    store_id,
    country,
    channel,
    refunded_at,
    refund_date,
    refund_reason,
    refund_status,
    currency,
    refund_amount,
    refund_amount_reporting,
    reporting_currency,
    fx_rate_date,
    ingested_at
from {{ ref('int_refunds') }}
where ingested_at >= {{ cutoff }}
