{#- Latest known state of every product, taken from order lines (newest product_updated_at, then
    newest event, then line number). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='product_id',
        on_schema_change='append_new_columns',
        cluster_by=bq_only(['product_id']),
    )
}}

with

new_events as (

    select
        event_id,
        event_time,
        items,
        ingested_at
    from {{ ref('stg_sales_events') }}
    where
        {{ incremental_window('ingested_at') }}

),

lines as (

    select
        new_events.event_id,
        new_events.event_time,
        new_events.ingested_at,
        cast({{ event_text('item', '$.line_number') }} as {{ dbt.type_int() }}) as line_number,
        {{ event_text('item', '$.product_id') }} as product_id,
        {{ event_text('item', '$.sku') }} as sku,
        {{ event_text('item', '$.product_name') }} as product_name,
        {{ event_text('item', '$.category') }} as category,
        {{ event_text('item', '$.brand') }} as brand,
        {{ parse_instant(event_text('item', '$.product_updated_at')) }} as updated_at
    from new_events
    {{ cross_join_items('new_events.items', 'item') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by product_id
            order by updated_at desc, event_time desc, event_id desc, line_number asc
        ) as state_rank
    from lines

),

winners as (

    select ranked.*
    from ranked
    where ranked.state_rank = 1
        {% if salesflow_is_incremental() %}
            and not exists (
                select 1 from {{ this }} as known
                where
                    known.product_id = ranked.product_id
                    and (
                        known.updated_at > ranked.updated_at
                        or (known.updated_at = ranked.updated_at and known.last_event_time > ranked.event_time)
                        or (
                            known.updated_at = ranked.updated_at
                            and known.last_event_time = ranked.event_time
                            and known.last_event_id >= ranked.event_id
                        )
                    )
            )
        {% endif %}

)

select
    product_id,
    sku,
    product_name,
    category,
    brand,
    updated_at,
    event_time as last_event_time,
    event_id as last_event_id,
    ingested_at
from winners
