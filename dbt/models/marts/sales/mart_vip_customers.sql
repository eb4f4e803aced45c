{#- The top customers by lifetime net spend (var `vip_top_n`, default 100). -#}
with

ranked as (

    select
        customer_id,
        count(*) as orders,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        sum(net_total_reporting) as lifetime_net_spend_reporting,
        {{ as_numeric('sum(net_total_reporting) / count(*)') }} as average_order_value_reporting,
        row_number() over (order by sum(net_total_reporting) desc, customer_id) as spend_rank
    from {{ ref('fct_orders') }}
    group by customer_id

)

select
    ranked.spend_rank,
    ranked.customer_id,
    customers.display_name,
    customers.country,
    customers.segment,
    customers.loyalty_tier,
    ranked.orders,
    ranked.first_order_date,
    ranked.last_order_date,
    ranked.lifetime_net_spend_reporting,
    ranked.average_order_value_reporting,
    {{ reporting_currency() }} as reporting_currency
from ranked
left join {{ ref('dim_customers') }} as customers
    on ranked.customer_id = customers.customer_id
        and customers.is_current
where ranked.spend_rank <= {{ var('vip_top_n', 100) | int }}
