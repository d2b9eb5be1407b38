"""Exporting statements as a flat table (``statement_table``), from any source of (statement, stored) pairs.

The window is on the *stored* time, as in xAPI: after ``since``, at or before ``until``. The journal
stores that time itself; the LRS cannot be asked for it, because Ralph filters ``since``/``until`` on
the statement's ``timestamp`` (when it happened), so a statement delivered late — journaled while the
LRS was down, stored hours later — would fall outside a ``since`` it belongs in. ``lrs_statements``
therefore reads every statement of the deployment, page by page (every ``more`` link), and keeps
those whose ``stored`` falls in the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from . import vocabulary as v
from .lrs_client import LrsClient
from .statement_batches import json_schema, to_batch
from .statement_table import columns, parse_time
from .table_files import TableWriter

#: rows per Parquet row group and per write
BATCH = 10_000
#: a statement (as a mapping or as its JSON text) and its stored time
Stored = tuple[Mapping[str, Any] | str, Any]


@dataclass(frozen=True)
class Window:
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def holds(self, stored: dt.datetime | None) -> bool:
        if stored is None:
            return False
        return (self.since is None or stored > self.since) and (self.until is None or stored <= self.until)


def profile_versions(iris: v.ToolIris) -> tuple[str, ...]:
    """The category IRIs the deployment's statements carry: profile version 2, then version 1."""
    return iris.category, iris.profile


def lrs_statements(client: LrsClient, iris: v.ToolIris, window: Window) -> Iterator[Stored]:
    """The deployment's statements in the LRS stored in ``window``, following every ``more`` link."""
    for category in profile_versions(iris):
        params = {"activity": category, "related_activities": "true", "limit": 100}
        for statement in client.iter_statements(params):
            stored = parse_time(statement.get("stored"))
            if window.holds(stored):
                yield statement, stored


def write_table(source: Iterable[Stored], table: TableWriter, iris: v.ToolIris, batch: int = BATCH) -> int:
    """Flatten and write every statement of ``source`` in batches; the number of rows written."""
    wanted = columns(iris)
    read_as = json_schema(wanted[:-1])
    pairs = iter(source)
    written = 0
    while chunk := list(islice(pairs, batch)):
        table.write(to_batch([body for body, _ in chunk], [stored for _, stored in chunk], wanted, read_as))
        written += len(chunk)
    return written
