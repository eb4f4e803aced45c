{#- Column types that mean the same on both engines. -#}

{#- An instant in time (BigQuery TIMESTAMP is UTC; a naive DuckDB TIMESTAMP is not). -#}
{% macro type_instant() -%}
    {{ return(adapter.dispatch('type_instant', 'salesflow')()) }}
{%- endmacro %}
{% macro default__type_instant() %}timestamp{% endmacro %}
{% macro duckdb__type_instant() %}timestamptz{% endmacro %}

{#- Money: exact decimal with nine fractional digits, the precision of BigQuery NUMERIC. -#}
{% macro type_money() -%}
    {{ return(adapter.dispatch('type_money', 'salesflow')()) }}
{%- endmacro %}
{% macro default__type_money() %}numeric{% endmacro %}
{% macro duckdb__type_money() %}decimal(38, 9){% endmacro %}

{#- `dbt.safe_cast` is a plain cast on DuckDB, which fails the whole query on one bad value. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{#- Snapshot bookkeeping timestamps must be instants like the source `updated_at` columns. -#}
{% macro duckdb__snapshot_get_time() -%}
    current_timestamp
{%- endmacro %}

{#- An exact decimal with nine fractional digits (BigQuery NUMERIC) on both engines, for a quotient:
    BigQuery divides NUMERIC by NUMERIC exactly, DuckDB divides decimals in DOUBLE. Gold columns
    keep one type whatever the engine. -#}
{% macro as_numeric(expression) -%}
    cast({{ expression }} as {{ type_money() }})
{%- endmacro %}
