{#- Latest known attributes of every store, from its newest event (then the largest event_id). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='store_id',
        on_schema_change='fail',
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

new_states as (

    select
        store_id,
        store_name,
        channel,
        store_country as country,
        store_city as city,
        event_time as last_event_time,
        event_id as last_event_id,
        ingested_at
    from {{ ref('stg_sales_events') }}
    where ingested_at >= {{ cutoff }}

),

states as (

    select * from new_states
    {% if salesflow_is_incremental() %}
        union all
        -- The state an earlier round stored competes with the new ones (same columns: a new column
        -- needs a --full-refresh, hence on_schema_change='fail').
        select * from {{ this }}
        where store_id in (select new_states.store_id from new_states)
    {% endif %}

)

select * from states
where true
qualify row_number() over (partition by store_id order by last_event_time desc, last_event_id desc) = 1
