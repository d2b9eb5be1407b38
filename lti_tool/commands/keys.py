"""``flask keys``: the tool's signing keys."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..db.queries import all_tool_keys
from ..lti import keys as tool_keys
from .common import services

keys = AppGroup("keys", help="The tool's signing keys.")


@keys.command("rotate")
def rotate() -> None:
    """Make a new signing key; the old one stays published for the grace period."""
    svc = services()
    with svc.db.transaction() as db:
        new, retired = tool_keys.rotate(db)
        click.echo(f"new signing key {new.kid}; retired {', '.join(k.kid for k in retired) or 'none'} "
                   f"(published {svc.settings.key_grace_days} more days)")


@keys.command("list")
def list_keys() -> None:  # no docstring: it would become the command's help text, which has none
    with services().db.session() as db:
        for key in all_tool_keys(db):
            state = "active" if key.retired_at is None else f"retired {key.retired_at:%Y-%m-%d}"
            click.echo(f"{key.kid}  created {key.created_at:%Y-%m-%d %H:%M}  {state}")
