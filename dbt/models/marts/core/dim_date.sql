{#- One row per calendar day covered by orders or refunds. -#}
with

bounds as (

    select
        least(min(order_date), coalesce((select min(refund_date) from {{ ref('int_refunds') }}), min(order_date))) as first_day,
        greatest(max(order_date), coalesce((select max(refund_date) from {{ ref('int_refunds') }}), max(order_date))) as last_day
    from {{ ref('int_orders') }}

),

days as (

    {{ date_series('bounds', 'first_day', 'last_day') }}

)

select
    date_day,
    extract(year from date_day) as calendar_year,
    extract(quarter from date_day) as calendar_quarter,
    extract(month from date_day) as calendar_month,
    {{ month_name('date_day') }} as month_name,
    {{ month_start('date_day') }} as month_start_date,
    extract(day from date_day) as day_of_month,
    {{ iso_day_of_week('date_day') }} as iso_day_of_week,
    {{ day_name('date_day') }} as day_name,
    {{ iso_day_of_week('date_day') }} >= 6 as is_weekend
from days
