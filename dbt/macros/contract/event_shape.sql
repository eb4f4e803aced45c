{#- Generated from the contract package by `npm run generate -w @salesflow/contract`: do not edit. -#}
{#- The struct DuckDB parses an event payload into (`parse_event`): every field of the contract
    except those Bronze keeps in columns of their own, integers as INTEGER and every other scalar
    as text (numbers keep their exact decimal text). -#}
{% macro event_struct_shape() -%}
    {"order_id": "VARCHAR",
    "store": {"store_id": "VARCHAR", "name": "VARCHAR", "channel": "VARCHAR", "country": "VARCHAR", "city": "VARCHAR"},
    "customer": {"customer_id": "VARCHAR", "email": "VARCHAR", "full_name": "VARCHAR", "country": "VARCHAR", "city": "VARCHAR", "segment": "VARCHAR", "loyalty_tier": "VARCHAR", "updated_at": "VARCHAR", "region": "VARCHAR"},
    "items": [{"line_number": "INTEGER", "product_id": "VARCHAR", "sku": "VARCHAR", "product_name": "VARCHAR", "category": "VARCHAR", "brand": "VARCHAR", "unit_price": "VARCHAR", "quantity": "INTEGER", "discount_amount": "VARCHAR", "product_updated_at": "VARCHAR"}],
    "currency": "VARCHAR",
    "amounts": {"subtotal": "VARCHAR", "discount_total": "VARCHAR", "tax_total": "VARCHAR", "shipping": "VARCHAR", "total": "VARCHAR"},
    "payment": {"method": "VARCHAR", "card_brand": "VARCHAR"},
    "refund": {"original_order_id": "VARCHAR", "reason": "VARCHAR", "amount": "VARCHAR"},
    "promised_delivery_date": "VARCHAR",
    "shipment": {"shipment_id": "VARCHAR", "carrier": "VARCHAR", "origin_type": "VARCHAR", "origin_id": "VARCHAR", "shipped_at": "VARCHAR"},
    "delivery": {"delivered_at": "VARCHAR"}}
{%- endmacro %}
