-- Every fact row falls into exactly one version window of each SCD2 dimension it references, and
-- the key it stores is that version's (incremental facts must re-key rows a new version covers).
with

item_products as (
    select
        items.order_item_id as fact_id,
        'fct_order_items.product' as link,
        count(products.product_key) as matches,
        count(case when products.product_key = items.product_key then 1 end) as stored_key_matches
    from {{ ref('fct_order_items') }} as items
    left join {{ ref('dim_products') }} as products
        on items.product_id = products.product_id
            and items.ordered_at >= products.valid_from
            and items.ordered_at < products.valid_to
    group by items.order_item_id
),

item_customers as (
    select
        items.order_item_id as fact_id,
        'fct_order_items.customer' as link,
        count(customers.customer_key) as matches,
        count(case when customers.customer_key = items.customer_key then 1 end) as stored_key_matches
    from {{ ref('fct_order_items') }} as items
    left join {{ ref('dim_customers') }} as customers
        on items.customer_id = customers.customer_id
            and items.ordered_at >= customers.valid_from
            and items.ordered_at < customers.valid_to
    group by items.order_item_id
),

order_customers as (
    select
        orders.order_id as fact_id,
        'fct_orders.customer' as link,
        count(customers.customer_key) as matches,
        count(case when customers.customer_key = orders.customer_key then 1 end) as stored_key_matches
    from {{ ref('fct_orders') }} as orders
    left join {{ ref('dim_customers') }} as customers
        on orders.customer_id = customers.customer_id
            and orders.ordered_at >= customers.valid_from
            and orders.ordered_at < customers.valid_to
    group by orders.order_id
)

select * from item_products
where matches <> 1 or stored_key_matches <> 1
union all
select * from item_customers
where matches <> 1 or stored_key_matches <> 1
union all
select * from order_customers
where matches <> 1 or stored_key_matches <> 1
