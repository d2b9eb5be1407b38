"""``flask roster``: course rosters (NRPS)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..db.models import utcnow
from ..db.queries import course_by_id
from ..lti import keys as tool_keys
from ..lti.platforms import find_platform
from ..lti.roster import fetch_roster, store_roster
from .common import services

roster = AppGroup("roster", help="Course rosters (NRPS).")


@roster.command("sync")
@click.option("--issuer", required=True)
@click.option("--client-id", default=None)
@click.option("--context", "context_id", required=True, help="the LMS course (context) id")
def sync(issuer: str, client_id: str | None, context_id: str) -> None:
    """Fetch a course's members from the platform (all pages)."""
    svc = services()
    with svc.db.transaction() as db:
        platform = find_platform(db, issuer, client_id)
        context = course_by_id(db, platform.id, context_id)
        if context is None:
            raise click.ClickException("that course has not launched the tool yet, so its roster URL "
                                       "is unknown; launch once from the course first")
        key = tool_keys.signing_key(db)
        db.expunge_all()  # keeps the platform and course loaded: they are read after this unit of work
    fetched_at = utcnow()
    members = fetch_roster(platform, context, key, svc.settings)
    with svc.db.transaction() as db:
        report = store_roster(db, db.merge(context), members, fetched_at, svc.settings.roster_sync_hours)
    click.echo(f"{report.members} leden, {report.active} actief, {report.joined} nieuw, {report.left} vertrokken")
