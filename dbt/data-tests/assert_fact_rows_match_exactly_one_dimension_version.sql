-- Every fact row stores the key of the SCD2 dimension version valid at its event time: the version
-- its key names belongs to the same entity and its window holds the event. With scd2_no_overlap on
-- both dimensions (windows per entity neither overlap nor leave gaps) that version is the only one
-- holding the event, so this is "exactly one matching version, and it is the stored one", checked
-- with one join on the key instead of a range join and a count per fact row.
-- After an incremental run it checks the rows that run wrote and every row of an entity that gained
-- a version in the run (whose older windows closed): no other row's version changed (see
-- macros/pipeline/test_window.sql). A full build or `dbt test` on its own checks every row.
{%- set links = [
    {'fact': 'fct_order_items', 'fact_id': 'order_item_id', 'dimension': 'dim_products', 'entity': 'product'},
    {'fact': 'fct_order_items', 'fact_id': 'order_item_id', 'dimension': 'dim_customers', 'entity': 'customer'},
    {'fact': 'fct_orders', 'fact_id': 'order_id', 'dimension': 'dim_customers', 'entity': 'customer'},
] %}

{% for link in links %}
    {%- set entity_id = link.entity ~ '_id' -%}
    {%- set entity_key = link.entity ~ '_key' %}
    select
        facts.{{ link.fact_id }} as fact_id,
        '{{ link.fact }}.{{ link.entity }}' as link
    from (
        select
            {{ link.fact_id }},
            {{ entity_id }},
            {{ entity_key }},
            ordered_at
        from {{ ref(link.fact) }}
        where
            {{ lookback_window_filter(ref(link.fact)) }}
            or {{ entity_id }} in (
                select versions_in_window.{{ entity_id }}
                from {{ ref(link.dimension) }} as versions_in_window
                where {{ lookback_window_filter(ref(link.fact), 'versions_in_window.ingested_at') }}
            )
    ) as facts
    left join {{ ref(link.dimension) }} as versions
        on facts.{{ entity_key }} = versions.{{ entity_key }}
    where
        versions.{{ entity_key }} is null
        or versions.{{ entity_id }} <> facts.{{ entity_id }}
        or facts.ordered_at < versions.valid_from
        or facts.ordered_at >= versions.valid_to
    {% if not loop.last %}union all{% endif %}
{% endfor %}
