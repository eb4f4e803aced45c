-- Every fact row stores the key of the SCD2 dimension version valid at its event time: the version
-- its key names belongs to the same entity and its window holds the event. With scd2_no_overlap on
-- both dimensions (windows per entity neither overlap nor leave gaps) that version is the only one
-- holding the event, so this is "exactly one matching version, and it is the stored one", checked
-- with one join on the key instead of a range join and a count per fact row.
{%- set links = [
    {'fact': 'fct_order_items', 'fact_id': 'order_item_id', 'dimension': 'dim_products', 'entity': 'product'},
    {'fact': 'fct_order_items', 'fact_id': 'order_item_id', 'dimension': 'dim_customers', 'entity': 'customer'},
    {'fact': 'fct_orders', 'fact_id': 'order_id', 'dimension': 'dim_customers', 'entity': 'customer'},
] %}

{% for link in links %}
    select
        facts.{{ link.fact_id }} as fact_id,
        '{{ link.fact }}.{{ link.entity }}' as link
    from {{ ref(link.fact) }} as facts
    left join {{ ref(link.dimension) }} as versions
        on facts.{{ link.entity }}_key = versions.{{ link.entity }}_key
    where
        versions.{{ link.entity }}_key is null
        or versions.{{ link.entity }}_id <> facts.{{ link.entity }}_id
        or facts.ordered_at < versions.valid_from
        or facts.ordered_at >= versions.valid_to
    {% if not loop.last %}union all{% endif %}
{% endfor %}
