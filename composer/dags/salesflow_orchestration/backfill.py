"""Turning a backfill date range into the dbt vars that make Silver re-read exactly that range."""

from __future__ import annotations

from datetime import date
from typing import Any

EARLIEST_DATE = date(2000, 1, 1)
MAX_RANGE_DAYS = 3660


class BackfillRangeError(ValueError):
    """The requested backfill range is unusable; the message says why."""


def plan_backfill(start_date: str | None, end_date: str | None, today: date) -> dict[str, Any]:
    """dbt vars for reprocessing the ingestion days ``start_date``..``end_date`` (inclusive).

    Incremental models re-read Bronze from ``newest row - lookback_days``; the newest row is at most
    ``today``, so a lookback reaching one day before ``start_date`` from ``today`` covers the
    range. ``as_of`` stops the read at the end of ``end_date`` (UTC). Rows merge on their unique
    key, so reprocessing is idempotent.
    """
    start = _parse_day("start_date", start_date)
    end = _parse_day("end_date", end_date)
    if start < EARLIEST_DATE:
        raise BackfillRangeError(f"start_date {start} is before {EARLIEST_DATE}")
    if end < start:
        raise BackfillRangeError(f"end_date {end} is before start_date {start}")
    if end > today:
        raise BackfillRangeError(f"end_date {end} is in the future (today is {today} UTC)")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise BackfillRangeError(f"range {start}..{end} is longer than {MAX_RANGE_DAYS} days")
    return {
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "as_of": f"{end.isoformat()}T23:59:59.999999Z",
        "lookback_days": (today - start).days + 1,
    }


def _parse_day(name: str, value: str | None) -> date:
    if not value:
        raise BackfillRangeError(f"{name} is required (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BackfillRangeError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None
