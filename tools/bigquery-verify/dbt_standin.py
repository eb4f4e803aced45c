"""Runs dbt-bigquery against a stand-in for the BigQuery API (the GCP control plane cannot run here).

Usage: python dbt_standin.py <dbt arguments...>

dbt-bigquery runs unchanged — its materializations, its introspection, its DDL and DML — except
that the `google.cloud.bigquery.Client` it would open is replaced by `ControlPlaneStandIn`. The
stand-in holds no tables itself: every statement and every metadata call goes to the process that
started this one (file descriptor 3 carries one JSON request per line, descriptor 4 the answers),
which analyzes the statement with GoogleSQL's own analyzer and keeps the catalog of datasets,
tables and their columns. A statement the analyzer rejects fails the dbt node like BigQuery's
"400 Bad Request" would.
"""
import json
import os
import sys
import threading
import uuid

from google.api_core.exceptions import BadRequest, NotFound
from google.cloud.bigquery import Dataset, DatasetReference, SchemaField, Table, TableReference


class _Channel:
    """One request/answer at a time over the two pipes the parent process opened."""

    def __init__(self) -> None:
        self._requests = os.fdopen(3, "w", encoding="utf-8")
        self._answers = os.fdopen(4, "r", encoding="utf-8")
        self._lock = threading.Lock()

    def ask(self, request: dict) -> dict:
        from dbt_common.events.contextvars import get_node_info

        request["node"] = (get_node_info() or {}).get("unique_id")
        with self._lock:
            self._requests.write(json.dumps(request) + "\n")
            self._requests.flush()
            line = self._answers.readline()
        if not line:
            raise RuntimeError("the BigQuery stand-in's parent process went away")
        return json.loads(line)


CHANNEL = None
RESULTS_DATASET = "_stand_in_query_results"
RESULTS: dict = {}


def _schema_to_json(fields) -> list:
    return [field.to_api_repr() for field in fields or []]


def _schema_from_json(fields) -> list:
    return [SchemaField.from_api_repr(field) for field in fields]


def _ref_path(ref) -> list:
    if isinstance(ref, str):
        return ref.replace(":", ".").split(".")
    return [ref.project, ref.dataset_id, ref.table_id]


def _dataset_path(ref) -> list:
    if isinstance(ref, str):
        return ref.split(".")
    return [ref.project, ref.dataset_id]


def _table(path: list, answer: dict) -> Table:
    table = Table(TableReference(DatasetReference(path[0], path[1]), path[2]))
    table.schema = _schema_from_json(answer["schema"])
    table._properties["type"] = answer["kind"]
    table._properties["numRows"] = "0"
    table._properties["description"] = answer.get("description")
    return table


class _Rows(list):
    """What `QueryJob.result()` returns: iterable rows (mappings) and their schema."""

    def __init__(self, rows, schema) -> None:
        super().__init__(rows)
        self.schema = schema
        self.total_rows = len(rows)


class _QueryJob:
    def __init__(self, answer: dict, project: str, job_id: str) -> None:
        self.statement_type = answer.get("statementType")
        schema = _schema_from_json(answer.get("schema", []))
        self._rows = _Rows([dict(row) for row in answer.get("rows", [])], schema)
        # A query's results land in an anonymous table, which dbt looks up for its row count.
        destination = answer.get("destination") or [project, RESULTS_DATASET, job_id]
        self.destination = TableReference(
            DatasetReference(destination[0], destination[1]), destination[2]
        )
        RESULTS[job_id] = len(self._rows)
        self.num_dml_affected_rows = 0
        self.total_bytes_processed = 0
        self.total_bytes_billed = 0
        self.slot_millis = 0
        self.location = "stand-in"
        self.project = project
        self.job_id = job_id

    def result(self, *args, **kwargs):
        return self._rows

    def cancel(self):
        return True


class _LoadJob:
    state = "DONE"
    error_result = None
    errors = None

    def result(self, *args, **kwargs):
        return self


class ControlPlaneStandIn:
    """The subset of `google.cloud.bigquery.Client` dbt-bigquery uses, answered by the parent."""

    def __init__(self, project: str) -> None:
        self.project = project

    # --- queries -------------------------------------------------------------------------
    def query(self, query, job_config=None, job_id=None, **kwargs):
        dry_run = bool(job_config and job_config.dry_run)
        answer = CHANNEL.ask({"op": "query", "sql": query, "dryRun": dry_run})
        if not answer["ok"]:
            raise BadRequest(answer["message"])
        return _QueryJob(answer, self.project, job_id or str(uuid.uuid4()))

    # --- tables --------------------------------------------------------------------------
    def get_table(self, table, *args, **kwargs):
        path = _ref_path(table.reference if isinstance(table, Table) else table)
        if path[1] == RESULTS_DATASET:
            result = Table(TableReference(DatasetReference(path[0], path[1]), path[2]))
            result._properties["numRows"] = str(RESULTS.get(path[2], 0))
            return result
        answer = CHANNEL.ask({"op": "get_table", "path": path})
        if not answer["ok"]:
            raise NotFound(f"Not found: Table {'.'.join(path)}")
        return _table(path, answer)

    def list_tables(self, dataset, *args, **kwargs):
        path = _dataset_path(dataset.reference if isinstance(dataset, Dataset) else dataset)
        answer = CHANNEL.ask({"op": "list_tables", "path": path})

        # Like the real iterator, a missing dataset fails while iterating (dbt catches it there).
        def tables():
            if not answer["ok"]:
                raise NotFound(f"Not found: Dataset {'.'.join(path)}")
            for item in answer["tables"]:
                yield _table(path + [item["name"]], item)

        return tables()

    def update_table(self, table, fields, *args, **kwargs):
        path = _ref_path(table.reference)
        answer = CHANNEL.ask(
            {
                "op": "update_table",
                "path": path,
                "fields": list(fields),
                "schema": _schema_to_json(table.schema),
                "description": table.description,
            }
        )
        if not answer["ok"]:
            raise BadRequest(answer["message"])
        return table

    def delete_table(self, table, not_found_ok=False, *args, **kwargs):
        path = _ref_path(table.reference if isinstance(table, Table) else table)
        answer = CHANNEL.ask({"op": "delete_table", "path": path})
        if not answer["ok"] and not not_found_ok:
            raise NotFound(f"Not found: Table {'.'.join(path)}")

    def copy_table(self, sources, destination, *args, **kwargs):
        answer = CHANNEL.ask(
            {
                "op": "copy_table",
                "sources": [_ref_path(source) for source in sources],
                "path": _ref_path(destination),
            }
        )
        if not answer["ok"]:
            raise BadRequest(answer["message"])
        return _LoadJob()

    def load_table_from_file(self, file_obj, destination, rewind=False, job_config=None, **kwargs):
        if rewind:
            file_obj.seek(0)
        answer = CHANNEL.ask(
            {
                "op": "load_table",
                "path": _ref_path(destination),
                "schema": _schema_to_json(job_config.schema),
                "csv": file_obj.read().decode("utf-8"),
                "skipLeadingRows": job_config.skip_leading_rows,
            }
        )
        if not answer["ok"]:
            raise BadRequest(answer["message"])
        return _LoadJob()

    # --- datasets ------------------------------------------------------------------------
    def get_dataset(self, dataset, *args, **kwargs):
        path = _dataset_path(dataset)
        answer = CHANNEL.ask({"op": "get_dataset", "path": path})
        if not answer["ok"]:
            raise NotFound(f"Not found: Dataset {'.'.join(path)}")
        return Dataset(DatasetReference(path[0], path[1]))

    def create_dataset(self, dataset, exists_ok=False, *args, **kwargs):
        path = _dataset_path(dataset)
        CHANNEL.ask({"op": "create_dataset", "path": path})
        return Dataset(DatasetReference(path[0], path[1]))

    def delete_dataset(self, dataset, *args, **kwargs):
        CHANNEL.ask({"op": "delete_dataset", "path": _dataset_path(dataset)})

    def list_datasets(self, project=None, *args, **kwargs):
        answer = CHANNEL.ask({"op": "list_datasets", "project": project or self.project})
        return [Dataset(DatasetReference(project or self.project, name)) for name in answer["datasets"]]

    def update_dataset(self, dataset, fields, *args, **kwargs):
        return dataset

    def cancel_job(self, *args, **kwargs):
        return None

    def close(self):
        return None


def main(argv: list) -> int:
    global CHANNEL
    CHANNEL = _Channel()

    import dbt.adapters.bigquery.connections as connections
    import dbt.adapters.bigquery.retry as retry
    from dbt.cli.main import dbtRunner

    def stand_in(credentials):
        return ControlPlaneStandIn(credentials.execution_project or credentials.database)

    connections.create_bigquery_client = stand_in
    retry.create_bigquery_client = stand_in
    result = dbtRunner().invoke(argv)
    if result.exception is not None and not result.success:
        print(f"dbt failed: {result.exception}", file=sys.stderr)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
