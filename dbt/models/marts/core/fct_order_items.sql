{#- One row per order line, joined to the product and customer versions valid when the order was
    placed. Incremental, per order: a round rebuilds every line of the orders whose lines changed
    since the cut-off, and of those a product or customer version captured since then now covers. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['category', 'product_id', 'store_id']),
    )
}}

-- depends_on: {{ ref('int_orders') }}
{%- set cutoff = lookback_cutoff() %}

with

{% if salesflow_is_incremental() %}
    {#- Orders rebuilt although their lines are older than the cut-off. -#}
    older_orders as (

        {{ rekeyed_by_new_versions(ref('int_order_items'), 'order_id', ref('dim_products'), 'product', cutoff) }}
        union distinct
        {{ rekeyed_by_new_versions(ref('int_orders'), 'order_id', ref('dim_customers'), 'customer', cutoff) }}

    ),
{% endif %}

lines as (

    {{ rows_to_rebuild(ref('int_order_items'), 'order_id', 'older_orders', cutoff) }}

),

products as (

    select
        product_key,
        product_id,
        product_name,
        category,
        brand,
        valid_from,
        valid_to,
        -- A first version arrives with the first events that carry it, whose lines are new anyway;
        -- only a later version changes keys of lines already here.
        case when version_number > 1 then ingested_at end as rekeys_since
    from {{ ref('dim_products') }}

),

customers as (

    select
        customer_key,
        customer_id,
        valid_from,
        valid_to,
        case when version_number > 1 then ingested_at end as rekeys_since
    from {{ ref('dim_customers') }}

),

final as (

    select
        lines.order_item_id,
        lines.order_id,
        lines.line_number,
        products.product_key,
        lines.product_id,
        lines.sku,
        products.product_name,
        products.category,
        products.brand,
        customers.customer_key,
        lines.customer_id,
        lines.store_id,
        lines.country,
        lines.channel,
        lines.payment_method,
        lines.ordered_at,
        lines.order_date,
        lines.currency,
        lines.unit_price,
        lines.quantity,
        lines.gross_amount,
        lines.discount_amount,
        lines.net_amount,
        lines.net_amount_reporting,
        lines.reporting_currency,
        -- The newest Silver ingestion this row reflects: the watermark of incremental runs, here
        -- and in the marts built on it.
        greatest(
            lines.ingested_at,
            coalesce(products.rekeys_since, lines.ingested_at),
            coalesce(customers.rekeys_since, lines.ingested_at)
        ) as ingested_at
    from lines
    left join products
        on
            lines.product_id = products.product_id
            and lines.ordered_at >= products.valid_from
            and lines.ordered_at < products.valid_to
    left join customers
        on
            lines.customer_id = customers.customer_id
            and lines.ordered_at >= customers.valid_from
            and lines.ordered_at < customers.valid_to

)

select * from final
{{ storage_order('order_date') }}
