"""The per-app services (database, shared store, keys cache, catalogue), built from settings."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from xapi.vocabulary import ToolIris

from .catalogue import Catalogue
from .db import Database
from .kv import KeyValueStore, create_store
from .lti.platform_keys import PlatformKeys
from .settings import Settings


@dataclass
class Services:
    settings: Settings
    db: Database
    store: KeyValueStore
    platform_keys: PlatformKeys
    catalogue: Catalogue
    iris: ToolIris

    @classmethod
    def create(cls, settings: Settings) -> Services:
        db = Database(settings.database_url)
        store = create_store(db, settings.redis_url)
        return cls(
            settings=settings,
            db=db,
            store=store,
            platform_keys=PlatformKeys(store, settings.platform_jwks_ttl, settings.http_timeout,
                                       settings.platform_jwks_min_refetch),
            catalogue=Catalogue.from_config(),
            iris=ToolIris(settings.base_url),
        )


def services() -> Services:
    return current_app.extensions["aidiploma"]  # type: ignore[no-any-return]
