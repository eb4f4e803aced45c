{#- One row per order line, joined to the product and customer versions valid when the order was
    placed. Incremental: a run recomputes only the lines whose inputs arrived inside the lookback
    window — the order (new, or won by an earlier event), or a later product or customer version
    that now covers the line's time. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_item_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['category', 'product_id', 'store_id']),
    )
}}

{%- set incremental = salesflow_is_incremental() -%}
{%- set cutoff = lookback_cutoff('ingested_at') %}

with

orders as (

    select
        order_id,
        country,
        channel,
        payment_method,
        ingested_at
    from {{ ref('int_orders') }}

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
        -- A first version arrives with the first events that carry it, whose lines are new anyway;
        -- only a later version changes keys of lines already here.
        case when version_number > 1 then ingested_at end as rekeys_since
    from {{ ref('dim_customers') }}

),

{% if incremental %}
    {#- From int_orders itself, not the `orders` CTE: DuckDB materialises a CTE that is read
        twice. #}
    changed_orders as (

        select changed.order_id from {{ ref('int_orders') }} as changed
        where changed.ingested_at >= {{ cutoff }}

    ),

    {#- Versions are only ever appended, so a new one re-keys its product's (customer's) lines from
        its valid_from on and no others. -#}
    new_product_versions as (

        select
            product_id,
            min(valid_from) as valid_from
        from products
        where rekeys_since >= {{ cutoff }}
        group by product_id

    ),

    new_customer_versions as (

        select
            customer_id,
            min(valid_from) as valid_from
        from customers
        where rekeys_since >= {{ cutoff }}
        group by customer_id

    ),
{% endif %}

{#- DuckDB reads the window as two disjoint halves rather than one OR: the lines ingested inside it
    (the newest row groups of int_order_items, written in ingestion order), and older lines an order
    or a version of the window re-keys — found on the few columns the filter reads, then fetched
    whole (usually none: a version is mostly valid from the order that brought it). Each half reads
    int_order_items itself: DuckDB materialises a CTE that is read twice. BigQuery bills every
    column of every partition each read (the table is partitioned by order date, not ingestion), so
    it reads it once, with the OR. -#}
{% set two_halves = incremental and target.type != 'bigquery' %}
{% if two_halves %}
    rekeyed_lines as (

        select candidates.order_item_id
        from {{ ref('int_order_items') }} as candidates
        left join new_product_versions on candidates.product_id = new_product_versions.product_id
        left join new_customer_versions on candidates.customer_id = new_customer_versions.customer_id
        where
            candidates.ingested_at < {{ cutoff }}
            and (
                candidates.order_id in (select changed_orders.order_id from changed_orders)
                or candidates.ordered_at >= new_product_versions.valid_from
                or candidates.ordered_at >= new_customer_versions.valid_from
            )

    ),
{% endif %}

scoped_lines as (

    {% if two_halves %}
        select recent_lines.*
        from {{ ref('int_order_items') }} as recent_lines
        where recent_lines.ingested_at >= {{ cutoff }}
        union all
        select older_lines.*
        from {{ ref('int_order_items') }} as older_lines
        where older_lines.order_item_id in (select rekeyed_lines.order_item_id from rekeyed_lines)
    {% else %}
        select all_lines.*
        from {{ ref('int_order_items') }} as all_lines
        {% if incremental %}
            left join new_product_versions on all_lines.product_id = new_product_versions.product_id
            left join new_customer_versions on all_lines.customer_id = new_customer_versions.customer_id
            where
                all_lines.ingested_at >= {{ cutoff }}
                or all_lines.order_id in (select changed_orders.order_id from changed_orders)
                or all_lines.ordered_at >= new_product_versions.valid_from
                or all_lines.ordered_at >= new_customer_versions.valid_from
        {% endif %}
    {% endif %}

),

{#- Only the orders of those lines: joined to all of int_orders, DuckDB hashes the million orders
    rather than the few thousand lines. -#}
scoped_orders as (

    select * from orders
    {% if incremental %}
        where order_id in (select scoped_lines.order_id from scoped_lines)
    {% endif %}

),

final as (

    select
        scoped_lines.order_item_id,
        scoped_lines.order_id,
        scoped_lines.line_number,
        products.product_key,
        scoped_lines.product_id,
        scoped_lines.sku,
        products.product_name,
        products.category,
        products.brand,
        customers.customer_key,
        scoped_lines.customer_id,
        scoped_lines.store_id,
        scoped_orders.country,
        scoped_orders.channel,
        scoped_orders.payment_method,
        scoped_lines.ordered_at,
        scoped_lines.order_date,
        scoped_lines.currency,
        scoped_lines.unit_price,
        scoped_lines.quantity,
        scoped_lines.gross_amount,
        scoped_lines.discount_amount,
        scoped_lines.net_amount,
        scoped_lines.net_amount_reporting,
        scoped_lines.reporting_currency,
        -- The newest Silver ingestion this row reflects: the watermark of incremental runs, here
        -- and in the marts built on it.
        greatest(
            scoped_lines.ingested_at,
            scoped_orders.ingested_at,
            coalesce(products.rekeys_since, scoped_orders.ingested_at),
            coalesce(customers.rekeys_since, scoped_orders.ingested_at)
        ) as ingested_at
    from scoped_lines
    inner join scoped_orders on scoped_lines.order_id = scoped_orders.order_id
    left join products
        on
            scoped_lines.product_id = products.product_id
            and scoped_lines.ordered_at >= products.valid_from
            and scoped_lines.ordered_at < products.valid_to
    left join customers
        on
            scoped_lines.customer_id = customers.customer_id
            and scoped_lines.ordered_at >= customers.valid_from
            and scoped_lines.ordered_at < customers.valid_to

)

select * from final
{{ storage_order('order_date') }}
