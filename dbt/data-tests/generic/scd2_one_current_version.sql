{#- SCD2 invariant: every key has exactly one current version. -#}
{% test scd2_one_current_version(model, key, is_current='is_current') %}
select {{ key }}, sum(case when {{ is_current }} then 1 else 0 end) as current_versions
from {{ model }}
group by {{ key }}
having sum(case when {{ is_current }} then 1 else 0 end) <> 1
{% endtest %}
