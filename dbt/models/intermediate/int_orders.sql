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
        placements.customer_country,
        placements.customer_region,
        placements.event_time as ordered_at,
        placements.event_date as order_date,
        placements.promised_delivery_date,
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

{% if salesflow_is_incremental() %}
    {#- What an earlier round stored for the orders with new placements — the winner's ranking and
        the order's span — read narrowly: a whole stored row is read only where it is rewritten. -#}
    stored as (

        select
            order_id,
            order_event_id,
            ordered_at,
            latest_placement_date,
            ingested_at,
            true as is_stored
        from {{ this }}
        where order_id in (select converted.order_id from converted)

    ),
{% endif %}

contenders as (

    select
        order_id,
        order_event_id,
        ordered_at,
        latest_placement_date,
        ingested_at,
        false as is_stored
    from converted
    {% if salesflow_is_incremental() %}
        union all
        select * from stored
    {% endif %}

),

{#- The winner of each order, and the order's span: it sat on every day from its winner's to its
    latest order_placed event's (the incremental marts rebuild those) and changed with the newest. -#}
decided as (

    select
        order_id,
        order_event_id,
        is_stored,
        max(latest_placement_date) over (partition by order_id) as order_latest_placement_date,
        max(ingested_at) over (partition by order_id) as order_ingested_at,
        latest_placement_date < max(latest_placement_date) over (partition by order_id)
        or ingested_at < max(ingested_at) over (partition by order_id) as span_grew
    from contenders
    where true
    qualify row_number() over (partition by order_id order by ordered_at asc, order_event_id asc, is_stored desc) = 1

),

final as (

    select
        converted.* replace (
            decided.order_latest_placement_date as latest_placement_date,
            decided.order_ingested_at as ingested_at
        )
    from converted
    inner join decided
        on converted.order_id = decided.order_id and converted.order_event_id = decided.order_event_id
    where not decided.is_stored
    {% if salesflow_is_incremental() %}
        union all
        -- A stored winner that stays is rewritten only where a later placement widened its span.
        select
            kept.* replace (
                decided.order_latest_placement_date as latest_placement_date,
                decided.order_ingested_at as ingested_at
            )
        from {{ this }} as kept
        inner join decided on kept.order_id = decided.order_id
        where decided.is_stored and decided.span_grew
    {% endif %}

)

select * from final
{{ storage_order('ingested_at') }}
