"""``flask bank``: the item bank."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .common import services

bank = AppGroup("bank", help="The item bank.")


@bank.command("load")
def load() -> None:
    """Store the seed bank from config/ (changed items become new versions)."""
    svc = services()
    with svc.db.transaction() as db:
        seeded = svc.catalogue.seed_database(db)
    click.echo(f"{seeded['items_added']} new item versions, {seeded['items_unchanged']} unchanged, "
               f"{seeded['blueprint_versions']} new blueprint versions")
