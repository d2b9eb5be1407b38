"""What several command groups share: the app's services, the send loop, the outbox printouts."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import click
from flask import current_app

from ..outbox import Report
from ..services import Services

#: who the audit log names for changes made on the command line
ACTOR = "command line"


def services() -> Services:
    """The services of the app whose context the command runs in."""
    return current_app.extensions["aidiploma"]  # type: ignore[no-any-return]


def repeat(step: Callable[[], None], interval: float) -> None:
    """Run ``step`` once, or every ``interval`` seconds for ever when it is positive."""
    while True:
        step()
        if interval <= 0:
            return
        time.sleep(interval)


def echo_delivery(report: Report) -> None:
    click.echo(f"sent {report.sent}, failed {report.failed}" +
               (f" — {report.errors[-1]}" if report.errors else ""))


def echo_outbox_summary(summary: dict[str, Any]) -> None:
    if not summary:
        click.echo("empty")
    for status, info in sorted(summary.items()):
        click.echo(f"{status:>8}: {info['count']} (oldest {info['oldest']:%Y-%m-%d %H:%M})")
