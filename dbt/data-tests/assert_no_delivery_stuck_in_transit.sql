-- Parcels stuck in transit: shipped, not delivered, and long overdue — more than
-- `stuck_in_transit_days_past_promise` days past the promised delivery date, or, for an order that
-- came without a promise, more than `stuck_in_transit_days_after_shipping` days after the shipment.
-- Overdue counts from the warehouse's own clock, the newest shipment or delivery in
-- gold.fct_deliveries, not from the wall clock: a backfill of a past range, a replay and a test
-- judge the same rows the same way, and a feed of lifecycle events that stops does not make every
-- parcel look stuck. A merely late parcel (in transit past its promise, or delivered late) is not
-- stuck. Warns: a stuck parcel is a carrier or a data feed to chase, not a reason to stop a round;
-- dbt's on-run-end hook (macros/pipeline/warning_events.sql) logs the warning for the alert. Runs
-- with the nightly checks (dbt/selectors.yml); docs/runbook.md says what to do.
{{ config(severity='warn') }}

with

deliveries as (
    select
        order_id,
        store_id,
        customer_country,
        carrier,
        shipment_id,
        status,
        shipped_at,
        delivered_at,
        promised_delivery_date
    from {{ ref('fct_deliveries') }}
),

data_clock as (
    select max(coalesce(delivered_at, shipped_at)) as clock_at
    from deliveries
),

in_transit as (
    select
        deliveries.order_id,
        deliveries.store_id,
        deliveries.customer_country,
        deliveries.carrier,
        deliveries.shipment_id,
        deliveries.shipped_at,
        deliveries.promised_delivery_date,
        data_clock.clock_at,
        {{ days_between('deliveries.promised_delivery_date', utc_date('data_clock.clock_at')) }} as days_past_promise,
        {{ days_between(utc_date('deliveries.shipped_at'), utc_date('data_clock.clock_at')) }} as days_since_shipped
    from deliveries
    cross join data_clock
    where deliveries.status = 'in_transit'
),

final as (
    select
        order_id,
        store_id,
        customer_country,
        carrier,
        shipment_id,
        shipped_at,
        promised_delivery_date,
        clock_at,
        days_past_promise,
        days_since_shipped
    from in_transit
    where
        days_past_promise > {{ var('stuck_in_transit_days_past_promise') }}
        or (
            promised_delivery_date is null
            and days_since_shipped > {{ var('stuck_in_transit_days_after_shipping') }}
        )
)

select * from final
