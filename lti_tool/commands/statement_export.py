"""``flask xapi export``: the statements as one flat table (Parquet or JSON Lines) for analysts."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import with_appcontext

from xapi.lrs_client import LrsClient, LrsError
from xapi.statement_export import Stored, Window, lrs_statements, write_table
from xapi.statement_table import columns
from xapi.table_files import FORMATS, open_table

from ..db.queries import journal_stream
from ..egress import egress_transport
from ..services import Services
from .common import services


class UtcTime(click.ParamType):
    """A date (``2026-01-01``) or ISO 8601 date-time; without an offset it is UTC."""

    name = "datetime"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        try:
            parsed = dt.datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date or an ISO 8601 date-time (e.g. 2026-01-01T00:00:00Z)", param, ctx)
        return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _journal(svc: Services, window: Window) -> Iterator[Stored]:
    with svc.db.session() as db:
        yield from journal_stream(db, window.since, window.until)


def _lrs(svc: Services, window: Window) -> Iterator[Stored]:
    settings = svc.settings
    if not settings.lrs_endpoint:
        raise click.ClickException("no LRS configured (AIDIP_LRS_ENDPOINT)")
    with LrsClient(settings.lrs_endpoint, settings.lrs_username, settings.lrs_password,
                   timeout=settings.lrs_timeout, transport=egress_transport(settings, settings.lrs_timeout)) as client:
        yield from lrs_statements(client, svc.iris, window)


@contextmanager
def _replacing(out: Path) -> Iterator[Path]:
    """A temporary file next to ``out`` that becomes ``out`` only when the export finished."""
    partial = out.with_name(out.name + ".partial")
    try:
        yield partial
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


@click.command("export")
@click.option("--since", type=UtcTime(), required=True, help="statements stored after this time (UTC unless given)")
@click.option("--until", type=UtcTime(), default=None, help="and stored at or before this time")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="file format")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="file to write")
@click.option("--source", type=click.Choice(["journal", "lrs"]), default="journal", show_default=True,
              help="the tool's statement journal, or the LRS (every page)")
@with_appcontext
def export(since: dt.datetime, until: dt.datetime | None, fmt: str, out: Path, source: str) -> None:
    """Export statements as a flat table, one row per statement (columns: README → xAPI for analysts)."""
    if until is not None and until <= since:
        raise click.BadParameter("must be later than --since", param_hint="--until")
    if not out.parent.is_dir():
        raise click.BadParameter(f"folder {out.parent} does not exist", param_hint="--out")
    svc, window = services(), Window(since, until)
    statements = _journal(svc, window) if source == "journal" else _lrs(svc, window)
    with _replacing(out) as partial:
        table = open_table(fmt, partial, columns(svc.iris))
        try:
            count = write_table(statements, table, svc.iris)
        except LrsError as exc:
            raise click.ClickException(f"the LRS export stopped: {exc}") from exc
        finally:
            table.close()
    click.echo(f"exported {count} statements from the {source} to {out} ({fmt})")
