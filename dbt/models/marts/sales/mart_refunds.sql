{#- Applied refunds per refund day × country × currency × reason (int_order_conflicts lists the
    others). -#}
{{ config(partition_by=bq_partition('refund_date'), cluster_by=bq_only(['country', 'refund_reason'])) }}

select
    refund_date,
    country,
    currency,
    refund_reason,
    count(*) as refunds,
    count(distinct order_id) as refunded_orders,
    sum(refund_amount) as refund_amount,
    sum(refund_amount_reporting) as refund_amount_reporting,
    reporting_currency
from {{ ref('fct_refunds') }}
where refund_status = 'applied'
group by refund_date, country, currency, refund_reason, reporting_currency
