"""``flask worker``: the background work of the tool, in a loop next to the web workers."""

from __future__ import annotations

from functools import partial

import click
from flask.cli import with_appcontext

from ..certification import certificate_verbs, record_expiries
from ..daily_jobs import Schedule
from ..db.models import utcnow
from ..lti.roster import sync_due_rosters
from ..outbox import send_mail, send_scores, send_statements
from ..privacy import describe_purge, retention_purge
from ..services import Services
from .common import repeat, services


def _daily(svc: Services, schedule: Schedule) -> None:
    """Expiries and the retention purge, each when due (AIDIP_EXPIRY_INTERVAL, AIDIP_PURGE_INTERVAL) and by one
    worker only; between runs this asks the database nothing."""
    now = utcnow()
    expired = schedule.run_if_due(svc.db, "expiries", svc.settings.expiry_interval,
                                  lambda db, at: record_expiries(db, svc.derivation(db), at), now)
    if expired is not None:
        click.echo(f"{now:%H:%M:%S} {expired} certificates recorded as expired")
    purge = partial(retention_purge, settings=svc.settings, keep_verbs=certificate_verbs(svc.iris))
    purged = schedule.run_if_due(svc.db, "retention", svc.settings.purge_interval,
                                 lambda db, at: purge(db, now=at), now)
    if purged is not None:
        click.echo(f"{now:%H:%M:%S} retention: {describe_purge(purged)}")


def _round(svc: Services, schedule: Schedule) -> None:
    """Run the daily jobs that are due, fetch the course rosters that are due, then deliver what is due; say so
    when anything went out or failed."""
    _daily(svc, schedule)
    sync_due_rosters(svc.db, svc.settings)  # before sending: a slow LMS only delays this round's sending
    s = send_statements(svc.db, svc.settings)  # the outbox engine counts failed deliveries
    g = send_scores(svc.db, svc.settings)
    m = send_mail(svc.db, svc.settings)
    if s.sent or s.failed or g.sent or g.failed or m.sent or m.failed:
        click.echo(f"{utcnow():%H:%M:%S} statements sent {s.sent} failed {s.failed}; "
                   f"scores sent {g.sent} failed {g.failed}; mails sent {m.sent} failed {m.failed}")


@click.command("worker")
@click.option("--interval", default=5.0, help="seconds between rounds")
@click.option("--once", is_flag=True)
@with_appcontext
def worker(interval: float, once: bool) -> None:
    """Deliver statements, scores and reminder mails, keep rosters fresh, record expiries and apply the retention
    periods once a day, in a loop (run one or more next to the web workers)."""
    repeat(partial(_round, services(), Schedule()), 0 if once else interval)
