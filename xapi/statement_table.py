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
    path: tuple[str, ...] = ()  # where the value is in the statement; () for ``stored`` and ``verb``


@dataclass(frozen=True)
class Extension:
    column: Column
    iri: str
    place: str  # "context" or "result"


def _c(name: str, kind: ColumnType, path: str = "") -> Column:
    return Column(name, kind, tuple(path.split(".")) if path else ())


FIXED: tuple[Column, ...] = (
    _c("id", "string", "id"), _c("stored", "timestamp"), _c("timestamp", "timestamp", "timestamp"),
    _c("actor_home_page", "string", "actor.account.homePage"), _c("actor_name", "string", "actor.account.name"),
    _c("verb_id", "string", "verb.id"), _c("verb", "string"),
    _c("object_id", "string", "object.id"), _c("object_type", "string", "object.definition.type"),
    _c("score_scaled", "float", "result.score.scaled"), _c("score_raw", "float", "result.score.raw"),
    _c("score_min", "float", "result.score.min"), _c("score_max", "float", "result.score.max"),
    _c("success", "bool", "result.success"), _c("completion", "bool", "result.completion"),
    _c("duration", "string", "result.duration"), _c("response", "string", "result.response"),
    _c("registration", "string", "context.registration"), _c("language", "string", "context.language"),
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
    found = [(v.CMI5_SESSION_ID, "context", "string"), (v.CMI5_MASTERY_SCORE, "context", "float")]
    for name, (kind, schema, _label, _definition) in EXTENSIONS.items():
        found.append((iris.extension(name), "context" if kind == "ContextExtension" else "result",
                      _schema_type(schema)))
    return tuple(sorted((Extension(Column(column_name("ctx_" if place == "context" else "res_", iri), kind,
                                          (place, "extensions", iri)), iri, place) for iri, place, kind in found),
                        key=lambda e: (e.place, e.column.name)))


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


def short_verb(verb_id: Any) -> str | None:
    """The verb IRI's last segment: ``…/verbs/passed`` → ``passed``."""
    return verb_id.rstrip("/").rsplit("/", 1)[-1] if isinstance(verb_id, str) else None


def _at(statement: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = statement
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def row(statement: Mapping[str, Any], stored: Any, table: tuple[Column, ...]) -> list[Any]:
    """One statement as the values of ``table`` (``columns`` without the statement itself), typed."""
    values: list[Any] = []
    for column in table:
        if column.name == "stored":
            values.append(parse_time(stored))
        elif column.name == "verb":
            values.append(short_verb(_at(statement, ("verb", "id"))))
        else:
            values.append(_typed(_at(statement, column.path), column.type))
    return values
