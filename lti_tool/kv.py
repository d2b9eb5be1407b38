"""Short-lived shared state: OIDC launch state, web sessions, platform JWKS.

Two implementations with one contract, chosen from settings: the database (one machine, the
demo) or Redis (several instances). Either way every worker sees the same state, so a login
served by one worker can be completed by another.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

import redis

from .db import Database
from .db.key_values import SqlKeyValueStore


class KeyValueStore(Protocol):
    def set(self, key: str, value: dict[str, Any], ttl: int) -> None: ...

    def get(self, key: str) -> dict[str, Any] | None: ...

    def pop(self, key: str) -> dict[str, Any] | None:
        """Atomically read and delete: of two concurrent callers only one gets the value."""

    def delete(self, key: str) -> None: ...


class RedisKeyValueStore:
    def __init__(self, url: str, namespace: str = "aidip:") -> None:
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
