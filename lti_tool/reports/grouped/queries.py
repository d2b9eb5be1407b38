"""Coverage, level mix, lagging groups and the quarterly trend as grouped SQL (read model).

The domain decides the requirement once per (function group, risk class) pair
(``assessments.coverage.pair_requirement``); the pairs go into the query as a ``VALUES`` list and the database
applies them to every person: scope on the day, the level held (highest certificate in force), the personal
deadline (``max(rule deadline, hire date + onboarding months)``, earliest over the deciding rules) and days late.
The answers equal ``assessments.coverage``'s (``tests/integration/test_coverage_sql.py`` compares both on
generated organisations); only the group rows travel, not 10⁵ people and their certificates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Integer,
    String,
    and_,
    case,
    column,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from assessments.coverage import (
    ALL,
    GROUPINGS,
    MIX_GROUPINGS,
    CoverageRow,
    MixRow,
    PairRequirement,
    TrendPoint,
    group_order,
    level_name,
    level_parts,
    pair_requirement,
    quarter_ends,
)
from assessments.months import add_months
from assessments.role_matrix import RoleMatrix, matrix_as_of

from ...db.models import Certificate, Person

# --- dialect helpers: the same expression on PostgreSQL and SQLite -------------------------------------------


class _AddMonths(FunctionElement[dt.date]):
    """``day + months`` calendar months, clamped to the end of a shorter month (``assessments.months``)."""

    type = Date()
    inherit_cache = True


@compiles(_AddMonths, "postgresql")
def _add_months_pg(element: _AddMonths, compiler: Any, **kw: Any) -> str:
    day, months = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST({day} + make_interval(months => CAST({months} AS INTEGER)) AS DATE)"


@compiles(_AddMonths, "sqlite")
def _add_months_sqlite(element: _AddMonths, compiler: Any, **kw: Any) -> str:
    day, months = (compiler.process(arg, **kw) for arg in element.clauses)
    first = f"date({day}, 'start of month', '+' || ({months}) || ' months')"  # SQLite overflows, PostgreSQL clamps
    same_day = f"date({first}, '+' || (CAST(strftime('%d', {day}) AS INTEGER) - 1) || ' days')"
    return f"min({same_day}, date({first}, '+1 month', '-1 day'))"


class _Greatest(FunctionElement[Any]):
    inherit_cache = True


class _Least(FunctionElement[Any]):
    inherit_cache = True


@compiles(_Greatest)
def _greatest(element: _Greatest, compiler: Any, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(_Greatest, "sqlite")
def _greatest_sqlite(element: _Greatest, compiler: Any, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(_Least)
def _least(element: _Least, compiler: Any, **kw: Any) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"


@compiles(_Least, "sqlite")
def _least_sqlite(element: _Least, compiler: Any, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


class _DaysBetween(FunctionElement[int]):
    """``later - earlier`` in days (two dates)."""

    type = Integer()
    inherit_cache = True


@compiles(_DaysBetween)
def _days_between(element: _DaysBetween, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"({later} - {earlier})"


@compiles(_DaysBetween, "sqlite")
def _days_between_sqlite(element: _DaysBetween, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@contextmanager
def _planned_for_people(db: Session) -> Iterator[None]:
    """Planner settings for one grouped report query, rolled back with a savepoint after it (the rest of the
    read keeps the usual ones). Kinds of people are hashed from one row per person: with PostgreSQL's default
    ``work_mem`` of 4 MB the planner sorted 10⁵ rows on disk instead (coverage at 100,000 people 0.19 → 0.11 s).
    People and their certificates are both read in person order (primary key, ``ix_certificates_person_level``)
    and merged, not hashed, so the certificates' per-person maximum streams (trend 0.15 → 0.13 s)."""
    if db.get_bind().dialect.name != "postgresql":
        yield
        return
    savepoint = db.connection().begin_nested()
    try:
        db.execute(text("SET LOCAL work_mem = '32MB'"))
        db.execute(text("SET LOCAL enable_hashjoin = off"))
        yield
    finally:
        savepoint.rollback()  # SET LOCAL ends with it


# --- the pieces of one query ------------------------------------------------------------------------------


def distinct_pairs(db: Session, platform_id: int) -> list[tuple[str, str]]:
    """The (function group, risk class) pairs of a platform's people, unknown as ``""`` (the matrix treats an
    empty value as unknown, so they need the same requirement)."""
    query = (select(Person.function_group, Person.risk_class).where(Person.platform_id == platform_id)
             .group_by(Person.function_group, Person.risk_class))  # the bare columns: ``ix_people_pairs`` answers
    return list(dict.fromkeys((fg or "", rc or "") for fg, rc in db.execute(query)))


def _days_table(days: Sequence[dt.date]) -> Any:
    """``(i, day)``: the report days and their position (``held_<i>`` of ``_held_table``)."""
    rows = list(enumerate(days))
    return _rows_table("days", [column("i", Integer), column("day", Date)], rows)


def _requirements_table(matrices: Sequence[RoleMatrix], pairs: Sequence[tuple[str, str]],
                        days: Sequence[dt.date], level_ranks: Mapping[str, int]) -> tuple[Any, int, dt.date]:
    """``(day, fg, rc, rank, deadline_1, months_1, …)`` per day and pair with a requirement; the number of terms;
    the earliest ``hired_by`` (hire dates up to it all get the rules' own deadlines)."""
    decided: list[tuple[dt.date, str, str, PairRequirement]] = []
    for day in days:
        matrix = matrix_as_of(matrices, day) if matrices else None
        for fg, rc in pairs:
            need = pair_requirement(matrix, fg or None, rc or None, level_ranks)
            if need is not None:
                decided.append((day, fg, rc, need))
    terms = max((len(need.terms) for *_key, need in decided), default=1)
    columns = [column("day", Date), column("fg", String), column("rc", String), column("rank", Integer)]
    for i in range(terms):
        columns += [column(f"deadline_{i}", Date), column(f"months_{i}", Integer), column(f"hired_by_{i}", Date)]
    rows: list[tuple[Any, ...]] = []
    for day, fg, rc, need in decided:
        padded = list(need.terms) + [need.terms[0]] * (terms - len(need.terms))
        rows.append((day, fg, rc, need.rank,
                     *[v for deadline, months in padded for v in (deadline, months, _hired_by(deadline, months))]))
    if not rows:  # VALUES needs a row: one on a day no report asks about, so it joins nobody
        rows = [(dt.date.min, "", "", 0, *[dt.date.min, 0, dt.date.min] * terms)]
    earliest = min(row[4 + 3 * i + 2] for row in rows for i in range(terms))
    return _rows_table("req", columns, rows), terms, earliest


def _rows_table(name: str, columns: Sequence[Any], rows: Sequence[Sequence[Any]]) -> Any:
    """A constant table as ``SELECT … UNION ALL SELECT …`` of bound parameters: unlike ``VALUES`` with data
    (which SQLAlchemy cannot cache, so every report compiled its ~40 ms statement again) the statement is
    compiled once per shape (number of rows) and reused."""
    selects = [select(*[literal(value, col.type).label(col.name) for col, value in zip(columns, row, strict=True)])
               for row in rows]
    # MATERIALIZED: inlined, the planner estimated one row per UNION and rebuilt the people ⋈ held hash join
    # for every report day (8 times for the trend)
    return (selects[0] if len(selects) == 1 else union_all(*selects)).cte(name).prefix_with("MATERIALIZED")


def _hired_by(deadline: dt.date, months: int) -> dt.date:
    """The last hire date whose onboarding term ends on or before ``deadline``: everybody hired by then has the
    rule's deadline, so the database computes an onboarding end only for later hires."""
    day = add_months(deadline, -months) if deadline > dt.date(1, 12, 31) else dt.date.min
    while day < dt.date.max and add_months(day + dt.timedelta(days=1), months) <= deadline:
        day += dt.timedelta(days=1)
    return day


def _held_table(platform_id: int, days: Sequence[dt.date], level_ranks: Mapping[str, int]) -> Any:
    """``(person_id, held_0, held_1, …)``: the highest rank in force on each of ``days`` (``NULL``: none), one
    row per person in one pass over the certificates (not a row per person and day to join again). A
    certificate counts on a day when issued before the next midnight (UTC) and ending (expiry, revocation,
    cut-off) at or after it. Its rank and end are worked out once per certificate, not once per day."""
    rank = case({level: r for level, r in level_ranks.items()}, value=Certificate.level).label("rank")
    until = Certificate.valid_until  # never NULL: it stands in for a missing revocation or cut-off
    ends = type_coerce(_Least(until, func.coalesce(Certificate.revoked_at, until),
                              func.coalesce(Certificate.cut_off_at, until)), until.type).label("ends")
    spans = (select(Certificate.person_id, Certificate.issued_at.label("issued"), ends, rank)
             .where(Certificate.platform_id == platform_id, Certificate.level.in_(list(level_ranks)))
             .subquery("spans"))
    columns = []
    for i, day in enumerate(days):
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        columns.append(func.max(case((and_(spans.c.issued < midnight, spans.c.ends >= midnight), spans.c.rank)))
                       .label(f"held_{i}"))
    return select(spans.c.person_id, *columns).group_by(spans.c.person_id).subquery("held")


def _held_on(held: Any, days_t: Any, count: int) -> ColumnElement[int]:
    """The rank held on the row's day (0: none)."""
    pick = held.c.held_0 if count == 1 else case({i: held.c[f"held_{i}"] for i in range(count)}, value=days_t.c.i)
    return func.coalesce(pick, 0)


def _in_scope(days: Any, hire: Any = Person.hire_date, left: Any = Person.left_on) -> ColumnElement[bool]:
    return and_(or_(hire.is_(None), hire <= days.c.day), or_(left.is_(None), left >= days.c.day))


def _deadline(req: Any, terms: int, hire: Any = Person.hire_date) -> ColumnElement[dt.date]:
    each = [case((or_(hire.is_(None), hire <= req.c[f"hired_by_{i}"]), req.c[f"deadline_{i}"]),
                 else_=_Greatest(req.c[f"deadline_{i}"], _AddMonths(hire, req.c[f"months_{i}"])))
            for i in range(terms)]
    return each[0] if terms == 1 else _Least(*each)


def _group_column(by: str | None) -> ColumnElement[Any]:
    # a constant outside the GROUP BY (PostgreSQL refuses a constant in it)
    return literal_column(f"'{ALL}'", String).label("grp") if by is None else getattr(Person, by).label("grp")


def _people_kinds(platform_id: int, days: Sequence[dt.date], held: Any, by: str | None, earliest: dt.date,
                  only: Sequence[int] | None, lateness: bool = True) -> Any:
    """People counted per kind (group, pair, hire date, leaving date, ranks held): ``n``. A hire date on or
    before both the first report day and ``earliest`` (every ``hired_by``) decides nothing (in scope every day,
    the rules' own deadlines), nor does a leaving date after the last day, so they are clamped: 10⁵ people
    become a few thousand kinds, and only those meet the days and requirements. Without ``lateness`` (the
    trend: no deadlines) only the report days matter, so the dates become the first and last day in scope."""
    floor, ceiling = min(min(days), earliest), max(days)
    if lateness:
        hire = case((Person.hire_date <= floor, literal(floor, Date)), else_=Person.hire_date)
        left = case((Person.left_on > ceiling, literal(ceiling, Date)), else_=Person.left_on)
    else:
        ordered = sorted(days)
        hire = case(*[(or_(Person.hire_date.is_(None), Person.hire_date <= day) if i == 0 else Person.hire_date <= day,
                       literal(day, Date)) for i, day in enumerate(ordered)],
                    else_=literal(ceiling + dt.timedelta(days=1), Date))  # hired after every report day
        left = case(*[(or_(Person.left_on.is_(None), Person.left_on >= day) if i == 0 else Person.left_on >= day,
                       literal(day, Date)) for i, day in enumerate(reversed(ordered))],
                    else_=literal(ordered[0] - dt.timedelta(days=1), Date))  # left before every report day
    keys = [*([] if by is None else [getattr(Person, by).label("grp")]),
            func.coalesce(Person.function_group, "").label("fg"), func.coalesce(Person.risk_class, "").label("rc"),
            hire.label("hire"), left.label("left_on"), *[held.c[f"held_{i}"] for i in range(len(days))]]
    where = [Person.platform_id == platform_id]
    if only is not None:
        where.append(Person.id.in_(list(only)))
    return (select(*keys, func.count().label("n")).select_from(Person)
            .outerjoin(held, held.c.person_id == Person.id).where(*where)
            .group_by(*[key.element if hasattr(key, "element") else key for key in keys]).subquery("kinds"))


def _coverage_query(platform_id: int, matrices: Sequence[RoleMatrix], pairs: Sequence[tuple[str, str]],
                    days: Sequence[dt.date], by: str | None, level_ranks: Mapping[str, int],
                    only: Sequence[int] | None, lateness: bool = True) -> Any:
    """``(day, group, required, covered, late, max days late, sum of days late)`` per day and group in scope;
    without ``lateness`` the last three are ``NULL`` (and the query is lighter)."""
    days_t = _days_table(days)
    req, terms, earliest = _requirements_table(matrices, pairs, days, level_ranks)
    kinds = _people_kinds(platform_id, days, _held_table(platform_id, days, level_ranks), by, earliest, only,
                          lateness)
    rank, got, n = req.c["rank"], _held_on(kinds, days_t, len(days)), kinds.c.n
    group = _group_column(None) if by is None else kinds.c.grp
    counts = [func.coalesce(func.sum(case((rank.is_not(None), n))), 0), func.sum(case((got >= rank, n), else_=0))]
    if lateness:
        deadline = _deadline(req, terms, kinds.c.hire)
        days_late = case((and_(rank.is_not(None), got < rank, days_t.c.day > deadline),
                          _DaysBetween(days_t.c.day, deadline)))
        counts += [func.sum(case((days_late.is_not(None), n))), func.max(days_late), func.sum(days_late * n)]
    else:
        counts += [null(), null(), null()]
    return (select(days_t.c.day, group, *counts)
            .select_from(kinds).join(days_t, _in_scope(days_t, kinds.c.hire, kinds.c.left_on))
            .outerjoin(req, and_(req.c.day == days_t.c.day, req.c.fg == kinds.c.fg, req.c.rc == kinds.c.rc))
            .group_by(days_t.c.day, *([] if by is None else [group])))


# --- the trend on PostgreSQL: the report days a person is in scope and holds a level on, as bit masks --------

#: report days one mask holds (a bigint, its sign bit spared); a longer trend takes ``_coverage_query``
MASK_DAYS = 62


def _days_up_to(value: Any, bounds: Sequence[Any], kind: Any) -> ColumnElement[int]:
    """How many of ``bounds`` (ascending) are at or before ``value`` (``width_bucket``; ``NULL`` stays ``NULL``)."""
    return func.width_bucket(value, literal(list(bounds), ARRAY(kind)), type_=Integer)


def _span_mask(first: Any, end: Any) -> ColumnElement[int]:
    """Bits ``first`` … ``end - 1`` set: the report days from ``first`` up to ``end`` (none if it is not later)."""
    one = literal(1, BigInteger)
    return case((end > first, one.op("<<", return_type=BigInteger)(end) - one.op("<<", return_type=BigInteger)(first)),
                else_=literal(0, BigInteger))


def _has_day(mask: Any, i: Any) -> ColumnElement[bool]:
    return mask.op(">>", return_type=BigInteger)(i).op("&", return_type=BigInteger)(1) == 1


def _held_masks(platform_id: int, days: Sequence[dt.date], ranks: Sequence[int], level_ranks: Mapping[str, int]
                ) -> Any:
    """``(person_id, m_0, m_1, …)``: per rank in ``ranks``, the report days on which the person holds that rank or
    higher. A certificate counts on a day when issued before the next midnight (UTC) and ending at or after it:
    the days from the number of midnights up to its issue to the number up to its end."""
    midnights = [dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC) for day in days]
    kind = DateTime(timezone=True)
    until = Certificate.valid_until
    ends = _Least(until, func.coalesce(Certificate.revoked_at, until), func.coalesce(Certificate.cut_off_at, until))
    rank = case({level: r for level, r in level_ranks.items()}, value=Certificate.level)
    spans = (select(Certificate.person_id, rank.label("rank"),
                    _span_mask(_days_up_to(Certificate.issued_at, midnights, kind),
                               _days_up_to(ends, midnights, kind)).label("mask"))
             .where(Certificate.platform_id == platform_id, Certificate.level.in_(list(level_ranks)))
             .offset(0)  # a fence: the masks are worked out once per certificate, not once per rank
             .subquery("spans"))
    masks = [func.bit_or(case((spans.c.rank >= r, spans.c.mask))).label(f"m_{i}") for i, r in enumerate(ranks)]
    return select(spans.c.person_id, *masks).group_by(spans.c.person_id).subquery("held")


def _presence_query(platform_id: int, matrices: Sequence[RoleMatrix], pairs: Sequence[tuple[str, str]],
                    days: Sequence[dt.date], by: str | None, level_ranks: Mapping[str, int],
                    only: Sequence[int] | None) -> Any:
    """``_coverage_query`` without lateness, for up to ``MASK_DAYS`` ascending ``days``: people counted per kind
    (group, pair, days in scope, days each rank is held), each kind then met with the days its mask has. Hired
    on or before a day and not left before it puts a person in scope that day."""
    ranks = sorted(set(level_ranks.values()))
    days_t = _days_table(days)
    req, _terms, _earliest = _requirements_table(matrices, pairs, days, level_ranks)
    held = _held_masks(platform_id, days, ranks, level_ranks)
    hired = func.coalesce(_days_up_to(Person.hire_date, [d + dt.timedelta(days=1) for d in days], Date()), 0)
    stays = func.coalesce(_days_up_to(Person.left_on, days, Date()), len(days))
    keys = [*([] if by is None else [getattr(Person, by).label("grp")]),
            func.coalesce(Person.function_group, "").label("fg"), func.coalesce(Person.risk_class, "").label("rc"),
            _span_mask(hired, stays).label("present"),
            *[func.coalesce(held.c[f"m_{i}"], 0).label(f"m_{i}") for i in range(len(ranks))]]
    where = [Person.platform_id == platform_id, *([] if only is None else [Person.id.in_(list(only))])]
    kinds = (select(*keys, func.count().label("n")).select_from(Person)
             .outerjoin(held, held.c.person_id == Person.id).where(*where)
             .group_by(*[key.element for key in keys]).subquery("kinds"))
    got = case(*[(_has_day(kinds.c[f"m_{i}"], days_t.c.i), r) for i, r in reversed(list(enumerate(ranks)))],
               else_=0)
    rank, n = req.c["rank"], kinds.c.n
    group = _group_column(None) if by is None else kinds.c.grp
    return (select(days_t.c.day, group, func.coalesce(func.sum(case((rank.is_not(None), n))), 0),
                   func.sum(case((got >= rank, n), else_=0)), null(), null(), null())
            .select_from(kinds).join(days_t, _has_day(kinds.c.present, days_t.c.i))
            .outerjoin(req, and_(req.c.day == days_t.c.day, req.c.fg == kinds.c.fg, req.c.rc == kinds.c.rc))
            .group_by(days_t.c.day, *([] if by is None else [group])))


def _row(group: str | None, required: Any, covered: Any, late: Any, max_late: Any, sum_late: Any) -> CoverageRow:
    # sums of counts arrive as Decimal on PostgreSQL
    required, covered, late = int(required or 0), int(covered or 0), int(late or 0)
    return CoverageRow(group=group, required=required, covered=covered,
                       share=covered / required if required else None, late=late,
                       max_days_late=int(max_late) if late else None,
                       mean_days_late=int(sum_late) / late if late else None)


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def coverage_by_day(db: Session, platform_id: int, matrices: Sequence[RoleMatrix], days: Sequence[dt.date],
                    by: str | None, level_ranks: Mapping[str, int], only: Sequence[int] | None = None,
                    pairs: Sequence[tuple[str, str]] | None = None, *,
                    lateness: bool = True) -> dict[dt.date, list[CoverageRow]]:
    """``assessments.coverage.coverage`` on each of ``days``, in one grouped query (without ``lateness``: no
    days late, for the trend)."""
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    out: dict[dt.date, list[CoverageRow]] = {d: [] for d in days}
    if not days:
        return out
    pairs = distinct_pairs(db, platform_id) if pairs is None else pairs
    if not lateness and db.get_bind().dialect.name == "postgresql" and len(days) <= MASK_DAYS:
        query = _presence_query(platform_id, matrices, pairs, sorted(days), by, level_ranks, only)
    else:
        query = _coverage_query(platform_id, matrices, pairs, days, by, level_ranks, only, lateness)
    with _planned_for_people(db):
        rows = db.execute(query).all()
    for day, group, *counts in rows:
        out[_as_date(day)].append(_row(group, *counts))
    return {d: sorted(rows, key=lambda r: group_order(r.group)) for d, rows in out.items()}


def coverage_rows(db: Session, platform_id: int, matrices: Sequence[RoleMatrix], day: dt.date, by: str | None,
                  level_ranks: Mapping[str, int], only: Sequence[int] | None = None) -> list[CoverageRow]:
    """``assessments.coverage.coverage`` (lagging groups: ``lag_rows`` of these rows)."""
    return coverage_by_day(db, platform_id, matrices, [day], by, level_ranks, only)[day]


def trend_points(db: Session, platform_id: int, matrices: Sequence[RoleMatrix], start: dt.date, end: dt.date,
                 by: str | None, level_ranks: Mapping[str, int], only: Sequence[int] | None = None,
                 pairs: Sequence[tuple[str, str]] | None = None) -> list[TrendPoint]:
    """``assessments.coverage.trend``: coverage at every quarter end in ``[start, end]``, one query."""
    days = quarter_ends(start, end)
    per_day = coverage_by_day(db, platform_id, matrices, days, by, level_ranks, only, pairs, lateness=False)
    return [TrendPoint(day, r.group, r.required, r.covered, r.share) for day in days for r in per_day[day]]


def mix_rows(db: Session, platform_id: int, day: dt.date, by: str, level_ranks: Mapping[str, int],
             only: Sequence[int] | None = None) -> list[MixRow]:
    """``assessments.coverage.level_mix``: people in scope per group and highest level held."""
    if by not in MIX_GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    query = _mix_query(platform_id, day, by, level_ranks, only)
    ordered = sorted(level_ranks.items(), key=lambda item: item[1])
    parts = level_parts(level_ranks)
    counts: dict[str | None, dict[str, int]] = {}
    for grp, rank, n in db.execute(query):
        counts.setdefault(grp, dict.fromkeys(parts, 0))[level_name(int(rank), ordered)] += int(n)
    return [MixRow(g, counts[g], sum(counts[g].values())) for g in sorted(counts, key=group_order)]


def _mix_query(platform_id: int, day: dt.date, by: str, level_ranks: Mapping[str, int],
               only: Sequence[int] | None) -> Any:
    """``(group, highest rank held, people)`` of the people in scope on ``day``."""
    days_t = _days_table([day])
    held = _held_table(platform_id, [day], level_ranks)
    got = _held_on(held, days_t, 1).label("got")
    group = getattr(Person, by).label("grp")
    where = [Person.platform_id == platform_id]
    if only is not None:
        where.append(Person.id.in_(list(only)))
    return (select(group, got, func.count()).select_from(Person).join(days_t, _in_scope(days_t))
            .outerjoin(held, held.c.person_id == Person.id).where(*where).group_by(group, got))
