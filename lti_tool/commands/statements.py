"""``flask xapi``: the statement journal and its delivery to the LRS."""

from __future__ import annotations

from functools import partial

import click
from flask.cli import AppGroup

from ..db.models import Statement
from ..db.outboxes import outbox_summary
from ..outbox import send_statements
from ..services import Services
from .common import echo_delivery, echo_outbox_summary, repeat, services
from .statement_export import export

xapi = AppGroup("xapi", help="Statement journal, delivery to the LRS and export for analysts.")
xapi.add_command(export)


def _send_once(svc: Services) -> None:
    echo_delivery(send_statements(svc.db, svc.settings))


@xapi.command("send")
@click.option("--loop", "interval", default=0.0, help="keep sending every N seconds")
def send(interval: float) -> None:
    """Send pending statements to the LRS."""
    repeat(partial(_send_once, services()), interval)


@xapi.command("status")
def status() -> None:  # no docstring: it would become the command's help text, which has none
    with services().db.session() as db:
        echo_outbox_summary(outbox_summary(db, Statement))
