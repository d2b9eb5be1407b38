"""Statements as a flat table for analysts: one row per statement, fixed columns.

The columns are the same on every run and for every source: the fixed ones below, then one column per
extension of the tool's xAPI profile (``ctx_<name>`` for context, ``res_<name>`` for result extensions,
``<name>`` the last segment of the extension's IRI with ``-`` as ``_``), then the whole statement as JSON.
An extension outside the profile has no column of its own; it stays in ``statement``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import vocabulary as v
from .profile import EXTENSIONS

#: column types: string, timestamp (UTC), float, int, bool, json (the whole statement)
ColumnType = str


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType


@dataclass(frozen=True)
class Extension:
    column: Column
    iri: str
    place: str  # "context" or "result"


FIXED: tuple[Column, ...] = (
    Column("id", "string"), Column("stored", "timestamp"), Column("timestamp", "timestamp"),
    Column("actor_home_page", "string"), Column("actor_name", "string"),
    Column("verb_id", "string"), Column("verb", "string"),
    Column("object_id", "string"), Column("object_type", "string"),
    Column("score_scaled", "float"), Column("score_raw", "float"), Column("score_min", "float"),
    Column("score_max", "float"), Column("success", "bool"), Column("completion", "bool"),
    Column("duration", "string"), Column("response", "string"),
    Column("registration", "string"), Column("language", "string"),
)
STATEMENT = Column("statement", "json")


def _schema_type(schema: Mapping[str, Any]) -> ColumnType:
    kind = schema.get("type")
    if kind == "integer":
        return "int"
    if kind == "number":
        return "float"
    if kind == "boolean":
        return "bool"
    return "timestamp" if schema.get("format") == "date-time" else "string"


def column_name(prefix: str, iri: str) -> str:
    """``ctx_``/``res_`` and the IRI's last segment: ``…/extensions/business-unit`` → ``ctx_business_unit``."""
    return prefix + iri.rstrip("/").rsplit("/", 1)[-1].replace("-", "_").lower()


def extensions(iris: v.ToolIris) -> tuple[Extension, ...]:
    """The profile's extensions as columns, context before result, each sorted by column name."""
    found = [Extension(Column(column_name("ctx_", v.CMI5_SESSION_ID), "string"), v.CMI5_SESSION_ID, "context"),
             Extension(Column(column_name("ctx_", v.CMI5_MASTERY_SCORE), "float"), v.CMI5_MASTERY_SCORE, "context")]
    for name, (kind, schema, _label, _definition) in EXTENSIONS.items():
        place = "context" if kind == "ContextExtension" else "result"
        iri = iris.extension(name)
        prefix = "ctx_" if place == "context" else "res_"
        found.append(Extension(Column(column_name(prefix, iri), _schema_type(schema)), iri, place))
    return tuple(sorted(found, key=lambda e: (e.place, e.column.name)))


def columns(iris: v.ToolIris) -> tuple[Column, ...]:
    """Every column, in table order; the whole statement last."""
    return (*FIXED, *(e.column for e in extensions(iris)), STATEMENT)


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO 8601 date-time as an aware UTC datetime (a naive one is taken as UTC); None if it is none."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _typed(value: Any, kind: ColumnType) -> Any:
    if value is None:
        return None
    if kind == "timestamp":
        return parse_time(value)
    if kind == "float":
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    if kind == "int":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "bool":
        return value if isinstance(value, bool) else None
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def row(statement: Mapping[str, Any], stored: Any, exts: tuple[Extension, ...]) -> tuple[Any, ...]:
    """One statement as a row in the order of ``columns`` (the last value is the statement itself)."""
    actor = statement.get("actor") or {}
    account = actor.get("account") or {}
    verb_id = (statement.get("verb") or {}).get("id")
    obj = statement.get("object") or {}
    result = statement.get("result") or {}
    score = result.get("score") or {}
    context = statement.get("context") or {}
    values = (
        statement.get("id"), parse_time(stored), parse_time(statement.get("timestamp")),
        account.get("homePage"), account.get("name"),
        verb_id, verb_id.rstrip("/").rsplit("/", 1)[-1] if isinstance(verb_id, str) else None,
        obj.get("id"), (obj.get("definition") or {}).get("type"),
        score.get("scaled"), score.get("raw"), score.get("min"), score.get("max"),
        result.get("success"), result.get("completion"), result.get("duration"), result.get("response"),
        context.get("registration"), context.get("language"),
    )
    typed = [_typed(value, column.type) for value, column in zip(values, FIXED, strict=True)]
    found = {"context": context.get("extensions") or {}, "result": result.get("extensions") or {}}
    typed += [_typed(found[e.place].get(e.iri), e.column.type) for e in exts]
    return (*typed, statement)
