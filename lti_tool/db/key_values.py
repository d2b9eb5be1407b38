"""The key-value store on the database: one machine, the demo (``lti_tool.kv`` holds the contract)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from . import Database
from .models import KeyValue, utcnow


class SqlKeyValueStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def set(self, key: str, value: dict[str, Any], ttl: int) -> None:
        expires = utcnow() + dt.timedelta(seconds=ttl)
        insert = pg_insert if self.db.is_postgres else sqlite_insert
        stmt = insert(KeyValue).values(key=key, value=value, expires_at=expires)
        stmt = stmt.on_conflict_do_update(
            index_elements=[KeyValue.key], set_={"value": value, "expires_at": expires}
        )
        with self.db.transaction() as session:
            session.execute(stmt)

    def get(self, key: str) -> dict[str, Any] | None:
        with self.db.reading() as session:
            row = session.get(KeyValue, key)
            if row is None or row.expires_at <= utcnow():
                return None
            return row.value

    def pop(self, key: str) -> dict[str, Any] | None:
        with self.db.transaction() as session:
            row = session.execute(
                delete(KeyValue).where(KeyValue.key == key).returning(KeyValue.value, KeyValue.expires_at)
            ).first()
        if row is None or row.expires_at <= utcnow():
            return None
        return row.value

    def delete(self, key: str) -> None:
        with self.db.transaction() as session:
            session.execute(delete(KeyValue).where(KeyValue.key == key))

    def purge_expired(self) -> int:
        with self.db.transaction() as session:
            return session.execute(delete(KeyValue).where(KeyValue.expires_at <= utcnow())).rowcount

    def keys(self, prefix: str) -> list[str]:
        with self.db.reading() as session:
            return list(session.scalars(select(KeyValue.key).where(KeyValue.key.startswith(prefix))))
