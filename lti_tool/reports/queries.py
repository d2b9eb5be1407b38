"""Read model of the reports, exports and dossiers: every SELECT they run, one SQL text per query,
written in SQLAlchemy Core so the same statement runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Integer, Select, Subquery, bindparam, case, cast, extract, func, literal_column, or_, select
from sqlalchemy.orm import Session

from assessments.attempts import AttemptStatus

from ..db.models import (
    Attempt,
    AuditEntry,
    Certificate,
    Context,
    Membership,
    Person,
    RecertificationDecision,
    ResourceLink,
    RoleMatrixVersion,
    Statement,
)
from ..organisation import team_of

#: what a coverage report needs of every person of a platform (``reports.data.load``)
PEOPLE = (select(Person.id, Person.department, Person.location, Person.business_unit, Person.function_group,
                 Person.risk_class, Person.critical_process, Person.manager_employee_number,
                 Person.employee_number, Person.hire_date, Person.left_on)
          .where(Person.platform_id == bindparam("platform_id")))

#: who held which level when, from the certificate projection
CERTIFICATE_SPANS = (select(Certificate.person_id, Certificate.level, Certificate.issued_at, Certificate.valid_until,
                            Certificate.revoked_at, Certificate.cut_off_at)
                     .where(Certificate.platform_id == bindparam("platform_id")))


#: ids per IN list: PostgreSQL takes at most 65,535 parameters in one statement (the export of 10⁵ people failed)
IN_CHUNK = 10_000

def people_rows(db: Session, platform_id: int) -> list[tuple]:
    """``PEOPLE`` as plain tuples in its column order (dates: objects on PostgreSQL, ISO text on SQLite)."""
    return _driver_rows(db, PEOPLE, {"platform_id": platform_id})


def certificate_spans(db: Session, platform_id: int) -> list[tuple]:
    """``CERTIFICATE_SPANS`` as plain tuples (timestamps as on ``people_rows``)."""
    return _driver_rows(db, CERTIFICATE_SPANS, {"platform_id": platform_id})


def _driver_rows(db: Session, query: Select, params: dict[str, object]) -> list[tuple]:
    """Run a Core query through the DB-API cursor of the session's connection: reports read 10⁵ rows, and
    SQLAlchemy's row and type processing would cost two to three times the query itself (measured at 10⁵
    people). The SQL text is still SQLAlchemy's, compiled for the connection's dialect."""
    connection = db.connection()
    compiled = query.compile(dialect=connection.dialect)
    state = compiled.construct_expanded_state(params)  # IN lists (a team, a page of ids) expanded in the text
    args = state.positional_parameters if compiled.positional else state.parameters
    driver = connection.connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        cursor.execute(state.statement, args)
        return cursor.fetchall()
    finally:
        cursor.close()


def export_choices(db: Session, platform_id: int) -> dict[str, list[Any]]:
    """The values the audit export can be narrowed to: departments, locations and function groups in use,
    and the line managers (employee number → name) of this platform."""
    def distinct(column: Any) -> list[str]:
        return [v for v in db.scalars(select(column).where(Person.platform_id == platform_id, column.is_not(None))
                                      .distinct().order_by(column)) if v]
    managers = db.execute(select(Person.employee_number, Person.name).where(
        Person.platform_id == platform_id, Person.employee_number.in_(
            select(Person.manager_employee_number).where(Person.platform_id == platform_id)))
        .order_by(Person.name)).all()
    return {"department": distinct(Person.department), "location": distinct(Person.location),
            "function_group": distinct(Person.function_group),
            "manager": [(number, name or number) for number, name in managers if number]}


def persons(db: Session, ids: Iterable[int]) -> dict[int, Person]:
    wanted = list(ids)
    return {p.id: p for start in range(0, len(wanted), IN_CHUNK)
            for p in db.scalars(select(Person).where(Person.id.in_(wanted[start:start + IN_CHUNK])))}


def team_ids(db: Session, manager_id: int) -> list[int]:
    """The people whose line manager is ``manager_id`` (none when they are unknown)."""
    manager = db.get(Person, manager_id)
    return [p.id for p in team_of(db, manager)] if manager else []


def team_members(db: Session, manager_id: int) -> list[Person]:
    manager = db.get(Person, manager_id)
    return team_of(db, manager) if manager else []


def certificates_of(db: Session, person_ids: Sequence[int]) -> dict[int, list[Certificate]]:
    """Each person's certificates, oldest first (read in chunks of ``IN_CHUNK`` people)."""
    out: dict[int, list[Certificate]] = defaultdict(list)
    ids = list(person_ids)
    for start in range(0, len(ids), IN_CHUNK):
        for cert in db.scalars(select(Certificate).where(Certificate.person_id.in_(ids[start:start + IN_CHUNK]))
                               .order_by(Certificate.issued_at)):
            out[cert.person_id].append(cert)
    return out


def certificate_count(db: Session, platform_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Certificate).where(Certificate.platform_id == platform_id)) or 0


def attempt_layouts(db: Session, attempt_ids: Iterable[str]) -> dict[str, list[Any]]:
    """The layout (item keys and versions shown) of each of ``attempt_ids`` (read in chunks of ``IN_CHUNK``)."""
    wanted = sorted(set(attempt_ids))
    return {attempt_id: layout for start in range(0, len(wanted), IN_CHUNK)
            for attempt_id, layout in db.execute(select(Attempt.id, Attempt.layout)
                                                 .where(Attempt.id.in_(wanted[start:start + IN_CHUNK])))}


def persons_where(db: Session, where: list[Any]) -> dict[int, Any]:
    """The people ``where`` (``people_narrowing`` clauses) selects, by id: one query, no id list. Read-only
    rows with ``Person``'s attribute names (an export of 10⁴ people spends half its time building ORM objects)."""
    return {p.id: p for p in db.connection().execute(select(*Person.__table__.columns).where(*where))}


def certificates_where(db: Session, where: list[Any]) -> dict[int, list[Any]]:
    """``certificates_of`` the people ``where`` selects, joined in SQL rather than sent as an id list; read-only
    rows with ``Certificate``'s attribute names."""
    out: dict[int, list[Any]] = defaultdict(list)
    stmt = (select(*Certificate.__table__.columns).join(Person, Person.id == Certificate.person_id)
            .where(*where).order_by(Certificate.issued_at))
    for cert in db.connection().execute(stmt):
        out[cert.person_id].append(cert)
    return out


def attempts_of(db: Session, person: Person) -> list[Attempt]:
    """A person's attempts on their platform, oldest first."""
    return list(db.scalars(select(Attempt).where(Attempt.person_id == person.id,
                                                 Attempt.platform_id == person.platform_id)
                           .order_by(Attempt.started_at)))


def last_finished_attempt(db: Session, person_id: int) -> Attempt | None:
    return db.scalars(select(Attempt).where(Attempt.person_id == person_id,
                                            Attempt.status != AttemptStatus.IN_PROGRESS.value)
                      .order_by(Attempt.submitted_at.desc())).first()


def latest_matrix(db: Session) -> RoleMatrixVersion | None:
    return db.scalars(select(RoleMatrixVersion).order_by(RoleMatrixVersion.version.desc())).first()


def matrix_version(db: Session, version: int) -> RoleMatrixVersion | None:
    return db.scalars(select(RoleMatrixVersion).where(RoleMatrixVersion.version == version)).first()


def matrix_vocabulary(db: Session, platform_id: int) -> dict[str, list[str]]:
    """The function groups and risk classes in the platform's HR data (what a matrix rule can select)."""
    found: dict[str, list[str]] = {}
    for name, column in (("function_group", Person.function_group), ("risk_class", Person.risk_class)):
        found[name] = sorted(v for v in db.scalars(select(column).distinct().where(
            Person.platform_id == platform_id, column.is_not(None))) if v and v.strip())
    return found


def _audit_where(platform_id: int, action: str, who: str, since: dt.date | None, until: dt.date | None,
                 subject: str) -> list[Any]:
    where: list[Any] = [or_(AuditEntry.platform_id == platform_id, AuditEntry.platform_id.is_(None))]
    if action:
        where.append(AuditEntry.action.startswith(action, autoescape=True))
    if who:
        where.append(AuditEntry.actor.icontains(who, autoescape=True))
    if subject:
        where.append(AuditEntry.subject.icontains(subject, autoescape=True))
    if since is not None:
        where.append(AuditEntry.at >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
    if until is not None:
        where.append(AuditEntry.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC))
    return where


def audit_entries(db: Session, platform_id: int, action: str, limit: int = 5000, who: str = "",
                  since: dt.date | None = None, until: dt.date | None = None, subject: str = "",
                  offset: int = 0) -> list[AuditEntry]:
    """The platform's and the organisation-wide audit entries, newest first, optionally by action prefix, by
    actor and by object (name or subject contains, any case) and by day (``since``/``until`` inclusive, UTC);
    ``limit`` entries from ``offset``."""
    query = select(AuditEntry).where(*_audit_where(platform_id, action, who, since, until, subject))
    return list(db.scalars(query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)))


def count_audit_entries(db: Session, platform_id: int, action: str, who: str = "", since: dt.date | None = None,
                        until: dt.date | None = None, subject: str = "") -> int:
    """How many entries ``audit_entries`` would list without a limit."""
    where = _audit_where(platform_id, action, who, since, until, subject)
    return db.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0


# --- My AI diploma ------------------------------------------------------------------------------


def person_on(db: Session, platform_id: int, person_id: int) -> Person | None:
    """The person with this id on this platform (None for another platform's or nobody)."""
    person = db.get(Person, person_id)
    return person if person is not None and person.platform_id == platform_id else None


def revocation_bodies(db: Session, person_id: int, revoked_verb: str) -> list[dict]:
    """The journaled ``revoked`` statements of a person (their reasons name the certificate)."""
    return list(db.scalars(select(Statement.body).where(Statement.person_id == person_id,
                                                        Statement.verb == revoked_verb)))


def recertification_decisions(db: Session, platform_id: int) -> list[RecertificationDecision]:
    return list(db.scalars(select(RecertificationDecision).where(RecertificationDecision.platform_id == platform_id)
                           .order_by(RecertificationDecision.id)))


def placed_exams(db: Session, platform_id: int, person_id: int, exam_keys: Sequence[str]
                 ) -> list[tuple[ResourceLink, Context | None, bool]]:
    """Where these exams are placed on the platform: the link, its course and whether the person is a
    member of that course (their own courses first)."""
    if not exam_keys:
        return []
    rows = db.execute(select(ResourceLink, Context, Membership.id)
                      .outerjoin(Context, Context.id == ResourceLink.context_pk)
                      .outerjoin(Membership, (Membership.context_pk == ResourceLink.context_pk)
                                 & (Membership.person_id == person_id))
                      .where(ResourceLink.platform_id == platform_id, ResourceLink.exam_key.in_(list(exam_keys)))
                      .order_by(ResourceLink.id)).all()
    found = [(link, context, member is not None) for link, context, member in rows]
    return sorted(found, key=lambda row: not row[2])


# --- the People list: narrowing, order and page in SQL ------------------------------------------------

#: the orders SQL can give the People list (deadline and days late come from the derivation)
LIST_ORDERS = {"name": (Person.name, Person.subject, Person.id),
               "department": (Person.department, Person.name, Person.subject, Person.id)}


def people_narrowing(platform_id: int, only: Sequence[int] | None, search: str = "", department: str = "",
                     location: str = "", function_group: str = "") -> list[Any]:
    """The WHERE clauses of the People list: the platform, the team (``only``), a case-insensitive search in
    name, employee number and e-mail address (``%`` and ``_`` taken literally), and the exact filters."""
    where: list[Any] = [Person.platform_id == platform_id]
    if only is not None:
        where.append(Person.id.in_(list(only)))
    if search:
        pattern = _pattern(search)
        where.append(or_(Person.name.ilike(pattern, escape="\\"), Person.employee_number.ilike(pattern, escape="\\"),
                         Person.email.ilike(pattern, escape="\\")))
    for column, value in ((Person.department, department), (Person.location, location),
                          (Person.function_group, function_group)):
        if value:
            where.append(column == value)
    return where


def listed_people(db: Session, platform_id: int, where: list[Any], order: str = "name", descending: bool = False,
                  limit: int | None = None, offset: int = 0) -> list[tuple]:
    """``PEOPLE`` columns of the people ``where`` selects, in ``order`` (a ``LIST_ORDERS`` key), optionally
    one page of them (LIMIT/OFFSET)."""
    columns = [c.desc() if descending else c.asc() for c in LIST_ORDERS[order]]
    query = PEOPLE.where(*where[1:]).order_by(*columns).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return _driver_rows(db, query, {"platform_id": platform_id})


def count_people(db: Session, where: list[Any]) -> int:
    return db.scalar(select(func.count()).select_from(Person).where(*where)) or 0


def certificate_spans_where(db: Session, platform_id: int, where: list[Any],
                            ids: Sequence[int] | None = None) -> list[tuple]:
    """``CERTIFICATE_SPANS`` of the people ``where`` selects (or only of ``ids``, one page)."""
    if ids is not None:
        query = CERTIFICATE_SPANS.where(Certificate.person_id.in_(list(ids)))
    else:  # a join, not IN (subquery): PostgreSQL may run an unhashed subquery once per certificate
        query = CERTIFICATE_SPANS.join(Person, Person.id == Certificate.person_id).where(*where)
    return _driver_rows(db, query, {"platform_id": platform_id})


def list_choices(db: Session, platform_id: int, only: Sequence[int] | None) -> dict[str, list[str]]:
    """Departments, locations and function groups in use among the people the list may show: one scan for
    the three (DISTINCT over the combinations, a few hundred rows), not one per column."""
    query = select(Person.department, Person.location, Person.function_group).where(
        Person.platform_id == platform_id).distinct()
    if only is not None:
        query = query.where(Person.id.in_(list(only)))
    combinations = _driver_rows(db, query, {})
    return {name: sorted({row[i] for row in combinations if row[i]})
            for i, name in enumerate(("department", "location", "function_group"))}


def _pattern(search: str) -> str:
    return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def reminder_narrowing(platform_id: int, only: Sequence[int] | None, search: str, department: str) -> list[Any]:
    """The WHERE clauses of the reminders page: the team (``only``) and department of the member, and a search
    that finds the member by name, number or e-mail — or their manager, so a manager's whole team is found."""
    where = people_narrowing(platform_id, only, "", department)
    if search:
        pattern = _pattern(search)
        matches = (Person.name.ilike(pattern, escape="\\"), Person.employee_number.ilike(pattern, escape="\\"),
                   Person.email.ilike(pattern, escape="\\"))
        managers = select(Person.employee_number).where(Person.platform_id == platform_id, or_(*matches),
                                                        Person.employee_number.is_not(None))
        where.append(or_(*matches, Person.manager_employee_number.in_(managers)))
    return where


def managers_by_number(db: Session, platform_id: int, numbers: Iterable[str]) -> dict[str, tuple]:
    """(name or subject, e-mail, locale) of the people with these employee numbers."""
    wanted = sorted({n for n in numbers if n})
    if not wanted:
        return {}
    query = select(Person.employee_number, Person.name, Person.subject, Person.email, Person.locale).where(
        Person.platform_id == platform_id, Person.employee_number.in_(wanted))
    return {row[0]: (row[1] or row[2], row[3], row[4]) for row in _driver_rows(db, query, {})}


# --- monitoring (participation and pass rate per exam, department and period) ----------------------------------

_FINISHED = (AttemptStatus.SUBMITTED.value, AttemptStatus.TIMED_OUT.value)


def _attempts_per_person(platform_id: int, grain: str, since: dt.datetime, until: dt.datetime) -> Subquery:
    """One row per person, exam and period (year and month or quarter of the start): whether one of their
    attempts then was finished, and whether one passed. Literal columns only, so the GROUP BY repeats the
    select's SQL text exactly (PostgreSQL compares them)."""
    year = cast(extract("year", Attempt.started_at), Integer)
    month = cast(extract("month", Attempt.started_at), Integer)
    index = (month + literal_column("2")) // literal_column("3") if grain == "quarter" else month
    return (select(Attempt.person_id, Attempt.exam_key, year.label("year"), index.label("idx"),
                   func.max(case((Attempt.status.in_(_FINISHED), 1), else_=0)).label("finished"),
                   func.max(case((Attempt.passed.is_(True), 1), else_=0)).label("passed"))
            .where(Attempt.platform_id == platform_id, Attempt.started_at >= since, Attempt.started_at < until)
            .group_by(Attempt.person_id, Attempt.exam_key, year, index)).subquery()


def monitoring_counts(db: Session, platform_id: int, grain: str, since: dt.datetime,
                      until: dt.datetime) -> list[tuple[int, int, str, str | None, int, int, int]]:
    """``(year, month or quarter, exam, department, started, finished, passed)``, people counted once per exam
    and period, grouped in the database."""
    per = _attempts_per_person(platform_id, grain, since, until)
    query = (select(per.c.year, per.c.idx, per.c.exam_key, Person.department, func.count(),
                    func.sum(per.c.finished), func.sum(per.c.passed))
             .join(Person, Person.id == per.c.person_id)
             .group_by(per.c.year, per.c.idx, per.c.exam_key, Person.department))
    return [(int(y), int(i), e, d, int(n), int(f or 0), int(p or 0)) for y, i, e, d, n, f, p in db.execute(query)]


def monitoring_people(db: Session, platform_id: int, since: dt.datetime,
                      until: dt.datetime) -> list[tuple[int, str | None, str, int, int, bool, bool]]:
    """Per quarter, who started which exam: ``(person, department, exam, year, quarter, finished, passed)`` (the
    small-group rule compares the people behind the counts across quarters)."""
    per = _attempts_per_person(platform_id, "quarter", since, until)
    query = (select(per.c.person_id, Person.department, per.c.exam_key, per.c.year, per.c.idx, per.c.finished,
                    per.c.passed).join(Person, Person.id == per.c.person_id))
    return [(pid, d, e, int(y), int(i), bool(f), bool(p)) for pid, d, e, y, i, f, p in db.execute(query)]


def column_equals(narrow: Mapping[str, str]) -> list[Any]:
    """WHERE clauses: each ``Person`` column (attribute name) equals its value."""
    return [getattr(Person, column) == value for column, value in narrow.items()]
