"""Daily dbt run: FX-rate freshness, the whole project rebuilt with the full test suite, then docs.

``nightly`` (``dbt/selectors.yml``) selects every seed, model and snapshot; incremental models merge
their lookback window and the Gold tables are rebuilt from it, then ``dbt test --selector nightly``
runs every test, including the ones the hourly stages leave out.
"""

from __future__ import annotations

from datetime import timedelta

from salesflow_orchestration.airflow_compat import DAG
from salesflow_orchestration.alerts import on_dag_failure
from salesflow_orchestration.config import load_settings
from salesflow_orchestration.dbt_stages import dbt_stage, docs_generate, source_freshness
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
    tags=[*TAGS, "daily"],
    doc_md=__doc__,
) as dag:
    fx_rates_freshness = source_freshness("fx_rates_freshness", settings, select="source:bronze.fx_rates")
    nightly = dbt_stage("nightly", "nightly", settings)
    docs = docs_generate("docs_generate", settings)

    fx_rates_freshness >> nightly >> docs
