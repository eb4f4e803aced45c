-- Gold net revenue per day and currency equals Silver's: orders by order date minus applied refunds
-- by refund date, in the original and the reporting currency.
with

silver as (
    select
        order_date as revenue_date,
        currency,
        order_total as amount,
        order_total_reporting as amount_reporting
    from {{ ref('int_orders') }}
    union all
    select
        refund_date as revenue_date,
        currency,
        -refund_amount as amount,
        -refund_amount_reporting as amount_reporting
    from {{ ref('int_refunds') }}
    where refund_status = 'applied'
),

silver_daily as (
    select
        revenue_date,
        currency,
        sum(amount) as net_revenue,
        sum(amount_reporting) as net_revenue_reporting
    from silver
    group by revenue_date, currency
),

gold_daily as (
    select
        revenue_date,
        currency,
        net_revenue,
        net_revenue_reporting
    from {{ ref('mart_net_revenue_daily') }}
)

select
    coalesce(silver_daily.revenue_date, gold_daily.revenue_date) as revenue_date,
    coalesce(silver_daily.currency, gold_daily.currency) as currency,
    silver_daily.net_revenue as silver_net_revenue,
    gold_daily.net_revenue as gold_net_revenue,
    silver_daily.net_revenue_reporting as silver_net_revenue_reporting,
    gold_daily.net_revenue_reporting as gold_net_revenue_reporting
from silver_daily
full outer join gold_daily
    on silver_daily.revenue_date = gold_daily.revenue_date
        and silver_daily.currency = gold_daily.currency
where
    silver_daily.revenue_date is null
    or gold_daily.revenue_date is null
    or silver_daily.net_revenue <> gold_daily.net_revenue
    or silver_daily.net_revenue_reporting <> gold_daily.net_revenue_reporting
