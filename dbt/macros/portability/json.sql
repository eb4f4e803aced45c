{#- Text of a JSON column (for details kept as text). Event payloads are read through event.sql. -#}
{% macro json_to_text(column) -%}
    {{ return(adapter.dispatch('json_to_text', 'salesflow')(column)) }}
{%- endmacro %}
{% macro default__json_to_text(column) %}to_json_string({{ column }}){% endmacro %}
{% macro duckdb__json_to_text(column) %}cast({{ column }} as varchar){% endmacro %}
