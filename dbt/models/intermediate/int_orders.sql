{#- One row per order: its winning order_placed event — the earliest event_time, then the smallest
    event_id — with its amounts in the original and the reporting currency at the order date's rate.
    Every other order_placed event of the order is a conflict (int_order_conflicts). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='order_id',
        on_schema_change='fail',
        partition_by=bq_partition('order_date'),
        cluster_by=bq_only(['store_id', 'customer_id']),
    )
}}

{%- set cutoff = lookback_cutoff() %}

with

placements as (

    select * from {{ ref('stg_sales_events') }}
    where
        event_type = 'order_placed'
        and ingested_at >= {{ cutoff }}

),

converted as (

    select
        placements.order_id,
        placements.event_id as order_event_id,
        placements.customer_id,
        placements.store_id,
        placements.channel,
        placements.store_country as country,
        placements.event_time as ordered_at,
        placements.event_date as order_date,
        placements.currency,
        placements.payment_method,
        placements.card_brand,
        placements.items_count,
        placements.subtotal,
        placements.discount_total,
        placements.tax_total,
        placements.shipping,
        placements.order_total,
        placements.event_date as latest_placement_date,
        fx.reporting_currency,
        fx.eur_rate,
        fx.reporting_eur_rate,
        fx.reporting_minor_units,
        fx.rate_date_used as fx_rate_date,
        {{ convert_money('placements.order_total', 'fx.eur_rate', 'fx.reporting_eur_rate', 'fx.reporting_minor_units') }} as order_total_reporting,
        placements.ingested_at
    from placements
    left join {{ ref('int_fx_rates_daily') }} as fx
        on placements.event_date = fx.date_day
            and placements.currency = fx.currency_code

),

candidates as (

    select * from converted
    {% if salesflow_is_incremental() %}
        union all
        -- The winner an earlier round stored competes with the new placements of its order (same
        -- columns: a new column needs a --full-refresh, hence on_schema_change='fail').
        select * from {{ this }}
        where order_id in (select converted.order_id from converted)
    {% endif %}

),

{#- An order sat on every day from its winner's to its latest order_placed event's (the
    incremental marts rebuild those), and changed with the newest of them. -#}
order_spans as (

    select
        order_id,
        max(latest_placement_date) as latest_placement_date,
        max(ingested_at) as ingested_at
    from candidates
    group by order_id

),

winners as (

    select * from candidates
    where true
    qualify row_number() over (partition by order_id order by ordered_at, order_event_id) = 1

),

final as (

    select
        winners.* replace (
            order_spans.latest_placement_date as latest_placement_date,
            order_spans.ingested_at as ingested_at
        )
    from winners
    inner join order_spans on winners.order_id = order_spans.order_id

)

select * from final
{{ storage_order('ingested_at') }}
