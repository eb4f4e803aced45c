{#- Latest known attributes of every store (from its newest event). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='store_id',
        on_schema_change='append_new_columns',
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
        row_number() over (partition by store_id order by event_time desc, event_id desc) as state_rank
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
                    known.store_id = ranked.store_id
                    and (
                        known.last_event_time > ranked.event_time
                        or (known.last_event_time = ranked.event_time and known.last_event_id >= ranked.event_id)
                    )
            )
        {% endif %}

)

select
    store_id,
    store_name,
    channel,
    store_country as country,
    store_city as city,
    event_time as last_event_time,
    event_id as last_event_id,
    ingested_at
from winners
