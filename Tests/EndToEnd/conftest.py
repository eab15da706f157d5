"""Fixtures: the server binary, a fresh database per server start (SQLite or
Postgres, by E2E_DATABASE), one shared server for most tests and dedicated
servers for tests that change its settings or kill it."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

from .support import DatabaseFactory, Server, load_manifest, required_env


def _database_kind() -> str:
    kind = os.environ.get("E2E_DATABASE", "sqlite").strip().lower()
    if kind not in ("sqlite", "postgres"):
        raise RuntimeError(f"E2E_DATABASE must be sqlite or postgres, got {kind!r}")
    return kind


def pytest_report_header(config):
    return [f"end-to-end: database={_database_kind()} binary={os.environ.get('AUDIO_SERVER_BINARY', '(unset)')}"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Lets teardown know whether the test failed, to print the server's log then.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="package")
def binary() -> str:
    path = required_env("AUDIO_SERVER_BINARY")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"AUDIO_SERVER_BINARY is not an executable: {path}")
    return path


@pytest.fixture(scope="package")
def manifest():
    return load_manifest()


@pytest.fixture(scope="package")
def databases(tmp_path_factory):
    factory = DatabaseFactory(_database_kind(), tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="package")
def server_registry():
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


def _new_server(binary, databases, tmp_path_factory, registry, env) -> Server:
    server = Server(binary=binary, database_url=databases.new_url(),
                    workdir=tmp_path_factory.mktemp("server"), env=dict(env))
    registry.append(server)
    return server


@pytest.fixture(scope="package")
def server(binary, databases, tmp_path_factory, server_registry) -> Server:
    """The shared server: default limits, two analysis workers."""
    shared = _new_server(binary, databases, tmp_path_factory, server_registry, {"ANALYSIS_WORKERS": "2"})
    shared.start()
    return shared


@pytest.fixture
def make_server(binary, databases, tmp_path_factory, server_registry, request):
    """Starts a dedicated server with extra environment; stopped after the test."""
    mine: list[Server] = []

    def start(require_healthy: bool = True, **env) -> Server:
        dedicated = _new_server(binary, databases, tmp_path_factory, server_registry, env)
        mine.append(dedicated)
        dedicated.start(require_healthy=require_healthy)
        return dedicated

    yield start
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    for dedicated in mine:
        if failed:
            sys.stderr.write(f"--- server log ({dedicated.workdir}):\n{dedicated.log_tail()}\n")
        dedicated.stop()


@pytest.fixture
def print_shared_log_on_failure(server, request):
    yield
    if getattr(request.node, "report_call", None) is not None and request.node.report_call.failed:
        sys.stderr.write(f"--- shared server log:\n{server.log_tail()}\n")


@pytest.fixture(autouse=True)
def _shared_log(request):
    # Only tests that use the shared server get its log on failure.
    if "server" in request.fixturenames:
        request.getfixturevalue("print_shared_log_on_failure")
    yield


@pytest.fixture
def fresh_name():
    return lambda ext=".wav": f"e2e-{uuid.uuid4().hex[:8]}{ext}"


def ffmpeg_path() -> str | None:
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(folder) / "ffmpeg"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None
