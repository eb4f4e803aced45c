"""``airflow dags test sales_dbt_hourly`` for real (the ``hourly_run`` fixture): SQLite metadata, dbt on DuckDB."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import duckdb
from support.airflow_cli import json_lines_with
from support.bronze import BronzeFixture
from support.dbt_project import dbt_list


def _manifest(project: Path) -> dict[str, Any]:
    return json.loads((project / "target" / "manifest.json").read_text())


def _relations(warehouse: Path) -> dict[tuple[str, str], int]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = connection.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in ('silver', 'snapshots', 'gold')"
        ).fetchall()
        return {
            (schema, name): connection.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
            for schema, name in tables
        }
    finally:
        connection.close()


def test_the_dag_run_succeeds(hourly_run) -> None:
    result = hourly_run["result"]
    assert result.returncode == 0, f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    assert hourly_run["run"]["state"] == "success"
    failed = {task: state for task, state in hourly_run["states"].items() if state != "success"}
    assert failed == {}


def test_every_stage_ran_and_every_periodic_dbt_test_passed(
    hourly_run, parsed_project: Path, dbt_executable: Path, tmp_path: Path
) -> None:
    assert set(hourly_run["states"]) == {"source_freshness", "silver", "snapshots", "gold"}
    output = hourly_run["result"].stdout + hourly_run["result"].stderr
    data_tests = {
        node["name"] for node in _manifest(parsed_project)["nodes"].values() if node["resource_type"] == "test"
    }
    nightly_checks = dbt_list(parsed_project, dbt_executable, tmp_path, "nightly_checks", "test")
    passed = set(re.findall(r"\d+ of \d+ PASS (\S+)", output))
    assert data_tests, "the dbt project defines tests"
    assert nightly_checks and nightly_checks < data_tests, "the nightly checks are some of the tests"
    assert data_tests - nightly_checks - passed == set(), "every periodic data test ran and passed"
    assert passed & nightly_checks == set(), "the nightly checks are left to the daily DAG"
    assert re.findall(r"\d+ of \d+ (?:FAIL|ERROR|WARN) (\S+)", output) == []
    summaries = re.findall(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", output)
    assert len(summaries) == 3, "one dbt build per model stage"
    assert all(errors == "0" and skipped == "0" for _, _, errors, skipped in summaries)
    assert json_lines_with(output, "salesflow_dag_failure") == []


def test_silver_snapshots_and_gold_exist_with_rows(hourly_run, parsed_project: Path) -> None:
    relations = _relations(hourly_run["warehouse"])
    manifest = _manifest(parsed_project)
    expected = {
        (node["schema"], node["alias"])
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "snapshot", "seed") and node["config"].get("materialized") != "ephemeral"
    }
    assert expected, "the manifest defines models"
    missing = expected - set(relations)
    assert missing == set()
    for schema in ("silver", "snapshots", "gold"):
        assert any(count > 0 for (s, _), count in relations.items() if s == schema), f"{schema} holds rows"


def test_gold_has_one_row_per_placed_order_despite_the_redelivered_duplicate(hourly_run) -> None:
    bronze: BronzeFixture = hourly_run["bronze"]
    assert bronze.sales_event_rows == len(bronze.events) + 1
    connection = duckdb.connect(str(hourly_run["warehouse"]), read_only=True)
    try:
        order_ids = [row[0] for row in connection.execute("select order_id from gold.fct_orders").fetchall()]
        current_customers = connection.execute(
            "select count(*) from snapshots.snap_customers where dbt_valid_to is null"
        ).fetchone()[0]
    finally:
        connection.close()
    assert sorted(order_ids) == sorted(bronze.placed_order_ids)
    # Shipments and deliveries carry no customer: the customers are those of the order events.
    customers = {event["customer"]["customer_id"] for event in bronze.events if "customer" in event}
    assert customers and current_customers == len(customers)
