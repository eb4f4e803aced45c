{#- The `merge` strategy on DuckDB, run as "delete the rows whose key the new rows carry, then insert
    the new rows". DuckDB's MERGE statement inserts the rows it does not match slowly: merging 25k new
    and 2k changed order lines into 2.5M took ~0.7 s, this ~0.1 s. The outcome is the same for a
    source with one row per key, which every merge model has (its key is tested unique): each
    matched row is replaced by its new version, each other new row is added. BigQuery keeps its
    MERGE. -#}
{% macro duckdb__get_incremental_merge_sql(args_dict) -%}
    {%- do return(duckdb__get_delete_insert_merge_sql(
        args_dict['target_relation'],
        args_dict['temp_relation'],
        args_dict['unique_key'],
        args_dict['dest_columns'],
        normalize_incremental_predicates(args_dict.get('incremental_predicates'))
    )) -%}
{%- endmacro %}
