"""Fixtures: a real LRS (Ralph), a real LTI platform (lti1p3platform in demo_lms), the tool
served over real HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from hypothesis import settings as hypothesis_settings
from werkzeug.serving import make_server

from demo_lms.testing import RunningPlatform, start_platform
from demo_lrs import LrsProcess, start_lrs
from lti_tool import create_app
from lti_tool.services import Services

from .lti_client import Browser

# Hypothesis judges properties, not speed: on a loaded 2-core CI machine its 200 ms per-example deadline
# failed a pure address check. Speed is measured in benchmarks/.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

# every statement the tool journals or posts during the session is checked against its xAPI profile
pytest_plugins = ["tests.xapi_profile_plugin"]

#: the PostgreSQL server the suite uses (CI: the one on 127.0.0.1)
PG_ADMIN_URL = os.environ.get("AIDIP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LrsProcess]:
    process = start_lrs(tmp_path_factory.mktemp("lrs"), port=0, username="tool", password="lrs-secret")
    yield process
    process.stop()


def _pg(sql: str) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def provision_database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh, empty database of ``kind`` (sqlite or postgresql); dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'tool.sqlite3'}"
        return
    name = f"aidip_test_{uuid.uuid4().hex[:12]}"
    _pg(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


DATABASES = ["sqlite", "postgresql"]


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with provision_database(request.param, tmp_path) as url:
        yield url


@dataclass
class RunningTool:
    url: str
    app: Flask
    svc: Services


def serve(app: Flask, port: int) -> tuple[threading.Thread, object]:
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread, server


def make_tool(database_url: str, lrs: LrsProcess | None, instance: Path, port: int | None = None,
              **overrides: object) -> tuple[Flask, int]:
    port = port or free_port()
    config: dict[str, object] = {
        "instance_path": str(instance), "database_url": database_url, "base_url": f"http://127.0.0.1:{port}",
        "testing": True, "http_timeout": 5.0, "lrs_timeout": 5.0, "log_format": "text",
        "rate_limit_launch": "100000 per minute", "rate_limit_public": "100000 per minute",
        "allow_private_hosts": True,
        "rate_limit_pages": "100000 per minute", "rate_limit_person": "100000 per minute",
        "rate_limit_person_launch": "100000 per minute",
    }
    if lrs is not None:
        config.update(lrs_endpoint=lrs.url, lrs_username=lrs.username, lrs_password=lrs.password)
    config.update(overrides)
    app = create_app(config)
    svc: Services = app.extensions["aidiploma"]
    svc.db.upgrade()
    with svc.db.transaction() as db:
        svc.catalogue.seed_database(db)
    return app, port


def _starting(_environ: dict[str, object], start_response: Callable[..., object]) -> list[bytes]:
    """What the bound socket answers until the tool is made (nothing asks it then)."""
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


@contextmanager
def running_tool(database_url: str, lrs: LrsProcess | None, instance: Path, **overrides: object
                 ) -> Iterator[RunningTool]:
    # the socket is bound before the app is made: a port only picked and released could be taken by another test
    # process, or by an outgoing connection, while the migrations run
    server = make_server("127.0.0.1", 0, _starting, threaded=True)
    try:
        app, port = make_tool(database_url, lrs, instance, port=server.server_port, **overrides)
    except BaseException:
        server.server_close()
        raise
    server.app = app
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    svc: Services = app.extensions["aidiploma"]
    try:
        yield RunningTool(f"http://127.0.0.1:{port}", app, svc)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        svc.db.dispose()


@pytest.fixture
def tool(database_url: str, lrs: LrsProcess, tmp_path: Path) -> Iterator[RunningTool]:
    with running_tool(database_url, lrs, tmp_path / "instance") as running:
        yield running


@pytest.fixture
def platform() -> Iterator[RunningPlatform]:
    running = start_platform(port=0, control_api=True)
    yield running
    running.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    with Browser() as client:
        yield client
