{#- One row per event_id, typed, whichever path landed it: the function and Dataflow rows of
    `bronze.sales_events` and the contract-valid messages of the BigQuery subscription. The
    earliest ingested copy wins (then message_id, then payload text, so reruns pick the same row),
    so an event that arrived on two paths is one event. Customer PII is reduced to a hash and a
    masked name. -#}
{#- Every merged row is a new event_id (see already_landed), so it cannot match a row in an old
    partition: the BigQuery merge predicate only keeps it from scanning them. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='event_id',
        on_schema_change='append_new_columns',
        partition_by=bq_partition('ingested_at', 'timestamp'),
        cluster_by=bq_only(['event_type', 'order_id']),
        require_partition_filter=bq_only(true),
        incremental_predicates=(
            ["DBT_INTERNAL_DEST.ingested_at >= timestamp_sub(current_timestamp(), interval 400 day)"]
            if target.type == 'bigquery' else []
        ),
    )
}}

{%- set cutoff = lookback_cutoff('ingested_at') if salesflow_is_incremental() else none %}

with

landed as (

    select
        event_id,
        event_type,
        event_time,
        schema_version,
        payload,
        message_id,
        publish_time,
        attributes,
        ingested_at,
        ingest_path
    from {{ source('bronze', 'sales_events') }}
    {%- if reads_subscription_landing() %}

        union all

        select
            event_id,
            event_type,
            event_time,
            schema_version,
            payload,
            message_id,
            publish_time,
            attributes,
            ingested_at,
            ingest_path
        from {{ ref('base_subscription_messages') }}
        where reject_reason is null
    {%- endif %}

),

bronze as (

    select * from landed
    where
        {{ as_of_filter('ingested_at') }}
        {% if cutoff is not none %}
            and ingested_at >= {{ cutoff }}
        {% endif %}

),

{% if salesflow_is_incremental() %}
    already_landed as (

        select event_id from {{ this }}
        where {{ all_partitions('ingested_at') }}

    ),
{% endif %}

ranked as (

    select
        bronze.*,
        row_number() over (
            partition by bronze.event_id
            order by
                bronze.ingested_at,
                bronze.message_id,
                -- Copies with one message id are one message: only id-less rows need the payload.
                case when bronze.message_id is null then {{ payload_fingerprint('bronze.payload') }} end
        ) as copy_rank
    from bronze
    {% if salesflow_is_incremental() %}
        left join already_landed on bronze.event_id = already_landed.event_id
        where already_landed.event_id is null
    {% endif %}

),

first_copies as (

    select * from ranked
    where copy_rank = 1

),

parsed as (

    select
        *,
        {{ parse_event('payload') }} as event_fields
    from first_copies

),

typed as (

    select
        parsed.event_id,
        parsed.event_type,
        parsed.event_time,
        {{ utc_date('parsed.event_time') }} as event_date,
        parsed.schema_version,
        {{ event_text('parsed.event_fields', '$.order_id') }} as order_id,
        {{ event_text('parsed.event_fields', '$.store.store_id') }} as store_id,
        {{ event_text('parsed.event_fields', '$.store.name') }} as store_name,
        {{ event_text('parsed.event_fields', '$.store.channel') }} as channel,
        {{ event_text('parsed.event_fields', '$.store.country') }} as store_country,
        {{ event_text('parsed.event_fields', '$.store.city') }} as store_city,
        {{ event_text('parsed.event_fields', '$.customer.customer_id') }} as customer_id,
        {{ email_hash(event_text('parsed.event_fields', '$.customer.email')) }} as customer_email_hash,
        {{ masked_display_name(event_text('parsed.event_fields', '$.customer.full_name')) }} as customer_display_name,
        {{ event_text('parsed.event_fields', '$.customer.country') }} as customer_country,
        {{ event_text('parsed.event_fields', '$.customer.city') }} as customer_city,
        {{ event_text('parsed.event_fields', '$.customer.region') }} as customer_region,
        {{ event_text('parsed.event_fields', '$.customer.segment') }} as customer_segment,
        {{ event_text('parsed.event_fields', '$.customer.loyalty_tier') }} as customer_loyalty_tier,
        {{ parse_instant(event_text('parsed.event_fields', '$.customer.updated_at')) }} as customer_updated_at,
        {{ event_text('parsed.event_fields', '$.currency') }} as currency,
        {{ to_money(event_text('parsed.event_fields', '$.amounts.subtotal')) }} as subtotal,
        {{ to_money(event_text('parsed.event_fields', '$.amounts.discount_total')) }} as discount_total,
        {{ to_money(event_text('parsed.event_fields', '$.amounts.tax_total')) }} as tax_total,
        {{ to_money(event_text('parsed.event_fields', '$.amounts.shipping')) }} as shipping,
        {{ to_money(event_text('parsed.event_fields', '$.amounts.total')) }} as order_total,
        {{ event_text('parsed.event_fields', '$.payment.method') }} as payment_method,
        {{ event_text('parsed.event_fields', '$.payment.card_brand') }} as card_brand,
        {{ event_text('parsed.event_fields', '$.refund.original_order_id') }} as refund_original_order_id,
        {{ event_text('parsed.event_fields', '$.refund.reason') }} as refund_reason,
        {{ to_money(event_text('parsed.event_fields', '$.refund.amount')) }} as refund_amount,
        cast({{ event_text('parsed.event_fields', '$.promised_delivery_date') }} as date) as promised_delivery_date,
        {{ event_text('parsed.event_fields', '$.shipment.shipment_id') }} as shipment_id,
        {{ event_text('parsed.event_fields', '$.shipment.carrier') }} as carrier,
        {{ event_text('parsed.event_fields', '$.shipment.origin_type') }} as shipment_origin_type,
        {{ event_text('parsed.event_fields', '$.shipment.origin_id') }} as shipment_origin_id,
        {{ parse_instant(event_text('parsed.event_fields', '$.shipment.shipped_at')) }} as shipped_at,
        {{ parse_instant(event_text('parsed.event_fields', '$.delivery.delivered_at')) }} as delivered_at,
        -- The calendar date where the delivery happened, as the producer wrote it: the customer's
        -- calendar, in which the delivery was promised.
        cast(substr({{ event_text('parsed.event_fields', '$.delivery.delivered_at') }}, 1, 10) as date) as delivered_local_date,
        cast({{ event_items_count('parsed.event_fields') }} as {{ dbt.type_int() }}) as items_count,
        {{ event_items('parsed.event_fields') }} as items,
        parsed.message_id,
        parsed.publish_time,
        parsed.ingest_path,
        parsed.ingested_at
    from parsed

)

select * from typed
{{ storage_order('ingested_at') }}
