"""The SQL of the certificate projection (``lti_tool.certification``): the statements it derives
from, each person's certificate rows, status-list indexes and the bulk rebuild."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import msgspec
from sqlalchemy import (
    String,
    Table,
    Text,
    and_,
    any_,
    case,
    cast,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from xapi.certification import Actor
from xapi.certification import Certificate as DerivedCertificate

from .models import Certificate, Person, Platform, Statement

#: PostgreSQL advisory lock key ("AIDP") serialising the allocation of status-list indexes
STATUS_INDEX_LOCK = 0x41494450


def statement_bodies(db: Session, verbs: Sequence[str], person_ids: Sequence[int] | None) -> list[dict[str, Any]]:
    """Journaled statements with these verbs: of these people and of nobody in particular, or all."""
    query = select(Statement.body).where(Statement.verb.in_(list(verbs)))
    if person_ids is not None:
        query = query.where(or_(Statement.person_id.in_(list(person_ids)), Statement.person_id.is_(None)))
    return list(db.scalars(query))


class DueExpiry(NamedTuple):
    """A certificate that has run out, with what its ``expired`` statement needs."""

    id: str
    level: str
    platform_id: int
    person_id: int
    ends: dt.datetime
    issuer: str
    subject: str


def ended_unmarked(db: Session, expired_verb: str, certificate_key: str, now: dt.datetime
                   ) -> list[tuple[DueExpiry, bool]]:
    """One query: unrevoked certificates whose end (the earlier of valid-until and a cut-off) has passed and that
    are not yet known to have their ``expired`` statement (``expiry_journaled_at``, read from two partial indexes:
    in a steady state nothing), each with whether the journal holds it already (an ``expired`` statement of the
    holder naming it; ``certificate_key``: the certificate-id extension)."""
    c = Certificate
    candidates = (c.revoked_at.is_(None), c.expiry_journaled_at.is_(None),
                  or_(c.valid_until <= now, c.cut_off_at <= now))  # the partial indexes' terms
    if db.scalar(select(c.id).where(*candidates).limit(1)) is None:
        # the steady state: one probe. Priced with the journal check for every row the statistics may still
        # expect, the query below was costly enough for PostgreSQL to JIT-compile it (150 ms for no rows)
        return []
    ends = case((and_(c.cut_off_at.is_not(None), c.cut_off_at < c.valid_until), c.cut_off_at),
                else_=c.valid_until)
    noted = exists().where(Statement.verb == expired_verb, Statement.person_id == c.person_id,
                           Statement.body[("context", "extensions", certificate_key)].as_string() == c.id)
    query = (select(c.id, c.level, c.platform_id, c.person_id, ends.label("ends"), Platform.issuer, Person.subject,
                    noted.label("noted"))
             .join(Person, Person.id == c.person_id).join(Platform, Platform.id == c.platform_id)
             .where(*candidates).order_by(c.person_id))
    return [(DueExpiry(*row[:-1]), bool(row[-1])) for row in db.execute(query)]


def mark_expiries_journaled(db: Session, certificate_ids: Sequence[str], now: dt.datetime) -> None:
    """Their ``expired`` statements are in the journal: the daily run does not look at them again."""
    for among in _id_batches(db, certificate_ids):
        db.execute(update(Certificate).where(among).values(expiry_journaled_at=now))


def _id_batches(db: Session, certificate_ids: Sequence[str]) -> list[ColumnElement[bool]]:
    """``Certificate.id`` among these ids, as few conditions as the database takes: on PostgreSQL one array
    parameter (not one parameter per id), on SQLite batches of 500 (its limit on parameters)."""
    if not certificate_ids:
        return []
    if db.get_bind().dialect.name == "postgresql":
        return [Certificate.id == any_(literal(list(certificate_ids), ARRAY(String)))]
    return [Certificate.id.in_(list(certificate_ids[start:start + 500]))
            for start in range(0, len(certificate_ids), 500)]


def people_by_ids(db: Session, person_ids: Sequence[int]) -> list[Person]:
    return list(db.scalars(select(Person).where(Person.id.in_(list(person_ids)))))


def platform_of(db: Session, person: Person) -> Platform:
    platform = db.get(Platform, person.platform_id)
    assert platform is not None
    return platform


def holder(db: Session, certificate: Certificate) -> tuple[Person | None, Platform | None]:
    return db.get(Person, certificate.person_id), db.get(Platform, certificate.platform_id)


def certificates_of(db: Session, person_id: int) -> list[Certificate]:
    return list(db.scalars(select(Certificate).where(Certificate.person_id == person_id)))


def store_certificates(db: Session, platform_id: int, person_id: int,
                       certificates: Sequence[DerivedCertificate]) -> None:
    """Make a person's certificate rows exactly ``certificates``; a row keeps its status-list index."""
    existing = {c.id: c for c in certificates_of(db, person_id)}
    if any(cert.certificate_id not in existing for cert in certificates):
        lock_status_indexes(db)  # before any row is touched: the order a whole rebuild takes them in (no deadlock)
    keep = set()
    for cert in certificates:
        row = existing.get(cert.certificate_id)
        if row is None:
            row = Certificate(id=cert.certificate_id, platform_id=platform_id, person_id=person_id,
                              status_index=next_status_index(db))
            db.add(row)
        elif (row.valid_until, row.cut_off_at) != (cert.valid_until, cert.cut_off_at):
            row.expiry_journaled_at = None  # its end moved: the daily run looks at it again
        row.level, row.issued_at, row.valid_until = cert.level, cert.issued_at, cert.valid_until
        row.revoked_at, row.cut_off_at, row.source = cert.revoked_at, cert.cut_off_at, cert.source
        row.statement_ids, row.registration = list(cert.statement_ids), cert.registration
        row.blueprint_version, row.model_version = cert.blueprint_version, cert.model_version
        db.flush()  # the next new certificate takes the next status-list index
        keep.add(cert.certificate_id)
    stale = [cid for cid in existing if cid not in keep]
    if stale:
        db.execute(delete(Certificate).where(Certificate.id.in_(stale)))


def next_status_index(db: Session) -> int:
    """Each certificate gets its own bit in the revocation status list. Concurrent submissions
    would read the same highest index: on PostgreSQL the allocation is serialised by an advisory
    lock held until the transaction ends (SQLite serialises writers anyway)."""
    lock_status_indexes(db)
    highest = db.scalar(select(func.max(Certificate.status_index)))
    return 0 if highest is None else int(highest) + 1


def people_for(db: Session, actors: Iterable[Actor]) -> dict[Actor, tuple[int, int]]:
    """(platform id, person id) of every actor whose platform is registered; creates the people the tool has not
    seen yet (e.g. known only from an external e-learning statement)."""
    platforms = {p.issuer: p.id for p in db.scalars(select(Platform))}
    known = {(pid, subject): person_id for person_id, pid, subject in
             db.execute(select(Person.id, Person.platform_id, Person.subject))}
    people = {}
    for issuer, subject in actors:
        platform_id = platforms.get(issuer)
        if platform_id is None:
            continue
        person_id = known.get((platform_id, subject))
        if person_id is None:
            person = Person(platform_id=platform_id, subject=subject)
            db.add(person)
            db.flush()
            person_id = person.id
        people[(issuer, subject)] = (platform_id, person_id)
    return people


def replace_all(db: Session, derived: Mapping[Actor, Sequence[DerivedCertificate]],
                people: Mapping[Actor, tuple[int, int]]) -> tuple[int, int]:
    """Make the whole projection ``derived``, writing only the difference: rows that are gone or differ are
    deleted, new and changed ones bulk-loaded. A rebuild that finds the projection right writes nothing (no
    table-wide churn, write-ahead log or vacuum work). Certificates keep their revocation status-list index (one
    without gets the next), and their expiry mark unless their end moved (as ``store_certificates`` does).
    Returns the rows written and the rows removed (certificates no statement holds)."""
    lock_status_indexes(db)  # before the highest index is read: one issued meanwhile would take the same
    table = Certificate.__table__
    # the statement ids as their stored JSON text, decoded by msgspec when compared (the JSON column's own
    # decoding, json.loads per row, cost more than the rest of the read)
    columns = [cast(table.c[name], Text) if name == "statement_ids" else table.c[name] for name in STORED_COLUMNS]
    stored = {row[0]: row for row in db.execute(select(*columns)).all()}  # fetchall: not a driver call per row
    next_index = max((row[-2] for row in stored.values() if row[-2] is not None), default=-1) + 1
    rows, seen, decode = [], set(), msgspec.json.Decoder(list[str]).decode
    for actor, (platform_id, person_id) in people.items():
        for cert in derived[actor]:
            row = (cert.certificate_id, platform_id, person_id, cert.level, cert.issued_at, cert.valid_until,
                   cert.revoked_at, cert.cut_off_at, cert.source, list(cert.statement_ids), cert.registration,
                   cert.blueprint_version, cert.model_version)
            seen.add(cert.certificate_id)
            old = stored.get(cert.certificate_id)
            if old is None:
                rows.append([*row, next_index, None])
                next_index += 1
            elif old[-2] is None or old[:9] != row[:9] or old[10:13] != row[10:] or decode(old[9]) != row[9]:
                index, mark = old[-2], old[-1] if (old[5], old[7]) == (cert.valid_until, cert.cut_off_at) else None
                if index is None:
                    index, next_index = next_index, next_index + 1
                rows.append([*row, index, mark])
    removed = [cid for cid in stored if cid not in seen]
    _delete_ids(db, removed + [row[0] for row in rows if row[0] in stored])
    _bulk_insert(db, table, STORED_COLUMNS, rows)
    return len(rows), len(removed)


#: a projection row as the rebuild compares and writes it: the derived values, then what is kept across rebuilds
STORED_COLUMNS = ("id", "platform_id", "person_id", "level", "issued_at", "valid_until", "revoked_at",
                  "cut_off_at", "source", "statement_ids", "registration", "blueprint_version", "model_version",
                  "status_index", "expiry_journaled_at")


def _delete_ids(db: Session, certificate_ids: Sequence[str]) -> None:
    for among in _id_batches(db, certificate_ids):
        db.execute(delete(Certificate).where(among))


def _bulk_insert(db: Session, table: Table, columns: Sequence[str], rows: list[list[Any]]) -> None:
    """Rows (values in ``columns`` order) straight to the driver, in the session's transaction: one COPY on
    PostgreSQL, one executemany on SQLite. The columns' own SQLAlchemy conversions still apply (UTC datetimes,
    JSON), but no statement is compiled and no parameter dictionary built per row."""
    if not rows:
        return
    dialect = db.get_bind().dialect
    converters = [(n, convert) for n, name in enumerate(columns)
                  if (convert := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    for row in rows:
        for n, convert in converters:
            if row[n] is not None:
                row[n] = convert(row[n])
    cursor = db.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(columns)
    if dialect.name == "postgresql":
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" * len(columns))
        cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)  # noqa: S608 - our names


def lock_status_indexes(db: Session) -> None:
    """Hold the allocation of status-list indexes until this transaction ends (PostgreSQL; SQLite serialises
    writers anyway)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STATUS_INDEX_LOCK})
