-- The lines of every order add up to its subtotal and discount total (original currency).
with lines as (
    select
        order_id,
        sum(gross_amount) as lines_gross,
        sum(discount_amount) as lines_discount,
        count(*) as line_count
    from {{ ref('int_order_items') }}
    group by order_id
)

select
    orders.order_id,
    orders.subtotal,
    lines.lines_gross,
    orders.discount_total,
    lines.lines_discount,
    orders.items_count,
    lines.line_count
from {{ ref('int_orders') }} as orders
left join lines on orders.order_id = lines.order_id
where
    lines.order_id is null
    or lines.lines_gross <> orders.subtotal
    or lines.lines_discount <> orders.discount_total
    or lines.line_count <> orders.items_count
