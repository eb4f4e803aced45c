{#- Latest known state of every customer (newest customer.updated_at, then newest event). A late
    event carrying an older state never overwrites a newer one. PII is already reduced in staging. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='customer_id',
        on_schema_change='append_new_columns',
        cluster_by=bq_only(['customer_id']),
    )
}}

with

new_events as (

    select * from {{ ref('stg_sales_events') }}
    where
        {{ incremental_window('ingested_at') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id
            order by customer_updated_at desc, event_time desc, event_id desc
        ) as state_rank
    from new_events

),

winners as (

    select ranked.*
    from ranked
    where ranked.state_rank = 1
        {% if salesflow_is_incremental() %}
            and not exists (
                select 1 from {{ this }} as known
                where
                    known.customer_id = ranked.customer_id
                    and (
                        known.updated_at > ranked.customer_updated_at
                        or (known.updated_at = ranked.customer_updated_at and known.last_event_time > ranked.event_time)
                        or (
                            known.updated_at = ranked.customer_updated_at
                            and known.last_event_time = ranked.event_time
                            and known.last_event_id >= ranked.event_id
                        )
                    )
            )
        {% endif %}

)

select
    customer_id,
    customer_email_hash as email_hash,
    customer_display_name as display_name,
    customer_country as country,
    customer_city as city,
    customer_segment as segment,
    customer_loyalty_tier as loyalty_tier,
    customer_updated_at as updated_at,
    event_time as last_event_time,
    event_id as last_event_id,
    ingested_at
from winners
