"""Daily dbt run: FX-rate freshness, the whole project rebuilt with the full test suite, then docs.

``nightly`` (``dbt/selectors.yml``) selects every seed, model and snapshot; incremental models merge
their lookback window and the Gold tables are rebuilt from it, then ``dbt test --selector nightly``
runs every test, including the ones the hourly stages leave out.

A run triggered with ``{"full_refresh_select": "int_orders+"}`` first runs ``dbt build
--full-refresh --select int_orders+`` (any dbt selection), once — what a schema revision that adds
columns to an incremental model needs (docs/runbook.md); a scheduled run leaves it empty and skips it.
"""

from __future__ import annotations

from datetime import timedelta

from salesflow_orchestration.airflow_compat import DAG, Param
from salesflow_orchestration.alerts import on_dag_failure
from salesflow_orchestration.config import load_settings
from salesflow_orchestration.dbt_stages import dbt_full_refresh, dbt_stage, docs_generate, source_freshness
from salesflow_orchestration.defaults import START_DATE, TAGS, default_args

settings = load_settings()

with DAG(
    dag_id="sales_dbt_daily",
    description="dbt: fx_rates freshness → full rebuild with every test → docs",
    schedule="40 3 * * *",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=4),
    default_args=default_args(settings, execution_timeout=timedelta(hours=1)),
    on_failure_callback=on_dag_failure,
    params={
        "full_refresh_select": Param(
            "",
            type="string",
            description="dbt selection to rebuild with --full-refresh before the nightly build, e.g. int_orders+; "
            "empty: none",
        ),
    },
    tags=[*TAGS, "daily"],
    doc_md=__doc__,
) as dag:
    fx_rates_freshness = source_freshness("fx_rates_freshness", settings, select="source:bronze.fx_rates")
    full_refresh = dbt_full_refresh("full_refresh", "{{ params.full_refresh_select }}", settings)
    nightly = dbt_stage("nightly", "nightly", settings)
    docs = docs_generate("docs_generate", settings)

    fx_rates_freshness >> full_refresh >> nightly >> docs
