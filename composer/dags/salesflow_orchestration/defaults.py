"""DAG-wide defaults shared by every salesflow DAG."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum

from .alerts import on_task_failure
from .config import Settings

START_DATE = pendulum.datetime(2026, 1, 1, tz="UTC")
"""Fixed start date: with ``catchup=False`` it only anchors the schedule, it triggers no history."""

TAGS = ["salesflow", "dbt"]


def default_args(settings: Settings, *, execution_timeout: timedelta) -> dict[str, Any]:
    """Owner, retries with exponential backoff, a per-task timeout and the task failure alert."""
    return {
        "owner": settings.owner,
        "depends_on_past": False,
        "retries": settings.retries,
        "retry_delay": timedelta(seconds=settings.retry_delay_seconds),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=30),
        "execution_timeout": execution_timeout,
        "on_failure_callback": on_task_failure,
    }
