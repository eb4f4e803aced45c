{#- One row per refund event, converted at the rate of the refund's own date, with whether it
    applies to its order ("Conflicting events" in dbt/README.md): an order's refunds apply in the
    order of their event_time (then event_id) while their running total stays within the order
    total; a refund does not apply to an order that has not landed, that is in another currency, or
    that was placed after it. Rebuilt per order: a round recomputes every refund of each order with
    an event ingested since its cut-off, from every refund of the order. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('refund_date'),
        cluster_by=bq_only(['order_id']),
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

{% if salesflow_is_incremental() %}
    {#- The orders with an event (a refund, or an order_placed event) ingested since the cut-off. -#}
    rebuilt_orders as (

        select changed.order_id from {{ ref('stg_sales_events') }} as changed
        where changed.ingested_at >= {{ cutoff }}

    ),
{% endif %}

refunds as (

    select
        event_id as refund_id,
        refund_original_order_id as order_id,
        customer_id,
        store_id,
        store_country as country,
        channel,
        event_time as refunded_at,
        event_date as refund_date,
        refund_reason,
        currency,
        refund_amount,
        ingested_at
    from {{ ref('stg_sales_events') }}
    where
        event_type = 'order_refunded'
        and {{ all_partitions('ingested_at') }}
        and {{ rebuilding('order_id', 'rebuilt_orders') }}

),

{% if salesflow_is_incremental() %}
    older_orders as (

        select distinct refunds.order_id from refunds

    ),
{% endif %}

orders as (

    {{ rows_to_rebuild(ref('int_orders'), 'order_id', 'older_orders', cutoff) }}

),

judged as (

    select
        refunds.*,
        orders.order_event_id,
        orders.ordered_at,
        orders.currency as order_currency,
        orders.order_total,
        sum(
            case when refunds.currency = orders.currency and refunds.refunded_at >= orders.ordered_at then refunds.refund_amount end
        ) over (
            partition by refunds.order_id order by refunds.refunded_at, refunds.refund_id
            rows between unbounded preceding and current row
        ) as refunded_so_far,
        greatest(
            max(refunds.ingested_at) over (partition by refunds.order_id),
            coalesce(orders.ingested_at, refunds.ingested_at)
        ) as newest_ingestion
    from refunds
    left join orders on refunds.order_id = orders.order_id

),

final as (

    select
        judged.refund_id,
        judged.order_id,
        judged.customer_id,
        judged.store_id,
        judged.country,
        judged.channel,
        judged.refunded_at,
        judged.refund_date,
        judged.refund_reason,
        judged.currency,
        judged.refund_amount,
        case
            when judged.order_event_id is null then 'order_missing'
            when judged.currency <> judged.order_currency then 'other_currency'
            when judged.refunded_at < judged.ordered_at then 'before_order'
            when judged.refunded_so_far > judged.order_total then 'over_order_total'
            else 'applied'
        end as refund_status,
        judged.order_event_id,
        fx.reporting_currency,
        fx.eur_rate,
        fx.reporting_eur_rate,
        fx.rate_date_used as fx_rate_date,
        {{ convert_money('judged.refund_amount', 'fx.eur_rate', 'fx.reporting_eur_rate', 'fx.reporting_minor_units') }} as refund_amount_reporting,
        judged.newest_ingestion as ingested_at
    from judged
    left join {{ ref('int_fx_rates_daily') }} as fx
        on judged.refund_date = fx.date_day
            and judged.currency = fx.currency_code

)

select * from final
