{#- Physical layout settings only BigQuery understands (dbt-duckdb reads `partition_by` for its own,
    different purpose), so they are handed out per target. -#}
{% macro bq_partition(field, data_type='date', granularity='day') -%}
    {%- if target.type == 'bigquery' -%}
        {{ return({'field': field, 'data_type': data_type, 'granularity': granularity}) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{% macro bq_only(value) -%}
    {{ return(value if target.type == 'bigquery' else none) }}
{%- endmacro %}
