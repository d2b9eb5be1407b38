"""``flask worker``: the background work of the tool, in a loop next to the web workers."""

from __future__ import annotations

import logging
from functools import partial

import click
from flask import current_app
from flask.cli import with_appcontext

from ..certification import certificate_verbs, record_expiries
from ..daily_jobs import Schedule
from ..db.models import utcnow
from ..logs import log_process_as_json
from ..lti.roster import sync_due_rosters
from ..metrics import EXTENSION as METRICS_EXTENSION
from ..metrics_server import serve_metrics
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
        _say(svc, f"{now:%H:%M:%S} {expired} certificates recorded as expired")
    purge = partial(retention_purge, settings=svc.settings, keep_verbs=certificate_verbs(svc.iris))
    purged = schedule.run_if_due(svc.db, "retention", svc.settings.purge_interval,
                                 lambda db, at: purge(db, now=at), now)
    if purged is not None:
        _say(svc, f"{now:%H:%M:%S} retention: {describe_purge(purged)}")


def _round(svc: Services, schedule: Schedule) -> None:
    """Run the daily jobs that are due, fetch the course rosters that are due, then deliver what is due; say so
    when anything went out or failed."""
    _daily(svc, schedule)
    sync_due_rosters(svc.db, svc.settings)  # before sending: a slow LMS only delays this round's sending
    s = send_statements(svc.db, svc.settings)  # the outbox engine counts failed deliveries
    g = send_scores(svc.db, svc.settings)
    m = send_mail(svc.db, svc.settings)
    if s.sent or s.failed or g.sent or g.failed or m.sent or m.failed:
        _say(svc, f"{utcnow():%H:%M:%S} statements sent {s.sent} failed {s.failed}; "
                   f"scores sent {g.sent} failed {g.failed}; mails sent {m.sent} failed {m.failed}")


def _say(svc: Services, message: str) -> None:
    """A JSON line (with ``AIDIP_LOG_FORMAT=json``), else plain text as before."""
    if svc.settings.log_format == "json":
        logging.getLogger("lti_tool.worker").info(message)
    else:
        click.echo(message)


@click.command("worker")
@click.option("--interval", default=5.0, help="seconds between rounds")
@click.option("--once", is_flag=True)
@with_appcontext
def worker(interval: float, once: bool) -> None:
    """Deliver statements, scores and reminder mails, keep rosters fresh, record expiries and apply the retention
    periods once a day, in a loop (run one or more next to the web workers)."""
    svc = services()
    if svc.settings.log_format == "json":
        log_process_as_json()  # libraries' lines too; counters go to PROMETHEUS_MULTIPROC_DIR when it is set
    if svc.settings.worker_metrics_address:  # a host of its own: Prometheus scrapes the worker itself
        serve_metrics(current_app.extensions[METRICS_EXTENSION], svc.settings)
    repeat(partial(_round, svc, Schedule()), 0 if once else interval)
