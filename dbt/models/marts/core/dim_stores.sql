{#- One row per store with its latest known attributes. -#}
select
    store_id,
    store_name,
    channel,
    country,
    city,
    last_event_time as last_seen_at
from {{ ref('int_stores') }}
