{#- Fails for every group whose sum of `column` exceeds the `limit_column` of the parent row. -#}
{% test children_sum_not_above(model, column_name, key, parent, parent_key, limit_column) %}
with children as (
    select {{ key }} as parent_id, sum({{ column_name }}) as child_total
    from {{ model }}
    group by {{ key }}
)
select children.parent_id, children.child_total, parents.{{ limit_column }} as parent_limit
from children
inner join {{ parent }} as parents on children.parent_id = parents.{{ parent_key }}
where children.child_total > parents.{{ limit_column }}
{% endtest %}
