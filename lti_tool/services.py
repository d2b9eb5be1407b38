"""The per-app services (database, shared store, keys cache, catalogue), built from settings."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy.orm import Session

from xapi.certification import DerivationConfig
from xapi.vocabulary import ToolIris

from .catalogue import Catalogue
from .certification import CertificationSettings, derivation_config
from .db import Database, Pool
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
    certification: CertificationSettings

    def derivation(self, db: Session) -> DerivationConfig:
        """How certificates are derived from statements, with the current competence model's levels."""
        model = self.catalogue.model(db)
        return derivation_config(self.iris, {k: lvl.rank for k, lvl in model.levels.items()}, self.certification)

    @classmethod
    def create(cls, settings: Settings, app: Flask) -> Services:
        db = Database(settings.database_url, app, Pool(settings.db_pool_size, settings.db_max_overflow,
                                                       settings.db_pgbouncer))
        store = create_store(db, settings.redis_url)
        return cls(
            settings=settings,
            db=db,
            store=store,
            platform_keys=PlatformKeys(store, settings),
            catalogue=Catalogue.from_config(),
            iris=ToolIris(settings.base_url),
            certification=CertificationSettings.load(),
        )


def services() -> Services:
    return current_app.extensions["aidiploma"]  # type: ignore[no-any-return]
