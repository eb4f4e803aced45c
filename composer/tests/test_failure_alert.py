"""A broken model fails the hourly run, after one retry, and the failure callbacks emit their alert lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import salesflow_config
from support.airflow_cli import AirflowHome, json_lines_with, log_lines
from support.bronze import write_bronze_warehouse
from support.dbt_project import copy_dbt_project, dbt_parse

LOGICAL_DATE = "2026-03-21T11:10:00+00:00"
BROKEN_MODEL = "stg_broken_for_alert_test"


@pytest.fixture(scope="module")
def failed_run(airflow_home: AirflowHome, parsed_project: Path, dbt_executable: Path, ddl: str, tmp_path_factory):
    root = tmp_path_factory.mktemp("broken")
    # Start from the parsed copy so dbt only re-parses the one new file.
    project = copy_dbt_project(root / "dbt", source=parsed_project, keep_target=True)
    (project / "models" / "staging" / f"{BROKEN_MODEL}.sql").write_text(
        "select no_such_column from {{ source('bronze', 'sales_events') }}\n"
    )
    warehouse = root / "warehouse.duckdb"
    write_bronze_warehouse(warehouse, ddl)
    dbt_parse(project, dbt_executable, warehouse)
    config = salesflow_config(project, dbt_executable, warehouse, retries=1, retry_delay_seconds=1)
    result = airflow_home.airflow("dags", "test", "sales_dbt_hourly", LOGICAL_DATE, config=config, timeout=1500)
    run = airflow_home.dag_run("sales_dbt_hourly", LOGICAL_DATE)
    states = airflow_home.task_states("sales_dbt_hourly", run["run_id"])
    return {"result": result, "run": run, "states": states, "output": result.stdout + result.stderr}


def test_the_run_fails_at_the_broken_model_and_stops_before_snapshots_and_gold(failed_run) -> None:
    assert failed_run["result"].returncode != 0
    assert failed_run["run"]["state"] == "failed"
    assert failed_run["states"] == {
        "source_freshness": "success",
        "silver": "failed",
        "snapshots": "upstream_failed",
        "gold": "upstream_failed",
    }
    assert f"ERROR creating sql view model silver.{BROKEN_MODEL}" in failed_run["output"]


def test_the_dag_failure_callback_logs_one_structured_line(failed_run) -> None:
    lines = json_lines_with(failed_run["output"], "salesflow_dag_failure")
    assert len(lines) == 1, failed_run["output"][-5000:]
    line = lines[0]
    assert line["severity"] == "ERROR"
    assert line["dag_id"] == "sales_dbt_hourly"
    assert line["run_id"] == failed_run["run"]["run_id"]
    assert line["task_id"] == "silver"
    assert line["failed_task_ids"] == ["silver"]


def test_the_task_failure_callback_fires_once_after_the_retry(failed_run) -> None:
    lines = json_lines_with(failed_run["output"], "salesflow_task_failure")
    assert [line["task_id"] for line in lines] == ["silver"]
    assert lines[0]["try_number"] == 2
    assert lines[0]["run_id"] == failed_run["run"]["run_id"]
    assert lines[0]["error"]


def test_airflow_marks_the_task_failed_for_good_at_info(failed_run) -> None:
    """The monitoring filter matches this line with no severity condition, because it is logged at INFO."""
    failed_for_good = [
        line
        for line in log_lines(failed_run["output"])
        if "Marking task as FAILED" in line.message and "dag_id=sales_dbt_hourly" in line.message
    ]
    assert failed_for_good, failed_run["output"][-5000:]
    assert {line.level for line in failed_for_good} == {"INFO"}
    assert all("task_id=silver" in line.message for line in failed_for_good)
