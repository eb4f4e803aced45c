"""Helpers for the composer tests: toolchain paths, Bronze fixture data, dbt project copies, Airflow CLI."""
