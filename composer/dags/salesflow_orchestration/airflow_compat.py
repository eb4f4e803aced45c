"""The DAG-authoring names the DAGs use, from Airflow 3's ``airflow.sdk`` or Airflow 2's modules."""

from __future__ import annotations

try:  # Airflow 3
    from airflow.sdk import DAG, Param, task
except ImportError:  # Airflow 2.11 (Cloud Composer 3)
    from airflow.decorators import task
    from airflow.models.dag import DAG
    from airflow.models.param import Param

__all__ = ["DAG", "Param", "task"]
