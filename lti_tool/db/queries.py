"""Reads shared by features that have no package of their own (HR import, the command line)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import msgspec
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from .models import Context, Person, Platform, RoleGrant, ScoreOutbox, Statement, ToolKey


def employee_numbers(db: Session, platform_id: int) -> set[str]:
    """The employee numbers of the people the tool knows on this platform."""
    return {n for n in db.scalars(select(Person.employee_number).where(Person.platform_id == platform_id)) if n}


def person_by_subject(db: Session, platform_id: int, subject: str) -> Person | None:
    return db.scalars(select(Person).where(Person.platform_id == platform_id, Person.subject == subject)).first()


def course_by_id(db: Session, platform_id: int, context_id: str) -> Context | None:
    """The course (LTI context) with this LMS id, once it has launched the tool."""
    return db.scalars(select(Context).where(Context.platform_id == platform_id,
                                            Context.context_id == context_id)).first()


def all_tool_keys(db: Session) -> list[ToolKey]:
    """The tool's signing keys, oldest first, retired ones included."""
    return list(db.scalars(select(ToolKey).order_by(ToolKey.id)))


def unsent_scores(db: Session, limit: int) -> list[ScoreOutbox]:
    """The first ``limit`` scores not (yet) accepted by their platform, oldest first."""
    return list(db.scalars(select(ScoreOutbox).where(ScoreOutbox.status != "sent")
                           .order_by(ScoreOutbox.id).limit(limit)))


def role_grant_rows(db: Session) -> list[tuple[str, str, str | None, str]]:
    """Every granted role as (issuer, subject, name, role), in the order granted."""
    return list(db.execute(select(Platform.issuer, Person.subject, Person.name, RoleGrant.role)
                           .join(Person, Person.id == RoleGrant.person_id)
                           .join(Platform, Platform.id == RoleGrant.platform_id).order_by(RoleGrant.id)).tuples())


def journaled_bodies(db: Session, verbs: Sequence[str]) -> list[dict[str, Any]]:
    """The bodies of the journaled statements with one of these verbs. The database joins their JSON texts into one
    array, decoded at once (sharing the repeated keys): no row object, driver call or decode per statement. Cutting
    the statements down in the database first costs more than it saves (measured: PostgreSQL parses the json column
    into jsonb more slowly than Python decodes it; SQLite's json functions came out even). msgspec decodes the
    same plain dicts and lists as ``json`` three times as fast (76 MB: 0.36 s against 1.15 s)."""
    joined = db.scalar(select(func.aggregate_strings(cast(Statement.body, Text), ","))
                       .where(Statement.verb.in_(verbs)))
    found: list[dict[str, Any]] = msgspec.json.decode(f"[{joined or ''}]")
    return found


def statement_texts(db: Session, ids: Sequence[str]) -> dict[str, str]:
    """The journaled JSON texts of these statements, as stored: the sender posts them without decoding and
    encoding each one again."""
    rows = db.execute(select(Statement.id, cast(Statement.body, Text)).where(Statement.id.in_(list(ids))))
    return {sid: text for sid, text in rows}


def journal_stream(db: Session, since: dt.datetime | None, until: dt.datetime | None,
                   batch: int = 10_000) -> Iterator[tuple[str, dt.datetime]]:
    """Every journaled statement stored (journaled) after ``since`` and at or before ``until``, oldest first,
    as (JSON text, stored time): a server-side cursor fetching ``batch`` rows at a time, so memory stays flat."""
    query = select(cast(Statement.body, Text), Statement.created_at).order_by(Statement.created_at, Statement.id)
    if since is not None:
        query = query.where(Statement.created_at > since)
    if until is not None:
        query = query.where(Statement.created_at <= until)
    yield from ((body, stored) for body, stored in db.execute(query.execution_options(yield_per=batch)))
