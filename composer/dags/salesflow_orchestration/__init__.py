"""Shared building blocks of the salesflow DAGs: typed settings, dbt stages via cosmos, alerts."""
