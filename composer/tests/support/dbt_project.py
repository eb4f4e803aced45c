"""Working copies of the dbt project, parsed into a manifest the DAGs are rendered from."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .paths import DBT_PROJECT_DIR

# The TypeScript tests and build output are not part of the dbt project proper.
_NOT_COPIED = shutil.ignore_patterns("target", "logs", "dbt_packages", "test", ".user.yml", "node_modules")


def copy_dbt_project(destination: Path, source: Path = DBT_PROJECT_DIR, keep_target: bool = False) -> Path:
    """Copies the project to ``destination`` (a new directory) and returns it."""
    ignore = shutil.ignore_patterns("logs", "test", ".user.yml") if keep_target else _NOT_COPIED
    shutil.copytree(source, destination, ignore=ignore)
    return destination


def dbt_parse(project_dir: Path, dbt: Path, warehouse: Path) -> Path:
    """Runs ``dbt parse`` for the local target and returns the manifest path."""
    _run_dbt(project_dir, dbt, warehouse, ["parse"])
    return project_dir / "target" / "manifest.json"


def dbt_list(project_dir: Path, dbt: Path, work_dir: Path, selector: str, resource_type: str) -> set[str]:
    """Names of the ``resource_type`` nodes that ``selector`` selects (``dbt ls``, artefacts in ``work_dir``)."""
    args = ["ls", "--selector", selector, "--resource-type", resource_type, "--output", "name", "--quiet"]
    args += ["--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")]
    stdout = _run_dbt(project_dir, dbt, work_dir / "warehouse.duckdb", args)
    return {line.strip() for line in stdout.splitlines() if line.strip()}


def _run_dbt(project_dir: Path, dbt: Path, warehouse: Path, args: list[str]) -> str:
    """Runs ``dbt <args>`` on the local target of ``project_dir``; returns its output, raising on failure."""
    result = subprocess.run(
        [str(dbt), *args, "--profiles-dir", str(project_dir), "--project-dir", str(project_dir), "--target", "local"],
        cwd=project_dir,
        env=_dbt_env(warehouse),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"dbt {args[0]} failed in {project_dir}:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    return result.stdout


def _dbt_env(warehouse: Path) -> dict[str, str]:
    return {**os.environ, "SALESFLOW_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
