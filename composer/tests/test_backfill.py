"""``airflow dags test sales_backfill`` for real: a bad range stops before dbt, a good one reprocesses it."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import salesflow_config
from support.airflow_cli import AirflowHome, json_lines_with


@pytest.fixture(scope="module")
def backfill(airflow_home: AirflowHome, parsed_project: Path, dbt_executable: Path, hourly_run, tmp_path_factory):
    # A backfill reprocesses a warehouse in service: start from a copy of the hourly run's result
    # (its snapshots are what Gold's dimensions read; a backfill never rebuilds them).
    warehouse = tmp_path_factory.mktemp("backfill") / "warehouse.duckdb"
    shutil.copyfile(hourly_run["warehouse"], warehouse)
    bronze = hourly_run["bronze"]
    config = salesflow_config(parsed_project, dbt_executable, warehouse)

    def run(logical_date: str, params: dict[str, str]):
        result = airflow_home.airflow(
            "dags", "test", "sales_backfill", logical_date, "-c", json.dumps(params), config=config, timeout=1500
        )
        run = airflow_home.dag_run("sales_backfill", logical_date)
        return result, run, airflow_home.task_states("sales_backfill", run["run_id"])

    return {"run": run, "warehouse": warehouse, "bronze": bronze}


def test_a_reversed_range_fails_in_plan_range_before_any_dbt_command(backfill) -> None:
    result, run, states = backfill["run"](
        "2026-03-22T00:00:00+00:00", {"start_date": "2026-03-20", "end_date": "2026-03-01"}
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert run["state"] == "failed"
    assert states == {"plan_range": "failed", "silver": "upstream_failed", "gold": "upstream_failed"}
    assert "end_date 2026-03-01 is before start_date 2026-03-20" in output
    assert "Running command: " not in output
    assert [line["task_id"] for line in json_lines_with(output, "salesflow_dag_failure")] == ["plan_range"]


def test_a_valid_range_reprocesses_silver_and_gold_idempotently(backfill) -> None:
    bronze = backfill["bronze"]
    today = datetime.now(UTC).date().isoformat()
    result, run, states = backfill["run"]("2026-03-23T00:00:00+00:00", {"start_date": today, "end_date": today})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert states == {"plan_range": "success", "silver": "success", "gold": "success"}
    assert output.count(f"as_of: '{today}T23:59:59.999999Z'") >= 2, "silver and gold ran with the planned as_of"
    connection = duckdb.connect(str(backfill["warehouse"]), read_only=True)
    try:
        orders = {row[0] for row in connection.execute("select order_id from gold.fct_orders").fetchall()}
    finally:
        connection.close()
    assert orders == bronze.placed_order_ids
