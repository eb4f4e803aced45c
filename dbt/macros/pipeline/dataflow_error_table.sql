{#- The Dataflow template creates its dead-letter table only when it first needs it, and the local
    warehouse never has one; the rejections model reads it either way, so make sure it exists with
    the template's schema. -#}
{% macro create_dataflow_error_table() -%}
    {{ return(adapter.dispatch('create_dataflow_error_table', 'salesflow')()) }}
{%- endmacro %}

{% macro default__create_dataflow_error_table() -%}
    create table if not exists `{{ target.project }}`.bronze.sales_events_error_records (
        timestamp timestamp,
        payloadString string,
        payloadBytes bytes,
        attributes array<struct<key string, value string>>,
        errorMessage string,
        stacktrace string
    )
{%- endmacro %}

{% macro duckdb__create_dataflow_error_table() -%}
    create schema if not exists bronze;
    create table if not exists bronze.sales_events_error_records (
        "timestamp" timestamptz,
        payloadString varchar,
        payloadBytes blob,
        attributes struct("key" varchar, "value" varchar)[],
        errorMessage varchar,
        stacktrace varchar
    )
{%- endmacro %}
