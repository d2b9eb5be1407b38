"""Short-lived shared state: OIDC launch state, web sessions, platform JWKS.

Two implementations with one contract, chosen from settings: the database (one machine, the
demo) or Redis (several instances). Either way every worker sees the same state, so a login
served by one worker can be completed by another.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .db import Database
from .db.models import KeyValue, utcnow


class KeyValueStore(Protocol):
    def set(self, key: str, value: dict[str, Any], ttl: int) -> None: ...

    def get(self, key: str) -> dict[str, Any] | None: ...

    def pop(self, key: str) -> dict[str, Any] | None:
        """Atomically read and delete: of two concurrent callers only one gets the value."""

    def delete(self, key: str) -> None: ...


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
        with self.db.session() as session:
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
        with self.db.session() as session:
            return list(session.scalars(select(KeyValue.key).where(KeyValue.key.startswith(prefix))))


class RedisKeyValueStore:
    def __init__(self, url: str, namespace: str = "aidip:") -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self.ns = namespace

    def set(self, key: str, value: dict[str, Any], ttl: int) -> None:
        self.redis.set(self.ns + key, json.dumps(value), ex=ttl)

    def get(self, key: str) -> dict[str, Any] | None:
        raw = self.redis.get(self.ns + key)
        return json.loads(raw) if raw else None

    def pop(self, key: str) -> dict[str, Any] | None:
        raw = self.redis.getdel(self.ns + key)
        return json.loads(raw) if raw else None

    def delete(self, key: str) -> None:
        self.redis.delete(self.ns + key)


def create_store(db: Database, redis_url: str) -> KeyValueStore:
    return RedisKeyValueStore(redis_url) if redis_url else SqlKeyValueStore(db)
