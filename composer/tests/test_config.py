"""Settings parsing and backfill planning: pure functions, no Airflow needed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from salesflow_orchestration.backfill import BackfillRangeError, plan_backfill
from salesflow_orchestration.config import parse_settings


def test_defaults_describe_composer_with_bigquery(tmp_path: Path) -> None:
    settings = parse_settings({"dbt_project_dir": str(tmp_path)}, {"GCP_PROJECT": "acme-prod"})
    assert settings.target == "bigquery"
    assert settings.gcp_project == "acme-prod"
    assert settings.dbt_manifest_path == tmp_path / "target" / "manifest.json"
    assert settings.dbt_profiles_dir == tmp_path
    assert settings.dbt_env() == {"DBT_THREADS": "4", "BQ_LOCATION": "EU", "BQ_PROJECT": "acme-prod"}
    assert settings.dbt_vars() == {"reporting_currency": "USD", "lookback_days": 3}


def test_local_target_takes_the_warehouse_from_the_environment(tmp_path: Path) -> None:
    settings = parse_settings(
        {"dbt_project_dir": str(tmp_path), "target": "local"}, {"SALESFLOW_WAREHOUSE": "w.duckdb"}
    )
    assert settings.dbt_env()["SALESFLOW_WAREHOUSE"] == "w.duckdb"
    assert "BQ_PROJECT" not in settings.dbt_env()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "target 'bigquery' needs gcp_project"),
        ({"target": "local"}, "target 'local' needs warehouse"),
        ({"target": "snowflake", "gcp_project": "p"}, "target must be one of local, bigquery"),
        ({"gcp_project": "p", "reporting_currency": "usd"}, "reporting_currency must be an ISO 4217 code"),
        ({"gcp_project": "p", "lookback_days": -1}, "lookback_days must be an integer from 0 to 400"),
        ({"gcp_project": "p", "retries": "3"}, "retries must be an integer"),
        ({"gcp_project": "p", "dbt_threads": True}, "dbt_threads must be an integer"),
        ({"gcp_project": "p", "password": "x"}, "unknown keys password"),
        ({"gcp_project": "p", "dbt_manifest_path": 7}, "dbt_manifest_path must be a path"),
    ],
)
def test_bad_settings_are_rejected_with_the_reason(tmp_path: Path, raw: dict, message: str) -> None:
    with pytest.raises(ValueError, match="invalid Airflow Variable salesflow_config") as error:
        parse_settings({"dbt_project_dir": str(tmp_path), **raw}, {})
    assert message in str(error.value)


def test_backfill_plan_reaches_back_to_the_start_and_stops_at_the_end_of_the_last_day() -> None:
    plan = plan_backfill("2026-03-01", "2026-03-07", today=date(2026, 3, 21))
    assert plan["as_of"] == "2026-03-07T23:59:59.999999Z"
    assert plan["lookback_days"] == 21
    single_day = plan_backfill("2026-03-21", "2026-03-21", today=date(2026, 3, 21))
    assert single_day["lookback_days"] == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (None, "2026-03-01", "start_date is required"),
        ("2026-03-01", "", "end_date is required"),
        ("01/03/2026", "2026-03-02", "start_date '01/03/2026' is not a date"),
        ("2026-03-05", "2026-03-01", "end_date 2026-03-01 is before start_date 2026-03-05"),
        ("2026-03-01", "2026-03-22", "end_date 2026-03-22 is in the future"),
        ("1999-12-31", "2000-01-01", "start_date 1999-12-31 is before 2000-01-01"),
    ],
)
def test_backfill_plan_rejects_unusable_ranges(start, end, message: str) -> None:
    with pytest.raises(BackfillRangeError, match=message):
        plan_backfill(start, end, today=date(2026, 3, 21))
