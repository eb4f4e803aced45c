{#- Time handling. Everything is UTC: the date of an instant is its UTC calendar date. -#}

{#- Parses an RFC 3339 text (with offset) into an instant; NULL when it does not parse. The
    contract allows any number of fractional digits; BigQuery casts at most six (microseconds),
    so further digits are dropped first, as DuckDB's cast drops them. -#}
{% macro parse_instant(text) -%}
    {{ return(adapter.dispatch('parse_instant', 'salesflow')(text)) }}
{%- endmacro %}
{% macro default__parse_instant(text) -%}
    safe_cast(regexp_replace({{ text }}, {{ text_literal('(\\.\\d{6})\\d+') }}, {{ text_literal('\\1') }}) as timestamp)
{%- endmacro %}
{% macro duckdb__parse_instant(text) %}try_cast({{ text }} as timestamptz){% endmacro %}

{#- A literal instant from an ISO-8601 text. -#}
{% macro instant_literal(iso_text) -%}
    {{ return(adapter.dispatch('instant_literal', 'salesflow')(iso_text)) }}
{%- endmacro %}
{% macro default__instant_literal(iso_text) %}timestamp('{{ iso_text }}'){% endmacro %}
{% macro duckdb__instant_literal(iso_text) %}cast('{{ iso_text }}' as timestamptz){% endmacro %}

{#- The UTC calendar date of an instant. -#}
{% macro utc_date(instant) -%}
    {{ return(adapter.dispatch('utc_date', 'salesflow')(instant)) }}
{%- endmacro %}
{% macro default__utc_date(instant) %}date({{ instant }}){% endmacro %}
{% macro duckdb__utc_date(instant) %}cast(timezone('UTC', {{ instant }}) as date){% endmacro %}

{#- An instant moved back by a whole number of hours. -#}
{% macro instant_minus_hours(instant, hours) -%}
    {{ return(adapter.dispatch('instant_minus_hours', 'salesflow')(instant, hours)) }}
{%- endmacro %}
{% macro default__instant_minus_hours(instant, hours) %}timestamp_sub({{ instant }}, interval {{ hours }} hour){% endmacro %}
{% macro duckdb__instant_minus_hours(instant, hours) %}({{ instant }} - interval ({{ hours }}) hour){% endmacro %}

{#- A date moved by a whole number of days. -#}
{% macro date_plus_days(day, days) -%}
    {{ return(adapter.dispatch('date_plus_days', 'salesflow')(day, days)) }}
{%- endmacro %}
{% macro default__date_plus_days(day, days) %}date_add({{ day }}, interval {{ days }} day){% endmacro %}
{% macro duckdb__date_plus_days(day, days) %}cast({{ day }} + interval ({{ days }}) day as date){% endmacro %}

{#- First day of the month of a date, as a DATE on both engines. -#}
{% macro month_start(day) -%}
    {{ return(adapter.dispatch('month_start', 'salesflow')(day)) }}
{%- endmacro %}
{% macro default__month_start(day) %}date_trunc({{ day }}, month){% endmacro %}
{% macro duckdb__month_start(day) %}cast(date_trunc('month', {{ day }}) as date){% endmacro %}

{#- ISO day of week: 1 = Monday … 7 = Sunday. -#}
{% macro iso_day_of_week(day) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'salesflow')(day)) }}
{%- endmacro %}
{% macro default__iso_day_of_week(day) %}mod(extract(dayofweek from {{ day }}) + 5, 7) + 1{% endmacro %}
{% macro duckdb__iso_day_of_week(day) %}isodow({{ day }}){% endmacro %}

{#- English day and month names. -#}
{% macro day_name(day) -%}
    {{ return(adapter.dispatch('day_name', 'salesflow')(day)) }}
{%- endmacro %}
{% macro default__day_name(day) %}format_date('%A', {{ day }}){% endmacro %}
{% macro duckdb__day_name(day) %}dayname({{ day }}){% endmacro %}

{% macro month_name(day) -%}
    {{ return(adapter.dispatch('month_name', 'salesflow')(day)) }}
{%- endmacro %}
{% macro default__month_name(day) %}format_date('%B', {{ day }}){% endmacro %}
{% macro duckdb__month_name(day) %}monthname({{ day }}){% endmacro %}

{#- Whole days from `start_day` to `end_day`. -#}
{% macro days_between(start_day, end_day) -%}
    {{ return(adapter.dispatch('days_between', 'salesflow')(start_day, end_day)) }}
{%- endmacro %}
{% macro default__days_between(start_day, end_day) %}date_diff({{ end_day }}, {{ start_day }}, day){% endmacro %}
{% macro duckdb__days_between(start_day, end_day) %}date_diff('day', {{ start_day }}, {{ end_day }}){% endmacro %}

{#- Every date from `start_column` to `end_column` (inclusive) of each row of `relation`, as
    `date_day`. Table functions cannot take subqueries on DuckDB, hence a relation with bounds. -#}
{% macro date_series(relation, start_column, end_column) -%}
    {{ return(adapter.dispatch('date_series', 'salesflow')(relation, start_column, end_column)) }}
{%- endmacro %}
{% macro default__date_series(relation, start_column, end_column) -%}
    select date_day
    from {{ relation }}
    cross join unnest(generate_date_array({{ start_column }}, {{ end_column }})) as date_day
{%- endmacro %}
{% macro duckdb__date_series(relation, start_column, end_column) -%}
    select cast(unnest(generate_series(cast({{ start_column }} as timestamp), cast({{ end_column }} as timestamp), interval 1 day)) as date) as date_day
    from {{ relation }}
{%- endmacro %}

{#- An instant moved forward by a whole number of seconds. -#}
{% macro instant_plus_seconds(instant, seconds) -%}
    {{ return(adapter.dispatch('instant_plus_seconds', 'salesflow')(instant, seconds)) }}
{%- endmacro %}
{% macro default__instant_plus_seconds(instant, seconds) %}timestamp_add({{ instant }}, interval {{ seconds }} second){% endmacro %}
{% macro duckdb__instant_plus_seconds(instant, seconds) %}({{ instant }} + interval ({{ seconds }}) second){% endmacro %}

{#- Microseconds since the Unix epoch: an instant's text differs between the engines, its number does not. -#}
{% macro instant_micros(instant) -%}
    {{ return(adapter.dispatch('instant_micros', 'salesflow')(instant)) }}
{%- endmacro %}
{% macro default__instant_micros(instant) %}unix_micros({{ instant }}){% endmacro %}
{% macro duckdb__instant_micros(instant) %}epoch_us({{ instant }}){% endmacro %}
