{#- Every message the pipeline refused, from every ingest path, with one normalised reason: the
    function's contract rejections, the Dataflow template's dead-letter rows, and the BigQuery
    subscription's messages that fail the contract checked in SQL (stg_subscription_rejections).
    The raw bytes may hold personal data, so they stay in Bronze. -#}
with

contract_rejections as (

    select
        'contract' as rejected_by,
        ingest_path,
        message_id,
        publish_time,
        ingested_at as rejected_at,
        error_reason as reason,
        {{ json_to_text('error_details') }} as details
    from {{ source('bronze', 'sales_events_rejected') }}
    where {{ as_of_filter('ingested_at') }}

),

dataflow_errors as (

    select
        'dataflow_template' as rejected_by,
        'dataflow' as ingest_path,
        cast(null as {{ dbt.type_string() }}) as message_id,
        cast(null as {{ type_instant() }}) as publish_time,
        {{ adapter.quote('timestamp') }} as rejected_at,
        case
            when lower(errorMessage) like '%too large%' then 'payload_too_large'
            when lower(errorMessage) like '%encoding%' or lower(errorMessage) like '%utf%' then 'invalid_encoding'
            when lower(errorMessage) like '%json%' then 'invalid_json'
            when lower(errorMessage) like '%schema_version%' then 'unsupported_schema_version'
            when lower(errorMessage) like '%business%' then 'business_rule_violation'
            when lower(errorMessage) like '%schema%' or lower(errorMessage) like '%invalid%' then 'schema_violation'
            else 'dataflow_error'
        end as reason,
        errorMessage as details
    from {{ source('bronze', 'sales_events_error_records') }}
    where {{ as_of_filter(adapter.quote('timestamp')) }}

),

subscription_rejections as (

    select
        'contract' as rejected_by,
        'subscription' as ingest_path,
        message_id,
        publish_time,
        ingested_at as rejected_at,
        reason,
        details
    from {{ ref('stg_subscription_rejections') }}
    where {{ as_of_filter('ingested_at') }}

),

unioned as (

    select * from contract_rejections
    union all
    select * from dataflow_errors
    union all
    select * from subscription_rejections

)

{#- The id hashes fields both engines write alike: the issues of a contract rejection are JSON
    whose key order differs between BigQuery and DuckDB, so only the template's plain-text error
    (its rows carry no message id) goes into it. -#}
select
    {{ sha256_hex("concat(rejected_by, '|', coalesce(message_id, ''), '|', cast(" ~ instant_micros('rejected_at') ~ " as " ~ dbt.type_string() ~ "), '|', coalesce(case when rejected_by = 'dataflow_template' then details end, ''))") }} as rejection_id,
    rejected_by,
    ingest_path,
    message_id,
    publish_time,
    rejected_at,
    {{ utc_date('rejected_at') }} as rejected_date,
    reason,
    details
from unioned
