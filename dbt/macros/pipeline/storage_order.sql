{#- DuckDB has no partitions, but it keeps a min/max per row group: rows written in the order of
    the column a round filters them by keep those ranges narrow, and a filter on the last days of
    ingestion (Silver) or on a few order days or months (Gold) skips the rest of the table. Unsorted,
    every row group holds every day and the whole table is read and decoded. BigQuery partitions and
    clusters instead and ignores the order a table is written in, so it gets no sort. -#}
{% macro storage_order(column) -%}
    {%- if target.type == 'duckdb' -%}
        order by {{ column }}
    {%- endif -%}
{%- endmacro %}
