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

{#- A string literal holding `value` exactly (BigQuery reads backslash escapes in literals,
    DuckDB does not): for regular expressions and for JSON written as text. -#}
{% macro text_literal(value) -%}
    {{ return(adapter.dispatch('text_literal', 'salesflow')(value)) }}
{%- endmacro %}
{% macro default__text_literal(value) -%}
    '{{ value | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
{% macro duckdb__text_literal(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}

{#- The one-character text of a Unicode code point. -#}
{% macro code_point_text(code_point) -%}
    {{ return(adapter.dispatch('code_point_text', 'salesflow')(code_point)) }}
{%- endmacro %}
{% macro default__code_point_text(code_point) %}code_points_to_string([{{ code_point }}]){% endmacro %}
{% macro duckdb__code_point_text(code_point) %}chr({{ code_point }}){% endmacro %}

{#- Regular expressions (RE2 on both engines); `pattern` is the expression itself, not SQL. -#}
{% macro regex_matches(text, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'salesflow')(text, pattern)) }}
{%- endmacro %}
{% macro default__regex_matches(text, pattern) %}regexp_contains({{ text }}, {{ text_literal(pattern) }}){% endmacro %}
{% macro duckdb__regex_matches(text, pattern) %}regexp_matches({{ text }}, {{ text_literal(pattern) }}){% endmacro %}

{#- How many non-overlapping matches of `pattern` the text holds. -#}
{% macro regex_count(text, pattern) -%}
    {{ return(adapter.dispatch('regex_count', 'salesflow')(text, pattern)) }}
{%- endmacro %}
{% macro default__regex_count(text, pattern) %}array_length(regexp_extract_all({{ text }}, {{ text_literal(pattern) }})){% endmacro %}
{% macro duckdb__regex_count(text, pattern) %}len(regexp_extract_all({{ text }}, {{ text_literal(pattern) }})){% endmacro %}

{#- Every match of `pattern` replaced by `replacement` (plain text, no group references). -#}
{% macro regex_replace_all(text, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'salesflow')(text, pattern, replacement)) }}
{%- endmacro %}
{% macro default__regex_replace_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, {{ text_literal(pattern) }}, {{ text_literal(replacement) }})
{%- endmacro %}
{% macro duckdb__regex_replace_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, {{ text_literal(pattern) }}, {{ text_literal(replacement) }}, 'g')
{%- endmacro %}

{#- Whether a text is one of `values` (constants). DuckDB plans a long IN list as a join per
    use; a list lookup stays a plain expression. -#}
{% macro text_in(text, values) -%}
    {{ return(adapter.dispatch('text_in', 'salesflow')(text, values)) }}
{%- endmacro %}
{% macro default__text_in(text, values) -%}
    {{ text }} in ({% for value in values %}'{{ value }}'{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}
{% macro duckdb__text_in(text, values) -%}
    list_contains([{% for value in values %}'{{ value }}'{{ ', ' if not loop.last }}{% endfor %}], {{ text }})
{%- endmacro %}
