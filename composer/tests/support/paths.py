"""Repository paths and the cached toolchain's executables (resolved by scripts/toolchain.mjs)."""

from __future__ import annotations

import json
import subprocess
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
DAGS_DIR = REPO_ROOT / "composer" / "dags"
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
CONTRACT_EXAMPLES_DIR = REPO_ROOT / "contract" / "examples"


@cache
def venv_bin(venv: str, executable: str) -> Path:
    """Path of ``executable`` in the cached venv ``venv``, as the setup script builds it."""
    script = (
        "import(process.argv[1]).then((t) => console.log(JSON.stringify(t.venvBin(process.argv[2], process.argv[3]))))"
    )
    output = subprocess.run(
        ["node", "-e", script, (REPO_ROOT / "scripts" / "toolchain.mjs").as_uri(), venv, executable],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(json.loads(output))
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `node scripts/setup.mjs --only venv:{venv}`")
    return path
