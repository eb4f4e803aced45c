{#- Raw message bodies (BYTES on BigQuery, BLOB on DuckDB). -#}

{#- Size in bytes. -#}
{% macro bytes_length(bytes) -%}
    {{ return(adapter.dispatch('bytes_length', 'salesflow')(bytes)) }}
{%- endmacro %}
{% macro default__bytes_length(bytes) %}byte_length({{ bytes }}){% endmacro %}
{% macro duckdb__bytes_length(bytes) %}octet_length({{ bytes }}){% endmacro %}

{#- The bytes as text when they are valid UTF-8, else NULL (never a replacement character). -#}
{% macro utf8_text(bytes) -%}
    {{ return(adapter.dispatch('utf8_text', 'salesflow')(bytes)) }}
{%- endmacro %}
{% macro default__utf8_text(bytes) %}safe_cast({{ bytes }} as string){% endmacro %}
{% macro duckdb__utf8_text(bytes) %}try(decode({{ bytes }})){% endmacro %}
