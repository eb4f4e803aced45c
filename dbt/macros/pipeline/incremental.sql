{#- `is_incremental()` asks the warehouse whether the table exists; an offline compile cannot, so it
    takes the answer from `offline_assume_incremental` instead (to check both branches). -#}
{% macro salesflow_is_incremental() -%}
    {%- if var('offline_compile', false) -%}
        {{ return(var('offline_assume_incremental', false)) }}
    {%- endif -%}
    {{ return(is_incremental()) }}
{%- endmacro %}

{#- Earliest `ingested_at` an incremental run re-reads: the newest row already in this model minus
    `lookback_days`. Rendered as a literal so BigQuery prunes partitions. On a first build it is the
    epoch, i.e. everything. Recorded for the data tests of this invocation (see test_window.sql). -#}
{% macro lookback_cutoff(column='ingested_at') -%}
    {%- set days = var('lookback_days') | int -%}
    {%- set cutoff = none -%}
    {%- if var('offline_compile', false) -%}
        {%- if salesflow_is_incremental() -%}
            {%- set cutoff = instant_minus_days(instant_literal('2000-01-01T00:00:00+00:00'), days) -%}
        {%- endif -%}
    {%- elif execute and salesflow_is_incremental() -%}
        {%- if records_incremental_windows() -%}
            {#- One round trip through dbt instead of two: read and record in one statement. -#}
            {%- set result = run_query(record_incremental_window_sql(column, days)) -%}
            {%- set value = result.columns[0].values()[0] -%}
            {%- set cutoff = none if value is none else instant_literal(value.isoformat()) -%}
        {%- else -%}
            {%- set result = run_query('select max(' ~ column ~ ') from ' ~ this) -%}
            {%- set value = result.columns[0].values()[0] -%}
            {%- set cutoff = none if value is none else instant_minus_days(instant_literal(value.isoformat()), days) -%}
        {%- endif -%}
    {%- endif -%}
    {{ instant_literal('1970-01-01T00:00:00Z') if cutoff is none else cutoff }}
{%- endmacro %}

{#- Limits a Bronze read to rows ingested up to `as_of`, when set: the var, or else the environment
    variable SALESFLOW_AS_OF (changing an environment variable does not force dbt to re-parse the
    whole project, changing a var does — it matters to runners that replay many periods). -#}
{% macro as_of_filter(column='ingested_at') -%}
    {%- set as_of = var('as_of', none) or env_var('SALESFLOW_AS_OF', '') -%}
    {%- if as_of -%}
        {{ column }} <= {{ instant_literal(as_of) }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- An explicit "every partition" filter, for full reads of tables with require_partition_filter. -#}
{% macro all_partitions(column='ingested_at') -%}
    {{ column }} >= {{ instant_literal('1970-01-01T00:00:00Z') }}
{%- endmacro %}

{#- The rows an incremental run reads again: those ingested since the lookback cutoff, or every
    partition (explicitly, for require_partition_filter) on a full build. -#}
{% macro incremental_window(column='ingested_at') -%}
    {%- if salesflow_is_incremental() -%}
        {{ column }} >= {{ lookback_cutoff(column) }}
    {%- else -%}
        {{ all_partitions(column) }}
    {%- endif -%}
{%- endmacro %}

{#- The incremental strategy and key of a mart that rebuilds whole periods (changed_period_list):
    BigQuery overwrites the periods' partitions; DuckDB deletes and re-inserts every row of each
    period, keyed on the period column — which rebuilt_periods_filter reads back to scope the mart's
    tests to the periods a run rebuilt. -#}
{% macro period_rebuild_strategy() -%}
    {%- do return('insert_overwrite' if target.type == 'bigquery' else 'delete+insert') -%}
{%- endmacro %}

{% macro period_rebuild_key(period_column) -%}
    {%- do return(none if target.type == 'bigquery' else period_column) -%}
{%- endmacro %}

{#- The periods (days, months) a mart rebuilds: those of a row of `changed_relation` ingested inside
    the lookback window, and every period of a store whose `store_columns` (the store attributes the
    mart copies from `stores_relation`) have changed since it was built. `period_sql` derives the
    period from `changed`. -#}
{% macro changed_periods(changed_relation, period_sql, period_column, stores_relation, store_columns=['store_name']) -%}
    select {{ period_sql }} as {{ period_column }}
    from {{ changed_relation }} as changed
    where changed.ingested_at >= {{ lookback_cutoff('ingested_at') }}
    union distinct
    select known.{{ period_column }}
    from {{ this }} as known
    left join {{ stores_relation }} as stores on known.store_id = stores.store_id
    where {{ store_attributes_changed('known', 'stores', store_columns) }}
{%- endmacro %}

{#- True where a row `known` of this model carries store attributes (`columns`) that `stores` (the
    store's latest state) no longer has: the row was written before the store changed. -#}
{% macro store_attributes_changed(known, stores, columns) -%}
    (
        {%- for column in columns %}
            {{ known }}.{{ column }} is distinct from {{ stores }}.{{ column }}{{ ' or' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{#- The `changed_periods` as ISO dates, read while compiling: the mart then filters on literals,
    which BigQuery prunes partitions by (a filter on a subquery scans them all). An offline compile
    cannot query and takes one placeholder period, as `lookback_cutoff` takes a placeholder instant. -#}
{% macro changed_period_list(changed_relation, period_sql, period_column, stores_relation, store_columns=['store_name']) -%}
    {%- if var('offline_compile', false) -%}
        {%- do return(['2000-01-01']) -%}
    {%- elif not execute -%}
        {%- do return([]) -%}
    {%- endif -%}
    {%- set periods_sql = changed_periods(changed_relation, period_sql, period_column, stores_relation, store_columns) -%}
    {%- if records_incremental_windows() -%}
        {#- Recorded for the data tests of this invocation, in the same statement. -#}
        {%- set result = run_query(record_rebuilt_periods_sql(periods_sql, period_column)) -%}
    {%- else -%}
        {%- set result = run_query(periods_sql) -%}
    {%- endif -%}
    {%- do return(result.columns[0].values() | reject('none') | map('string') | sort | list) -%}
{%- endmacro %}

{#- `column` (a date) is one of `days` (ISO dates); false for none. -#}
{% macro in_days(column, days) -%}
    {%- if days | length == 0 -%}
        false
    {%- else -%}
        {{ column }} in ({% for day in days %}date '{{ day }}'{{ ', ' if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{#- `column` (a date) falls in one of `months` (ISO dates of month starts), written as date ranges so
    BigQuery prunes day partitions; false for none. -#}
{% macro in_months(column, months) -%}
    {%- if months | length == 0 -%}
        false
    {%- else -%}
        (
            {%- for month in months %}
                {%- set year = month[:4] | int -%}
                {%- set month_number = month[5:7] | int -%}
                {%- set next_month = '%04d-%02d-01' | format(
                    year + (1 if month_number == 12 else 0), month_number % 12 + 1
                ) %}
            ({{ column }} >= date '{{ month }}' and {{ column }} < date '{{ next_month }}')
                {{- ' or' if not loop.last }}
            {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}
