{#- Text of a JSON column (for details kept as text). Event payloads are read through event.sql. -#}
{% macro json_to_text(column) -%}
    {{ return(adapter.dispatch('json_to_text', 'salesflow')(column)) }}
{%- endmacro %}
{% macro default__json_to_text(column) %}to_json_string({{ column }}){% endmacro %}
{% macro duckdb__json_to_text(column) %}cast({{ column }} as varchar){% endmacro %}

{#- Parses a text as JSON; NULL when it is not JSON. Numbers beyond FLOAT64 precision round (as
    JavaScript's JSON.parse does) instead of failing the parse. DuckDB's parser also accepts
    trailing commas, NaN and Infinity, which `json_text_is_strict` rules out. -#}
{% macro parse_json_text(text) -%}
    {{ return(adapter.dispatch('parse_json_text', 'salesflow')(text)) }}
{%- endmacro %}
{% macro default__parse_json_text(text) %}safe.parse_json({{ text }}, wide_number_mode => 'round'){% endmacro %}
{% macro duckdb__parse_json_text(text) %}try_cast({{ text }} as json){% endmacro %}

{#- The JSON value at `path` (JSONPath, `$.a.b`) of a JSON document; NULL when there is none. -#}
{% macro json_fragment(document, path) -%}
    {{ return(adapter.dispatch('json_fragment', 'salesflow')(document, path)) }}
{%- endmacro %}
{% macro default__json_fragment(document, path) %}json_query({{ document }}, '{{ path }}'){% endmacro %}
{% macro duckdb__json_fragment(document, path) %}json_extract({{ document }}, '{{ path }}'){% endmacro %}

{#- Reading many paths of one document: `json_fragments` is a select-list expression (name it),
    `json_fragment_of` then gives one path's value from it in a later select. DuckDB stores JSON as
    text and parses it on every read, so it reads every path in one parse into a list; BigQuery
    reads its parsed JSON directly. -#}
{% macro json_fragments(document, paths) -%}
    {{ return(adapter.dispatch('json_fragments', 'salesflow')(document, paths)) }}
{%- endmacro %}
{% macro default__json_fragments(document, paths) %}{{ document }}{% endmacro %}
{% macro duckdb__json_fragments(document, paths) -%}
    json_extract({{ document }}, [{% for path in paths %}'{{ path }}'{{ ', ' if not loop.last }}{% endfor %}])
{%- endmacro %}

{% macro json_fragment_of(fragments, paths, path) -%}
    {{ return(adapter.dispatch('json_fragment_of', 'salesflow')(fragments, paths, path)) }}
{%- endmacro %}
{% macro default__json_fragment_of(fragments, paths, path) %}json_query({{ fragments }}, '{{ path }}'){% endmacro %}
{% macro duckdb__json_fragment_of(fragments, paths, path) %}{{ fragments }}[{{ paths.index(path) + 1 }}]{% endmacro %}

{#- The JSON kind of a JSON value: object, array, string, number, boolean or null (a JSON null);
    NULL when there is no value. -#}
{% macro json_kind(fragment) -%}
    {{ return(adapter.dispatch('json_kind', 'salesflow')(fragment)) }}
{%- endmacro %}
{% macro default__json_kind(fragment) %}json_type({{ fragment }}){% endmacro %}
{% macro duckdb__json_kind(fragment) -%}
    case json_type({{ fragment }})
        when 'OBJECT' then 'object'
        when 'ARRAY' then 'array'
        when 'VARCHAR' then 'string'
        when 'BOOLEAN' then 'boolean'
        when 'NULL' then 'null'
        when 'UBIGINT' then 'number'
        when 'BIGINT' then 'number'
        when 'DOUBLE' then 'number'
        when 'HUGEINT' then 'number'
    end
{%- endmacro %}

{#- The text of a JSON string value (escapes decoded). -#}
{% macro json_string_value(fragment) -%}
    {{ return(adapter.dispatch('json_string_value', 'salesflow')(fragment)) }}
{%- endmacro %}
{% macro default__json_string_value(fragment) %}json_value({{ fragment }}){% endmacro %}
{% macro duckdb__json_string_value(fragment) %}json_extract_string({{ fragment }}, '$'){% endmacro %}

{#- A JSON number value as a double (what JavaScript reads: beyond range it is infinite). -#}
{% macro json_number_value(fragment) -%}
    {{ return(adapter.dispatch('json_number_value', 'salesflow')(fragment)) }}
{%- endmacro %}
{% macro default__json_number_value(fragment) %}safe_cast(json_value({{ fragment }}) as float64){% endmacro %}
{% macro duckdb__json_number_value(fragment) %}try_cast(json_extract_string({{ fragment }}, '$') as double){% endmacro %}

{#- The elements of a JSON array value as an array of JSON values (none for anything else). -#}
{% macro json_array_elements(fragment) -%}
    {{ return(adapter.dispatch('json_array_elements', 'salesflow')(fragment)) }}
{%- endmacro %}
{% macro default__json_array_elements(fragment) %}json_query_array({{ fragment }}){% endmacro %}
{% macro duckdb__json_array_elements(fragment) %}json_extract({{ fragment }}, '$[*]'){% endmacro %}

{#- Per-element expressions over an array column, evaluated row by row: BigQuery runs a
    correlated subquery over UNNEST, DuckDB a list lambda (it plans a subquery in the select list
    as a join, which for this many costs seconds per query). -#}

{#- The elements turned into structs: `position` (1-based) and the named `fields`, (name,
    expression) pairs whose expressions read the element as `array_element(element)`. -#}
{% macro array_of_structs(array, element, fields) -%}
    {{ return(adapter.dispatch('array_of_structs', 'salesflow')(array, element, fields)) }}
{%- endmacro %}
{% macro default__array_of_structs(array, element, fields) -%}
    array(
        select as struct
            {{ element }}_offset + 1 as position
            {%- for name, expression in fields %},
            {{ expression }} as {{ name }}
            {%- endfor %}
        from unnest({{ array }}) as {{ element }} with offset as {{ element }}_offset
        order by {{ element }}_offset
    )
{%- endmacro %}
{% macro duckdb__array_of_structs(array, element, fields) -%}
    list_transform(
        list_transform(range(1, len({{ array }}) + 1), lambda {{ element }}_index: { 'position': {{ element }}_index, 'value': {{ array }}[{{ element }}_index] }),
        lambda {{ element }}: {
            'position': {{ element }}.position
            {%- for name, expression in fields %},
            '{{ name }}': {{ expression }}
            {%- endfor %}
        }
    )
{%- endmacro %}

{#- Inside `array_of_structs`: the element itself. -#}
{% macro array_element(element) -%}
    {{ return(adapter.dispatch('array_element', 'salesflow')(element)) }}
{%- endmacro %}
{% macro default__array_element(element) %}{{ element }}{% endmacro %}
{% macro duckdb__array_element(element) %}{{ element }}.value{% endmacro %}

{#- The sum of `expression` over the elements of an array of structs (NULL for none). -#}
{% macro array_sum_over(array, element, expression) -%}
    {{ return(adapter.dispatch('array_sum_over', 'salesflow')(array, element, expression)) }}
{%- endmacro %}
{% macro default__array_sum_over(array, element, expression) -%}
    (select sum({{ expression }}) from unnest({{ array }}) as {{ element }})
{%- endmacro %}
{% macro duckdb__array_sum_over(array, element, expression) -%}
    list_sum(list_transform({{ array }}, lambda {{ element }}: {{ expression }}))
{%- endmacro %}

{#- The texts `expression` gives the elements of an array of structs, in position order, joined
    by commas; empty texts and NULLs are left out ('' for none). -#}
{% macro array_texts_over(array, element, expression) -%}
    {{ return(adapter.dispatch('array_texts_over', 'salesflow')(array, element, expression)) }}
{%- endmacro %}
{% macro default__array_texts_over(array, element, expression) -%}
    coalesce((
        select string_agg(nullif({{ expression }}, ''), ',' order by {{ element }}.position)
        from unnest({{ array }}) as {{ element }}
    ), '')
{%- endmacro %}
{% macro duckdb__array_texts_over(array, element, expression) -%}
    array_to_string(list_transform({{ array }}, lambda {{ element }}: nullif({{ expression }}, '')), ',')
{%- endmacro %}

{#- Inside `array_texts_over`: whether an element before `element` has the same `field`. -#}
{% macro array_has_earlier(array, element, field) -%}
    {{ return(adapter.dispatch('array_has_earlier', 'salesflow')(array, element, field)) }}
{%- endmacro %}
{% macro default__array_has_earlier(array, element, field) -%}
    exists (
        select 1 from unnest({{ array }}) as earlier
        where earlier.position < {{ element }}.position and earlier.{{ field }} = {{ element }}.{{ field }}
    )
{%- endmacro %}
{% macro duckdb__array_has_earlier(array, element, field) -%}
    list_contains(list_transform(list_slice({{ array }}, 1, {{ element }}.position - 1), lambda earlier: earlier.{{ field }}), {{ element }}.{{ field }})
{%- endmacro %}

{#- The number of elements of a JSON array value. -#}
{% macro json_array_size(fragment) -%}
    {{ return(adapter.dispatch('json_array_size', 'salesflow')(fragment)) }}
{%- endmacro %}
{% macro default__json_array_size(fragment) %}array_length(json_query_array({{ fragment }})){% endmacro %}
{% macro duckdb__json_array_size(fragment) %}json_array_length({{ fragment }}){% endmacro %}
