{#- Data tests after an incremental run need only check the rows that run wrote — every other row
    was checked when it was written and has not changed since: merges only touch rows of the
    lookback window. An incremental model records the cut-off it used for this invocation; a test
    whose `where` is `__lookback_window__` reads it back and checks the rows from it on, and checks
    every row when there is none (a full build, a model that is not incremental, or `dbt test` on
    its own). A singular test scopes itself with `lookback_window_filter(ref(...))`. DuckDB only:
    on BigQuery recording the windows would cost a DML job per model, and a cut-off read by a
    subquery does not prune partitions, so tests there read every row. -#}

{% macro incremental_windows_table() -%}
    silver.incremental_windows
{%- endmacro %}

{#- The periods a mart rebuilt whole in this invocation (see rebuilt_periods). -#}
{% macro incremental_periods_table() -%}
    silver.incremental_periods
{%- endmacro %}

{#- on-run-start: the log exists and holds nothing from earlier invocations. -#}
{% macro reset_incremental_windows() -%}
    {%- if target.type == 'duckdb' -%}
        create schema if not exists silver;
        create table if not exists {{ incremental_windows_table() }} (
            model_relation varchar,
            invocation_id varchar,
            cutoff timestamptz
        );
        delete from {{ incremental_windows_table() }} where invocation_id <> '{{ invocation_id }}';
        create table if not exists {{ incremental_periods_table() }} (
            model_relation varchar,
            invocation_id varchar,
            period date
        );
        delete from {{ incremental_periods_table() }} where invocation_id <> '{{ invocation_id }}'
    {%- endif -%}
{%- endmacro %}

{#- Whether lookback_cutoff records the cut-off it computes (DuckDB models). -#}
{% macro records_incremental_windows() -%}
    {%- do return(target.type == 'duckdb' and model.resource_type == 'model') -%}
{%- endmacro %}

{#- The statement lookback_cutoff runs when it records: the newest `column` of this model less
    `hours`, inserted into the log and returned (NULL for an empty table: tests then read every
    row, as they do without a record). -#}
{% macro record_incremental_window_sql(column, hours) -%}
    insert into {{ incremental_windows_table() }}
    select '{{ this }}', '{{ invocation_id }}', {{ instant_minus_hours('max(' ~ column ~ ')', hours) }}
    from {{ this }}
    returning cutoff
{%- endmacro %}

{#- The statement rebuilt_periods runs when it records: the periods of `periods_sql` (a query
    of `period_column`) inserted into the log and returned, plus a NULL period that marks the run as
    recorded even when it rebuilt nothing. -#}
{% macro record_rebuilt_periods_sql(periods_sql, period_column) -%}
    insert into {{ incremental_periods_table() }}
    select '{{ this }}', '{{ invocation_id }}', rebuilt.{{ period_column }}
    from ({{ periods_sql }}) as rebuilt
    union all
    select '{{ this }}', '{{ invocation_id }}', null
    returning period
{%- endmacro %}

{#- The rows of `relation` the current invocation wrote, as a filter on `column`. The cut-off is
    read by the test's own query rather than looked up while compiling it, which took two more
    round trips through dbt for every test. -#}
{% macro lookback_window_filter(relation, column='ingested_at') -%}
    {%- if target.type == 'duckdb' and execute and not var('offline_compile', false)
        and tests_incremental_model() -%}
        {{ column }} >= coalesce(
            (
                select min(cutoff) from {{ incremental_windows_table() }}
                where model_relation = '{{ relation }}' and invocation_id = '{{ invocation_id }}'
            ),
            '-infinity'::timestamptz
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- Whether the test being compiled checks an incremental model (only those record a window). A
    singular test names its model itself and is taken at its word. -#}
{% macro tests_incremental_model() -%}
    {%- set tested = attached_model() -%}
    {%- if tested is not none -%}
        {%- do return(tested.config.materialized == 'incremental') -%}
    {%- endif -%}
    {%- do return(true) -%}
{%- endmacro %}

{#- The model a generic test being compiled is attached to (from the graph), or none. -#}
{% macro attached_model() -%}
    {%- set attached = model.get('attached_node') if model is mapping else none -%}
    {%- do return(graph.nodes[attached] if attached and attached in graph.nodes else none) -%}
{%- endmacro %}

{#- For a mart that rebuilds whole periods (its period column is its `unique_key`): the rows of the
    periods the current invocation rebuilt, or every row when it recorded none (a full build,
    `dbt test` on its own). -#}
{% macro rebuilt_periods_filter(relation) -%}
    {%- set tested = attached_model() -%}
    {%- set period_column = tested.config.get('unique_key') if tested is not none else none -%}
    {%- if period_column and target.type == 'duckdb' and execute and not var('offline_compile', false)
        and tests_incremental_model() -%}
        {%- set recorded -%}
            from {{ incremental_periods_table() }}
            where model_relation = '{{ relation }}' and invocation_id = '{{ invocation_id }}'
        {%- endset -%}
        ({{ period_column }} in (select period {{ recorded }}) or not exists (select 1 {{ recorded }}))
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- dbt's own, plus the `__lookback_window__` and `__rebuilt_periods__` placeholders. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where and '__lookback_window__' in where -%}
        {%- set where = where | replace('__lookback_window__', lookback_window_filter(relation)) -%}
    {%- endif -%}
    {%- if where and '__rebuilt_periods__' in where -%}
        {%- set where = where | replace('__rebuilt_periods__', rebuilt_periods_filter(relation)) -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
