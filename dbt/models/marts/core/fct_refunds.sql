{#- One row per refund, at the refund's own date and rate. Incremental: a run rewrites the refunds
    that arrived within the lookback window and every refund of a store whose country or channel
    has changed since it was written. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='refund_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('refund_date'),
        cluster_by=bq_only(['country', 'currency']),
    )
}}

{%- set incremental = salesflow_is_incremental() -%}
{%- set cutoff = lookback_cutoff('ingested_at') %}

with

refunds as (

    select * from {{ ref('int_refunds') }}

),

stores as (

    select
        store_id,
        country,
        channel
    from {{ ref('int_stores') }}

),

scoped_refunds as (

    select refunds.*
    from refunds
    {% if incremental %}
        where
            refunds.ingested_at >= {{ cutoff }}
            or refunds.store_id in (
                select known.store_id
                from {{ this }} as known
                inner join stores on known.store_id = stores.store_id
                where {{ store_attributes_changed('known', 'stores', ['country', 'channel']) }}
            )
    {% endif %}

),

final as (

    select
        scoped_refunds.refund_id,
        scoped_refunds.order_id,
        scoped_refunds.customer_id,
        scoped_refunds.store_id,
        stores.country,
        stores.channel,
        scoped_refunds.refunded_at,
        scoped_refunds.refund_date,
        scoped_refunds.refund_reason,
        scoped_refunds.currency,
        scoped_refunds.refund_amount,
        scoped_refunds.refund_amount_reporting,
        scoped_refunds.reporting_currency,
        scoped_refunds.fx_rate_date,
        scoped_refunds.ingested_at
    from scoped_refunds
    left join stores on scoped_refunds.store_id = stores.store_id

)

select * from final
