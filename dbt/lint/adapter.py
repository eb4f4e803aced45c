"""Lint-time stand-in for dbt's `adapter`: dispatches a macro to its DuckDB implementation."""
from jinja2 import pass_context


@pass_context
def dispatch(context, macro_name, macro_namespace=None):
    for prefix in ("duckdb__", "default__"):
        macro = context.resolve(prefix + macro_name)
        if callable(macro):
            return macro
    raise NameError(f"no implementation of {macro_name}")


def quote(identifier):
    return f'"{identifier}"'
