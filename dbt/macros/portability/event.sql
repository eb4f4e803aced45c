{#- Access to a sales event payload. DuckDB parses the JSON once into a typed struct (re-parsing
    the text for every field costs more than the rest of the model); BigQuery reads fields from
    the JSON value directly. Paths are JSONPath ($.a.b). -#}

{#- The parsed event of a JSON payload column. -#}
{% macro parse_event(column) -%}
    {{ return(adapter.dispatch('parse_event', 'salesflow')(column)) }}
{%- endmacro %}
{% macro default__parse_event(column) %}{{ column }}{% endmacro %}
{#- The struct's shape, `event_struct_shape()`, is generated from the contract (macros/contract). -#}
{% macro duckdb__parse_event(column) -%}
    from_json({{ column }}, '{{ event_struct_shape() }}')
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
