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

latest_rate_dates as (
    select
        amounts.kind,
        amounts.id,
        max(rates.rate_date) as rate_date
    from amounts
    inner join rates on amounts.currency = rates.currency_code and amounts.amount_date >= rates.rate_date
    group by amounts.kind, amounts.id
),

latest_reporting_dates as (
    select
        amounts.kind,
        amounts.id,
        max(rates.rate_date) as rate_date
    from amounts
    inner join rates on rates.currency_code = {{ reporting_currency() }} and amounts.amount_date >= rates.rate_date
    group by amounts.kind, amounts.id
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
    left join latest_rate_dates as from_date on amounts.kind = from_date.kind and amounts.id = from_date.id
    left join rates as from_rate on amounts.currency = from_rate.currency_code and from_date.rate_date = from_rate.rate_date
    left join latest_reporting_dates as to_date on amounts.kind = to_date.kind and amounts.id = to_date.id
    left join rates as to_rate on to_rate.currency_code = {{ reporting_currency() }} and to_date.rate_date = to_rate.rate_date
    inner join {{ ref('iso_currencies') }} as iso on iso.currency_code = {{ reporting_currency() }}
)

select *
from expected
where
    converted is null
    or exact_conversion is null
    or abs(converted - exact_conversion) > 0.5 * power(10, -minor_units) + 0.000001
