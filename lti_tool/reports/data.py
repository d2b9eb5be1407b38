"""Loading report inputs from the database: people in scope, role-matrix versions, and who held
which level when (from the certificate projection)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from assessments.coverage import CoverageRow, Held, MixRow, PersonRecord, TrendPoint, held_from_intervals

from ..db.models import Certificate, Person, RoleMatrixVersion
from ..organisation import matrix_versions
from ..permissions import Scope
from ..services import services
from . import queries
from .grouped import queries as grouped


@dataclass(frozen=True)
class ReportInput:
    people: list[PersonRecord]
    matrices: list[Any]
    held: Held
    level_ranks: dict[str, int]
    persons: dict[int, Person]


def load(db: Session, platform_id: int, level_ranks: dict[str, int],
         only: Iterable[int] | None = None, with_persons: bool = True) -> ReportInput:
    """Everything a report needs for one platform (tenant), optionally a subset of people (a team)."""
    rows = queries.people_rows(db, platform_id)
    if only is not None:
        keep = set(only)
        rows = [r for r in rows if r[0] in keep]
    data = records_input(rows, queries.certificate_spans(db, platform_id), level_ranks,
                         matrix_versions(db, level_ranks))
    if not with_persons:
        return data
    return ReportInput(data.people, data.matrices, data.held, level_ranks,
                       queries.persons(db, [p.id for p in data.people]))


def records_input(rows: list[tuple], spans: Iterable[tuple], level_ranks: dict[str, int],
                  matrices: list[Any]) -> ReportInput:
    """The report input of the people ``rows`` (``queries.PEOPLE`` tuples) with their certificate ``spans``
    (``queries.CERTIFICATE_SPANS`` tuples; those of other people are skipped), without ``Person`` objects."""
    # columns of queries.PEOPLE: id, department, location, business unit, function group, risk class,
    # critical process, manager's employee number, employee number, hire date, left on
    by_number = {r[8]: r[0] for r in rows if r[8]}
    people = [PersonRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], by_number.get(r[7] or ""), _date(r[9]),
                           _date(r[10])) for r in rows]
    intervals = spans_by_person(spans, {r[0] for r in rows}, level_ranks)
    return ReportInput(people, matrices, held_from_intervals(intervals), level_ranks, {})


Spans = dict[int, list[tuple[int, dt.date, dt.date | None]]]


def spans_by_person(spans: Iterable[tuple], wanted: set[int], level_ranks: dict[str, int]) -> Spans:
    """``{person id: [(level rank, valid from, first day no longer valid), ...]}`` of the ``wanted`` people."""
    intervals: Spans = defaultdict(list)
    for person_id, level, issued, valid_until, revoked, cut_off in spans:
        if person_id in wanted and level in level_ranks:
            ends = min(d for d in (_date(valid_until), _date(revoked), _date(cut_off)) if d is not None)
            intervals[person_id].append((level_ranks[level], _date(issued), ends))
    return intervals


def level_ranks(db: Session) -> dict[str, int]:
    return {k: lvl.rank for k, lvl in services().catalogue.model(db).levels.items()}


def load_scoped(db: Session, platform_id: int, scope: Scope, person_id: int,
                with_persons: bool = True) -> ReportInput:
    """``load`` for the people ``scope`` shows: a line manager's own team, else the whole platform."""
    only = queries.team_ids(db, person_id) if scope is Scope.TEAM else None
    return load(db, platform_id, level_ranks(db), only, with_persons)


def _date(value: dt.datetime | dt.date | str | None) -> dt.date | None:
    """A stored date, or a timestamp's day in UTC (PostgreSQL gives objects, SQLite ISO text in UTC)."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date()
    return dt.date.fromisoformat(value[:10])


# --- what each page reads, in one read-only session -------------------------------------------


@contextmanager
def reading() -> Iterator[Session]:
    """A session for one page's reads: nothing is written, it is closed at the end."""
    with services().db.session() as db:
        yield db


def report_input(platform_id: int, scope: Scope, person_id: int) -> tuple[ReportInput, Any]:
    """The aggregate report input of ``scope`` (no person rows) and the competence model (level names)."""
    with reading() as db:
        return load_scoped(db, platform_id, scope, person_id, with_persons=False), services().catalogue.model(db)


@dataclass(frozen=True)
class ReportFigures:
    rows: list[CoverageRow]  # coverage per grouping (lagging groups: ``lag_rows`` of these)
    mix: list[MixRow]
    points: list[TrendPoint]  # the overall trend
    level_ranks: dict[str, int]
    model: Any  # the competence model (level names)


def report_figures(platform_id: int, scope: Scope, person_id: int, day: dt.date, by: str,
                   mix_by: str) -> ReportFigures:
    """Coverage per ``by``, level mix per ``mix_by`` and the trend over the two years up to ``day`` of the people
    ``scope`` shows, grouped in the database (``grouped.queries``): requirements decided once per pair, no
    person loaded (``benchmarks/bench_coverage.py``)."""
    with reading() as db:
        ranks = level_ranks(db)
        matrices = matrix_versions(db, ranks)
        only = queries.team_ids(db, person_id) if scope is Scope.TEAM else None
        pairs = grouped.distinct_pairs(db, platform_id)
        rows = grouped.coverage_by_day(db, platform_id, matrices, [day], by, ranks, only, pairs)[day]
        mix = grouped.mix_rows(db, platform_id, day, mix_by, ranks, only)
        start = dt.date(day.year - 2, day.month, 1)
        points = grouped.trend_points(db, platform_id, matrices, start, day, None, ranks, only, pairs)
        return ReportFigures(rows, mix, points, ranks, services().catalogue.model(db))


def export_choices(platform_id: int) -> dict[str, list[Any]]:
    """What the audit export form offers to narrow to (whole-organisation readers only)."""
    with reading() as db:
        return queries.export_choices(db, platform_id)


def _load_narrowed(db: Session, platform_id: int, where: list[Any]) -> ReportInput:
    """``load_scoped`` of only the people ``where`` selects: SQL selects them and their certificate spans (as
    the People list does), instead of reading the organisation and filtering."""
    ranks = level_ranks(db)
    tuples = queries.listed_people(db, platform_id, where)
    data = records_input(tuples, queries.certificate_spans_where(db, platform_id, where), ranks,
                         matrix_versions(db, ranks))
    return ReportInput(data.people, data.matrices, data.held, ranks, queries.persons_where(db, where))


@dataclass(frozen=True)
class PersonLevelInput:
    data: ReportInput
    certificates: dict[int, list[Certificate]]
    layouts: dict[str, list[Any]]  # attempt id → the items it showed (only attempts the certificates name)
    certificate_count: int  # the platform's certificates in the projection


def person_level_input(platform_id: int, scope: Scope, person_id: int, for_export: bool = False,
                       narrow: Mapping[str, str] | None = None) -> PersonLevelInput:
    """The people ``scope`` shows with their certificates (and, ``for_export``, the platform's attempts
    and certificate ids the audit export traces rows to). ``narrow`` (person column → value) keeps only the
    people SQL finds with those values, so an export of one department does not load the whole organisation
    (``benchmarks/bench_audit_export.py``)."""
    with reading() as db:
        if narrow:
            only = queries.team_ids(db, person_id) if scope is Scope.TEAM else None
            where = queries.people_narrowing(platform_id, only) + queries.column_equals(narrow)
            data = _load_narrowed(db, platform_id, where)
            certs = queries.certificates_where(db, where)
        else:
            data = load_scoped(db, platform_id, scope, person_id)
            certs = queries.certificates_of(db, list(data.persons))
        if not for_export:
            return PersonLevelInput(data, certs, {}, 0)
        registrations = (c.registration for held in certs.values() for c in held if c.registration)
        return PersonLevelInput(data, certs, queries.attempt_layouts(db, registrations),
                                queries.certificate_count(db, platform_id))


def matrix_page() -> tuple[list[Any], RoleMatrixVersion | None]:
    """Every role-matrix version (parsed, oldest first) and the newest row (the text to edit)."""
    with reading() as db:
        return matrix_versions(db, level_ranks(db)), queries.latest_matrix(db)


def latest_certificate_ends(spans: Iterable[tuple], day: dt.date) -> dict[int, dt.date]:
    """Per person: the day their latest certificate issued on or before ``day`` stops counting (expiry,
    revocation or cut-off), from ``queries.CERTIFICATE_SPANS`` tuples."""
    latest: dict[int, tuple[dt.date, dt.date]] = {}
    for person_id, _level, issued, valid_until, revoked, cut_off in spans:
        start = _date(issued)
        if start is None or start > day:
            continue
        ends = min(d for d in (_date(valid_until), _date(revoked), _date(cut_off)) if d is not None)
        if person_id not in latest or start >= latest[person_id][0]:
            latest[person_id] = (start, ends)
    return {person_id: ends for person_id, (_start, ends) in latest.items()}


def board_input(platform_id: int) -> tuple[ReportInput, Spans, Any]:
    """The whole platform's report input, its certificate spans per person and the rollout plan in use."""
    from ..governance.operations import plan_in_use  # governance reads reports, not the other way round

    with reading() as db:
        ranks = level_ranks(db)
        data = load(db, platform_id, ranks, with_persons=False)
        spans = spans_by_person(queries.certificate_spans(db, platform_id), {p.id for p in data.people}, ranks)
        return data, spans, plan_in_use(db, platform_id, ranks)[1]
