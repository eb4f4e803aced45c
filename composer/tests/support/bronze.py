"""A DuckDB warehouse holding Bronze rows made from the contract's example events.

The DDL comes from the contract package (the single definition of the Bronze layout); rows are
inserted the way the ingest sinks write them, including one redelivered duplicate and one rejected
message, and daily EUR-based FX rates (business days only) covering the events' dates.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb

from .paths import CONTRACT_EXAMPLES_DIR, REPO_ROOT

FX_RATES_PER_EUR = {
    "USD": Decimal("1.0871"),
    "JPY": Decimal("161.42"),
    "BRL": Decimal("5.4310"),
    "GBP": Decimal("0.8532"),
}


@dataclass(frozen=True)
class BronzeFixture:
    """What was written, so tests derive their expectations from the input rather than constants."""

    events: tuple[dict, ...]
    duplicated_event_id: str
    sales_event_rows: int
    rejected_rows: int
    fx_rate_rows: int

    @property
    def placed_order_ids(self) -> set[str]:
        return {event["order_id"] for event in self.events if event["event_type"] == "order_placed"}


def bronze_ddl() -> str:
    """The DuckDB DDL of every Bronze table, from the contract package."""
    script = "import('@salesflow/contract').then((c) => console.log(c.BRONZE_TABLES.map(c.duckDbDdl).join(';\\n')))"
    return subprocess.run(
        ["npx", "--no-install", "tsx", "-e", script], cwd=REPO_ROOT, check=True, capture_output=True, text=True
    ).stdout


def example_events() -> tuple[dict, ...]:
    """The contract's example events, in file-name order, plus the order each refund refers to.

    A refund's event repeats its order's details, so the original ``order_placed`` event is rebuilt
    from it (two days earlier, with a derived event id): Silver requires every refund to have an order.
    """
    examples = [json.loads(path.read_text()) for path in sorted(CONTRACT_EXAMPLES_DIR.glob("*.json"))]
    placed = {event["order_id"] for event in examples if event["event_type"] == "order_placed"}
    originals = [
        _original_order(event)
        for event in examples
        if event["event_type"] == "order_refunded" and event["refund"]["original_order_id"] not in placed
    ]
    return tuple(originals + examples)


def _original_order(refund_event: dict) -> dict:
    order = {key: value for key, value in refund_event.items() if key != "refund"}
    order["event_type"] = "order_placed"
    order["event_id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"salesflow:order_placed:{refund_event['order_id']}"))
    placed_at = datetime.fromisoformat(refund_event["event_time"]) - timedelta(days=2)
    order["event_time"] = placed_at.isoformat()
    return order


def write_bronze_warehouse(path: Path, ddl: str, now: datetime | None = None) -> BronzeFixture:
    """Creates ``path`` with the Bronze schema and rows; returns what it wrote."""
    now = now or datetime.now(UTC)
    events = example_events()
    connection = duckdb.connect(str(path))
    try:
        connection.execute("create schema if not exists bronze")
        connection.execute(ddl)
        event_rows = [_event_row(event, now - timedelta(minutes=30 - index)) for index, event in enumerate(events)]
        # At-least-once delivery: the first event arrives a second time under a new message id.
        event_rows.append(_event_row(events[0], now - timedelta(minutes=5)))
        connection.executemany("insert into bronze.sales_events values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", event_rows)
        connection.execute(
            "insert into bronze.sales_events_rejected values (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                b"{not json",
                "invalid_json",
                json.dumps([{"path": "", "code": "invalid_json", "message": "Unexpected token n"}]),
                str(uuid.uuid4()),
                now - timedelta(minutes=4),
                json.dumps({"source": "test"}),
                now - timedelta(minutes=4),
                "function",
            ],
        )
        fx_rows = _fx_rows(events, now)
        connection.executemany("insert into bronze.fx_rates values (?, ?, ?, ?, ?, ?)", fx_rows)
    finally:
        connection.close()
    return BronzeFixture(
        events=events,
        duplicated_event_id=events[0]["event_id"],
        sales_event_rows=len(event_rows),
        rejected_rows=1,
        fx_rate_rows=len(fx_rows),
    )


def _event_row(event: dict, ingested_at: datetime) -> list:
    attributes = {
        "event_type": event["event_type"],
        "schema_version": str(event["schema_version"]),
        "event_time": event["event_time"],
        "source": "test",
    }
    return [
        event["event_id"],
        event["event_type"],
        datetime.fromisoformat(event["event_time"]),
        event["schema_version"],
        json.dumps(event),
        str(uuid.uuid4()),
        ingested_at - timedelta(seconds=2),
        json.dumps(attributes),
        ingested_at,
        "function",
    ]


def _fx_rows(events: tuple[dict, ...], now: datetime) -> list[list]:
    event_days = [datetime.fromisoformat(event["event_time"]).astimezone(UTC).date() for event in events]
    first, last = min(event_days) - timedelta(days=7), max(event_days)
    rows = []
    day = first
    while day <= last:
        if day.weekday() < 5:  # ECB publishes on business days only; Silver carries rates forward.
            rows.extend([day, "EUR", currency, rate, "ecb", now] for currency, rate in FX_RATES_PER_EUR.items())
        day += timedelta(days=1)
    return rows
