"""A dbt process that stays up between commands.

Importing dbt and registering its adapter costs seconds before any node runs; a runner that builds
every few minutes pays that once by sending its commands here instead of starting ``dbt`` each time.

Protocol, one JSON object per line:

* stdin  ← ``{"args": ["build", "--selector", "hourly", ...], "env": {"SALESFLOW_WAREHOUSE": "..."}}``
* stdout → ``{"ready": true}`` once, then one ``{"exitCode": 0|1|2, "error": str|null,
  "manifest": "parsed"|"reused"|null, "macrosCompiled": int|null, "eventsSkipped": int|null}`` per
  command, with the exit codes of the ``dbt`` command line (1: a node failed, 2: dbt itself failed),
  the number of macro templates the command had to compile for itself and of the events it skipped
  because no log would have written them.

dbt's own output goes to stderr. Each command sees the environment the worker started with plus its
``env``, and runs in a child forked from the worker for it: the child starts with dbt imported and
the project parsed, and gives everything the command took back to the system when it exits, so a
worker that serves scheduled rounds for days stays the size it was after its first parse (dbt keeps
a little of each in-process invocation, and freed memory stays fragmented). A child dies with the
worker, so a stopped worker leaves nothing writing to the warehouse. A command that runs nodes (build, run, test, snapshot, seed) gets the parsed project from
the previous such command when nothing that parsing reads has changed — the project's files (by
path, size and modification time), the profile, the flags that shape parsing (target, vars, …) and
the command's environment — as dbt's programmatic API allows; otherwise the project is parsed
(partially, from dbt's own cache) first, so a round does not pay for reading dbt's partial-parse
cache and rebuilding its graph. After each parse the worker compiles every macro of the project into
dbt's template cache, which a child inherits: dbt compiles a macro the first time a process calls it,
so a child that started without them compiled each macro a round calls (materializations, adapter
macros, tests) anew and threw them away when it exited. And the worker skips the events no log
writes: dbt builds every event it fires into a protobuf message before its loggers look at the
level, which for the per-statement debug events of a round at the ``info`` log level the runner uses
was a large part of dbt's own time.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
from dataclasses import dataclass
from typing import Any, Callable, TextIO

#: Commands that run nodes against a parsed project, and so can be handed one.
_MANIFEST_COMMANDS = frozenset({"build", "run", "test", "snapshot", "seed"})
#: Flags (with a value) that shape what parsing produces; a parse for a command repeats them.
_PARSE_OPTIONS = frozenset(
    {
        "--project-dir",
        "--profiles-dir",
        "--profile",
        "--target",
        "-t",
        "--target-path",
        "--log-path",
        "--vars",
        "--log-level",
        "--log-level-file",
    }
)
#: Switches that a parse for a command repeats.
_PARSE_SWITCHES = frozenset({"--write-json", "--no-write-json", "--quiet", "-q"})
#: Options that only choose what a command runs, each with one or more values.
_SELECTION_OPTIONS = frozenset({"--select", "-s", "--exclude", "--selector", "--resource-type", "--threads"})
#: Switches that only change how a command runs.
_RUN_SWITCHES = frozenset({"--full-refresh", "--fail-fast", "--no-fail-fast", "-x"})
#: ``prctl`` option: the signal a process receives when its parent dies.
_PR_SET_PDEATHSIG = 1
#: Directories under a project that parsing never reads.
_SKIPPED_DIRS = frozenset({"target", "logs", "node_modules", "__pycache__"})


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


def parse_args_for(args: list[str]) -> list[str] | None:
    """The ``dbt parse`` arguments that produce the project a command runs on, or ``None`` when the
    command is not one that takes a parsed project, or carries a flag this worker does not know
    (which might change parsing: such a command parses for itself, as the ``dbt`` command line would).
    """
    if not args or args[0] not in _MANIFEST_COMMANDS:
        return None
    kept = ["parse"]
    index = 1
    while index < len(args):
        flag = args[index]
        if flag in _PARSE_OPTIONS and index + 1 < len(args):
            kept += [flag, args[index + 1]]
            index += 2
        elif flag in _PARSE_SWITCHES:
            kept.append(flag)
            index += 1
        elif flag in _SELECTION_OPTIONS:
            index += 1
            while index < len(args) and not args[index].startswith("-"):
                index += 1
        elif flag in _RUN_SWITCHES:
            index += 1
        else:
            return None
    return kept


def _option(args: list[str], *names: str) -> str | None:
    for index, arg in enumerate(args[:-1]):
        if arg in names:
            return args[index + 1]
    return None


def project_files(parse_args: list[str]) -> tuple[tuple[str, int, int], ...]:
    """Path, size and modification time of every file of the project and of its profile."""
    project_dir = os.path.abspath(_option(parse_args, "--project-dir") or os.getcwd())
    profiles_dir = os.path.abspath(
        _option(parse_args, "--profiles-dir")
        or os.environ.get("DBT_PROFILES_DIR")
        or (os.getcwd() if os.path.exists("profiles.yml") else os.path.expanduser("~/.dbt"))
    )
    skipped = {
        os.path.abspath(path)
        for path in (_option(parse_args, "--target-path"), _option(parse_args, "--log-path"))
        if path
    }
    files: list[tuple[str, int, int]] = []
    for directory, subdirs, names in os.walk(project_dir):
        subdirs[:] = [
            name
            for name in subdirs
            if name not in _SKIPPED_DIRS and not name.startswith(".") and os.path.join(directory, name) not in skipped
        ]
        for name in names:
            path = os.path.join(directory, name)
            stat = os.stat(path)
            files.append((path, stat.st_size, stat.st_mtime_ns))
    profile = os.path.join(profiles_dir, "profiles.yml")
    if os.path.exists(profile) and not profile.startswith(project_dir + os.sep):
        stat = os.stat(profile)
        files.append((profile, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(files))


def install_event_filter() -> None:
    """Makes dbt skip the events below the level of every log it writes.

    An event is skipped only when nothing could see it: its level is ``test``, ``debug`` or ``info``
    and below every logger's, it is not one dbt must check for ``--warn-error``, and the only
    callback is dbt's own, which looks at behaviour-change warnings alone. dbt sets up its loggers
    anew for each command, on whichever manager is installed.
    """
    try:
        from dbt.tracking import track_behavior_change_warn
    except ImportError:  # a dbt whose own callback this does not know: every event is built, as before
        return
    from dbt_common.events.base_types import EventLevel
    from dbt_common.events.event_manager import EventManager
    from dbt_common.events.event_manager_client import ctx_set_event_manager, get_event_manager

    rank = {EventLevel.TEST: 0, EventLevel.DEBUG: 0, EventLevel.INFO: 1, EventLevel.WARN: 2, EventLevel.ERROR: 3}
    benign_callbacks = (track_behavior_change_warn,)

    class LoggedEventsOnly(EventManager):
        """dbt's event manager, without building events that no logger or callback would receive."""

        skipped = 0

        def fire_event(
            self, e: Any, level: Any = None, node: Any = None, force_warn_or_error_handling: bool = False
        ) -> None:
            event_rank = rank.get(level or e.level_tag(), 3)
            if (
                event_rank < rank[EventLevel.WARN]
                and not force_warn_or_error_handling
                and all(callback in benign_callbacks for callback in self.callbacks)
                and all(event_rank < rank.get(logger.level, 0) for logger in self.loggers)
                and not os.environ.get("DBT_TEST_BINARY_SERIALIZATION")
            ):
                LoggedEventsOnly.skipped += 1
                return
            super().fire_event(e, level=level, node=node, force_warn_or_error_handling=force_warn_or_error_handling)

    previous = get_event_manager()
    manager = LoggedEventsOnly()
    manager.loggers = list(previous.loggers)
    manager.callbacks = list(previous.callbacks)
    ctx_set_event_manager(manager)


def compile_macros(manifest: Any) -> None:
    """Puts every macro of ``manifest`` into dbt's template cache, compiled, in place of what it held."""
    from dbt_common.clients.jinja import template_cache

    template_cache.clear()
    for macro in manifest.macros.values():
        try:
            template_cache.get_node_template(macro)
        except Exception:  # noqa: BLE001 — a macro that does not compile fails where dbt calls it, as before
            continue


def compiled_macros() -> int:
    """How many compiled macro templates this process holds."""
    from dbt_common.clients.jinja import template_cache

    return len(template_cache.file_cache)


@dataclass
class ParsedProject:
    """The manifest of the last parse, and everything it was parsed from."""

    key: tuple[Any, ...]
    manifest: Any


class ManifestCache:
    """Hands a command the manifest of the previous one when nothing parsing reads has changed."""

    def __init__(self) -> None:
        self._last: ParsedProject | None = None

    def manifest_for(self, args: list[str], env: dict[str, str]) -> tuple[Any, str | None]:
        """The manifest to run ``args`` on and whether it was ``"parsed"`` or ``"reused"``; ``(None,
        None)`` when the command parses for itself."""
        parse_args = parse_args_for(args)
        if parse_args is None:
            return None, None
        key = (tuple(parse_args), tuple(sorted(env.items())), project_files(parse_args))
        if self._last is not None and self._last.key == key:
            return self._last.manifest, "reused"
        self._last = None
        from dbt.cli.main import dbtRunner

        parsed = dbtRunner().invoke([*parse_args, "--quiet"])
        if not parsed.success or parsed.result is None:
            return None, None
        compile_macros(parsed.result)
        self._last = ParsedProject(key, parsed.result)
        return parsed.result, "parsed"

    def forget(self) -> None:
        self._last = None


def run_command(cache: ManifestCache, request: dict[str, Any], base_env: dict[str, str]) -> dict[str, Any]:
    """Runs one dbt command line in a child of this process; returns its reply."""
    args = request.get("args")
    env = request.get("env", {})
    if not isinstance(args, list) or not all(isinstance(arg, str) for arg in args):
        return {"exitCode": 2, "error": "args must be a list of strings", "manifest": None}
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        return {"exitCode": 2, "error": "env must map names to strings", "manifest": None}
    os.environ.clear()
    os.environ.update(base_env)
    os.environ.update(env)
    try:
        # Parsed here, not in the child, so that the next command can be handed the same project.
        manifest, manifest_source = cache.manifest_for(args, env)
    except BaseException as error:  # noqa: BLE001 — the worker must answer whatever dbt raised
        cache.forget()
        return {"exitCode": 2, "error": f"{type(error).__name__}: {error}", "manifest": None}
    finally:
        _release_warehouse()
    reply = _in_child(lambda: _invoke(args, manifest, manifest_source))
    if reply["exitCode"] == 2:
        cache.forget()
    return reply


def _invoke(args: list[str], manifest: Any, manifest_source: str | None) -> dict[str, Any]:
    """Runs ``dbt <args>`` in this process on ``manifest`` (``None``: dbt parses for itself)."""
    from dbt.cli.main import dbtRunner

    held = compiled_macros()
    skipped = _skipped_events()
    try:
        result = dbtRunner(manifest=manifest).invoke(args)
    except BaseException as error:  # noqa: BLE001 — the worker must answer whatever dbt raised
        return {"exitCode": 2, "error": f"{type(error).__name__}: {error}", "manifest": manifest_source}
    finally:
        _release_warehouse()
    reply = {
        "manifest": manifest_source,
        "macrosCompiled": compiled_macros() - held,
        "eventsSkipped": _skipped_events() - skipped,
    }
    if result.success:
        return {"exitCode": 0, "error": None, **reply}
    if result.exception is not None:
        return {"exitCode": 2, "error": f"{type(result.exception).__name__}: {result.exception}", **reply}
    return {"exitCode": 1, "error": None, **reply}


def _skipped_events() -> int:
    from dbt_common.events.event_manager_client import get_event_manager

    return int(getattr(get_event_manager(), "skipped", 0))


def _die_with(parent: int) -> None:
    """Makes the kernel kill this process when ``parent`` exits (Linux); exits now if it already has."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux with glibc: a child outlives a killed worker until its command ends
    if os.getppid() != parent:
        os._exit(1)


def _in_child(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The reply ``work`` returns when run in a forked child, which exits afterwards."""
    parent = os.getpid()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read_end)
        status = 0
        try:
            _die_with(parent)
            reply = work()
            with os.fdopen(write_end, "w", encoding="utf-8") as out:
                out.write(json.dumps(reply))
        except BaseException:  # noqa: BLE001 — whatever happens, the child must not return into the loop
            status = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as answer:
        text = answer.read()
    _, wait_status = os.waitpid(child, 0)
    if text:
        return json.loads(text)
    how = (
        f"was stopped by signal {os.WTERMSIG(wait_status)}"
        if os.WIFSIGNALED(wait_status)
        else f"exited with {os.waitstatus_to_exitcode(wait_status)}"
    )
    return {"exitCode": 2, "error": f"the process running the command {how}", "manifest": None}


def main() -> int:
    replies = _replies()
    from dbt.cli.main import dbtRunner  # noqa: F401 — imported before answering ready: the slow part

    install_event_filter()
    cache = ManifestCache()
    base_env = dict(os.environ)
    replies.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except json.JSONDecodeError as error:
            reply: dict[str, Any] = {"exitCode": 2, "error": f"not JSON: {error}", "manifest": None}
        else:
            reply = (
                run_command(cache, request, base_env)
                if isinstance(request, dict)
                else {"exitCode": 2, "error": "a request is a JSON object", "manifest": None}
            )
        replies.write(json.dumps(reply) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
