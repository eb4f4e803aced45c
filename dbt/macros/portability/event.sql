{#- Access to a sales event payload. DuckDB parses the JSON once into a typed struct (re-parsing
    the text for every field costs more than the rest of the model); BigQuery reads fields from
    the JSON value directly. Paths are JSONPath ($.a.b). -#}

{#- The parsed event of a JSON payload column. -#}
{% macro parse_event(column) -%}
    {{ return(adapter.dispatch('parse_event', 'salesflow')(column)) }}
{%- endmacro %}
{% macro default__parse_event(column) %}{{ column }}{% endmacro %}
{% macro duckdb__parse_event(column) -%}
    from_json({{ column }}, '{{ event_struct_shape() }}')
{%- endmacro %}

{#- Every field the models read, as text (numbers keep their exact decimal text), except the
    integers of an order line. -#}
{% macro event_struct_shape() -%}
    {"order_id": "VARCHAR", "currency": "VARCHAR",
    "store": {"store_id": "VARCHAR", "name": "VARCHAR", "channel": "VARCHAR", "country": "VARCHAR", "city": "VARCHAR"},
    "customer": {"customer_id": "VARCHAR", "email": "VARCHAR", "full_name": "VARCHAR", "country": "VARCHAR",
    "city": "VARCHAR", "segment": "VARCHAR", "loyalty_tier": "VARCHAR", "updated_at": "VARCHAR"},
    "items": [{"line_number": "INTEGER", "product_id": "VARCHAR", "sku": "VARCHAR", "product_name": "VARCHAR",
    "category": "VARCHAR", "brand": "VARCHAR", "unit_price": "VARCHAR", "quantity": "INTEGER",
    "discount_amount": "VARCHAR", "product_updated_at": "VARCHAR"}],
    "amounts": {"subtotal": "VARCHAR", "discount_total": "VARCHAR", "tax_total": "VARCHAR", "shipping": "VARCHAR", "total": "VARCHAR"},
    "payment": {"method": "VARCHAR", "card_brand": "VARCHAR"},
    "refund": {"original_order_id": "VARCHAR", "reason": "VARCHAR", "amount": "VARCHAR"}}
{%- endmacro %}

{#- A scalar of a parsed event (or of one order line) as text. -#}
{% macro event_text(event, path) -%}
    {{ return(adapter.dispatch('event_text', 'salesflow')(event, path)) }}
{%- endmacro %}
{% macro default__event_text(event, path) %}json_value({{ event }}, '{{ path }}'){% endmacro %}
{% macro duckdb__event_text(event, path) %}{{ event }}.{{ path[2:] }}{% endmacro %}

{#- The order lines of a parsed event. -#}
{% macro event_items(event) -%}
    {{ return(adapter.dispatch('event_items', 'salesflow')(event)) }}
{%- endmacro %}
{% macro default__event_items(event) %}json_query({{ event }}, '$.items'){% endmacro %}
{% macro duckdb__event_items(event) %}{{ event }}.items{% endmacro %}

{#- Number of order lines of a parsed event. -#}
{% macro event_items_count(event) -%}
    {{ return(adapter.dispatch('event_items_count', 'salesflow')(event)) }}
{%- endmacro %}
{% macro default__event_items_count(event) %}array_length(json_query_array({{ event }}, '$.items')){% endmacro %}
{% macro duckdb__event_items_count(event) %}len({{ event }}.items){% endmacro %}

{#- A join clause with one row per order line of `items` (as stored by stg_sales_events), named `alias`. -#}
{% macro cross_join_items(items, alias) -%}
    {{ return(adapter.dispatch('cross_join_items', 'salesflow')(items, alias)) }}
{%- endmacro %}
{% macro default__cross_join_items(items, alias) -%}
    cross join unnest(json_query_array({{ items }}, '$')) as {{ alias }}
{%- endmacro %}
{% macro duckdb__cross_join_items(items, alias) -%}
    cross join unnest({{ items }}) as {{ alias }}_rows ({{ alias }})
{%- endmacro %}

{#- A deterministic, compact stand-in for the payload text in orderings. -#}
{% macro payload_fingerprint(column) -%}
    {{ return(adapter.dispatch('payload_fingerprint', 'salesflow')(column)) }}
{%- endmacro %}
{% macro default__payload_fingerprint(column) %}to_hex(md5(to_json_string({{ column }}))){% endmacro %}
{% macro duckdb__payload_fingerprint(column) %}md5(cast({{ column }} as varchar)){% endmacro %}
