{#- One row per refund, at the refund's own date and rate. -#}
{{
    config(
        partition_by=bq_partition('refund_date'),
        cluster_by=bq_only(['country', 'currency']),
    )
}}

select
    refunds.refund_id,
    refunds.order_id,
    refunds.customer_id,
    refunds.store_id,
    stores.country,
    stores.channel,
    refunds.refunded_at,
    refunds.refund_date,
    refunds.refund_reason,
    refunds.currency,
    refunds.refund_amount,
    refunds.refund_amount_reporting,
    refunds.reporting_currency,
    refunds.fx_rate_date
from {{ ref('int_refunds') }} as refunds
left join {{ ref('int_stores') }} as stores on refunds.store_id = stores.store_id
