"""Database access: Flask-SQLAlchemy provides each app's engine; units of work are sessions on it.

Flask-SQLAlchemy (``db``) builds one engine per app from ``SQLALCHEMY_DATABASE_URI`` and the
options below, keeps the engines of different apps apart, and ends ``db.session`` with every app
context. The tool's own code works in explicit units of work (``Database.transaction``): sessions
bound to that same engine, so they also run where no app context is pushed (tests, tools).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Engine, Executable, Row, event, exc, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from .models import Base

MIGRATIONS = Path(__file__).parent / "migrations"

#: the extension; per-app engines live in it, keyed by app (several apps per process never share one)
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


class Database:
    """One app's engine and its units of work."""

    def __init__(self, url: str, app: Flask | None = None, pool: Pool | None = None) -> None:
        """``app`` is the tool's app; without one (a test or tool outside the app) a bare app holds the engine."""
        self.url = url
        self.app = app or Flask(__name__)
        self.engine: Engine = init_engine(self.app, url, pool)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # PostgreSQL: every statement its own transaction, so no BEGIN and COMMIT round trips (see ``autocommit``)
        own = self.engine.execution_options(isolation_level="AUTOCOMMIT") if self.is_postgres else self.engine
        self._autocommit_engine = own
        self._autocommit_sessions = sessionmaker(own, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        session = self.session()
        try:
            with session.begin():
                if not self.is_postgres:  # on SQLite a unit of work takes the write lock up front (_sqlite_begin)
                    session.connection(execution_options={"write_intent": True})
                yield session
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work that ends with a commit (rollback on error): a rollback makes psycopg
        deallocate every statement it prepared on the connection."""
        session = self.session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def autocommit(self, write: bool = False) -> Iterator[Session]:
        """A session for work of one statement at a time that needs no snapshot across them: a read, or a
        write made atomic in a single statement (the hot paths, e.g. the autosave). On PostgreSQL each
        statement commits on its own, sparing the BEGIN and COMMIT round trips; on SQLite (in-process, no
        round trips) it is a plain session, or a unit of work with ``write``."""
        if write and not self.is_postgres:
            with self.transaction() as session:
                yield session
            return
        session = self._autocommit_sessions()
        try:
            yield session
            if write:
                session.commit()
        finally:
            session.close()

    def one_statement(self, statement: Executable, params: dict[str, Any]) -> list[Row[Any]]:
        """Run one statement that is atomic on its own outside the ORM (a key-value read or write on every
        request): on PostgreSQL without BEGIN and COMMIT, on SQLite in a transaction of its own. The rows it
        returned."""
        if self.is_postgres:
            with self._autocommit_engine.connect() as connection:
                result = connection.execute(statement, params)
                return list(result.all()) if result.returns_rows else []
        with self.engine.begin() as connection:
            result = connection.execute(statement, params)
            return list(result.all()) if result.returns_rows else []

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def exclusive(self, key: int) -> Iterator[None]:
        """Hold a session-level PostgreSQL advisory lock ``key`` for the block: another process asking for
        the same key waits until this one is done (several instances running ``flask init`` at once). SQLite
        is one machine's file, whose writers the database already serialises."""
        if not self.is_postgres:
            yield
            return
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()

    def upgrade(self) -> None:
        """Bring the schema to the newest migration. On SQLite, batch migrations rebuild tables (copy, drop,
        rename), which enforced foreign keys refuse once rows refer to them; so the keys are off while migrating
        (outside the transaction, where SQLite allows it) and checked before the commit."""
        with self.engine.connect() as connection:
            raw = connection.connection.driver_connection if connection.dialect.name == "sqlite" else None
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with connection.begin():
                    cfg = alembic_config(self.url)
                    cfg.attributes["connection"] = connection
                    command.upgrade(cfg, "head")
                    if raw is not None:
                        orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if orphans:
                            raise RuntimeError(f"the migration left rows without their parent row: {orphans[:5]}")
            finally:
                if raw is not None:
                    raw.execute("PRAGMA foreign_keys=ON")

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@dataclass(frozen=True)
class Pool:
    """Connections per process (``AIDIP_DB_POOL_SIZE`` + ``AIDIP_DB_MAX_OVERFLOW``) and whether PgBouncer is
    between the tool and PostgreSQL (``AIDIP_DB_PGBOUNCER``)."""

    size: int = 10
    overflow: int = 20
    pgbouncer: bool = False


def init_engine(app: Flask, url: str, pool: Pool | None = None) -> Engine:
    """Register ``db`` on ``app`` with ``url`` and return the engine it made, with the SQLite hooks."""
    app.config["SQLALCHEMY_DATABASE_URI"] = _sqlite_path_from_cwd(url)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(url, pool)
    db.init_app(app)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        event.listen(engine.pool, "checkin", _checked_in)
        event.listen(engine.pool, "checkout", _ping_if_idle)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def engine_options(url: str, pool: Pool | None = None) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"check_same_thread": False, "timeout": 30}}
    pool = pool or Pool()
    # No ping on every checkout (a round trip per unit of work, issue 17): a connection idle longer than
    # PING_AFTER_IDLE is pinged (see _ping_if_idle), a disconnect met mid-request invalidates the whole pool,
    # and connections are replaced after RECYCLE seconds.
    options: dict[str, Any] = {"pool_pre_ping": False, "pool_recycle": RECYCLE, "pool_size": pool.size,
                               "max_overflow": pool.overflow}
    if pool.pgbouncer:  # a transaction may land on another server connection: psycopg must not prepare
        options["connect_args"] = {"prepare_threshold": None}
    return options


#: seconds a pooled PostgreSQL connection may sit unused before its next checkout pings it first
PING_AFTER_IDLE = 10.0
#: seconds after which a pooled connection is replaced rather than reused
RECYCLE = 1800


def _checked_in(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Checkout: ping a connection that sat idle (PostgreSQL may have restarted meanwhile); a dead one is
    replaced by the pool (``DisconnectionError``). Busy connections, the deadline-day case, are not pinged."""
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
        return
    record.info["pinged"] = record.info.get("pinged", 0) + 1  # tests count this round trip
    autocommit = dbapi_connection.autocommit  # a ping outside any transaction: one round trip
    try:
        dbapi_connection.autocommit = True
        dbapi_connection.execute("SELECT 1")
    except Exception as error:
        raise exc.DisconnectionError(str(error)) from error
    finally:
        if not dbapi_connection.closed:
            dbapi_connection.autocommit = autocommit


def _sqlite_path_from_cwd(url: str) -> str:
    # Flask-SQLAlchemy reads a relative SQLite path from the instance folder; SQLAlchemy (and this
    # tool's documentation) from the working directory. Keep the latter.
    parsed = make_url(url)
    path = parsed.database
    if not url.startswith("sqlite") or not path or path == ":memory:" or parsed.query.get("uri"):
        return url
    return url if os.path.isabs(path) else parsed.set(database=os.path.abspath(path)).render_as_string()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, open transactions (so BEGIN IMMEDIATE below works).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A unit of work takes the write lock at its start (BEGIN IMMEDIATE), so two workers never
    # both read and then write stale rows; read-only sessions take no lock (plain BEGIN).
    immediate = connection.get_execution_options().get("write_intent")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
