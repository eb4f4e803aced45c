{#- Whether the staging models read the BigQuery subscription's landing table: always on BigQuery
    (and in an offline compile). On DuckDB only once the table holds rows: nothing writes it in
    the local world (Google's Pub/Sub emulator delivers nothing to BigQuery subscriptions), and
    DuckDB spends seconds planning the contract checks even over no rows, in every round. The
    staging models are rebuilt every round, so rows that land later are read by the next one. Unit
    tests give the rows themselves. -#}
{% macro reads_subscription_landing() -%}
    {%- if target.type != 'duckdb' or var('offline_compile', false) or not execute or model.resource_type == 'unit_test' -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set landed = run_query(
        'select count(*) from (select 1 from ' ~ source('bronze', 'sales_events_subscription') ~ ' limit 1) as landed'
    ) -%}
    {{ return(landed.columns[0].values()[0] > 0) }}
{%- endmacro %}
