{#- Every message the Pub/Sub BigQuery subscription landed, checked against the contract in SQL —
    the check the ingest function runs before Bronze, run here because nothing runs before this
    path's Bronze. Reasons come from the outside in, as the function decides them: size,
    encoding, JSON, object, version, shape, business rules. A valid message carries the columns of
    a `bronze.sales_events` row; an invalid one its reason and issues. Ephemeral: the message text
    holds personal data, so no relation outside Bronze keeps it. -#}
{{ config(materialized='ephemeral') }}

{%- set contract = sales_event_v1() %}
{%- set paths = [] %}
{%- for field in contract_message_fields() %}{% do paths.append(field['path']) %}{% endfor %}

with

landed as (

    select * from {{ source('bronze', 'sales_events_subscription') }}

),

decoded as (

    select
        subscription_name,
        message_id,
        publish_time,
        attributes,
        coalesce({{ bytes_length('data') }}, 0) as body_bytes,
        -- A message without a body is an empty text; NULL means the body is not UTF-8.
        case when data is null then '' else {{ utf8_text('data') }} end as body_text
    from landed

),

parsed as (

    select
        *,
        case when {{ json_text_is_strict('body_text') }} then {{ parse_json_text('body_text') }} end as body_json
    from decoded

),

fragments as (

    select
        *,
        {{ json_kind('body_json') }} as document_kind,
        {{ json_fragments('body_json', paths) }} as document_fragments
    from parsed

),

fields as (

    select
        *,
        {%- for path in paths %}
            {{ json_fragment_of('document_fragments', paths, path) }} as {{ contract_field_column(path) }},
        {%- endfor %}
        {{ json_array_elements(json_fragment_of('document_fragments', paths, '$.items')) }} as {{ contract_field_column('$.items') }}_elements
    from fragments

),

field_values as (

    select
        *,
        {{ contract_value_columns('body_text') }}
    from fields

),

lines_and_factor as (

    select
        *,
        {{ contract_minor_unit_factor() }}
    from field_values

),

scaled_amounts as (

    select
        *,
        {{ contract_scaled_amounts() }}
    from lines_and_factor

),

minor_amounts as (

    select
        *,
        {{ contract_minor_amounts() }}
    from scaled_amounts

),

checked as (

    select
        minor_amounts.*,
        -- The issue that refuses a message before its fields are looked at, outside in.
        case
            when minor_amounts.body_bytes > {{ contract['max_message_bytes'] }} then 'payload_too_large'
            when minor_amounts.body_text is null then 'invalid_utf8'
            when starts_with(minor_amounts.body_text, {{ code_point_text(65279) }}) then 'byte_order_mark'
            when minor_amounts.body_json is null then 'invalid_json'
            when minor_amounts.document_kind <> 'object' then 'not_an_object'
            when {{ contract_field_ref('$.schema_version')['kind'] }} = 'number'
                and {{ contract_number('$.schema_version') }} <> {{ contract['schema_version'] }}
                then 'unsupported_schema_version'
        end as envelope_code,
        {{ contract_shape_issues() }} as shape_issues,
        {{ contract_rule_issues('publish_time') }} as rule_issues
    from minor_amounts

),

verdicts as (

    select
        *,
        coalesce(
            case when envelope_code in ('invalid_utf8', 'byte_order_mark') then 'invalid_encoding' else envelope_code end,
            case when shape_issues <> '' then 'schema_violation' end,
            case when rule_issues <> '' then 'business_rule_violation' end
        ) as reject_reason,
        case envelope_code
            when 'payload_too_large' then {{ contract_issue("'$'", 'payload_too_large', 'message exceeds the ' ~ contract['max_message_bytes'] ~ '-byte limit') }}
            when 'invalid_utf8' then {{ contract_issue("'$'", 'invalid_utf8', 'payload is not valid UTF-8') }}
            when 'byte_order_mark' then {{ contract_issue("'$'", 'byte_order_mark', 'payload starts with a byte order mark') }}
            when 'invalid_json' then {{ contract_issue("'$'", 'invalid_json', 'payload is not JSON') }}
            when 'not_an_object' then {{ contract_issue("'$'", 'not_an_object', 'payload is not a JSON object') }}
            when 'unsupported_schema_version'
                then {{ contract_issue("'$.schema_version'", 'unsupported_schema_version', 'schema_version is not supported (expected ' ~ contract['schema_version'] ~ ')') }}
        end as envelope_issue
    from checked

),

final as (

    select
        message_id,
        publish_time,
        attributes,
        -- The subscription records no write time of its own: a message counts as ingested when
        -- it was published (Pub/Sub writes it to BigQuery seconds later).
        publish_time as ingested_at,
        'subscription' as ingest_path,
        reject_reason,
        case
            when reject_reason = 'schema_violation' then concat('[', shape_issues, ']')
            when reject_reason = 'business_rule_violation' then concat('[', rule_issues, ']')
            when reject_reason is not null then concat('[', envelope_issue, ']')
        end as reject_details,
        case when reject_reason is null then {{ contract_text('$.event_id') }} end as event_id,
        case when reject_reason is null then {{ contract_text('$.event_type') }} end as event_type,
        case when reject_reason is null then {{ parse_instant(contract_text('$.event_time')) }} end as event_time,
        cast({{ contract['schema_version'] }} as {{ dbt.type_int() }}) as schema_version,
        case when reject_reason is null then body_json end as payload
    from verdicts

)

select * from final
