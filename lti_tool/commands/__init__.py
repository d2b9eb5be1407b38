"""Command line: ``flask --app wsgi <group> <command>``, one module per command group.

The commands are module-level and find the app's services through ``current_app``: Flask runs every
command of an ``AppGroup`` (and the top-level ones, marked ``with_appcontext``) in the app's context.
"""

from __future__ import annotations

import functools
from typing import Any

import click
from flask import Flask

from assessments.errors import RuleBroken

from ..errors import UserError, rule_message
from .bank import bank
from .certificates import certification
from .database import db, init
from .grades import grades
from .hr_import import people_import
from .keys import keys
from .platforms import platform
from .privacy import privacy
from .roles import roles
from .roster import roster
from .statements import xapi
from .worker import worker

COMMANDS = (init, worker, people_import, privacy, certification, roles, db, platform, keys, xapi, grades, roster,
            bank)


def _clean_refusals(command: click.Command) -> None:
    """A refusal (a ``UserError`` or a broken domain rule, e.g. an unregistered platform) ends a command with
    one ``Error:`` line in the operator's language and exit code 1, not a traceback. Wraps each callback once."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _clean_refusals(sub)
        return
    callback = command.callback
    if callback is None or getattr(callback, "refusals_cleaned", False):
        return

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except UserError as refused:
            raise click.ClickException(refused.message) from refused
        except RuleBroken as refused:
            raise click.ClickException(rule_message(refused)) from refused

    run.refusals_cleaned = True  # type: ignore[attr-defined]
    command.callback = run


for _command in COMMANDS:  # once, when the commands are defined
    _clean_refusals(_command)


def register_cli(app: Flask) -> None:
    """Add every command to ``app.cli``."""
    for command in COMMANDS:
        app.cli.add_command(command)
