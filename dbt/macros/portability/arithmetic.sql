{#- FLOAT64 arithmetic that never fails a query. BigQuery raises an overflow error when finite
    operands give a non-finite result (1e308 * 100), failing the whole model for one message;
    DuckDB returns infinity. Both give NULL instead. -#}

{#- `left * right`, or NULL when the product is not finite. -#}
{% macro finite_product(left, right) -%}
    {{ return(adapter.dispatch('finite_product', 'salesflow')(left, right)) }}
{%- endmacro %}
{% macro default__finite_product(left, right) %}safe_multiply({{ left }}, {{ right }}){% endmacro %}
{% macro duckdb__finite_product(left, right) -%}
    (case when isfinite({{ left }} * {{ right }}) then {{ left }} * {{ right }} end)
{%- endmacro %}
