"""Command line: ``flask --app wsgi <group> <command>``, one module per command group.

The commands are module-level and find the app's services through ``current_app``: Flask runs every
command of an ``AppGroup`` (and the top-level ones, marked ``with_appcontext``) in the app's context.
"""

from __future__ import annotations

from flask import Flask

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


def register_cli(app: Flask) -> None:
    """Add every command to ``app.cli``."""
    for command in COMMANDS:
        app.cli.add_command(command)
