{#- Incremental rounds: the whole mechanism, in one place (dbt/README.md, "Incremental rounds").

    Rebuild key. An incremental model's `unique_key` is the unit it is recomputed in (an order, a
    customer, a day), which may be coarser than its grain: order lines are rebuilt per order. A round
    recomputes every key that changed since the model's cut-off from all of its inputs, and the
    `merge` strategy below replaces every row of each recomputed key; a full build computes every
    key. So a round writes for a key exactly what a full build writes for it.

    What changed. Every row carries `ingested_at`, the newest Bronze ingestion among the inputs that
    shaped it, so a change travels downstream by ingestion time. The cut-off is the newest
    `ingested_at` a model holds less the lookback (lookback_hours below: Bronze commits may land
    that much out of order); a key changed when an input row ingested since the cut-off names it.
    A model that keeps the latest state of a key (int_customers, int_orders) lets its stored row
    compete with the new ones instead of re-reading every event.

    Periods. A mart rebuilt by day or month (`meta.rebuild_periods`) recomputes the periods of the
    facts written since its cut-off, the days an order left (an earlier order_placed event won: it
    sat on a day up to int_orders.latest_placement_date), and every period of a store whose copied
    attributes changed. Those periods are deleted even where nothing is left in them. -#}

{#- `is_incremental()` asks the warehouse whether the table exists; an offline compile cannot, so it
    takes the answer from `offline_assume_incremental` instead (to check both branches). -#}
{% macro salesflow_is_incremental() -%}
    {%- if var('offline_compile', false) -%}
        {{ return(var('offline_assume_incremental', false)) }}
    {%- endif -%}
    {{ return(is_incremental()) }}
{%- endmacro %}

{#- How far behind its newest row an incremental run re-reads, in hours. A scheduled round (var
    `scheduled_round`: the hourly DAG, the local runner's rounds) re-reads `round_lookback_hours`,
    which covers how late a Bronze commit normally lands behind the rows committed before it; every
    other run (the nightly build, a backfill, a manual one) re-reads `lookback_days`, and so picks up
    what landed later than a round's window and within its own. -#}
{% macro lookback_hours() -%}
    {%- if var('scheduled_round', false) | string | lower == 'true' -%}
        {%- do return(var('round_lookback_hours') | int) -%}
    {%- endif -%}
    {%- do return((var('lookback_days') | int) * 24) -%}
{%- endmacro %}

{#- The cut-off: the newest `column` of this model less lookback_hours(), rendered as a literal so
    BigQuery prunes partitions (an offline compile takes a placeholder instant); the epoch on a first
    build. Recorded for the data tests of this invocation on DuckDB (see test_window.sql). -#}
{% macro lookback_cutoff(column='ingested_at') -%}
    {%- set hours = lookback_hours() -%}
    {%- set cutoff = none -%}
    {%- if var('offline_compile', false) -%}
        {%- if salesflow_is_incremental() -%}
            {%- set cutoff = instant_minus_hours(instant_literal('2000-01-01T00:00:00+00:00'), hours) -%}
        {%- endif -%}
    {%- elif execute and salesflow_is_incremental() -%}
        {%- if records_incremental_windows() -%}
            {#- One round trip through dbt instead of two: read and record in one statement. -#}
            {%- set result = run_query(record_incremental_window_sql(column, hours)) -%}
            {%- set value = result.columns[0].values()[0] -%}
            {%- set cutoff = none if value is none else instant_literal(value.isoformat()) -%}
        {%- else -%}
            {%- set value = newest_value(column, hours) -%}
            {%- set cutoff = none if value is none else instant_minus_hours(instant_literal(value.isoformat()), hours) -%}
        {%- endif -%}
    {%- endif -%}
    {{ instant_literal('1970-01-01T00:00:00Z') if cutoff is none else cutoff }}
{%- endmacro %}

{#- The newest `column` (a timestamp) of this model, or none. BigQuery refuses to query a table that
    requires a partition filter (stg_sales_events) without one that prunes, and bills the column in
    every partition a query reads: the newest is looked for in the rows of the recent days first (a
    day more than the lookback, counted from now), and in every partition only when those hold none
    — the newest row, wherever it is, is among the rows of the first look whenever that finds any. -#}
{% macro newest_value(column, hours) -%}
    {%- set newest = 'select max(' ~ column ~ ') from ' ~ this ~ ' where ' -%}
    {%- set recent = run_query(newest ~ column ~ ' >= ' ~ instant_minus_hours('current_timestamp', hours + 24)) -%}
    {%- set value = recent.columns[0].values()[0] -%}
    {%- if value is none -%}
        {%- set value = run_query(newest ~ all_partitions(column)).columns[0].values()[0] -%}
    {%- endif -%}
    {%- do return(value) -%}
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

{#- `column` is a key this round rebuilds — one `keys` (a CTE of the model) names in its column of
    the same name; every key on a full build. -#}
{% macro rebuilding(column, keys) -%}
    {%- if salesflow_is_incremental() -%}
        {{ column }} in (select {{ keys }}.{{ column.split('.')[-1] }} from {{ keys }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- The rows of `relation` whose `key` this round rebuilds. A key rewritten by its own model gives
    all its rows that round's ingestion, so they lie after the cut-off; `older_keys` (a CTE with a
    `key` column) names the keys rebuilt for another reason, whose rows are older. DuckDB reads the
    two apart: min/max skipping finds the recent rows in the newest row groups, and the older keys
    are few. BigQuery bills every read of a table in full, so it reads once. Every row on a full
    build. -#}
{% macro rows_to_rebuild(relation, key, older_keys, cutoff) -%}
    {%- if not salesflow_is_incremental() -%}
        select * from {{ relation }}
    {%- elif target.type == 'bigquery' -%}
        select * from {{ relation }}
        where ingested_at >= {{ cutoff }} or {{ key }} in (select {{ older_keys }}.{{ key }} from {{ older_keys }})
    {%- else -%}
        select * from {{ relation }} where ingested_at >= {{ cutoff }}
        union all
        select * from {{ relation }}
        where ingested_at < {{ cutoff }} and {{ key }} in (select {{ older_keys }}.{{ key }} from {{ older_keys }})
    {%- endif -%}
{%- endmacro %}

{#- The keys (`key` of `facts`, e.g. order_id) whose rows a dimension version captured since the
    cut-off now covers: versions are only appended, so a new one re-keys the facts of its entity
    (`entity`, e.g. customer) from its valid_from on, and no others. A first version comes with the
    first events carrying it, whose facts are new anyway. -#}
{% macro rekeyed_by_new_versions(facts, key, versions, entity, cutoff) -%}
    select distinct facts.{{ key }}
    from {{ facts }} as facts
    inner join (
        select
            {{ entity }}_id,
            min(valid_from) as valid_from
        from {{ versions }}
        where version_number > 1 and ingested_at >= {{ cutoff }}
        group by {{ entity }}_id
    ) as new_versions
        on facts.{{ entity }}_id = new_versions.{{ entity }}_id and facts.ordered_at >= new_versions.valid_from
{%- endmacro %}

{#- The periods (ISO dates of days, or of month starts) a mart rebuilds, read while compiling so the
    mart filters on literals, which BigQuery prunes partitions by. See the header for what they are;
    `meta.rebuild_periods` of the mart says `period` (day | month) and the `store_columns` it copies
    from dim_stores, and the `facts` (models with order_date and ingested_at; default fct_order_items
    and fct_orders) whose rows written since the cut-off mark their days changed. Recorded for the
    data tests and the strategy of this invocation on DuckDB. An
    offline compile cannot query and takes one placeholder period; a full build rebuilds every
    period and needs none. -#}
{% macro rebuilt_periods() -%}
    {%- if var('offline_compile', false) -%}
        {%- do return(['2000-01-01'] if salesflow_is_incremental() else []) -%}
    {%- elif not execute or not salesflow_is_incremental() -%}
        {%- do return([]) -%}
    {%- endif -%}
    {%- set spec = rebuild_periods_spec() -%}
    {%- set cutoff = lookback_cutoff() -%}
    {%- set period_column = config.get('unique_key') -%}
    {%- set periods_sql -%}
        with

        changed_days as (
            {%- for fact in spec.get('facts', ['fct_order_items', 'fct_orders']) %}
                select order_date as day from {{ ref(fact) }} where ingested_at >= {{ cutoff }}
                {{- ' union distinct' if not loop.last }}
            {%- endfor %}
        ),

        {#- An order moves only to an earlier day, when an earlier order_placed event wins. -#}
        moved_orders as (
            select
                order_date,
                latest_placement_date
            from {{ ref('int_orders') }}
            where ingested_at >= {{ cutoff }} and latest_placement_date > order_date
        ),

        left_days as (
            {{ date_series('moved_orders', 'order_date', 'latest_placement_date') }}
        ),

        days as (
            select day from changed_days
            union distinct
            select date_day as day from left_days
        )

        select distinct {{ period_of('days.day', spec.get('period')) }} as {{ period_column }}
        from days
        {%- if spec.get('store_columns') %}
            union distinct
            select known.{{ period_column }}
            from {{ this }} as known
            left join {{ ref('dim_stores') }} as stores on known.store_id = stores.store_id
            where
                false
                {%- for column in spec.get('store_columns') %}
                    or known.{{ column }} is distinct from stores.{{ column }}
                {%- endfor %}
        {%- endif %}
    {%- endset -%}
    {%- if records_incremental_windows() -%}
        {%- set result = run_query(record_rebuilt_periods_sql(periods_sql, period_column)) -%}
    {%- else -%}
        {%- set result = run_query(periods_sql) -%}
    {%- endif -%}
    {%- do return(result.columns[0].values() | reject('none') | map('string') | sort | list) -%}
{%- endmacro %}

{#- `meta.rebuild_periods` of the model being built: {period: day | month, store_columns: [...], facts: [...]},
    or empty for a model rebuilt per key. -#}
{% macro rebuild_periods_spec() -%}
    {#- (sqlfluff's stand-in `config` has no `get`.) -#}
    {%- set meta = config.get('meta') if config.get is defined else none -%}
    {%- do return(meta.get('rebuild_periods', {}) if meta is mapping else {}) -%}
{%- endmacro %}

{#- The period (`day` or `month`) of a date. -#}
{% macro period_of(day, period) -%}
    {{ month_start(day) if period == 'month' else day }}
{%- endmacro %}

{#- `column` (a date) lies in one of the `periods` a mart rebuilds (`rebuilt_periods`): a list of
    days, or for months date ranges so BigQuery prunes day partitions; false for none, true on a full
    build. -#}
{% macro in_rebuilt_periods(column, periods) -%}
    {%- if not salesflow_is_incremental() -%}
        true
    {%- elif periods | length == 0 -%}
        false
    {%- elif rebuild_periods_spec().get('period') == 'month' -%}
        (
            {%- for month in periods %}
                {%- set year = month[:4] | int -%}
                {%- set month_number = month[5:7] | int -%}
                {%- set next_month = '%04d-%02d-01' | format(
                    year + (1 if month_number == 12 else 0), month_number % 12 + 1
                ) %}
            ({{ column }} >= date '{{ month }}' and {{ column }} < date '{{ next_month }}')
                {{- ' or' if not loop.last }}
            {%- endfor %}
        )
    {%- else -%}
        {{ column }} in ({% for day in periods %}date '{{ day }}'{{ ', ' if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{#- The strategy. `merge` replaces every row of each rebuilt key: DuckDB deletes the keys the new
    rows carry (and the periods a mart rebuilt, recorded by rebuilt_periods: a period that lost
    every row carries none), then inserts the new rows — its MERGE statement would also insert
    unmatched rows, only slowly (bench/notes.md, dbt). -#}
{% macro duckdb__get_incremental_merge_sql(args_dict) -%}
    {%- set target = args_dict['target_relation'] -%}
    {%- set source = args_dict['temp_relation'] -%}
    {%- set key = args_dict['unique_key'] -%}
    {%- set columns = get_quoted_csv(args_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where {{ key }} in (
        select {{ key }} from {{ source }}
        {%- if rebuild_periods_spec() %}
            union
            select period from {{ incremental_periods_table() }}
            where model_relation = '{{ target }}' and invocation_id = '{{ invocation_id }}'
        {%- endif %}
    );
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ source }}
{%- endmacro %}

{#- BigQuery: one MERGE that deletes the rows of the rebuilt keys and inserts the new rows (the
    form dbt-bigquery's insert_overwrite uses); a mart's periods are literals, as BigQuery prunes
    the partitions it rewrites by them. -#}
{% macro bigquery__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
    {%- set columns = get_quoted_csv(dest_columns | map(attribute='name')) -%}
    merge into {{ target }} as DBT_INTERNAL_DEST
    using {{ source }} as DBT_INTERNAL_SOURCE
    on false
    when not matched by source
        {%- if rebuild_periods_spec() %}
            and {{ in_rebuilt_periods('DBT_INTERNAL_DEST.' ~ unique_key, rebuilt_periods()) }}
        {%- else %}
            and DBT_INTERNAL_DEST.{{ unique_key }} in (select {{ unique_key }} from {{ source }})
        {%- endif %}
        {%- for predicate in incremental_predicates or [] %}
            and {{ predicate }}
        {%- endfor %}
        then delete
    when not matched then insert ({{ columns }}) values ({{ columns }})
{%- endmacro %}
