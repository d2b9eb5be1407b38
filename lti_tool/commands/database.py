"""``flask db upgrade`` and ``flask init``: the schema, and everything a new installation needs."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from ..certification_backfill import backfill_certificates, level_names
from ..db.repositories import analyze
from ..lti import keys as tool_keys
from .common import services

db = AppGroup("db", help="Database schema.")

#: PostgreSQL advisory lock key ("AIDI") taken by ``flask init``
INIT_LOCK = 0x41494449


@db.command("upgrade")
def upgrade() -> None:
    """Apply all database migrations."""
    with services().db.exclusive(INIT_LOCK):
        services().db.upgrade()
    click.echo("database is at the newest migration")


@click.command("init")
@with_appcontext
def init() -> None:
    """Migrate the database, load the seed bank and create the signing key (idempotent)."""
    svc = services()
    with svc.db.exclusive(INIT_LOCK):  # every instance may run it at start: one at a time, the rest find it done
        svc.db.upgrade()
        with svc.db.transaction() as session:
            seeded = svc.catalogue.seed_database(session)
            key = tool_keys.ensure_key(session)
            backfilled = backfill_certificates(session, svc.derivation(session), level_names(svc, session))
            analyze(session)  # a fresh database has no planner statistics: reports would plan blind
    click.echo(f"database ready; items: {seeded['items_added']} new versions, {seeded['items_unchanged']} "
               f"unchanged; blueprints: {seeded['blueprint_versions']} new versions; competence model: "
               f"{seeded['model_versions']} new version; policies: {seeded['policy_versions']} new versions; "
               f"signing key {key.kid}; certificates backfilled for earlier passes: {backfilled}")
