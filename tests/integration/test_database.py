"""The database layer: Flask-SQLAlchemy's engine per app, units of work on it, SQLite's write lock
up front, PostgreSQL's pool, and where a relative SQLite path points."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select, text

from lti_tool import create_app
from lti_tool.db import Database, db
from lti_tool.db.models import Platform

from ..conftest import provision_database


def _app(url: str, instance: Path):
    return create_app({"instance_path": str(instance), "database_url": url, "testing": True})


def test_each_app_has_its_own_engine_from_flask_sqlalchemy(tmp_path):
    first = _app(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path / "a")
    second = _app(f"sqlite:///{tmp_path / 'b.sqlite3'}", tmp_path / "b")
    engines = []
    for app in (first, second):
        svc = app.extensions["aidiploma"]
        assert app.extensions["sqlalchemy"] is db
        with app.app_context():
            assert db.engine is svc.db.engine
        engines.append(svc.db.engine)
    assert engines[0] is not engines[1]
    assert str(engines[0].url).endswith("a.sqlite3") and str(engines[1].url).endswith("b.sqlite3")
    for app in (first, second):
        app.extensions["aidiploma"].db.dispose()


def test_a_unit_of_work_commits_or_rolls_back(database_url):
    database = Database(database_url)
    database.upgrade()
    with database.transaction() as session:
        session.add(Platform(issuer="https://kept", client_id="c", auth_login_url="x", auth_token_url="x",
                             key_set_url="x"))
    with pytest.raises(RuntimeError), database.transaction() as session:
        session.add(Platform(issuer="https://dropped", client_id="c", auth_login_url="x", auth_token_url="x",
                             key_set_url="x"))
        session.flush()
        raise RuntimeError("boom")
    with database.session() as session:
        assert session.scalars(select(Platform.issuer)).all() == ["https://kept"]
    database.dispose()


def test_sqlite_unit_of_work_takes_the_write_lock_at_its_start(tmp_path):
    path = tmp_path / "lock.sqlite3"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    with database.session() as reader:
        reader.execute(select(Platform)).all()  # a read-only session: plain BEGIN, no lock
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    with database.transaction() as session:
        session.execute(text("SELECT 1"))  # nothing written yet, but the lock is already held
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")  # released at commit
    other.execute("ROLLBACK")
    other.close()
    database.dispose()


def test_sqlite_pragmas_on_every_connection(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    database.dispose()


def test_a_relative_sqlite_path_is_read_from_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    database = Database("sqlite:///relative.sqlite3")  # Flask-SQLAlchemy alone would use the instance folder
    database.upgrade()
    database.dispose()
    assert (tmp_path / "relative.sqlite3").is_file()


def test_postgres_pool_settings(tmp_path):
    with provision_database("postgresql", tmp_path) as url:
        database = Database(url)
        assert database.is_postgres
        assert database.engine.pool.size() == 10
        assert database.engine.pool._max_overflow == 20  # no public accessor
        assert not database.engine.pool._pre_ping and database.engine.pool._recycle > 0  # pinged when idle only
        database.dispose()


def test_cli_commands_run_in_the_apps_context(tmp_path):
    app = _app(f"sqlite:///{tmp_path / 'cli.sqlite3'}", tmp_path / "instance")

    @app.cli.command("which-app")
    def which_app() -> None:
        print(current_app.name, db.engine is app.extensions["aidiploma"].db.engine)

    result = app.test_cli_runner().invoke(args=["which-app"])
    assert result.output.strip() == f"{app.name} True"
    app.extensions["aidiploma"].db.dispose()
