{#- One row per line of each order's winning order_placed event, amounts in the original and the
    reporting currency (at the order's rate). Rebuilt per order: a round writes the lines of every
    order whose winning event arrived since its cut-off, replacing all lines the order had. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['product_id', 'store_id']),
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

orders as (

    select * from {{ ref('int_orders') }}
    where ingested_at >= {{ cutoff }}

),

{#- The lines come from the winning event in Silver rather than through int_orders, which would
    otherwise store (and sort) every order's nested lines a second time. An order whose winner did not
    change meets no event here and keeps its lines. -#}
winning_events as (

    select
        event_id,
        ingested_at,
        items
    from {{ ref('stg_sales_events') }}
    where
        event_type = 'order_placed'
        and ingested_at >= {{ cutoff }}

),

lines as (

    select
        orders.order_id,
        orders.order_event_id,
        orders.customer_id,
        orders.store_id,
        orders.country,
        orders.channel,
        orders.payment_method,
        orders.ordered_at,
        orders.order_date,
        orders.currency,
        orders.reporting_currency,
        orders.eur_rate,
        orders.reporting_eur_rate,
        orders.reporting_minor_units,
        orders.fx_rate_date,
        winning_events.ingested_at,
        cast({{ event_text('item', '$.line_number') }} as {{ dbt.type_int() }}) as line_number,
        {{ event_text('item', '$.product_id') }} as product_id,
        {{ event_text('item', '$.sku') }} as sku,
        {{ to_money(event_text('item', '$.unit_price')) }} as unit_price,
        cast({{ event_text('item', '$.quantity') }} as {{ dbt.type_int() }}) as quantity,
        {{ to_money(event_text('item', '$.discount_amount')) }} as discount_amount
    from orders
    inner join winning_events on orders.order_event_id = winning_events.event_id
    {{ cross_join_items('winning_events.items', 'item') }}

),

amounts as (

    select
        *,
        unit_price * quantity as gross_amount,
        unit_price * quantity - discount_amount as net_amount
    from lines

)

select
    concat(amounts.order_id, '-', cast(amounts.line_number as {{ dbt.type_string() }})) as order_item_id,
    amounts.order_id,
    amounts.line_number,
    amounts.order_event_id,
    amounts.product_id,
    amounts.sku,
    amounts.customer_id,
    amounts.store_id,
    amounts.country,
    amounts.channel,
    amounts.payment_method,
    amounts.ordered_at,
    amounts.order_date,
    amounts.currency,
    amounts.unit_price,
    amounts.quantity,
    amounts.gross_amount,
    amounts.discount_amount,
    amounts.net_amount,
    amounts.reporting_currency,
    amounts.fx_rate_date,
    {{ convert_money('amounts.net_amount', 'amounts.eur_rate', 'amounts.reporting_eur_rate', 'amounts.reporting_minor_units') }} as net_amount_reporting,
    amounts.ingested_at
from amounts
{{ storage_order('ingested_at') }}
