"""A dbt process that stays up between commands.

Importing dbt and registering its adapter costs seconds before any node runs; a runner that builds
every few minutes pays that once by sending its commands here instead of starting ``dbt`` each time.

Protocol, one JSON object per line:

* stdin  ← ``{"args": ["build", "--selector", "hourly", ...], "env": {"SALESFLOW_WAREHOUSE": "..."}}``
* stdout → ``{"ready": true}`` once, then one ``{"exitCode": 0|1|2, "error": str|null}`` per command,
  with the exit codes of the ``dbt`` command line (1: a node failed, 2: dbt itself failed).

dbt's own output goes to stderr. Each command sees the environment the worker started with plus its
``env``; the project is re-parsed (partially) every time, so edited models are picked up.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO


def _replies() -> TextIO:
    """The stream replies go to, after dbt's console output has been moved to stderr."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    return replies


def _release_warehouse() -> None:
    """Closes the DuckDB file so other processes can open it between commands.

    dbt-duckdb keeps its database handle in a class attribute for the life of the process; the
    ``dbt`` command line never notices because it exits.
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
        DuckDBConnectionManager._ENV = None


def run_command(runner: Any, request: dict[str, Any], base_env: dict[str, str]) -> dict[str, Any]:
    """Runs one dbt command line in this process; returns its reply."""
    args = request.get("args")
    env = request.get("env", {})
    if not isinstance(args, list) or not all(isinstance(arg, str) for arg in args):
        return {"exitCode": 2, "error": "args must be a list of strings"}
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        return {"exitCode": 2, "error": "env must map names to strings"}
    os.environ.clear()
    os.environ.update(base_env)
    os.environ.update(env)
    try:
        result = runner.invoke(args)
    except BaseException as error:  # noqa: BLE001 — the worker must answer whatever dbt raised
        return {"exitCode": 2, "error": f"{type(error).__name__}: {error}"}
    finally:
        _release_warehouse()
    if result.success:
        return {"exitCode": 0, "error": None}
    if result.exception is not None:
        return {"exitCode": 2, "error": f"{type(result.exception).__name__}: {result.exception}"}
    return {"exitCode": 1, "error": None}


def main() -> int:
    replies = _replies()
    from dbt.cli.main import dbtRunner

    runner = dbtRunner()
    base_env = dict(os.environ)
    replies.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except json.JSONDecodeError as error:
            reply: dict[str, Any] = {"exitCode": 2, "error": f"not JSON: {error}"}
        else:
            reply = (
                run_command(runner, request, base_env)
                if isinstance(request, dict)
                else {"exitCode": 2, "error": "a request is a JSON object"}
            )
        replies.write(json.dumps(reply) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
