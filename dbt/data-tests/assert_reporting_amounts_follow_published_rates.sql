-- Converted amounts equal amount / rate(currency) × rate(reporting) within half a minor unit of the
-- reporting currency, where each rate is looked up here independently: the latest published rate on
-- or before the event's date (so the carry-forward over weekends and holidays is checked too). A
-- missing rate fails as well.
with

rates as (
    select
        rate_date,
        quote_currency as currency_code,
        rate
    from {{ ref('stg_fx_rates') }}
    union all
    select distinct
        rate_date,
        'EUR' as currency_code,
        cast(1 as {{ type_money() }}) as rate
    from {{ ref('stg_fx_rates') }}
),

amounts as (
    select
        'order' as kind,
        order_id as id,
        order_date as amount_date,
        currency,
        order_total as amount,
        order_total_reporting as converted
    from {{ ref('int_orders') }}
    union all
    select
        'refund' as kind,
        refund_id as id,
        refund_date as amount_date,
        currency,
        refund_amount as amount,
        refund_amount_reporting as converted
    from {{ ref('int_refunds') }}
),

-- The rate lookups run per (currency, day), not per amount: a range join of every order against every
-- published day would cost more than the models it checks.
amount_days as (
    select distinct
        currency,
        amount_date
    from amounts
),

latest_rate_dates as (
    select
        amount_days.currency,
        amount_days.amount_date,
        max(rates.rate_date) as rate_date
    from amount_days
    inner join rates on amount_days.currency = rates.currency_code and amount_days.amount_date >= rates.rate_date
    group by amount_days.currency, amount_days.amount_date
),

amount_dates as (
    select distinct amount_date
    from amounts
),

latest_reporting_dates as (
    select
        amount_dates.amount_date,
        max(rates.rate_date) as rate_date
    from amount_dates
    inner join rates on rates.currency_code = {{ reporting_currency() }} and amount_dates.amount_date >= rates.rate_date
    group by amount_dates.amount_date
),

expected as (
    select
        amounts.kind,
        amounts.id,
        amounts.amount,
        amounts.converted,
        amounts.amount / from_rate.rate * to_rate.rate as exact_conversion,
        iso.minor_units
    from amounts
    left join latest_rate_dates as from_date
        on amounts.currency = from_date.currency and amounts.amount_date = from_date.amount_date
    left join rates as from_rate on amounts.currency = from_rate.currency_code and from_date.rate_date = from_rate.rate_date
    left join latest_reporting_dates as to_date on amounts.amount_date = to_date.amount_date
    left join rates as to_rate on to_rate.currency_code = {{ reporting_currency() }} and to_date.rate_date = to_rate.rate_date
    inner join {{ ref('iso_currencies') }} as iso on iso.currency_code = {{ reporting_currency() }}
)

select *
from expected
where
    converted is null
    or exact_conversion is null
    or abs(converted - exact_conversion) > 0.5 * power(10, -minor_units) + 0.000001
