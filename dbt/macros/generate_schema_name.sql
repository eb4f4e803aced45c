{#- Custom schemas are used verbatim (silver, snapshots, gold), never prefixed with the target schema,
    so DuckDB schemas and BigQuery datasets carry the same names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
