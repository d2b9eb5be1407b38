"""The writes shared by several features: upserts from launches, the bank, attempts and the journal.

SQL lives in the data layer only: this module and its siblings in ``lti_tool/db/`` (certificates,
grades, people, privacy, key values), each feature's ``repositories.py`` for what it changes and
``queries.py`` for what its pages read (``tests/unit/test_architecture.py`` keeps it so).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Integer, Select, String, bindparam, func, select, text, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached

from assessments.attempts import AttemptStatus
from assessments.items import Item, content_hash, item_from_record
from assessments.people import PERSON_ATTRIBUTES as PERSON_ATTRIBUTES  # read by delivery and the xAPI profile
from assessments.people import PersonState, apply_launch

from .models import (
    Accommodation,
    Attempt,
    Base,
    Context,
    ItemVersion,
    Membership,
    Person,
    ResourceLink,
    RoleGrant,
    Statement,
    UsedNonce,
    utcnow,
)

T = TypeVar("T")

# --- people, courses, links -------------------------------------------------------------


def _insert_or_existing(session: Session, row: T, existing: Select[tuple[T]]) -> T:
    """Insert ``row``, or return the row a concurrent unit of work inserted first under the same
    unique key (many employees launching into a new course at once; a double-clicked launch).
    The insert runs in a savepoint, so losing the race leaves the caller's transaction usable."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        found = session.scalars(existing).first()
        if found is None:
            raise
        return found
    return row


def dialect_insert(session: Session) -> Any:
    """The dialect's INSERT (PostgreSQL's or SQLite's): both know ``ON CONFLICT`` and ``RETURNING``."""
    return insert_of(session.get_bind().dialect.name)


def insert_of(dialect: str) -> Any:
    """``dialect_insert`` by the dialect's name (for statements built once per dialect)."""
    return pg_insert if dialect == "postgresql" else sqlite_insert


@cache
def _upsert_statement(dialect: str, model: Any, keys: tuple[str, ...], columns: tuple[str, ...],
                      update_with: tuple[str, ...]) -> Any:
    """``INSERT … ON CONFLICT (keys) DO UPDATE … RETURNING id``: a new row, or the row with the same unique ``keys``
    with ``update_with`` set (a concurrent launch waits for the other's commit, then updates its row). Built once
    per shape (every launch runs the membership's): building it cost more than running it. On the table, not the
    entity: executed with parameters, an entity's INSERT takes the ORM's bulk path, which rebuilt it every time."""
    stmt = insert_of(dialect)(model.__table__).values(
        {name: bindparam(name, type_=model.__table__.c[name].type) for name in columns})
    changes = {name: stmt.excluded[name] for name in update_with} or {keys[0]: stmt.excluded[keys[0]]}
    return stmt.on_conflict_do_update(index_elements=list(keys), set_=changes).returning(model.__table__.c.id)


def _shared_row(session: Session, model: Any, keys: Sequence[str], insert: Mapping[str, Any],
                update_with: Sequence[str], known: Any = None) -> Any:
    """A row every learner of a course launches with (the course, the exam link): read without a lock and
    written only where this launch changed something; a new one is one ``INSERT … ON CONFLICT DO NOTHING``.
    An upsert that always updates locks the row until commit, so a course's launches queued behind each other
    (15 ms of waiting per launch at 16 in flight). ``known``: the row, read already (``course_and_link``)."""
    row = known
    if row is None:
        row = _find_or_insert(session, model, keys, insert)
    for name in update_with:
        if getattr(row, name) != insert[name]:
            setattr(row, name, insert[name])  # flushed with the unit of work: an UPDATE of what changed
    return row


def _find_or_insert(session: Session, model: Any, keys: Sequence[str], insert: Mapping[str, Any]) -> Any:
    find = _shared_row_statements(session.get_bind().dialect.name, model, tuple(keys), tuple(insert))
    key_values = {k: insert[k] for k in keys}
    for statement, params in ((find[0], key_values), (find[1], dict(insert)), (find[0], key_values)):
        row = session.scalars(statement, params, execution_options={"populate_existing": True}).first()
        if row is not None:
            return row
    # inserted by nobody, found by nobody: only a concurrent delete of the row gets here
    raise LookupError(f"{model.__tablename__}: no row for {key_values}")


def course_and_link(session: Session, platform_id: int, context_id: str,
                    resource_link_id: str) -> tuple[Context, ResourceLink] | None:
    """A launch's course and exam link in one read when both exist already (None: one of them is new; the
    upserts read and insert it)."""
    found = session.execute(_course_and_link_query(), {"platform_id": platform_id, "context_id": context_id,
                                                       "resource_link_id": resource_link_id},
                            execution_options={"populate_existing": True}).first()
    return None if found is None else (found[0], found[1])


@cache
def _course_and_link_query() -> Select[Context, ResourceLink]:
    platform = bindparam("platform_id", type_=Integer)
    return (select(Context, ResourceLink).join(ResourceLink, true())
            .where(Context.platform_id == platform, Context.context_id == bindparam("context_id", type_=String),
                   ResourceLink.platform_id == platform,
                   ResourceLink.resource_link_id == bindparam("resource_link_id", type_=String)))


@cache
def _shared_row_statements(dialect: str, model: Any, keys: tuple[str, ...], columns: tuple[str, ...]
                           ) -> tuple[Any, Any]:
    """The read by unique key and the insert that leaves a concurrent one's row alone, built once per shape."""
    find = select(model).where(*[model.__table__.c[k] == bindparam(k, type_=model.__table__.c[k].type)
                                 for k in keys])
    insert = (insert_of(dialect)(model)
              .values({name: bindparam(name, type_=model.__table__.c[name].type) for name in columns})
              .on_conflict_do_nothing(index_elements=list(keys)).returning(model))
    return find, insert


def upsert_person(session: Session, platform_id: int, subject: str, *, name: str | None = None,
                  email: str | None = None, attributes: Mapping[str, str | None] | None = None,
                  locale: str | None = None, now: dt.datetime | None = None,
                  launched: bool = False) -> Person:
    """Create or update a person from a launch, by the rules of ``assessments.people.apply_launch``:
    what the LMS says about the organisation is kept as "seen in the LMS" and never decides who
    someone is (no employee number, no link to a person known from the HR file). ``launched``: the
    person launched now (``last_launch_at``). A new person is one INSERT; a known one is read and
    updated where the rules changed something."""
    return upsert_person_created(session, platform_id, subject, name=name, email=email, attributes=attributes,
                                 locale=locale, now=now, launched=launched)[0]


def upsert_person_created(session: Session, platform_id: int, subject: str, *, name: str | None = None,
                          email: str | None = None, attributes: Mapping[str, str | None] | None = None,
                          locale: str | None = None, now: dt.datetime | None = None,
                          launched: bool = False) -> tuple[Person, bool]:
    """``upsert_person``, and whether this call created the person (a new person has no attempts yet)."""
    now = now or utcnow()
    rules = {"name": name, "email": email, "locale": locale, "attributes": attributes, "now": now}
    fresh = apply_launch(PersonState(subject), **rules)  # type: ignore[arg-type]
    if launched:
        fresh = replace(fresh, last_launch_at=now)
    values = {k: v for k, v in asdict(fresh).items() if k != "id" and v is not None}
    stmt = dialect_insert(session)(Person).values(platform_id=platform_id, first_seen_at=now, **values)
    stmt = stmt.on_conflict_do_nothing(index_elements=["platform_id", "subject"]).returning(Person)
    person = session.scalars(stmt, execution_options={"populate_existing": True}).first()
    if person is not None:
        return person, True
    person = session.scalars(select(Person).where(Person.platform_id == platform_id, Person.subject == subject)
                             ).one()
    store_person_state(person, apply_launch(person_state(person), **rules))  # type: ignore[arg-type]
    if launched:
        person.last_launch_at = now
    session.flush()
    return person, False


def record_nonce(session: Session, platform_id: int, nonce: str, expires_at: dt.datetime) -> bool:
    """Record an id_token's nonce as used, in one statement; False when it was used already (a replay; a
    concurrent replay waits for the other's commit and then finds it)."""
    stmt = _nonce_insert(session.get_bind().dialect.name)
    return session.execute(stmt, {"platform_id": platform_id, "nonce": nonce, "expires_at": expires_at}
                           ).first() is not None


@cache
def _nonce_insert(dialect: str) -> Any:
    """Built once, on the table (as ``_upsert_statement``): every launch runs it."""
    table = UsedNonce.__table__
    stmt = insert_of(dialect)(table).values(
        {name: bindparam(name, type_=table.c[name].type) for name in ("platform_id", "nonce", "expires_at")})
    return stmt.on_conflict_do_nothing(index_elements=["platform_id", "nonce"]).returning(table.c.nonce)


def person_state(person: Person) -> PersonState:
    """A person row as the HR and launch rules (``assessments.people``) see it."""
    return PersonState(**{name: getattr(person, name) for name in PersonState.field_names()})


def store_person_state(person: Person, state: PersonState) -> None:
    """Write what the rules changed onto the row; columns they left alone are not touched."""
    for name in PersonState.field_names():
        if name != "id" and getattr(person, name) != getattr(state, name):
            setattr(person, name, getattr(state, name))


def upsert_context(session: Session, platform_id: int, deployment_id: str, context_id: str,
                   label: str | None, title: str | None, memberships_url: str | None,
                   lineitems_url: str | None, known: Context | None = None) -> Context:
    """The course (one read when the launch changes nothing about it); what the launch leaves out is kept."""
    given = {"label": label, "title": title, "memberships_url": memberships_url, "lineitems_url": lineitems_url}
    given = {k: v for k, v in given.items() if v}
    return _shared_row(session, Context, ("platform_id", "context_id"),
                       {"platform_id": platform_id, "context_id": context_id, "deployment_id": deployment_id, **given},
                       ["deployment_id", *given], known)


def upsert_membership(session: Session, context: Context, person: Person, roles: Sequence[str],
                      source: str, status: str = "Active", now: dt.datetime | None = None) -> int:
    """The person's membership of the course, in one statement; its id (no row is loaded: every launch runs it)."""
    values = {"roles": list(roles), "status": status, "source": source, "last_seen_at": now or utcnow()}
    insert = {"context_pk": context.id, "person_id": person.id, **values}
    stmt = _upsert_statement(session.get_bind().dialect.name, Membership, ("context_pk", "person_id"), tuple(insert),
                             tuple(values))
    return int(session.execute(stmt, insert).scalar_one())


def claim_due_roster(session: Session, now: dt.datetime, retry_at: dt.datetime) -> int | None:
    """The course whose roster is due longest (never fetched first), claimed by moving its due time to
    ``retry_at``: of several workers only one wins a course (a conditional update), and a failed fetch is
    tried again from ``retry_at`` on. None when no course with a roster service is due."""
    due = (Context.memberships_url.is_not(None)) & (Context.roster_due_at.is_(None) | (Context.roster_due_at <= now))
    for context_pk in session.scalars(select(Context.id).where(due).order_by(
            Context.roster_due_at.is_not(None), Context.roster_due_at, Context.id).limit(5)):
        won = session.execute(update(Context).where(Context.id == context_pk, due).values(roster_due_at=retry_at))
        if won.rowcount == 1:  # type: ignore[attr-defined]
            return int(context_pk)
    return None


def active_member_ids(session: Session, context_pk: int) -> set[int]:
    return set(session.scalars(select(Membership.person_id).where(Membership.context_pk == context_pk,
                                                                  Membership.status == "Active")))


def mark_left(session: Session, context_pk: int, not_seen_since: dt.datetime) -> int:
    """Members a complete roster fetched at ``not_seen_since`` no longer lists (and who did not launch since):
    status ``Deleted``, as NRPS calls it; the row stays, so reports know they were once in the course."""
    result = session.execute(update(Membership).where(
        Membership.context_pk == context_pk, Membership.status != "Deleted",
        Membership.last_seen_at < not_seen_since).values(status="Deleted"))
    return int(result.rowcount)  # type: ignore[attr-defined]


def upsert_resource_link(session: Session, platform_id: int, context: Context | None,
                         resource_link_id: str, title: str | None, exam_key: str | None,
                         lineitem_url: str | None, scopes: Sequence[str],
                         known: ResourceLink | None = None) -> ResourceLink:
    """The exam link (one read when the launch changes nothing about it); what the launch leaves out is kept
    (a new link without an exam is the basic exam)."""
    given: dict[str, Any] = {"exam_key": exam_key, "context_pk": context.id if context else None, "title": title,
                             "lineitem_url": lineitem_url, "ags_scopes": list(scopes)}
    given = {k: v for k, v in given.items() if v}
    return _shared_row(session, ResourceLink, ("platform_id", "resource_link_id"),
                       {"exam_key": "basic", **given, "platform_id": platform_id, "resource_link_id": resource_link_id},
                       list(given), known)


def granted_roles(session: Session, platform_id: int, person_id: int) -> list[str]:
    """Tool roles granted to a person on top of those their LTI roles give."""
    return list(session.scalars(select(RoleGrant.role).where(RoleGrant.platform_id == platform_id,
                                                             RoleGrant.person_id == person_id)))



def add_role_grant(session: Session, platform_id: int, person_id: int, role: str, granted_by: str) -> bool:
    """Grant a tool role; False when the person had it already."""
    exists = session.scalars(select(RoleGrant).where(RoleGrant.platform_id == platform_id,
                                                     RoleGrant.person_id == person_id, RoleGrant.role == role))
    if exists.first() is not None:
        return False
    session.add(RoleGrant(platform_id=platform_id, person_id=person_id, role=role, granted_by=granted_by))
    return True


def delete_role_grant(session: Session, platform_id: int, subject: str, role: str) -> bool:
    """Withdraw the role granted to the person with this subject; False when there was no such grant."""
    grant = session.scalars(select(RoleGrant).join(Person, Person.id == RoleGrant.person_id).where(
        RoleGrant.platform_id == platform_id, Person.subject == subject, RoleGrant.role == role)).first()
    if grant is None:
        return False
    session.delete(grant)
    return True

def context_members(session: Session, context_pk: int) -> list[Membership]:
    return list(session.scalars(
        select(Membership).where(Membership.context_pk == context_pk).order_by(Membership.id)
    ))


# --- the item bank -----------------------------------------------------------------------


def store_item_records(session: Session, records: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
    """Store seed records as item versions: unchanged content is skipped, changed content
    becomes a new version (old versions stay for the attempts that used them).
    Returns (new versions, unchanged)."""
    latest = {
        iv.item_key: iv for iv in session.scalars(
            select(ItemVersion).where(ItemVersion.id.in_(
                select(func.max(ItemVersion.id)).group_by(ItemVersion.item_key)))
        )
    }
    added = unchanged = 0
    for record in records:
        digest = content_hash(record)
        current = latest.get(record["key"])
        high_risk, author = bool(record.get("high_risk")), str(record.get("author") or "")
        if current is not None and current.content_hash == digest:
            # the columns the CISO's review and the bank's filters read, from the content (seeded without them
            # before 2026-12-08)
            current.high_risk, current.author = high_risk, current.author or author
            unchanged += 1
            continue
        session.add(ItemVersion(
            item_key=record["key"], version=(current.version + 1) if current else 1, content_hash=digest,
            competence=record["competence"], level=record["level"], item_type=record["type"],
            status=record.get("status", "approved"), high_risk=high_risk, author=author, content=dict(record),
        ))
        if current is not None and current.status == "approved":
            current.status = "superseded"
        added += 1
    session.flush()
    return added, unchanged


def current_items(session: Session, level: str) -> list[Item]:
    """The newest approved version of every item at ``level``."""
    rows = session.scalars(
        select(ItemVersion).where(ItemVersion.level == level, ItemVersion.status == "approved")
    )
    return [item_from_record(r.content, r.version, r.id) for r in rows]


def current_item_ids(session: Session, level: str) -> list[int]:
    """The ids of the newest approved version of every item at ``level`` (``Catalogue.items`` parses them)."""
    return list(session.scalars(select(ItemVersion.id).where(ItemVersion.level == level,
                                                             ItemVersion.status == "approved")))


def mark_items_used(session: Session, version_ids: Sequence[int], now: dt.datetime) -> None:
    """From their first delivery on, these item versions can never change."""
    session.execute(update(ItemVersion).where(ItemVersion.id.in_(list(version_ids)),
                                              ItemVersion.first_used_at.is_(None)).values(first_used_at=now))


def extra_minutes(session: Session, person: Person) -> int:
    """Extra exam time granted to this person (accommodation), in minutes."""
    return int(session.scalar(select(Accommodation.extra_minutes).where(
        Accommodation.platform_id == person.platform_id, Accommodation.person_id == person.id)) or 0)


def items_by_version_ids(session: Session, ids: Sequence[int]) -> dict[int, Item]:
    rows = session.scalars(select(ItemVersion).where(ItemVersion.id.in_(list(ids))))
    return {r.id: item_from_record(r.content, r.version, r.id) for r in rows}


# --- attempts ----------------------------------------------------------------------------


# A person's attempts at an exam count together wherever the exam is placed: a second LMS link (another course)
# gives no fresh attempts, no escape from the waiting time, and resumes the attempt that is already running.


def open_attempt(session: Session, person_id: int, exam_key: str) -> Attempt | None:
    return session.scalars(
        select(Attempt).where(Attempt.person_id == person_id, Attempt.exam_key == exam_key,
                              Attempt.status == AttemptStatus.IN_PROGRESS.value).order_by(Attempt.started_at.desc())
    ).first()


def add_open_attempt(session: Session, attempt: Attempt) -> Attempt:
    """Store a new open attempt in one statement, or return the open attempt a concurrent launch of the same
    person on the same link stored first (unique index ``ux_attempts_open``: the insert waits for the other's
    commit, then does nothing)."""
    values = {c.key: getattr(attempt, c.key) for c in Attempt.__table__.columns if getattr(attempt, c.key) is not None}
    stmt = _open_attempt_insert(session.get_bind().dialect.name, tuple(values))
    if session.execute(stmt, values).first() is None:
        return session.scalars(select(Attempt).where(
            Attempt.person_id == attempt.person_id, Attempt.resource_link_pk == attempt.resource_link_pk,
            Attempt.status == AttemptStatus.IN_PROGRESS.value)).one()
    make_transient_to_detached(attempt)  # stored as it is: the session keeps it without reading it back
    session.add(attempt)
    return attempt


@cache
def _open_attempt_insert(dialect: str, columns: tuple[str, ...]) -> Any:
    """Built once per set of columns given (building it cost more than running it); on the table, as
    ``_upsert_statement``."""
    table = Attempt.__table__
    return (insert_of(dialect)(table)
            .values({name: bindparam(name, type_=table.c[name].type) for name in columns})
            # a literal, as in the index: PostgreSQL cannot match a bound (prepared) parameter to the partial index
            .on_conflict_do_nothing(index_elements=["person_id", "resource_link_pk"],
                                    index_where=text("status = 'in_progress'"))
            .returning(table.c.id))


def last_attempt(session: Session, person_id: int, exam_key: str) -> Attempt | None:
    return session.scalars(
        select(Attempt).where(Attempt.person_id == person_id, Attempt.exam_key == exam_key)
        .order_by(Attempt.started_at.desc())
    ).first()


def attempts_of(session: Session, person_id: int, exam_key: str) -> list[Attempt]:
    return list(session.scalars(
        select(Attempt).where(Attempt.person_id == person_id, Attempt.exam_key == exam_key)
        .order_by(Attempt.started_at)
    ))


def lock_attempt(session: Session, attempt_id: str, person_id: int) -> Attempt | None:
    """The attempt, locked for update, only if it belongs to ``person_id``."""
    return session.scalars(
        select(Attempt).where(Attempt.id == attempt_id, Attempt.person_id == person_id).with_for_update()
    ).first()


# --- outboxes ----------------------------------------------------------------------------


def journal_row(statement: Mapping[str, Any], platform_id: int | None, person_id: int | None) -> dict[str, Any]:
    """A statement's journal row: its id and verb as columns for lookups, the whole statement as the body."""
    return {"id": statement["id"], "platform_id": platform_id, "person_id": person_id,
            "verb": statement["verb"]["id"], "body": dict(statement)}


def journal(session: Session, statement: Mapping[str, Any], platform_id: int | None,
            person_id: int | None) -> Statement:
    row = Statement(**journal_row(statement, platform_id, person_id))
    session.add(row)
    return row


def journal_all(session: Session, statements: Sequence[Mapping[str, Any]], platform_id: int | None,
                person_id: int | None) -> None:
    """Journal several statements of one person in one INSERT, now, without the ORM's unit of work (a launch's
    ``launched`` and ``initialized``: flushing them as objects at commit cost more than the launch's reads)."""
    session.execute(Statement.__table__.insert(), [journal_row(s, platform_id, person_id) for s in statements])


def journal_once(session: Session, statement: Mapping[str, Any], platform_id: int | None,
                 person_id: int | None) -> bool:
    """Journal a statement whose id is deterministic, unless that id is journaled already (by an earlier run or a
    concurrent worker: its insert waits for the other's commit, then does nothing). True when this call added it."""
    stmt = dialect_insert(session)(Statement).values(**journal_row(statement, platform_id, person_id))
    added = session.execute(stmt.on_conflict_do_nothing(index_elements=[Statement.id]).returning(Statement.id))
    return added.first() is not None


# --- planner statistics after bulk loads ------------------------------------------------------------------

#: the tables a bulk load fills and the reports group (``benchmarks/bench_coverage.py``: without statistics the
#: grouped coverage query ran over a minute on PostgreSQL, with them 0.2 s)
BULK_TABLES = ("people", "certificates", "statements", "item_versions", "memberships", "attempts")


def analyze(db: Session, tables: Sequence[str] = BULK_TABLES) -> None:
    """Refresh the query planner's statistics after a bulk load: ``ANALYZE`` of ``tables`` on PostgreSQL
    (autovacuum would only get to it later), the whole database on SQLite (``sqlite_stat1``). Names are
    checked against the schema, never taken from outside."""
    known = [name for name in tables if name in Base.metadata.tables]
    if db.get_bind().dialect.name == "postgresql":
        if known:
            db.execute(text("ANALYZE " + ", ".join(known)))
    else:
        db.execute(text("ANALYZE"))
