"""Parses every compiled model and data test of a dbt manifest with sqlglot's BigQuery dialect.

Usage: python parse_bigquery.py <target-dir>
Prints one JSON object: {"parsed": [...names], "failed": [{"name", "error"}]}; exits 1 on failures.
"""
import json
import sys
from pathlib import Path

import sqlglot
from sqlglot.errors import ParseError


def main(target_dir: str) -> int:
    manifest = json.loads((Path(target_dir) / "manifest.json").read_text())
    parsed, failed = [], []
    for node in manifest["nodes"].values():
        if node["resource_type"] not in ("model", "test") or not node.get("compiled"):
            continue
        code = node.get("compiled_code") or ""
        try:
            statements = [s for s in sqlglot.parse(code, read="bigquery") if s is not None]
            if not statements:
                raise ParseError("no statement")
            parsed.append(node["unique_id"])
        except ParseError as error:
            failed.append({"name": node["unique_id"], "error": str(error)[:500]})
    print(json.dumps({"parsed": sorted(parsed), "failed": failed}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
