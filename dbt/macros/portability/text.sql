{#- Hex SHA-256 of a text. -#}
{% macro sha256_hex(text) -%}
    {{ return(adapter.dispatch('sha256_hex', 'salesflow')(text)) }}
{%- endmacro %}
{% macro default__sha256_hex(text) %}to_hex(sha256({{ text }})){% endmacro %}
{% macro duckdb__sha256_hex(text) %}sha256({{ text }}){% endmacro %}

{#- Pseudonymous key of an e-mail address: SHA-256 hex of the trimmed lower-case address. -#}
{% macro email_hash(email) -%}
    {{ sha256_hex('lower(trim(' ~ email ~ '))') }}
{%- endmacro %}

{#- "Ada Lovelace" → "Ada L.": first name and the initial of the last name; one word stays as is. -#}
{% macro masked_display_name(full_name) -%}
    case
        when strpos(trim({{ full_name }}), ' ') > 0
            then concat(
                regexp_extract(trim({{ full_name }}), '^[^ ]+'),
                ' ',
                substr(regexp_extract(trim({{ full_name }}), '[^ ]+$'), 1, 1),
                '.'
            )
        else trim({{ full_name }})
    end
{%- endmacro %}
