"""Failure callbacks: one structured JSON log line per failure, matched by a log-based metric.

Cloud Logging keeps the line in ``textPayload`` of the Composer scheduler/worker logs; the
monitoring alert counts lines containing :data:`DAG_FAILURE_EVENT`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

DAG_FAILURE_EVENT = "salesflow_dag_failure"
"""Event name of a failed DAG run: the string the log-based metric matches."""
TASK_FAILURE_EVENT = "salesflow_task_failure"
"""Event name of a task that failed for good (retries exhausted): detail for the runbook."""

_log = logging.getLogger("salesflow.alerts")


def dag_failure_record(context: dict[str, Any]) -> dict[str, Any]:
    """The fields of a failed DAG run, taken from the callback context."""
    dag_run = context.get("dag_run")
    failed = _failed_task_ids(dag_run)
    return {
        "severity": "ERROR",
        "event": DAG_FAILURE_EVENT,
        "dag_id": _dag_id(context),
        "task_id": failed[0] if failed else None,
        "failed_task_ids": failed,
        "run_id": getattr(dag_run, "run_id", None) or context.get("run_id"),
        "logical_date": _iso(context.get("logical_date")),
        "reason": context.get("reason"),
    }


def task_failure_record(context: dict[str, Any]) -> dict[str, Any]:
    """The fields of a task that failed after its last retry, taken from the callback context."""
    task_instance = context.get("task_instance") or context.get("ti")
    exception = context.get("exception")
    return {
        "severity": "ERROR",
        "event": TASK_FAILURE_EVENT,
        "dag_id": _dag_id(context),
        "task_id": getattr(task_instance, "task_id", None),
        "run_id": getattr(task_instance, "run_id", None) or context.get("run_id"),
        "try_number": getattr(task_instance, "try_number", None),
        "logical_date": _iso(context.get("logical_date")),
        "error": str(exception)[:2000] if exception is not None else None,
    }


def on_dag_failure(context: dict[str, Any]) -> None:
    """DAG ``on_failure_callback``: logs the :data:`DAG_FAILURE_EVENT` line."""
    _emit(dag_failure_record(context))


def on_task_failure(context: dict[str, Any]) -> None:
    """Task ``on_failure_callback``: logs the :data:`TASK_FAILURE_EVENT` line."""
    _emit(task_failure_record(context))


def _emit(record: dict[str, Any]) -> None:
    # A callback must never raise: a broken alert would hide the failure it reports.
    try:
        line = json.dumps(record, default=str, sort_keys=True)
    except (TypeError, ValueError):
        line = json.dumps({"severity": "ERROR", "event": record.get("event"), "dag_id": str(record.get("dag_id"))})
    _log.error(line)


def _dag_id(context: dict[str, Any]) -> str | None:
    dag = context.get("dag")
    if dag is not None:
        return getattr(dag, "dag_id", None)
    return getattr(context.get("dag_run"), "dag_id", None)


def _failed_task_ids(dag_run: Any) -> list[str]:
    if dag_run is None or not hasattr(dag_run, "get_task_instances"):
        return []
    try:
        instances = dag_run.get_task_instances(state=["failed"])
    except Exception:  # noqa: BLE001 - the alert line matters more than the detail
        return []
    return sorted(instance.task_id for instance in instances)


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else None
