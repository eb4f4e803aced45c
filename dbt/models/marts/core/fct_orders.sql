{#- One row per order, joined to the customer version valid when it was placed; refunds are summed
    per order, each converted at its own date's rate. Incremental: a run recomputes only the orders
    whose inputs arrived inside the lookback window — the order itself (new, or won by an earlier
    event), a refund (however old the order), or a later customer version that now covers its
    time. -#}
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

{%- set incremental = salesflow_is_incremental() -%}
{%- set cutoff = lookback_cutoff('ingested_at') %}

with

orders as (

    select * from {{ ref('int_orders') }}

),

refunds as (

    select
        order_id,
        refund_amount,
        refund_amount_reporting,
        ingested_at
    from {{ ref('int_refunds') }}

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

{% if incremental %}
    {#- Versions are only ever appended, so a new one changes the key of its customer's orders from
        its valid_from on and of no others. -#}
    new_customer_versions as (

        select
            customer_id,
            min(valid_from) as valid_from
        from customers
        where rekeys_since >= {{ cutoff }}
        group by customer_id

    ),

    {#- Reads int_orders itself, not the `orders` CTE: DuckDB materialises a CTE that is read more
        than once, i.e. every column of every order. #}
    changed_orders as (

        select changed.order_id from {{ ref('int_orders') }} as changed
        where changed.ingested_at >= {{ cutoff }}
        union distinct
        select order_id from refunds
        where ingested_at >= {{ cutoff }}
        union distinct
        select rekeyed.order_id
        from {{ ref('int_orders') }} as rekeyed
        inner join new_customer_versions
            on
                rekeyed.customer_id = new_customer_versions.customer_id
                and rekeyed.ordered_at >= new_customer_versions.valid_from

    ),
{% endif %}

scoped_orders as (

    select * from orders
    {% if incremental %}
        where order_id in (select changed_orders.order_id from changed_orders)
    {% endif %}

),

refunds_per_order as (

    select
        order_id,
        count(*) as refund_count,
        sum(refund_amount) as refund_total,
        sum(refund_amount_reporting) as refund_total_reporting,
        max(ingested_at) as ingested_at
    from refunds
    {% if incremental %}
        where order_id in (select changed_orders.order_id from changed_orders)
    {% endif %}
    group by order_id

),

final as (

    select
        scoped_orders.order_id,
        scoped_orders.customer_id,
        customers.customer_key,
        scoped_orders.store_id,
        scoped_orders.ordered_at,
        scoped_orders.order_date,
        scoped_orders.country,
        scoped_orders.channel,
        scoped_orders.currency,
        scoped_orders.payment_method,
        scoped_orders.card_brand,
        scoped_orders.items_count,
        scoped_orders.subtotal,
        scoped_orders.discount_total,
        scoped_orders.tax_total,
        scoped_orders.shipping,
        scoped_orders.order_total,
        coalesce(refunds_per_order.refund_total, 0) as refund_total,
        scoped_orders.order_total - coalesce(refunds_per_order.refund_total, 0) as net_total,
        coalesce(refunds_per_order.refund_count, 0) as refund_count,
        scoped_orders.order_total_reporting,
        coalesce(refunds_per_order.refund_total_reporting, 0) as refund_total_reporting,
        scoped_orders.order_total_reporting - coalesce(refunds_per_order.refund_total_reporting, 0) as net_total_reporting,
        scoped_orders.reporting_currency,
        scoped_orders.fx_rate_date,
        -- The newest Silver ingestion this row reflects: the watermark of incremental runs, here
        -- and in the marts built on it.
        greatest(
            scoped_orders.ingested_at,
            coalesce(refunds_per_order.ingested_at, scoped_orders.ingested_at),
            coalesce(customers.rekeys_since, scoped_orders.ingested_at)
        ) as ingested_at
    from scoped_orders
    left join refunds_per_order on scoped_orders.order_id = refunds_per_order.order_id
    left join customers
        on
            scoped_orders.customer_id = customers.customer_id
            and scoped_orders.ordered_at >= customers.valid_from
            and scoped_orders.ordered_at < customers.valid_to

)

select * from final
{{ storage_order('order_date') }}
