"""dbt stages as Airflow tasks, through astronomer-cosmos.

Every stage is one YAML selector of ``dbt/selectors.yml`` — the names the local runner uses — so the
schedule and ``npm start`` share one definition. Two shapes (the README explains when each is used):

* :func:`dbt_build` — one task running ``dbt build --selector <stage>``: dbt orders the nodes and
  runs each model's tests before its children, in one dbt process.
* :func:`dbt_stage` — a task group rendered by cosmos from ``manifest.json`` (``LoadMode.DBT_MANIFEST``,
  no dbt process at DAG-parse time): one task per model, snapshot or seed, then
  ``dbt test --selector <stage>``.

dbt always runs as a subprocess from its own virtualenv.
"""

from __future__ import annotations

from typing import Any

from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior
from cosmos.operators.local import (
    DbtBuildLocalOperator,
    DbtDocsGCSLocalOperator,
    DbtDocsLocalOperator,
    DbtSourceLocalOperator,
)

from .config import Settings

DBT_PROFILE = "salesflow"
"""Profile name in ``dbt/profiles.yml``."""


class ManifestMissingError(FileNotFoundError):
    """The dbt manifest the DAGs are rendered from does not exist."""


def dbt_stage(
    group_id: str,
    selector: str,
    settings: Settings,
    *,
    dbt_vars: dict[str, Any] | None = None,
    test_behavior: TestBehavior = TestBehavior.AFTER_ALL,
) -> DbtTaskGroup:
    """A task group with one task per node of ``selector``, then that selector's tests.

    ``dbt_vars`` overrides the scheduled vars; its values may be Jinja templates (backfill params).
    Raises when the selector selects nothing, because an empty group would silently drop the
    ordering between the stages around it.
    """
    group = DbtTaskGroup(
        group_id=group_id,
        project_config=_project_config(settings),
        profile_config=_profile_config(settings),
        execution_config=_execution_config(settings),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            selector=selector,
            test_behavior=test_behavior,
            emit_datasets=False,
            enable_owner_inheritance=False,
        ),
        operator_args=_operator_args(settings, dbt_vars),
    )
    if not group.children:
        raise ValueError(f"dbt selector {selector!r} selects no node in {settings.dbt_manifest_path}")
    return group


def dbt_build(
    task_id: str, selector: str, settings: Settings, *, dbt_vars: dict[str, Any] | None = None
) -> DbtBuildLocalOperator:
    """One task running ``dbt build --selector <selector>`` (nodes and their tests, in dbt's order).

    ``dbt_vars`` overrides the scheduled vars; its values may be Jinja templates (backfill params).
    """
    return DbtBuildLocalOperator(task_id=task_id, selector=selector, **_single_operator_args(settings, dbt_vars))


class _RequestedFullRefresh(DbtBuildLocalOperator):
    """``dbt build --full-refresh`` of what its rendered ``select`` names; nothing when it is empty."""

    def execute(self, context: Any, **kwargs: Any) -> None:
        if not str(self.select or "").strip():
            self.log.info("No full refresh requested: full_refresh_select is empty.")
            return None
        return super().execute(context, **kwargs)


def dbt_full_refresh(task_id: str, select: str, settings: Settings) -> DbtBuildLocalOperator:
    """One task running ``dbt build --full-refresh --select <select>``, when ``select`` is not empty.

    ``select`` is usually a Jinja template of a DAG param, so a scheduled run (the param empty)
    passes through it doing nothing, and an operator's triggered run rebuilds what it names.
    """
    return _RequestedFullRefresh(
        task_id=task_id, select=select, full_refresh=True, **_single_operator_args(settings)
    )


def source_freshness(
    task_id: str, settings: Settings, *, selector: str | None = None, select: str | None = None
) -> DbtSourceLocalOperator:
    """``dbt source freshness`` for a selector or a ``--select`` expression."""
    return DbtSourceLocalOperator(
        task_id=task_id,
        selector=selector,
        select=select,
        **_single_operator_args(settings),
    )


def docs_generate(task_id: str, settings: Settings) -> DbtDocsLocalOperator:
    """``dbt docs generate``; uploads the site to ``docs_bucket`` on GCS when one is configured."""
    if settings.docs_bucket:
        return DbtDocsGCSLocalOperator(
            task_id=task_id,
            bucket_name=settings.docs_bucket,
            folder_dir="dbt-docs",
            connection_id=settings.gcp_conn_id,
            **_single_operator_args(settings),
        )
    return DbtDocsLocalOperator(task_id=task_id, **_single_operator_args(settings))


def _project_config(settings: Settings) -> ProjectConfig:
    if not settings.dbt_manifest_path.is_file():
        raise ManifestMissingError(
            f"dbt manifest not found at {settings.dbt_manifest_path}: run `dbt parse --profiles-dir "
            f"{settings.dbt_profiles_dir} --target {settings.target}` in {settings.dbt_project_dir} "
            "(the deploy uploads target/manifest.json with the project)"
        )
    return ProjectConfig(
        dbt_project_path=settings.dbt_project_dir,
        manifest_path=settings.dbt_manifest_path,
        project_name=DBT_PROFILE,
        install_dbt_deps=_has_packages(settings),
    )


def _profile_config(settings: Settings) -> ProfileConfig:
    return ProfileConfig(
        profile_name=DBT_PROFILE,
        target_name=settings.target,
        profiles_yml_filepath=settings.dbt_profiles_dir / "profiles.yml",
    )


def _execution_config(settings: Settings) -> ExecutionConfig:
    return ExecutionConfig(
        execution_mode=ExecutionMode.LOCAL,
        invocation_mode=InvocationMode.SUBPROCESS,
        dbt_executable_path=settings.dbt_executable,
    )


def _operator_args(settings: Settings, dbt_vars: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "env": settings.dbt_env(),
        "append_env": True,
        "vars": dbt_vars if dbt_vars is not None else settings.dbt_vars(),
        "install_deps": _has_packages(settings),
    }


def _single_operator_args(settings: Settings, dbt_vars: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "project_dir": str(settings.dbt_project_dir),
        "profile_config": _profile_config(settings),
        "dbt_executable_path": settings.dbt_executable,
        "invocation_mode": InvocationMode.SUBPROCESS,
        # Dataset events need OpenLineage metadata for every node and fail with the dataset aliases
        # cosmos emits from Airflow 2.10 on; nothing here schedules on them.
        "emit_datasets": False,
        **_operator_args(settings, dbt_vars),
    }


def _has_packages(settings: Settings) -> bool:
    return any((settings.dbt_project_dir / name).is_file() for name in ("packages.yml", "dependencies.yml"))
