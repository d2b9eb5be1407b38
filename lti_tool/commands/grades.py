"""``flask grades``: scores for the LMS gradebooks (AGS)."""

from __future__ import annotations

from functools import partial

import click
from flask.cli import AppGroup

from ..db.models import ScoreOutbox
from ..db.outboxes import outbox_summary
from ..db.queries import unsent_scores
from ..outbox import send_scores
from ..services import Services
from .common import echo_delivery, echo_outbox_summary, repeat, services

grades = AppGroup("grades", help="Scores for the LMS gradebooks (AGS).")


def _send_once(svc: Services) -> None:
    echo_delivery(send_scores(svc.db, svc.settings))


@grades.command("send")
@click.option("--loop", "interval", default=0.0, help="keep sending every N seconds")
def send(interval: float) -> None:
    """Send pending scores to the platforms."""
    repeat(partial(_send_once, services()), interval)


@grades.command("status")
def status() -> None:  # no docstring: it would become the command's help text, which has none
    with services().db.session() as db:
        echo_outbox_summary(outbox_summary(db, ScoreOutbox))
        for row in unsent_scores(db, 50):
            click.echo(f"  #{row.id} {row.status} user={row.user_id} tries={row.tries} "
                       f"last={row.last_status} {row.last_error or ''}")
