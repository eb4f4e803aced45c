{#- One row per order, joined to the customer version valid when it was placed; its applied refunds
    are summed, each converted at its own date's rate. Incremental, per order: a round rebuilds the
    orders whose own row changed since the cut-off, whose refunds did, and those a customer version
    captured since then now covers. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['country', 'store_id', 'channel']),
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

{% if salesflow_is_incremental() %}
    {#- Orders rebuilt although their own row is older than the cut-off. -#}
    older_orders as (

        select refunds.order_id from {{ ref('int_refunds') }} as refunds
        where refunds.ingested_at >= {{ cutoff }}
        union distinct
        {{ rekeyed_by_new_versions(ref('int_orders'), 'order_id', ref('dim_customers'), 'customer', cutoff) }}

    ),
{% endif %}

orders as (

    {{ rows_to_rebuild(ref('int_orders'), 'order_id', 'older_orders', cutoff) }}

),

applied_refunds as (

    select
        order_id,
        count(*) as refund_count,
        sum(refund_amount) as refund_total,
        sum(refund_amount_reporting) as refund_total_reporting,
        max(ingested_at) as ingested_at
    from {{ ref('int_refunds') }}
    where
        refund_status = 'applied'
        and {{ rebuilding('order_id', 'orders') }}
    group by order_id

),

customers as (

    select
        customer_id,
        customer_key,
        valid_from,
        valid_to,
        -- A first version arrives with the customer's first events, whose orders are new anyway;
        -- only a later version changes keys of orders already here.
        case when version_number > 1 then ingested_at end as rekeys_since
    from {{ ref('dim_customers') }}

),

final as (

    select
        orders.order_id,
        orders.customer_id,
        customers.customer_key,
        orders.store_id,
        orders.ordered_at,
        orders.order_date,
        orders.country,
        orders.channel,
        orders.customer_country,
        orders.customer_region,
        orders.currency,
        orders.payment_method,
        orders.card_brand,
        orders.items_count,
        orders.subtotal,
        orders.discount_total,
        orders.tax_total,
        orders.shipping,
        orders.order_total,
        coalesce(applied_refunds.refund_total, 0) as refund_total,
        orders.order_total - coalesce(applied_refunds.refund_total, 0) as net_total,
        coalesce(applied_refunds.refund_count, 0) as refund_count,
        orders.order_total_reporting,
        coalesce(applied_refunds.refund_total_reporting, 0) as refund_total_reporting,
        orders.order_total_reporting - coalesce(applied_refunds.refund_total_reporting, 0) as net_total_reporting,
        orders.reporting_currency,
        orders.fx_rate_date,
        -- The newest Silver ingestion this row reflects: the watermark of incremental runs, here
        -- and in the marts built on it.
        greatest(
            orders.ingested_at,
            coalesce(applied_refunds.ingested_at, orders.ingested_at),
            coalesce(customers.rekeys_since, orders.ingested_at)
        ) as ingested_at
    from orders
    left join applied_refunds on orders.order_id = applied_refunds.order_id
    left join customers
        on
            orders.customer_id = customers.customer_id
            and orders.ordered_at >= customers.valid_from
            and orders.ordered_at < customers.valid_to

)

select * from final
{{ storage_order('order_date') }}
