"""Short-lived shared state: OIDC launch state, web sessions, platform JWKS.

Two implementations with one contract, chosen from settings: the database (one machine, the
demo) or Redis (several instances). Either way every worker sees the same state, so a login
served by one worker can be completed by another.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import redis

from .db import Database
from .db.key_values import SqlKeyValueStore


class KeyValueStore(Protocol):
    def set(self, key: str, value: dict[str, Any], ttl: int) -> None: ...

    def get(self, key: str) -> dict[str, Any] | None: ...

    def pop(self, key: str) -> dict[str, Any] | None:
        """Atomically read and delete: of two concurrent callers only one gets the value."""

    def delete(self, key: str) -> None: ...


class StoreUnavailable(Exception):
    """The shared store (Redis) cannot be reached or did not answer in time: a passing condition the edge turns
    into a 503 with Retry-After, never a 500."""


T = TypeVar("T")

#: seconds to wait for Redis to connect or answer: a store that hangs must not hold a worker for minutes
REDIS_TIMEOUT = 1.0


@contextmanager
def _reachable() -> Iterator[None]:
    try:
        yield
    except redis.RedisError as exc:
        raise StoreUnavailable(exc.__class__.__name__) from exc


class RedisKeyValueStore:
    def __init__(self, url: str, namespace: str = "aidip:") -> None:
        self.redis = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT)
        self.ns = namespace

    def _call(self, command: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with _reachable():
            return command(*args, **kwargs)

    def set(self, key: str, value: dict[str, Any], ttl: int) -> None:
        self._call(self.redis.set, self.ns + key, json.dumps(value), ex=ttl)

    def get(self, key: str) -> dict[str, Any] | None:
        raw = self._call(self.redis.get, self.ns + key)
        return json.loads(raw) if raw else None

    def pop(self, key: str) -> dict[str, Any] | None:
        raw = self._call(self.redis.getdel, self.ns + key)
        return json.loads(raw) if raw else None

    def delete(self, key: str) -> None:
        self._call(self.redis.delete, self.ns + key)

    def ping(self) -> None:
        """Raise ``StoreUnavailable`` unless Redis answers (within ``REDIS_TIMEOUT``)."""
        self._call(self.redis.ping)


def create_store(db: Database, redis_url: str) -> KeyValueStore:
    return RedisKeyValueStore(redis_url) if redis_url else SqlKeyValueStore(db)
