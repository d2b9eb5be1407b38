"""The key-value store on the database: one machine, the demo (``lti_tool.kv`` holds the contract)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from sqlalchemy import Delete, Insert, Select, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import ReturningDelete

from . import Database
from .models import KeyValue, utcnow


@cache
def _upsert(postgres: bool) -> Insert:
    """Built once per dialect: every request with a session writes it."""
    stmt = (pg_insert if postgres else sqlite_insert)(KeyValue)
    return stmt.on_conflict_do_update(index_elements=[KeyValue.key],
                                      set_={"value": stmt.excluded.value, "expires_at": stmt.excluded.expires_at})


@cache
def _read() -> Select[Any]:
    """Built once: every request with a session reads it."""
    return select(KeyValue.value, KeyValue.expires_at).where(KeyValue.key == bindparam("key"))


@cache
def _delete() -> Delete:
    return delete(KeyValue).where(KeyValue.key == bindparam("key"))


@cache
def _take() -> ReturningDelete[Any, Any]:
    """Built once: every launch takes its login state."""
    return delete(KeyValue).where(KeyValue.key == bindparam("key")).returning(KeyValue.value, KeyValue.expires_at)


class SqlKeyValueStore:
    """Every operation is one statement, atomic on its own, run without the ORM; on PostgreSQL without BEGIN
    and COMMIT (``Database.one_statement``), sparing two round trips on every request with a session."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def set(self, key: str, value: dict[str, Any], ttl: int) -> None:
        expires = utcnow() + dt.timedelta(seconds=ttl)
        self.db.one_statement(_upsert(self.db.is_postgres), {"key": key, "value": value, "expires_at": expires})

    def get(self, key: str) -> dict[str, Any] | None:
        rows = self.db.one_statement(_read(), {"key": key})
        row = rows[0] if rows else None
        if row is None or row.expires_at <= utcnow():
            return None
        return row.value

    def pop(self, key: str) -> dict[str, Any] | None:
        rows = self.db.one_statement(_take(), {"key": key})
        row = rows[0] if rows else None
        if row is None or row.expires_at <= utcnow():
            return None
        return row.value

    def delete(self, key: str) -> None:
        self.db.one_statement(_delete(), {"key": key})

    def purge_expired(self) -> int:
        with self.db.transaction() as session:
            return session.execute(delete(KeyValue).where(KeyValue.expires_at <= utcnow())).rowcount  # type: ignore[attr-defined]

    def keys(self, prefix: str) -> list[str]:
        with self.db.reading() as session:
            return list(session.scalars(select(KeyValue.key).where(KeyValue.key.startswith(prefix))))
