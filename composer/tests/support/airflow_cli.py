"""An isolated Airflow installation (home, SQLite database) driven through its real CLI."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import DAGS_DIR, venv_bin


def airflow_environment(home: Path) -> dict[str, str]:
    """Environment of an Airflow that keeps everything under ``home`` and loads only our DAGs."""
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
        "AIRFLOW__CORE__EXECUTOR": "SequentialExecutor",
        "AIRFLOW__COSMOS__CACHE_DIR": str(home / "cosmos-cache"),
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        "AIRFLOW__WEBSERVER__SECRET_KEY": "composer-tests",
        "NO_PROXY": "*",
    }


@dataclass
class AirflowHome:
    """One Airflow home with a migrated database."""

    home: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = {**os.environ, **airflow_environment(self.home)}

    def airflow(
        self, *args: str, config: dict[str, Any] | None = None, timeout: int = 900
    ) -> subprocess.CompletedProcess[str]:
        """Runs ``airflow ARGS`` with the ``salesflow_config`` Variable set to ``config``."""
        env = dict(self.env)
        if config is not None:
            env["AIRFLOW_VAR_SALESFLOW_CONFIG"] = json.dumps(config)
        return subprocess.run(
            [str(venv_bin("airflow", "airflow")), *args], env=env, capture_output=True, text=True, timeout=timeout
        )

    def migrate(self) -> None:
        result = self.airflow("db", "migrate")
        if result.returncode != 0:
            raise RuntimeError(f"airflow db migrate failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")

    def dag_run(self, dag_id: str, logical_date: str) -> dict[str, Any]:
        """``run_id`` and ``state`` of the run of ``dag_id`` at ``logical_date`` (ISO 8601, UTC)."""
        # `airflow dags list-runs` only knows DAGs a scheduler serialized; `dags test` runs none.
        day_and_time = logical_date[:19].replace("T", " ")
        rows = self._query(
            "select run_id, state from dag_run where dag_id = ? and substr(execution_date, 1, 19) = ?",
            (dag_id, day_and_time),
        )
        if len(rows) != 1:
            raise LookupError(f"expected one run of {dag_id} at {logical_date}, found {len(rows)}")
        return {"run_id": rows[0][0], "state": rows[0][1]}

    def task_states(self, dag_id: str, run_id: str) -> dict[str, str]:
        """``task_id -> state`` of one DAG run."""
        rows = self._query("select task_id, state from task_instance where dag_id = ? and run_id = ?", (dag_id, run_id))
        return {task_id: state for task_id, state in rows}

    def _query(self, sql: str, parameters: tuple[str, ...]) -> list[tuple[Any, ...]]:
        connection = sqlite3.connect(self.home / "airflow.db")
        try:
            return connection.execute(sql, parameters).fetchall()
        finally:
            connection.close()


def json_lines_with(text: str, event: str) -> list[dict[str, Any]]:
    """Every JSON object embedded in a log line of ``text`` whose ``event`` equals ``event``."""
    records = []
    for line in text.splitlines():
        # Log lines carry a "{file.py:NN}" location before the message: look for a JSON object.
        start = line.find('{"')
        if start < 0 or event not in line:
            continue
        try:
            record = json.loads(line[start:])
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and record.get("event") == event:
            records.append(record)
    return records


@dataclass(frozen=True)
class LogLine:
    """One line Airflow's default log format wrote: ``[time] {file.py:NN} LEVEL - message``."""

    level: str
    location: str
    message: str


_LOG_LINE = re.compile(r"^\[[^\]]+\] \{(?P<location>[^}]*)\} (?P<level>[A-Z]+) - (?P<message>.*)$")


def log_lines(text: str) -> list[LogLine]:
    """Every line of ``text`` in Airflow's default log format, with its level and location."""
    lines = []
    for line in text.splitlines():
        match = _LOG_LINE.match(line)
        if match:
            lines.append(LogLine(match["level"], match["location"], match["message"]))
    return lines
