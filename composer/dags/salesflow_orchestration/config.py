"""Typed settings for every salesflow DAG, parsed once from the Airflow Variable ``salesflow_config``.

The Variable holds one JSON object. Airflow resolves it from the environment variable
``AIRFLOW_VAR_SALESFLOW_CONFIG`` first, then from the secrets backend and the metadata database, so
the infrastructure can set it as a Composer environment variable and an operator can still override
it in the UI. Every key is optional; the defaults describe a Composer 3 environment running the
``bigquery`` dbt target with the environment's service account. No secrets belong here: BigQuery
authenticates with application default credentials.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

CONFIG_VARIABLE = "salesflow_config"
"""Name of the Airflow Variable (or ``AIRFLOW_VAR_SALESFLOW_CONFIG``) holding the JSON settings."""

DAGS_DIR = Path(__file__).resolve().parents[1]

# Where the dbt project is found when `dbt_project_dir` is not set, first match wins: Composer's
# `data/` folder (the deploy uploads it there, beside `dags/`), then the repository layout.
_DBT_PROJECT_CANDIDATES = (DAGS_DIR.parent / "data" / "dbt", DAGS_DIR.parents[1] / "dbt")


@dataclass(frozen=True)
class Settings:
    """Everything the DAGs need to know about their environment, validated on construction."""

    dbt_project_dir: Path
    """Directory holding ``dbt_project.yml``."""
    dbt_manifest_path: Path
    """``manifest.json`` produced by ``dbt parse``; cosmos renders the task graph from it."""
    dbt_profiles_dir: Path
    """Directory holding ``profiles.yml`` (the project's own, which carries no credentials)."""
    target: str = "bigquery"
    """dbt target in ``dbt/profiles.yml``: ``bigquery`` on Composer, ``local`` (DuckDB) offline."""
    dbt_executable: str = "dbt"
    """dbt executable; dbt lives in its own virtualenv because its dependencies clash with Airflow's."""
    warehouse: str | None = None
    """DuckDB file of the ``local`` target."""
    gcp_project: str | None = None
    """BigQuery project of the ``bigquery`` target."""
    bigquery_location: str = "EU"
    dbt_threads: int = 4
    reporting_currency: str = "USD"
    lookback_days: int = 3
    owner: str = "data-platform"
    retries: int = 2
    retry_delay_seconds: int = 120
    docs_bucket: str | None = None
    """GCS bucket that receives ``dbt docs generate`` output; unset keeps the docs on the worker."""
    gcp_conn_id: str = "google_cloud_default"

    def __post_init__(self) -> None:
        problems = [problem for check in _CHECKS if (problem := check(self))]
        if problems:
            raise ValueError("; ".join(problems))

    def dbt_env(self) -> dict[str, str]:
        """Environment variables ``dbt/profiles.yml`` reads, for the dbt subprocesses."""
        env = {"DBT_THREADS": str(self.dbt_threads), "BQ_LOCATION": self.bigquery_location}
        if self.warehouse:
            env["SALESFLOW_WAREHOUSE"] = self.warehouse
        if self.gcp_project:
            env["BQ_PROJECT"] = self.gcp_project
        return env

    def dbt_vars(self) -> dict[str, Any]:
        """The dbt vars every scheduled run passes."""
        return {"reporting_currency": self.reporting_currency, "lookback_days": self.lookback_days}

    def round_vars(self) -> dict[str, Any]:
        """The dbt vars of the hourly round: it re-reads ``round_lookback_hours`` (dbt_project.yml),
        not ``lookback_days``, which the nightly build re-reads."""
        return {**self.dbt_vars(), "scheduled_round": True}


def _int_between(name: str, low: int, high: int) -> Callable[[Settings], str | None]:
    def check(settings: Settings) -> str | None:
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"{name} must be an integer from {low} to {high}, got {value!r}"
        return None

    return check


def _non_empty_string(name: str, *, optional: bool = False) -> Callable[[Settings], str | None]:
    def check(settings: Settings) -> str | None:
        value = getattr(settings, name)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            return f"{name} must be a non-empty string, got {value!r}"
        return None

    return check


def _target_and_location(settings: Settings) -> str | None:
    if settings.target not in TARGETS:
        return f"target must be one of {', '.join(TARGETS)}, got {settings.target!r}"
    if settings.target == "bigquery" and not settings.gcp_project:
        return "target 'bigquery' needs gcp_project (or GCP_PROJECT in the environment)"
    if settings.target == "local" and not settings.warehouse:
        return "target 'local' needs warehouse (or SALESFLOW_WAREHOUSE in the environment)"
    return None


def _currency(settings: Settings) -> str | None:
    if not isinstance(settings.reporting_currency, str) or not re.fullmatch(r"[A-Z]{3}", settings.reporting_currency):
        return f"reporting_currency must be an ISO 4217 code like USD, got {settings.reporting_currency!r}"
    return None


TARGETS = ("local", "bigquery")
"""dbt targets of ``dbt/profiles.yml``."""

_CHECKS: tuple[Callable[[Settings], str | None], ...] = (
    _target_and_location,
    _currency,
    _int_between("dbt_threads", 1, 64),
    _int_between("lookback_days", 0, 400),
    _int_between("retries", 0, 10),
    _int_between("retry_delay_seconds", 1, 3600),
    _non_empty_string("dbt_executable"),
    _non_empty_string("owner"),
    _non_empty_string("bigquery_location"),
    _non_empty_string("gcp_conn_id"),
    _non_empty_string("warehouse", optional=True),
    _non_empty_string("gcp_project", optional=True),
    _non_empty_string("docs_bucket", optional=True),
)
_FIELDS = frozenset(field.name for field in fields(Settings))


def parse_settings(raw: dict[str, Any], environ: dict[str, str]) -> Settings:
    """Validates ``raw`` (the Variable's JSON object) and fills the defaults from ``environ``."""
    values = dict(raw)
    values.setdefault("dbt_project_dir", _default_dbt_project_dir())
    project_dir = values["dbt_project_dir"]
    if isinstance(project_dir, (str, Path)):
        values.setdefault("dbt_manifest_path", Path(project_dir) / "target" / "manifest.json")
        values.setdefault("dbt_profiles_dir", project_dir)
    if "gcp_project" not in values:
        values["gcp_project"] = environ.get("GCP_PROJECT") or environ.get("GOOGLE_CLOUD_PROJECT")
    if "warehouse" not in values:
        values["warehouse"] = environ.get("SALESFLOW_WAREHOUSE")
    unknown = sorted(set(values) - _FIELDS)
    if unknown:
        raise ValueError(f"invalid Airflow Variable {CONFIG_VARIABLE}: unknown keys {', '.join(unknown)}")
    for name in ("dbt_project_dir", "dbt_manifest_path", "dbt_profiles_dir"):
        value = values.get(name)
        if not isinstance(value, (str, Path)) or not str(value).strip():
            raise ValueError(f"invalid Airflow Variable {CONFIG_VARIABLE}: {name} must be a path, got {value!r}")
        values[name] = Path(values[name])
    try:
        return Settings(**values)
    except ValueError as error:
        raise ValueError(f"invalid Airflow Variable {CONFIG_VARIABLE}: {error}") from None


@lru_cache(maxsize=1)
def load_settings() -> Settings:
    """Reads the ``salesflow_config`` Variable once per process and returns the typed settings."""
    text = _read_variable(CONFIG_VARIABLE)
    try:
        raw = json.loads(text) if text else {}
    except json.JSONDecodeError as error:
        raise ValueError(f"Airflow Variable {CONFIG_VARIABLE} is not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise ValueError(f"Airflow Variable {CONFIG_VARIABLE} must be a JSON object")
    return parse_settings(raw, dict(os.environ))


def _default_dbt_project_dir() -> Path:
    for candidate in _DBT_PROJECT_CANDIDATES:
        if (candidate / "dbt_project.yml").is_file():
            return candidate
    return _DBT_PROJECT_CANDIDATES[0]


def _read_variable(key: str) -> str | None:
    try:  # Airflow 3
        from airflow.sdk import Variable

        return Variable.get(key, default=None)
    except ImportError:  # Airflow 2
        from airflow.models import Variable

        return Variable.get(key, default_var=None)
