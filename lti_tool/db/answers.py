"""The autosave's reads and its write, each one statement (issue 17: an autosave in at most three round trips).

The read brings the attempt (only if it is the session's person's), the one stored answer at the position and
what the answer's statement names. The write stores the answer and journals its statement only while the
attempt is still in progress — the check and the write are one atomic statement, so an attempt submitted or
timed out in between (by another request) is never changed after it was judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, insert, literal, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from assessments.attempts import AttemptStatus

from .models import Attempt, Context, Person, Platform, ResourceLink, Response, Statement
from .repositories import journal_row

#: the largest position the ``responses.position`` column (INTEGER) can hold
MAX_POSITION = 2**31 - 1


@dataclass(frozen=True)
class AnswerRows:
    """What an autosave reads: the attempt, its stored answer at the position (None: none yet) and the rows
    its statement names."""

    attempt: Attempt
    response: Response | None
    platform: Platform
    person: Person
    link: ResourceLink
    context: Context | None


@dataclass(frozen=True)
class NewAnswer:
    """One answer as the domain recorded it, and the statement journaled with it (None: none)."""

    attempt_id: str
    platform_id: int
    person_id: int
    position: int
    item_version_id: int
    response: list[str]
    saved_at: dt.datetime
    fraction: float | None
    language: str | None
    statement: Mapping[str, Any] | None


def answer_rows(session: Session, attempt_id: str, platform_id: int, person_id: int,
                position: int) -> AnswerRows | None:
    """In one statement: the person's attempt with its answer at ``position`` and its statement context
    (None: no such attempt of theirs, or a position no question can have)."""
    if not 0 < position <= MAX_POSITION:  # out of the column's range (SQLite cannot even bind it)
        return None
    found = session.execute(
        select(Attempt, Response, Platform, Person, ResourceLink, Context).select_from(Attempt)
        .join(Platform, Platform.id == Attempt.platform_id)
        .join(Person, Person.id == Attempt.person_id)
        .join(ResourceLink, ResourceLink.id == Attempt.resource_link_pk)
        .outerjoin(Context, Context.id == ResourceLink.context_pk)
        .outerjoin(Response, (Response.attempt_id == Attempt.id) & (Response.position == position))
        .where(Attempt.id == attempt_id, Attempt.person_id == person_id, Attempt.platform_id == platform_id)
    ).first()
    return None if found is None else AnswerRows(*found)


def store_answer(session: Session, answer: NewAnswer) -> bool:
    """Store the answer and journal its statement, only while the attempt is the person's and in progress;
    False when it no longer is (nothing written). PostgreSQL: one statement (the attempt row is share-locked
    in it, so a concurrent submit waits for it, or it for the submit and then finds the attempt closed).
    SQLite: in the caller's unit of work, which holds the write lock from its start."""
    if session.get_bind().dialect.name == "postgresql":
        return _store_in_one_statement(session, answer)
    saved = session.execute(_upsert(sqlite_insert, answer, _open_attempt(answer).subquery())).rowcount
    if saved and answer.statement is not None:
        session.execute(insert(Statement).values(_statement_values(answer)))
    return bool(saved)


def _store_in_one_statement(session: Session, answer: NewAnswer) -> bool:
    attempt = _open_attempt(answer).with_for_update(read=True).cte("open_attempt")
    saved = _upsert(pg_insert, answer, attempt).returning(Response.attempt_id).cte("saved")
    outcome = select(select(func.count()).select_from(saved).scalar_subquery())
    if answer.statement is not None:
        values = _statement_values(answer)
        journaled = insert(Statement).from_select(
            list(values), select(*_literals(Statement, values)).select_from(saved)).cte("journaled")
        outcome = outcome.add_cte(journaled)
    return bool(session.scalar(outcome))


def _open_attempt(answer: NewAnswer) -> Select[tuple[str]]:
    return select(Attempt.id).where(Attempt.id == answer.attempt_id, Attempt.person_id == answer.person_id,
                                    Attempt.status == AttemptStatus.IN_PROGRESS.value)


def _literals(model: Any, values: Mapping[str, Any]) -> list[ColumnElement[Any]]:
    """``values`` as typed literals of ``model``'s columns (JSON and timestamps bound as the columns bind them)."""
    columns = model.__table__.c
    return [literal(value, columns[name].type) for name, value in values.items()]


def _upsert(dialect_insert: Any, answer: NewAnswer, attempt: Any) -> Any:
    """INSERT … SELECT from ``attempt`` (no row there: nothing stored) … ON CONFLICT DO UPDATE of the answer."""
    values = {"position": answer.position, "item_version_id": answer.item_version_id, "response": answer.response,
              "saved_at": answer.saved_at, "fraction": answer.fraction, "language": answer.language}
    # ``WHERE true``: SQLite needs a WHERE before ON CONFLICT in an INSERT … SELECT
    selected = select(attempt.c.id, *_literals(Response, values)).select_from(attempt).where(true())
    stmt = dialect_insert(Response).from_select(["attempt_id", *values], selected)
    changed = {name: stmt.excluded[name] for name in ("response", "saved_at", "fraction", "language")}
    return stmt.on_conflict_do_update(index_elements=[Response.attempt_id, Response.position], set_=changed)


def _statement_values(answer: NewAnswer) -> dict[str, Any]:
    statement = answer.statement
    assert statement is not None
    return {**journal_row(statement, answer.platform_id, answer.person_id), "created_at": answer.saved_at,
            "status": "pending", "tries": 0, "next_attempt_at": answer.saved_at}
