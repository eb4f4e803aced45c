"""Hourly dbt run: Bronze freshness, then Silver, the SCD2 snapshots and Gold, each with its tests.

Each stage is ``dbt build --selector <stage>`` (``dbt/selectors.yml``), exactly what the local runner
runs: dbt tests every model before building its children, so a failed test stops the run before
Gold. The order follows the selectors file: snapshots read the latest-state Silver models, Gold
joins facts to the snapshot version valid at event time. A round re-reads the last
``round_lookback_hours`` of ingestion (``dbt/dbt_project.yml``); what Bronze commits later than that
behind the newest row reaches Gold with the nightly build (``sales_dbt_daily``), which re-reads
``lookback_days``.
"""

from __future__ import annotations

from datetime import timedelta

from salesflow_orchestration.airflow_compat import DAG
from salesflow_orchestration.alerts import on_dag_failure
from salesflow_orchestration.config import load_settings
from salesflow_orchestration.dbt_stages import dbt_build, source_freshness
from salesflow_orchestration.defaults import START_DATE, TAGS, default_args

settings = load_settings()

with DAG(
    dag_id="sales_dbt_hourly",
    description="dbt: source freshness → Silver → snapshots → Gold, with tests, every hour",
    schedule="10 * * * *",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=55),
    default_args=default_args(settings, execution_timeout=timedelta(minutes=30)),
    on_failure_callback=on_dag_failure,
    tags=[*TAGS, "hourly"],
    doc_md=__doc__,
) as dag:
    round_vars = settings.round_vars()
    freshness = source_freshness("source_freshness", settings, selector="freshness")
    silver = dbt_build("silver", "build_silver", settings, dbt_vars=round_vars)
    snapshots = dbt_build("snapshots", "snapshot", settings, dbt_vars=round_vars)
    gold = dbt_build("gold", "build_gold", settings, dbt_vars=round_vars)

    freshness >> silver >> snapshots >> gold
