{#- Delivery performance per month of the order × the customer's country × carrier: orders shipped
    and delivered, average and 90th-percentile days to deliver, on-time rate. Incremental, per
    month: a round rebuilds the months it finds changed (rebuilt_periods over fct_deliveries). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='month_start_date',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('month_start_date', 'date', 'month'),
        cluster_by=bq_only(['customer_country', 'carrier']),
        meta={'rebuild_periods': {'period': 'month', 'facts': ['fct_deliveries']}},
    )
}}

-- depends_on: {{ ref('int_orders') }}
{%- set months = rebuilt_periods() %}

with

deliveries as (

    select * from {{ ref('fct_deliveries') }}
    where {{ in_rebuilt_periods('order_date', months) }}

),

ranked as (

    select
        {{ month_start('order_date') }} as month_start_date,
        customer_country,
        carrier,
        status,
        days_to_deliver,
        is_late,
        ingested_at,
        -- Orders in transit rank apart (the engines sort NULL at opposite ends).
        row_number() over (
            partition by {{ month_start('order_date') }}, customer_country, carrier, days_to_deliver is null
            order by days_to_deliver
        ) as delivery_rank,
        count(days_to_deliver) over (
            partition by {{ month_start('order_date') }}, customer_country, carrier
        ) as delivered_in_group
    from deliveries

),

final as (

    select
        month_start_date,
        customer_country,
        carrier,
        count(*) as orders_shipped,
        count(days_to_deliver) as orders_delivered,
        count(case when not is_late then 1 end) as orders_on_time,
        count(case when is_late then 1 end) as orders_late,
        {{ as_numeric('sum(days_to_deliver) / nullif(count(days_to_deliver), 0)') }} as average_days_to_deliver,
        {{ nearest_rank_percentile('days_to_deliver', 'delivery_rank', 'delivered_in_group', 90) }} as p90_days_to_deliver,
        {{ as_numeric('count(case when not is_late then 1 end) / nullif(count(is_late), 0)') }} as on_time_rate,
        max(ingested_at) as ingested_at
    from ranked
    group by month_start_date, customer_country, carrier

)

select * from final
