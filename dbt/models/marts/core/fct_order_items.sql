{#- One row per order line, joined to the product and customer versions valid when the order was
    placed. -#}
{{
    config(
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['category', 'product_id', 'store_id']),
    )
}}

with

lines as (

    select * from {{ ref('int_order_items') }}

),

orders as (

    select
        order_id,
        country,
        channel,
        payment_method
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
        valid_to
    from {{ ref('dim_products') }}

),

customers as (

    select
        customer_key,
        customer_id,
        valid_from,
        valid_to
    from {{ ref('dim_customers') }}

)

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
    orders.country,
    orders.channel,
    orders.payment_method,
    lines.ordered_at,
    lines.order_date,
    lines.currency,
    lines.unit_price,
    lines.quantity,
    lines.gross_amount,
    lines.discount_amount,
    lines.net_amount,
    lines.net_amount_reporting,
    lines.reporting_currency
from lines
inner join orders on lines.order_id = orders.order_id
left join products
    on lines.product_id = products.product_id
        and lines.ordered_at >= products.valid_from
        and lines.ordered_at < products.valid_to
left join customers
    on lines.customer_id = customers.customer_id
        and lines.ordered_at >= customers.valid_from
        and lines.ordered_at < customers.valid_to
