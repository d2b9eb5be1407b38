"""``flask privacy``: GDPR access requests, erasure and retention."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from ..certification import certificate_verbs
from ..db.models import Person, utcnow
from ..db.queries import person_by_subject
from ..lti.platforms import find_platform
from ..privacy import access_export, describe_purge, erase, retention_purge
from .common import ACTOR, services

privacy = AppGroup("privacy", help="GDPR: access requests, erasure, retention.")


def _person(db: Session, issuer: str, client_id: str | None, subject: str) -> Person:
    platform = find_platform(db, issuer, client_id)
    person = person_by_subject(db, platform.id, subject)
    if person is None:
        raise click.ClickException(f"nobody with subject {subject} on {issuer}")
    return person


@privacy.command("export")
@click.option("--issuer", required=True)
@click.option("--client-id", default=None)
@click.option("--subject", required=True)
def export(issuer: str, client_id: str | None, subject: str) -> None:
    """Everything the tool holds about a person, as JSON (access request)."""
    with services().db.session() as db:
        click.echo(json.dumps(access_export(db, _person(db, issuer, client_id, subject)), indent=2,
                              ensure_ascii=False, default=str))


@privacy.command("erase")
@click.option("--issuer", required=True)
@click.option("--client-id", default=None)
@click.option("--subject", required=True)
@click.confirmation_option(prompt="Pseudonymise this person?")
def erase_person(issuer: str, client_id: str | None, subject: str) -> None:
    """Pseudonymise a person; reports and certificate checks stay consistent."""
    with services().db.transaction() as db:
        result = erase(db, _person(db, issuer, client_id, subject), ACTOR, utcnow())
    click.echo(f"erased {result['subject']}: cleared {', '.join(result['fields_cleared']) or 'nothing'}")


@privacy.command("purge")
def purge_expired() -> None:
    """Apply the retention periods (AIDIP_RETENTION_*)."""
    svc = services()
    with svc.db.transaction() as db:
        counts = retention_purge(db, svc.settings, certificate_verbs(svc.iris), utcnow())
    click.echo(describe_purge(counts))
