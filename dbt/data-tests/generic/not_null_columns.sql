{#- Fails for every row where any of `columns` is NULL, saying which: one query, and one dbt node,
    for all the columns of a model that must always be filled, instead of one per column. A
    model's key keeps its own `not_null` beside `unique`. -#}
{% test not_null_columns(model, columns) %}
select
    {% for column in columns -%}
        {{ column }} is null as {{ column }}_is_null{{ ',' if not loop.last }}
    {% endfor %}
from {{ model }}
where
    {% for column in columns -%}
        {{ column }} is null{{ ' or' if not loop.last }}
    {% endfor %}
{% endtest %}
