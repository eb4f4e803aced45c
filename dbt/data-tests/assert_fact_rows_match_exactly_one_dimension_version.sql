-- Every fact row stores the key of the SCD2 dimension version valid at its event time: the version
-- its key names belongs to the same entity and its window holds the event. With scd2_no_overlap on
-- both dimensions (windows per entity neither overlap nor leave gaps) that version is the only one
-- holding the event, so this is "exactly one matching version, and it is the stored one" — checked
-- with one join on the key instead of a range join and a count per fact row.
with

item_products as (
    select
        items.order_item_id as fact_id,
        'fct_order_items.product' as link
    from {{ ref('fct_order_items') }} as items
    left join {{ ref('dim_products') }} as products
        on items.product_key = products.product_key
    where
        products.product_key is null
        or products.product_id <> items.product_id
        or items.ordered_at < products.valid_from
        or items.ordered_at >= products.valid_to
),

item_customers as (
    select
        items.order_item_id as fact_id,
        'fct_order_items.customer' as link
    from {{ ref('fct_order_items') }} as items
    left join {{ ref('dim_customers') }} as customers
        on items.customer_key = customers.customer_key
    where
        customers.customer_key is null
        or customers.customer_id <> items.customer_id
        or items.ordered_at < customers.valid_from
        or items.ordered_at >= customers.valid_to
),

order_customers as (
    select
        orders.order_id as fact_id,
        'fct_orders.customer' as link
    from {{ ref('fct_orders') }} as orders
    left join {{ ref('dim_customers') }} as customers
        on orders.customer_key = customers.customer_key
    where
        customers.customer_key is null
        or customers.customer_id <> orders.customer_id
        or orders.ordered_at < customers.valid_from
        or orders.ordered_at >= customers.valid_to
)

select * from item_products
union all
select * from item_customers
union all
select * from order_customers
