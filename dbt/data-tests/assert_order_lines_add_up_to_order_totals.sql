-- The lines of every order add up to its subtotal and discount total (original currency). After an
-- incremental run only the orders it wrote are checked, with all of their lines: an order and its
-- lines come from the same event and are written together, and every other order was checked when
-- it was written (see macros/pipeline/test_window.sql).
with

written_orders as (
    select
        order_id,
        subtotal,
        discount_total,
        items_count
    from {{ ref('int_orders') }}
    where {{ lookback_window_filter(ref('int_orders')) }}
),

lines as (
    select
        order_id,
        sum(gross_amount) as lines_gross,
        sum(discount_amount) as lines_discount,
        count(*) as line_count
    from {{ ref('int_order_items') }}
    where order_id in (select written_orders.order_id from written_orders)
    group by order_id
)

select
    written_orders.order_id,
    written_orders.subtotal,
    lines.lines_gross,
    written_orders.discount_total,
    lines.lines_discount,
    written_orders.items_count,
    lines.line_count
from written_orders
left join lines on written_orders.order_id = lines.order_id
where
    lines.order_id is null
    or lines.lines_gross <> written_orders.subtotal
    or lines.lines_discount <> written_orders.discount_total
    or lines.line_count <> written_orders.items_count
