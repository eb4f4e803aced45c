"""The daily DAG's ``full_refresh`` task for real (``airflow tasks test`` over the hourly run's warehouse).

A triggered run's ``full_refresh_select`` (docs/runbook.md, schema-revision rollout) rebuilds what it
names with ``dbt build --full-refresh``; a scheduled run, the param empty, runs no dbt command.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import salesflow_config
from support.airflow_cli import AirflowHome

LOGICAL_DATE = "2026-03-22T03:40:00+00:00"


@pytest.fixture(scope="module")
def full_refresh(airflow_home: AirflowHome, parsed_project: Path, dbt_executable: Path, hourly_run, tmp_path_factory):
    # A deployment in service: start from a copy of the hourly run's warehouse.
    warehouse = tmp_path_factory.mktemp("full-refresh") / "warehouse.duckdb"
    shutil.copyfile(hourly_run["warehouse"], warehouse)
    config = salesflow_config(parsed_project, dbt_executable, warehouse)

    def run(params: dict[str, str] | None):
        extra = ["-t", json.dumps(params)] if params is not None else []
        return airflow_home.airflow(
            "tasks", "test", "sales_dbt_daily", "full_refresh", LOGICAL_DATE, *extra, config=config, timeout=1500
        )

    return {"run": run, "warehouse": warehouse, "bronze": hourly_run["bronze"]}


def test_a_scheduled_run_refreshes_nothing(full_refresh) -> None:
    result = full_refresh["run"](None)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "No full refresh requested" in output
    assert "Running command: " not in output


def test_a_requested_selection_is_rebuilt_with_full_refresh(full_refresh) -> None:
    result = full_refresh["run"]({"full_refresh_select": "int_orders+"})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    command = next(line for line in output.splitlines() if "Running command: " in line)
    assert "'build'" in command and "'--full-refresh'" in command and "'--select', 'int_orders+'" in command
    assert "Done. PASS=" in output and " ERROR=0 " in output
    connection = duckdb.connect(str(full_refresh["warehouse"]), read_only=True)
    try:
        orders = {row[0] for row in connection.execute("select order_id from gold.fct_orders").fetchall()}
    finally:
        connection.close()
    assert orders == full_refresh["bronze"].placed_order_ids
