{#- The contract's shape checks in SQL, generated from `sales_event_v1()`: one expression per
    check, each the issue it finds as JSON text (`{"path", "code", "message"}`) or NULL. Codes are
    the contract's (the ones the ingest function reports for the same check); messages are worded
    like the function's. Every field is read once into its kind, text, number and size (columns of
    the model for the message's fields, struct fields for an order line's), and the checks read
    those, so that each engine plans a small expression per check. -#}

{#- The name of the field at `path` ($.store.name → store__name). -#}
{% macro contract_field_name(path) -%}
    {{ path[2:] | replace('.', '__') }}
{%- endmacro %}

{#- The column of the model holding the JSON value of the field at `path`. -#}
{% macro contract_field_column(path) -%}
    {{ 'field_' ~ contract_field_name(path) }}
{%- endmacro %}

{#- The column of the model holding the order lines (an array of structs, see
    `contract_line_struct_fields`). -#}
{% macro contract_lines_column() -%}
    lines
{%- endmacro %}

{#- How the checks read one field: its JSON kind (NULL when absent), its text (a string), its
    number, its size (an array) and its own key count (an object). -#}
{% macro contract_field_ref(path) -%}
    {%- set name = contract_field_name(path) -%}
    {{ return({'kind': 'kind_' ~ name, 'text': 'text_' ~ name, 'number': 'number_' ~ name, 'size': 'size_' ~ name, 'keys': 'keys_' ~ name}) }}
{%- endmacro %}

{% macro contract_line_ref(key) -%}
    {{ return({'kind': 'line.' ~ key ~ '_kind', 'text': 'line.' ~ key ~ '_text', 'number': 'line.' ~ key ~ '_number', 'size': 'line.' ~ key ~ '_size'}) }}
{%- endmacro %}

{#- Every field of a message outside its order lines, as flattened contract field specs. -#}
{% macro contract_message_fields(fields=none) -%}
    {%- set flattened = [] -%}
    {%- for field in (fields if fields is not none else sales_event_v1()['fields']) -%}
        {%- do flattened.append(field) -%}
        {%- if field['kind'] == 'object' -%}
            {%- do flattened.extend(contract_message_fields(field['fields'])) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(flattened) }}
{%- endmacro %}

{#- The (name, expression) pairs that read one JSON value: kind, text, number, size. -#}
{% macro contract_value_parts(value) -%}
    {{ return([
        ('kind', json_kind(value)),
        ('text', json_string_value(value)),
        ('number', json_number_value(value)),
        ('size', json_array_size(value)),
    ]) }}
{%- endmacro %}

{#- Select-list columns reading every message field (from the `field_*` columns) and the order
    lines (into structs), and each object's own key count. -#}
{% macro contract_value_columns(body_text) -%}
    {%- set contract = sales_event_v1() -%}
    {%- set columns = [] -%}
    {%- set containers = [] -%}
    {%- for field in contract_message_fields() -%}
        {%- set name = contract_field_name(field['path']) -%}
        {%- for part, expression in contract_value_parts(contract_field_column(field['path'])) -%}
            {%- do columns.append(expression ~ ' as ' ~ part ~ '_' ~ name) -%}
        {%- endfor -%}
        {%- if field['kind'] == 'object' -%}
            {%- do columns.append('coalesce(' ~ regex_count(json_to_text(contract_field_column(field['path'])), json_key_pattern()) ~ ', 0) as keys_' ~ name) -%}
        {%- endif -%}
        {%- if field['kind'] in ['object', 'array'] and field['path'].count('.') == 1 -%}
            {%- do containers.append(contract_field_column(field['path'])) -%}
        {%- endif -%}
        {%- if field['kind'] == 'array' -%}
            {%- set line = array_element('line') -%}
            {%- set struct_fields = [('kind', json_kind(line)), ('keys', regex_count(json_to_text(line), json_key_pattern()))] -%}
            {%- for child in field['item_fields'] -%}
                {%- for part, expression in contract_value_parts(json_fragment(line, '$.' ~ child['key'])) -%}
                    {%- do struct_fields.append((child['key'] ~ '_' ~ part, expression)) -%}
                {%- endfor -%}
            {%- endfor -%}
            {%- do columns.append(array_of_structs(contract_field_column(field['path']) ~ '_elements', 'line', struct_fields) ~ ' as ' ~ contract_lines_column()) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- The message's own keys: all keys of its text less those inside its object and array fields. -#}
    {%- set nested = [] -%}
    {%- for container in containers -%}
        {%- do nested.append('coalesce(' ~ regex_count(json_to_text(container), json_key_pattern()) ~ ', 0)') -%}
    {%- endfor -%}
    {%- do columns.append(regex_count(body_text, json_key_pattern()) ~ ' - ' ~ nested | join(' - ') ~ ' as keys_document') -%}
    {{ columns | join(',\n        ') }}
{%- endmacro %}

{#- One issue as JSON text. `path_sql` is a SQL text expression; code and message are constants. -#}
{% macro contract_issue(path_sql, code, message) -%}
    concat('{"path":"', {{ path_sql }}, {{ text_literal('","code":"' ~ code ~ '","message":"' ~ message ~ '"}') }})
{%- endmacro %}

{#- The pattern of one object key in JSON text (a string followed by a colon after `{` or `,`):
    inside a string every quote is escaped, so only real keys match. Counting keys this way also
    counts a repeated key twice, which the engines' parsers do not agree on how to read. -#}
{% macro json_key_pattern() -%}
    [{,]\s*"(?:[^"\\]|\\.)*"\s*:
{%- endmacro %}

{#- Whether a JSON text is also JSON to JavaScript's JSON.parse: outside its strings, no comma
    before a closing bracket and no bare word but true, false and null (DuckDB's parser accepts
    trailing commas, NaN and Infinity). -#}
{% macro json_text_is_strict(text) -%}
    {%- set outside_strings = regex_replace_all(text, '"(?:[^"\\\\]|\\\\.)*"', '""') -%}
    (
        not {{ regex_matches(outside_strings, ',\\s*[\\]}]') }}
        and not {{ regex_matches(regex_replace_all(outside_strings, 'true|false|null', ''), '(?:^|[^0-9])[A-Za-z]') }}
    )
{%- endmacro %}

{#- The checks of one field, as a list of SQL expressions. `ref` says how to read the field (see
    `contract_field_ref`), `path_sql` is its path as a SQL text expression, `guard` a condition that
    holds when its parent is an object. -#}
{% macro contract_field_checks(field, ref, path_sql, guard, contract) -%}
    {%- set kind = ref['kind'] -%}
    {%- set text = ref['text'] -%}
    {%- set number = ref['number'] -%}
    {%- set when = 'when ' ~ guard ~ (' and ' ~ kind ~ ' is not null' if field['optional'] else '') -%}
    {%- set checks = [] -%}
    {%- if field['kind'] == 'literal' -%}
        {%- do checks.append("case " ~ when ~ " and not coalesce(" ~ kind ~ " = 'number' and " ~ number ~ " = " ~ field['value'] ~ ", false) then "
            ~ contract_issue(path_sql, 'invalid_value', field['key'] ~ ' must be ' ~ field['value']) ~ " end") -%}
    {%- elif field['kind'] in ['text', 'format', 'code'] -%}
        {%- do checks.append("case " ~ when ~ " and coalesce(" ~ kind ~ ", 'absent') <> 'string' then " ~ contract_issue(path_sql, 'invalid_type', 'expected string') ~ " end") -%}
        {%- set string_when = when ~ " and " ~ kind ~ " = 'string'" -%}
        {%- if field['kind'] == 'text' -%}
            {%- do checks.extend(contract_length_checks(ref, path_sql, when, field['min_length'], field['max_length'])) -%}
            {%- do checks.append("case " ~ string_when ~ " and " ~ regex_matches(text, contract['forbidden_text_characters']) ~ " then "
                ~ contract_issue(path_sql, 'custom', 'contains control or replacement characters') ~ " end") -%}
        {%- elif field['kind'] == 'format' -%}
            {%- do checks.append("case " ~ string_when ~ " and not " ~ regex_matches(text, field['pattern']) ~ " then "
                ~ contract_issue(path_sql, 'invalid_format', 'must be ' ~ field['expected']) ~ " end") -%}
            {%- if field['max_length'] is defined -%}
                {%- do checks.extend(contract_length_checks(ref, path_sql, when, none, field['max_length'])) -%}
            {%- endif -%}
        {%- else -%}
            {%- set what = {'countries': 'ISO 3166-1 alpha-2 country', 'currencies': 'ISO 4217 currency'}[field['list']] -%}
            {%- do checks.append("case " ~ string_when ~ " and not " ~ text_in(text, contract[field['list']]) ~ " then "
                ~ contract_issue(path_sql, 'custom', 'unknown ' ~ what ~ ' code') ~ " end") -%}
        {%- endif -%}
    {%- elif field['kind'] == 'enum' -%}
        {%- do checks.append("case " ~ when ~ " and not coalesce(" ~ kind ~ " = 'string' and " ~ text_in(text, field['values']) ~ ", false) then "
            ~ contract_issue(path_sql, 'invalid_value', 'not one of the allowed values') ~ " end") -%}
    {%- elif field['kind'] == 'money' -%}
        {%- set finite = "coalesce(" ~ kind ~ " = 'number' and " ~ number ~ " between -1.7976931348623157e308 and 1.7976931348623157e308, false)" -%}
        {%- do checks.append("case " ~ when ~ " and not " ~ finite ~ " then " ~ contract_issue(path_sql, 'invalid_type', 'expected number') ~ " end") -%}
        {%- do checks.append("case " ~ when ~ " and " ~ finite ~ " and " ~ number ~ " < 0 then " ~ contract_issue(path_sql, 'too_small', 'must not be negative') ~ " end") -%}
        {%- do checks.append("case " ~ when ~ " and " ~ finite ~ " and " ~ number ~ " > " ~ field['maximum'] ~ " then " ~ contract_issue(path_sql, 'too_big', 'must be at most 10^12') ~ " end") -%}
        {%- if field['positive'] -%}
            {%- do checks.append("case " ~ when ~ " and " ~ finite ~ " and not " ~ number ~ " > 0 then " ~ contract_issue(path_sql, 'too_small', 'must be positive') ~ " end") -%}
        {%- endif -%}
    {%- elif field['kind'] == 'integer' -%}
        {%- set integer = "coalesce(" ~ kind ~ " = 'number' and " ~ number ~ " between -1.7976931348623157e308 and 1.7976931348623157e308 and floor(" ~ number ~ ") = " ~ number ~ ", false)" -%}
        {%- do checks.append("case " ~ when ~ " and not " ~ integer ~ " then " ~ contract_issue(path_sql, 'invalid_type', 'expected integer') ~ " end") -%}
        {%- do checks.append("case " ~ when ~ " and " ~ integer ~ " and " ~ number ~ " > 9007199254740991 then "
            ~ contract_issue(path_sql, 'too_big', 'outside the safe integer range') ~ " end") -%}
        {%- do checks.append("case " ~ when ~ " and " ~ integer ~ " and " ~ number ~ " < -9007199254740991 then "
            ~ contract_issue(path_sql, 'too_small', 'outside the safe integer range') ~ " end") -%}
        {%- do checks.append("case " ~ when ~ " and " ~ integer ~ " and " ~ number ~ " < " ~ field['minimum'] ~ " then " ~ contract_issue(path_sql, 'too_small', 'must be at least ' ~ field['minimum']) ~ " end") -%}
        {%- do checks.append("case " ~ when ~ " and " ~ integer ~ " and " ~ number ~ " > " ~ field['maximum'] ~ " then " ~ contract_issue(path_sql, 'too_big', 'must be at most ' ~ field['maximum']) ~ " end") -%}
    {%- elif field['kind'] == 'object' -%}
        {%- do checks.append("case " ~ when ~ " and coalesce(" ~ kind ~ ", 'absent') <> 'object' then " ~ contract_issue(path_sql, 'invalid_type', 'expected object') ~ " end") -%}
        {%- set object_guard = guard ~ " and " ~ kind ~ " = 'object'" -%}
        {%- for child in field['fields'] -%}
            {%- do checks.extend(contract_field_checks(child, contract_field_ref(child['path']), "'" ~ child['path'] ~ "'", object_guard, contract)) -%}
        {%- endfor -%}
        {%- do checks.append(contract_unknown_keys_check(ref['keys'], field['fields'], path_sql, object_guard)) -%}
    {%- elif field['kind'] == 'array' -%}
        {%- do checks.extend(contract_lines_checks(field, ref, path_sql, when, contract)) -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error('no SQL check for contract field kind ' ~ field['kind']) }}
    {%- endif -%}
    {{ return(checks) }}
{%- endmacro %}

{#- Length checks of a text field. As in the contract, they also apply to a value of another type
    that has a length (an array), after its type issue. -#}
{% macro contract_length_checks(ref, path_sql, when, minimum, maximum) -%}
    {%- set length = "case " ~ ref['kind'] ~ " when 'string' then length(" ~ ref['text'] ~ ") when 'array' then " ~ ref['size'] ~ " end" -%}
    {%- set checks = [] -%}
    {%- if minimum is not none -%}
        {%- do checks.append("case " ~ when ~ " and " ~ length ~ " < " ~ minimum ~ " then "
            ~ contract_issue(path_sql, 'too_small', 'must have at least ' ~ minimum ~ ' characters or items') ~ " end") -%}
    {%- endif -%}
    {%- do checks.append("case " ~ when ~ " and " ~ length ~ " > " ~ maximum ~ " then "
        ~ contract_issue(path_sql, 'too_big', 'must have at most ' ~ maximum ~ ' characters or items') ~ " end") -%}
    {{ return(checks) }}
{%- endmacro %}

{#- The checks of the order lines: an array of at most `max_items` objects (an oversized list is
    rejected as a whole, before any line is looked at), each line checked field by field. -#}
{% macro contract_lines_checks(field, ref, path_sql, when, contract) -%}
    {%- set kind = ref['kind'] -%}
    {%- set checks = [] -%}
    {%- do checks.append("case " ~ when ~ " and coalesce(" ~ kind ~ ", 'absent') <> 'array' then " ~ contract_issue(path_sql, 'invalid_type', 'expected array') ~ " end") -%}
    {#- Like a text's, the length checks also apply to a string given instead. -#}
    {%- set length = "case " ~ kind ~ " when 'array' then " ~ ref['size'] ~ " when 'string' then length(" ~ ref['text'] ~ ") end" -%}
    {%- do checks.append("case " ~ when ~ " and " ~ length ~ " > " ~ field['max_items'] ~ " then "
        ~ contract_issue(path_sql, 'too_big', 'must have at most ' ~ field['max_items'] ~ ' characters or items') ~ " end") -%}
    {%- do checks.append("case " ~ when ~ " and " ~ length ~ " < " ~ field['min_items'] ~ " then "
        ~ contract_issue(path_sql, 'too_small', 'must have at least ' ~ field['min_items'] ~ ' characters or items') ~ " end") -%}
    {%- set line_path = "concat(" ~ path_sql ~ ", '[', cast(line.position - 1 as " ~ dbt.type_string() ~ "), ']')" -%}
    {%- set line_checks = [] -%}
    {%- do line_checks.append("case when coalesce(line.kind, 'absent') <> 'object' then " ~ contract_issue(line_path, 'invalid_type', 'expected object') ~ " end") -%}
    {%- for child in field['item_fields'] -%}
        {%- do line_checks.extend(contract_field_checks(child, contract_line_ref(child['key']),
            "concat(" ~ line_path ~ ", '." ~ child['key'] ~ "')", "line.kind = 'object'", contract)) -%}
    {%- endfor -%}
    {%- set known = [] -%}
    {%- for child in field['item_fields'] -%}
        {%- do known.append('case when line.' ~ child['key'] ~ '_kind is not null then 1 else 0 end') -%}
    {%- endfor -%}
    {%- do line_checks.append("case when line.kind = 'object' and line.keys > " ~ known | join(' + ') ~ " then "
        ~ contract_issue(line_path, 'unrecognized_key', 'unknown or repeated field') ~ " end") -%}
    {%- set line_issues = array_texts_over(contract_lines_column(), 'line', "array_to_string([" ~ line_checks | join(',\n') ~ "], ',')") -%}
    {%- do checks.append("case " ~ when ~ " and " ~ kind ~ " = 'array' and " ~ ref['size'] ~ " <= " ~ field['max_items'] ~ " then nullif(" ~ line_issues ~ ", '') end") -%}
    {{ return(checks) }}
{%- endmacro %}

{#- An object holding a key the contract does not know, or one key twice: its own keys (`keys`,
    counted in its JSON text less those of its object and array fields) outnumber its known fields
    present. Reported at the object's path. -#}
{% macro contract_unknown_keys_check(keys, fields, path_sql, guard) -%}
    {%- set known = [] -%}
    {%- for field in fields -%}
        {%- do known.append('case when ' ~ contract_field_ref(field['path'])['kind'] ~ ' is not null then 1 else 0 end') -%}
    {%- endfor -%}
    {{ return("case when " ~ guard ~ " and " ~ keys ~ " > " ~ known | join(' + ') ~ " then "
        ~ contract_issue(path_sql, 'unrecognized_key', 'unknown or repeated field') ~ " end") }}
{%- endmacro %}

{#- The members whose presence depends on the event type: one the message's type requires is
    missing (`invalid_type`), one it does not carry is unknown to it (`unrecognized_key`). A
    message whose event_type is no known type has none checked (its type is the issue). -#}
{% macro contract_typed_member_checks(contract) -%}
    {%- set event_type = contract_field_ref('$.event_type')['text'] -%}
    {%- set types = contract['event_type_members'] -%}
    {%- set checks = [] -%}
    {%- for member in contract['typed_members'] -%}
        {%- set kind = contract_field_ref('$.' ~ member)['kind'] -%}
        {%- set requiring = [] -%}
        {%- set refusing = [] -%}
        {%- for type, members in types.items() -%}
            {%- if member in members['required'] %}{% do requiring.append(type) %}{% endif -%}
            {%- if member not in members['required'] and member not in members['optional'] %}{% do refusing.append(type) %}{% endif -%}
        {%- endfor -%}
        {%- set whens = [] -%}
        {%- if requiring -%}
            {%- do whens.append("when " ~ kind ~ " is null and coalesce(" ~ text_in(event_type, requiring) ~ ", false) then "
                ~ contract_issue("'$." ~ member ~ "'", 'invalid_type', member ~ ' is required on this event type')) -%}
        {%- endif -%}
        {%- if refusing -%}
            {%- do whens.append("when " ~ kind ~ " is not null and coalesce(" ~ text_in(event_type, refusing) ~ ", false) then "
                ~ contract_issue("'$." ~ member ~ "'", 'unrecognized_key', 'this event type carries no ' ~ member)) -%}
        {%- endif -%}
        {%- if whens -%}
            {%- do checks.append("case " ~ whens | join(' ') ~ " end") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}

{#- Every shape issue of a message as JSON texts joined by commas ('' for none). The message is a
    JSON object (the model checks that first). -#}
{% macro contract_shape_issues() -%}
    {%- set contract = sales_event_v1() -%}
    {%- set checks = [] -%}
    {%- for field in contract['fields'] -%}
        {%- do checks.extend(contract_field_checks(field, contract_field_ref(field['path']), "'" ~ field['path'] ~ "'", 'true', contract)) -%}
    {%- endfor -%}
    {%- do checks.append(contract_unknown_keys_check('keys_document', contract['fields'], "'$'", 'true')) -%}
    {%- do checks.extend(contract_typed_member_checks(contract)) -%}
    array_to_string([
        {{ checks | join(',\n        ') }}
    ], ',')
{%- endmacro %}
