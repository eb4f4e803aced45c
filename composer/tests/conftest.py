"""Session fixtures: one migrated Airflow home, one parsed copy of the dbt project.

Airflow reads its configuration when first imported, so the environment of the in-process DagBag is
set here, before any test module imports Airflow.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support.airflow_cli import AirflowHome, airflow_environment  # noqa: E402
from support.bronze import bronze_ddl, write_bronze_warehouse  # noqa: E402
from support.dbt_project import copy_dbt_project, dbt_parse  # noqa: E402
from support.paths import DAGS_DIR, venv_bin  # noqa: E402

_SESSION_HOME = Path(tempfile.mkdtemp(prefix="salesflow-airflow-"))
os.environ.update(airflow_environment(_SESSION_HOME))
sys.path.insert(0, str(DAGS_DIR))


@pytest.fixture(scope="session")
def airflow_home() -> Iterator[AirflowHome]:
    home = AirflowHome(_SESSION_HOME)
    home.migrate()
    yield home
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def dbt_executable() -> Path:
    return venv_bin("dbt", "dbt")


@pytest.fixture(scope="session")
def ddl() -> str:
    return bronze_ddl()


@pytest.fixture(scope="session")
def parsed_project(tmp_path_factory: pytest.TempPathFactory, dbt_executable: Path) -> Path:
    """A copy of ``dbt/`` with ``target/manifest.json`` (and partial-parse state) from ``dbt parse``."""
    project = copy_dbt_project(tmp_path_factory.mktemp("parsed") / "dbt")
    dbt_parse(project, dbt_executable, tmp_path_factory.mktemp("parse") / "warehouse.duckdb")
    return project


HOURLY_LOGICAL_DATE = "2026-03-21T10:10:00+00:00"


@pytest.fixture(scope="session")
def hourly_run(
    airflow_home: AirflowHome, parsed_project: Path, dbt_executable: Path, ddl: str, tmp_path_factory
) -> dict[str, Any]:
    """One real ``airflow dags test sales_dbt_hourly`` over a fresh Bronze warehouse, and its outcome."""
    warehouse = tmp_path_factory.mktemp("hourly") / "warehouse.duckdb"
    bronze = write_bronze_warehouse(warehouse, ddl)
    config = salesflow_config(parsed_project, dbt_executable, warehouse)
    result = airflow_home.airflow("dags", "test", "sales_dbt_hourly", HOURLY_LOGICAL_DATE, config=config, timeout=1500)
    run = airflow_home.dag_run("sales_dbt_hourly", HOURLY_LOGICAL_DATE)
    states = airflow_home.task_states("sales_dbt_hourly", run["run_id"])
    return {"result": result, "run": run, "states": states, "warehouse": warehouse, "bronze": bronze}


def salesflow_config(project: Path, dbt_executable: Path, warehouse: Path, **overrides: Any) -> dict[str, Any]:
    """The ``salesflow_config`` Variable for running the DAGs against a local DuckDB warehouse."""
    return {
        "target": "local",
        "dbt_project_dir": str(project),
        "dbt_executable": str(dbt_executable),
        "warehouse": str(warehouse),
        "dbt_threads": 1,
        "retries": 0,
        **overrides,
    }
