"""Every DAG file imports cleanly and declares the schedule, ordering and safety settings we rely on."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pendulum
import pytest
from conftest import salesflow_config
from support.paths import DAGS_DIR

EXPECTED_DAGS = {"sales_dbt_hourly", "sales_dbt_daily", "sales_backfill"}


@pytest.fixture(scope="module")
def manifest(parsed_project: Path) -> dict[str, Any]:
    return json.loads((parsed_project / "target" / "manifest.json").read_text())


@pytest.fixture(scope="module")
def dag_bag(airflow_home, parsed_project: Path, dbt_executable: Path, tmp_path_factory: pytest.TempPathFactory):
    config = salesflow_config(
        parsed_project, dbt_executable, tmp_path_factory.mktemp("wh") / "warehouse.duckdb", retries=2
    )
    os.environ["AIRFLOW_VAR_SALESFLOW_CONFIG"] = json.dumps(config)
    from airflow.models import DagBag

    return DagBag(dag_folder=str(DAGS_DIR), include_examples=False)


def _nodes_under(manifest: dict[str, Any], resource_type: str, folder: str = "") -> set[str]:
    return {
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == resource_type and node["original_file_path"].startswith(folder)
    }


def _ids_in_group(dag, group: str) -> set[str]:
    return {task_id.split(".", 1)[1] for task_id in dag.task_ids if task_id.startswith(f"{group}.")}


def _roots_and_leaves(dag, group: str) -> tuple[set[str], set[str]]:
    members = {task_id for task_id in dag.task_ids if task_id.startswith(f"{group}.")}
    roots = {t for t in members if not (dag.get_task(t).upstream_task_ids & members)}
    leaves = {t for t in members if not (dag.get_task(t).downstream_task_ids & members)}
    return roots, leaves


def _assert_stage_follows(dag, before: str, group: str) -> None:
    """Every first task of ``group`` waits for the task ``before``."""
    roots, _ = _roots_and_leaves(dag, group)
    assert roots, f"{group} has no tasks"
    for root in roots:
        assert before in dag.get_task(root).upstream_task_ids, f"{root} does not wait for {before}"


def test_every_dag_file_imports_without_errors(dag_bag) -> None:
    assert dag_bag.import_errors == {}
    assert set(dag_bag.dag_ids) == EXPECTED_DAGS


def test_dag_id_equals_file_name(dag_bag) -> None:
    for dag_id in EXPECTED_DAGS:
        assert Path(dag_bag.get_dag(dag_id).fileloc).name == f"{dag_id}.py"
    assert {path.stem for path in DAGS_DIR.glob("*.py")} == EXPECTED_DAGS


@pytest.mark.parametrize(
    ("dag_id", "schedule"),
    [("sales_dbt_hourly", "10 * * * *"), ("sales_dbt_daily", "40 3 * * *"), ("sales_backfill", None)],
)
def test_schedule_and_run_safety(dag_bag, dag_id: str, schedule: str | None) -> None:
    dag = dag_bag.get_dag(dag_id)
    assert dag.timetable.summary == (schedule or "None")
    assert dag.catchup is False
    assert dag.start_date == pendulum.datetime(2026, 1, 1, tz="UTC")
    assert dag.max_active_runs == 1
    assert dag.dagrun_timeout is not None and dag.dagrun_timeout > timedelta(0)
    assert dag.on_failure_callback is not None
    for task in dag.tasks:
        assert task.owner == "data-platform", task.task_id
        assert task.execution_timeout is not None, task.task_id
        assert task.on_failure_callback, task.task_id
        if task.task_id != "plan_range":
            assert task.retries == 2, task.task_id
            assert task.retry_exponential_backoff is True, task.task_id


def test_hourly_schedule_fits_its_interval(dag_bag) -> None:
    assert dag_bag.get_dag("sales_dbt_hourly").dagrun_timeout < timedelta(hours=1)


def test_hourly_runs_freshness_then_silver_snapshots_gold_through_the_selectors(dag_bag) -> None:
    dag = dag_bag.get_dag("sales_dbt_hourly")
    assert set(dag.task_ids) == {"source_freshness", "silver", "snapshots", "gold"}
    assert dag.get_task("source_freshness").selector == "freshness"
    assert dag.get_task("source_freshness").base_cmd == ["source", "freshness"]
    for task_id, selector in (("silver", "build_silver"), ("snapshots", "snapshot"), ("gold", "build_gold")):
        task = dag.get_task(task_id)
        assert task.base_cmd == ["build"], task_id
        assert task.selector == selector, task_id
        assert task.vars == {"reporting_currency": "USD", "lookback_days": 3, "scheduled_round": True}
    assert dag.get_task("source_freshness").upstream_task_ids == set()
    assert dag.get_task("silver").upstream_task_ids == {"source_freshness"}
    assert dag.get_task("snapshots").upstream_task_ids == {"silver"}
    assert dag.get_task("gold").upstream_task_ids == {"snapshots"}


def test_daily_checks_fx_freshness_rebuilds_everything_then_docs(dag_bag, manifest) -> None:
    dag = dag_bag.get_dag("sales_dbt_daily")
    assert dag.get_task("fx_rates_freshness").select == "source:bronze.fx_rates"
    nightly = _ids_in_group(dag, "nightly")
    expected = (
        {f"{name}_run" for name in _nodes_under(manifest, "model")}
        | {f"{name}_snapshot" for name in _nodes_under(manifest, "snapshot")}
        | {f"{name}_seed" for name in _nodes_under(manifest, "seed")}
        | {"dbt_test"}
    )
    assert nightly == expected, "one task per node of the manifest, then the full test suite"
    _, leaves = _roots_and_leaves(dag, "nightly")
    assert leaves == {"nightly.dbt_test"}
    # The nightly build re-reads lookback_days, so it picks up what landed later than a round's window.
    dbt_tasks = [task for task in dag.tasks if task.task_id.startswith("nightly.") and hasattr(task, "vars")]
    assert dbt_tasks, "the nightly group runs dbt"
    assert all(task.vars == {"reporting_currency": "USD", "lookback_days": 3} for task in dbt_tasks)
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        for parent in node["depends_on"]["nodes"]:
            parent_node = manifest["nodes"].get(parent)
            if parent_node and parent_node["resource_type"] in ("model", "snapshot", "seed"):
                suffix = {"model": "run", "snapshot": "snapshot", "seed": "seed"}[parent_node["resource_type"]]
                upstream = dag.get_task(f"nightly.{node['name']}_run").upstream_task_ids
                assert f"nightly.{parent_node['name']}_{suffix}" in upstream, (
                    f"{node['name']} after {parent_node['name']}"
                )
    assert dag.get_task("nightly.dbt_test").selector == "nightly"
    _assert_stage_follows(dag, "full_refresh", "nightly")
    assert dag.get_task("docs_generate").upstream_task_ids == {"nightly.dbt_test"}


def test_daily_runs_a_requested_full_refresh_before_the_nightly_build(dag_bag) -> None:
    dag = dag_bag.get_dag("sales_dbt_daily")
    assert set(dag.params.keys()) == {"full_refresh_select"}
    assert dag.params["full_refresh_select"] == "", "a scheduled run refreshes nothing"
    task = dag.get_task("full_refresh")
    assert task.base_cmd == ["build"]
    assert task.full_refresh is True
    assert task.select == "{{ params.full_refresh_select }}"
    assert task.upstream_task_ids == {"fx_rates_freshness"}


def test_backfill_plans_the_range_then_reprocesses_silver_and_gold(dag_bag) -> None:
    dag = dag_bag.get_dag("sales_backfill")
    assert set(dag.params.keys()) == {"start_date", "end_date"}
    assert set(dag.task_ids) == {"plan_range", "silver", "gold"}, "snapshots are never replayed"
    assert dag.get_task("plan_range").retries == 0
    assert dag.get_task("silver").upstream_task_ids == {"plan_range"}
    assert dag.get_task("gold").upstream_task_ids == {"silver"}
    for task_id, selector in (("silver", "build_silver"), ("gold", "build_gold")):
        task = dag.get_task(task_id)
        assert task.selector == selector
        assert "plan_range" in task.vars["as_of"] and "plan_range" in task.vars["lookback_days"]
