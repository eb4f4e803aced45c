{#- The name of the line logged for each test that warned: the string the cloud alert matches
    (infra/src/monitoring/filters.ts). -#}
{% macro warning_event_name() -%}
    salesflow_dbt_warning
{%- endmacro %}

{#- on-run-end: logs one line per data test that ended in `warn`, with the test, its failing rows
    and the invocation. A warning passes the run and the task around it — a scheduled round must not
    stop for it — so nothing would reach an operator if dbt did not say it on a line of its own; the
    Composer task log and the Cloud Run job's log both land in Cloud Logging, where a log-match
    alert policy reads it. Emits no SQL. -#}
{% macro log_warning_events(results) -%}
    {%- for result in results
        if result.status == 'warn' and result.node.resource_type == 'test' -%}
        {%- set event = {
            'event': warning_event_name(),
            'severity': 'WARNING',
            'test': result.node.name,
            'unique_id': result.node.unique_id,
            'failures': result.failures,
            'invocation_id': invocation_id,
        } -%}
        {%- do log(warning_event_name() ~ ' ' ~ tojson(event, sort_keys=true), info=true) -%}
    {%- endfor -%}
{%- endmacro %}
