"""Manual backfill: reprocess the Bronze ingestion days ``start_date``..``end_date`` into Silver and Gold.

Trigger with params, e.g. ``{"start_date": "2026-03-01", "end_date": "2026-03-07"}``. Silver's
incremental models re-read the range and merge it on their unique keys (idempotent); Gold is then
rebuilt. Snapshots are left alone: they record state as it was observed and cannot be replayed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from salesflow_orchestration.airflow_compat import DAG, Param, task
from salesflow_orchestration.alerts import on_dag_failure
from salesflow_orchestration.backfill import plan_backfill
from salesflow_orchestration.config import load_settings
from salesflow_orchestration.dbt_stages import dbt_build
from salesflow_orchestration.defaults import START_DATE, TAGS, default_args

settings = load_settings()

BACKFILL_VARS = {
    "reporting_currency": settings.reporting_currency,
    "lookback_days": "{{ ti.xcom_pull(task_ids='plan_range')['lookback_days'] }}",
    "as_of": "{{ ti.xcom_pull(task_ids='plan_range')['as_of'] }}",
}

with DAG(
    dag_id="sales_backfill",
    description="Reprocess a range of Bronze partitions into Silver and Gold (manual trigger)",
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=12),
    default_args=default_args(settings, execution_timeout=timedelta(hours=3)),
    on_failure_callback=on_dag_failure,
    params={
        "start_date": Param(type="string", format="date", description="First ingestion day (UTC), YYYY-MM-DD"),
        "end_date": Param(type="string", format="date", description="Last ingestion day (UTC), YYYY-MM-DD"),
    },
    tags=[*TAGS, "backfill"],
    doc_md=__doc__,
) as dag:

    @task(retries=0)
    def plan_range(params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Validates the range and turns it into dbt vars (fails with the reason, never retries)."""
        params = params or {}
        return plan_backfill(params.get("start_date"), params.get("end_date"), pendulum.now("UTC").date())

    silver = dbt_build("silver", "build_silver", settings, dbt_vars=BACKFILL_VARS)
    gold = dbt_build("gold", "build_gold", settings, dbt_vars=BACKFILL_VARS)

    plan_range() >> silver >> gold
