{#- Converts `amount` from a currency to the reporting currency through EUR-based rates:
    amount / rate(currency) × rate(reporting), rounded to the reporting currency's minor units.
    BigQuery computes in NUMERIC; DuckDB divides decimals in DOUBLE, so the quotient is rounded
    straight back to an exact decimal (amounts up to 10^12 keep every minor unit). -#}
{% macro convert_money(amount, rate_from, rate_to, minor_units) -%}
    {{ return(adapter.dispatch('convert_money', 'salesflow')(amount, rate_from, rate_to, minor_units)) }}
{%- endmacro %}

{% macro default__convert_money(amount, rate_from, rate_to, minor_units) -%}
    round({{ amount }} * {{ rate_to }} / {{ rate_from }}, {{ minor_units }})
{%- endmacro %}

{% macro duckdb__convert_money(amount, rate_from, rate_to, minor_units) -%}
    cast(round(cast({{ amount }} * {{ rate_to }} as double) / cast({{ rate_from }} as double), {{ minor_units }}) as {{ type_money() }})
{%- endmacro %}

{#- Text → money; NULL when it is not a number. -#}
{% macro to_money(text) -%}
    {{ return(adapter.dispatch('to_money', 'salesflow')(text)) }}
{%- endmacro %}

{% macro default__to_money(text) -%}
    {{ dbt.safe_cast(text, type_money()) }}
{%- endmacro %}

{#- DuckDB parses text into a 128-bit decimal far more slowly than into a 64-bit one (it
    dominated the whole build), so it parses at the contract's precision — ISO 4217 has at
    most three minor digits, and Bronze holds validated events only — and widens exactly. Text
    beyond 10^15 major units is NULL, as any non-number is. -#}
{% macro duckdb__to_money(text) -%}
    cast(try_cast({{ text }} as decimal(18, 3)) as {{ type_money() }})
{%- endmacro %}

{#- The reporting currency, as a quoted literal. -#}
{% macro reporting_currency() -%}
    '{{ var("reporting_currency") | upper }}'
{%- endmacro %}
