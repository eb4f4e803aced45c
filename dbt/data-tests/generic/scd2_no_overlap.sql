{#- SCD2 invariant: the validity windows of a key neither overlap nor leave gaps, and each is
    non-empty. -#}
{% test scd2_no_overlap(model, key, valid_from='valid_from', valid_to='valid_to') %}
with ordered as (
    select
        {{ key }} as scd_key,
        {{ valid_from }} as window_start,
        {{ valid_to }} as window_end,
        lead({{ valid_from }}) over (partition by {{ key }} order by {{ valid_from }}) as next_start
    from {{ model }}
)
select *
from ordered
where window_start >= window_end
   or (next_start is not null and next_start <> window_end)
{% endtest %}
