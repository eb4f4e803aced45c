{#- Fails for every value of `column_name` that is NULL or held by more than one row: `unique` and
    `not_null` in one query and one dbt node. dbt spends tens of milliseconds on every node, and a
    model's key is checked every period, so the pair costs a round twice what the query does. -#}
{% test primary_key(model, column_name) %}
select
    {{ column_name }} as key_value,
    count(*) as occurrences,
    case when {{ column_name }} is null then 'null key' else 'duplicate key' end as failure
from {{ model }}
group by {{ column_name }}
having count(*) > 1 or {{ column_name }} is null
{% endtest %}
