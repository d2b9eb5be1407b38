"""``flask certification``: the certificates derived from the statements."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click
from flask.cli import AppGroup

from xapi.certification import DerivationConfig
from xapi.lrs_client import LrsClient

from ..certification import certificate_verbs, rebuild, record_expiries
from ..certification_backfill import backfill_certificates, level_names
from ..db.models import utcnow
from ..db.queries import journaled_bodies
from ..db.repositories import analyze
from ..egress import egress_transport
from ..gc_pause import collector_paused
from ..settings import Settings
from .common import services

certification = AppGroup("certification", help="Certificates derived from statements.")


def _lrs_statements(settings: Settings, config: DerivationConfig) -> list[dict[str, Any]]:
    """The LRS's statements with a certificate verb or about an accepted activity."""
    if not settings.lrs_endpoint:
        raise click.ClickException("no LRS configured (AIDIP_LRS_ENDPOINT)")
    statements: list[dict[str, Any]] = []
    with LrsClient(settings.lrs_endpoint, settings.lrs_username, settings.lrs_password,
                   timeout=settings.lrs_timeout, transport=egress_transport(settings, settings.lrs_timeout)) as client:
        for verb in certificate_verbs(config.iris):
            statements.extend(client.iter_statements({"verb": verb, "limit": 100}))
        for activity in config.accepted_activities:
            statements.extend(client.iter_statements({"activity": activity, "limit": 100}))
    return statements


@certification.command("rebuild")
@click.option("--from", "source", type=click.Choice(["journal", "lrs"]), default="journal")
@click.option("--since", default=None, help="only certificates in force since this date (YYYY-MM-DD)")
def rebuild_certificates(source: str, since: str | None) -> None:
    """Recompute the certificate projection from the statement journal or the LRS."""
    svc = services()
    start = dt.datetime.fromisoformat(since).replace(tzinfo=dt.UTC) if since else None
    with svc.db.transaction() as db, collector_paused():
        config = svc.derivation(db)
        if source == "journal":
            backfilled = backfill_certificates(db, config, level_names(svc, db))
            if backfilled:
                click.echo(f"certificates issued for {backfilled} passes journaled before certificates existed")
            statements = journaled_bodies(db, certificate_verbs(config.iris))
        else:
            statements = _lrs_statements(svc.settings, config)
        report = rebuild(db, config, statements, start)
        analyze(db, ("certificates",))  # the projection may have changed wholesale: the reports' plans depend on it
    written = (f" ({report['written']} rows written, {report['removed']} removed, the rest were right)"
               if "written" in report else "")
    click.echo(f"rebuilt from {source}: {report['certificates']} certificates for {report['people']} people{written}")


@certification.command("expire")
def expire() -> None:
    """Journal 'expired' statements for certificates that have run out (run daily; the worker does)."""
    svc = services()
    with svc.db.transaction() as db:
        count = record_expiries(db, svc.derivation(db), utcnow())
    click.echo(f"{count} certificates recorded as expired")
