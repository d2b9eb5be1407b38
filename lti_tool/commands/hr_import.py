"""``flask people-import``: the HR export (CSV or XLSX) as the organisation's people."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..audit import record
from ..lti.platforms import find_platform
from ..organisation import apply_hr_import
from ..people import parse_hr_file
from ..problems import problem_text
from .common import ACTOR, services


@click.command("people-import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--issuer", required=True)
@click.option("--client-id", default=None)
@click.option("--dry-run", is_flag=True)
@with_appcontext
def people_import(path: str, issuer: str, client_id: str | None, dry_run: bool) -> None:
    """Import an HR export (CSV or XLSX): all or nothing, line-level errors."""
    svc = services()
    data = Path(path).read_bytes()
    with svc.db.transaction() as db:
        platform = find_platform(db, issuer, client_id)
        result = parse_hr_file(db, platform.id, Path(path).name, data)
        if result.errors:
            for error in result.errors:
                click.echo(problem_text(error), err=True)
            raise click.ClickException(f"nothing imported: {len(result.errors)} problems")
        counts = apply_hr_import(db, platform.id, result.people)
        record(db, "people.imported", Path(path).name, after=counts, platform_id=platform.id, actor=ACTOR)
        if dry_run:
            db.rollback()
    click.echo(("dry run: " if dry_run else "") + ", ".join(f"{v} {k}" for k, v in counts.items()))
