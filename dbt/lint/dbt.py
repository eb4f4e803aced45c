"""Lint-time stand-in for dbt's cross-database macros as the DuckDB adapter renders them."""


def safe_cast(field, type):
    return f"try_cast({field} as {type})"


def type_int():
    return "integer"


def type_string():
    return "varchar"
