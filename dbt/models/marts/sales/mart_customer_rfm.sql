{#- Recency / frequency / monetary scores (1–5, quintiles) and a segment for every customer with an
    order. Recency is measured from the newest order date in the data, so history replays score the
    same way they did at the time. Ties are broken by customer_id to keep scores stable. -#}
with

per_customer as (

    select
        customer_id,
        max(order_date) as last_order_date,
        count(*) as orders,
        sum(net_total_reporting) as net_spend_reporting
    from {{ ref('fct_orders') }}
    group by customer_id

),

reference as (

    select max(order_date) as reference_date from {{ ref('fct_orders') }}

),

measured as (

    select
        per_customer.*,
        {{ days_between('per_customer.last_order_date', 'reference.reference_date') }} as recency_days
    from per_customer
    cross join reference

),

scored as (

    select
        *,
        ntile(5) over (order by recency_days desc, customer_id asc) as recency_score,
        ntile(5) over (order by orders, customer_id) as frequency_score,
        ntile(5) over (order by net_spend_reporting, customer_id) as monetary_score
    from measured

)

select
    scored.customer_id,
    customers.display_name,
    customers.country,
    customers.loyalty_tier,
    scored.last_order_date,
    scored.recency_days,
    scored.orders,
    scored.net_spend_reporting,
    scored.recency_score,
    scored.frequency_score,
    scored.monetary_score,
    concat(
        cast(scored.recency_score as {{ dbt.type_string() }}),
        cast(scored.frequency_score as {{ dbt.type_string() }}),
        cast(scored.monetary_score as {{ dbt.type_string() }})
    ) as rfm_code,
    case
        when scored.recency_score >= 4 and scored.frequency_score >= 4 and scored.monetary_score >= 4 then 'champions'
        when scored.recency_score >= 3 and scored.frequency_score >= 3 then 'loyal'
        when scored.recency_score >= 4 and scored.frequency_score <= 2 then 'promising'
        when scored.recency_score <= 2 and scored.frequency_score >= 3 then 'at_risk'
        when scored.recency_score <= 2 and scored.frequency_score <= 2 then 'hibernating'
        else 'needs_attention'
    end as rfm_segment,
    {{ reporting_currency() }} as reporting_currency
from scored
left join {{ ref('dim_customers') }} as customers
    on scored.customer_id = customers.customer_id
        and customers.is_current
