{#- The `percent` (0–100) nearest-rank percentile of a group, exact and the same on both engines:
    BigQuery has no exact percentile aggregate (APPROX_QUANTILES is approximate, PERCENTILE_DISC
    analytic only) and DuckDB's quantile_disc picks another rank. Give each row its `rank` in the
    group by ascending value (row_number) and the group's `size` (count over the group); this
    aggregate is then the value at the smallest rank r with r / size ≥ percent / 100, compared in
    integers so no rounding decides it. -#}
{% macro nearest_rank_percentile(value, rank, size, percent) -%}
    min(case when {{ rank }} * 100 >= {{ percent }} * {{ size }} then {{ value }} end)
{%- endmacro %}
