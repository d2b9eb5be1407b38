"""``flask bank``: the item bank."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from assessments.psychometrics.irt import TooFewAttempts

from ..db.repositories import analyze
from ..errors import rule_message
from ..quality.operations import calibrate_level
from ..quality.queries import levels
from .common import ACTOR, services

bank = AppGroup("bank", help="The item bank.")


@bank.command("load")
def load() -> None:
    """Store the seed bank from config/ (changed items become new versions)."""
    svc = services()
    with svc.db.transaction() as db:
        seeded = svc.catalogue.seed_database(db)
        analyze(db)  # planner statistics for what was just loaded
    click.echo(f"{seeded['items_added']} new item versions, {seeded['items_unchanged']} unchanged, "
               f"{seeded['blueprint_versions']} new blueprint versions")


@bank.command("calibrate")
@click.option("--level", required=True, help="The level whose attempts are fitted (e.g. basic).")
@click.option("--model", type=click.Choice(["rasch", "2pl"]), default="rasch", show_default=True,
              help="Rasch (difficulty only) or 2PL (difficulty and discrimination).")
def calibrate(level: str, model: str) -> None:
    """Fit an IRT model to the finished attempts of a level; the draw then uses the difficulties."""
    with services().db.session() as db:
        known = levels(db)
    if level not in known:
        raise click.BadParameter(f"unknown level {level!r}; known: {', '.join(known) or 'none'}", param_hint="--level")
    try:
        done = calibrate_level(level, model, ACTOR)
    except TooFewAttempts as refused:
        raise click.ClickException(rule_message(refused)) from None
    click.echo(f"run {done.run_id}: {done.model} on {done.attempts} attempts, {done.items} items"
               + (f"; left out: {', '.join(f'{k} ({v})' for k, v in sorted(done.excluded.items()))}"
                  if done.excluded else ""))
