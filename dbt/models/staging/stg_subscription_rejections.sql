{#- The BigQuery subscription's messages that fail the contract (checked in SQL by
    base_subscription_messages), one row per message however often it was delivered. Incremental:
    a round checks the messages of its lookback window once, and stg_rejections and its tests read
    this small table instead of checking every message the subscription ever landed again. No
    message text is kept (it may hold personal data): the issues name paths and codes only. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='message_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('ingested_at', 'timestamp'),
    )
}}

{%- set cutoff = lookback_cutoff('ingested_at') if salesflow_is_incremental() else none %}

with

{% if reads_subscription_landing() %}
    rejected as (

        -- Distinct: a redelivered message lands twice with the same id, body and publish time.
        select distinct
            message_id,
            publish_time,
            ingested_at,
            reject_reason as reason,
            reject_details as details
        from {{ ref('base_subscription_messages') }}
        where
            reject_reason is not null
            and {{ as_of_filter('ingested_at') }}
            {% if cutoff is not none %}
                and ingested_at >= {{ cutoff }}
            {% endif %}

    )
{% else %}
    rejected as (

        -- Nothing has landed (DuckDB only, see reads_subscription_landing).
        select
            cast(null as {{ dbt.type_string() }}) as message_id,
            cast(null as {{ type_instant() }}) as publish_time,
            cast(null as {{ type_instant() }}) as ingested_at,
            cast(null as {{ dbt.type_string() }}) as reason,
            cast(null as {{ dbt.type_string() }}) as details
        where false

    )
{% endif %}

select * from rejected
