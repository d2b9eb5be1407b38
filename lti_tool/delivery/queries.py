"""What the exam pages read besides the attempt itself (see ``operations``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, select, true
from sqlalchemy.orm import Session

from assessments.assembly import MIN_CALIBRATION_N, Exposure, ItemParameters

from ..db.models import (
    Accommodation,
    Attempt,
    CalibrationRun,
    Context,
    ExamFeedback,
    ItemCalibration,
    Person,
    Platform,
    ResourceLink,
)


def statement_context(db: Session, attempt: Attempt) -> tuple[Platform, Person, ResourceLink, Context | None]:
    """In one round trip, what every answer's statement names (this runs on every autosave)."""
    platform, person, link, context = db.execute(
        select(Platform, Person, ResourceLink, Context).select_from(ResourceLink)
        .join(Platform, Platform.id == ResourceLink.platform_id)
        .join(Person, Person.id == attempt.person_id)
        .outerjoin(Context, Context.id == ResourceLink.context_pk)
        .where(ResourceLink.id == attempt.resource_link_pk)).one()
    return platform, person, link, context


@cache
def _launch_query() -> Select[Platform, Person, ResourceLink, Context, int]:
    """Built once: every exam page runs it (the person's extra time too: the start page and Start need it)."""
    extra = (select(Accommodation.extra_minutes)
             .where(Accommodation.platform_id == Platform.id, Accommodation.person_id == Person.id)
             .scalar_subquery())
    return (select(Platform, Person, ResourceLink, Context, func.coalesce(extra, 0)).select_from(ResourceLink)
            .join(Platform, Platform.id == ResourceLink.platform_id)
            .join(Person, (Person.id == bindparam("person_id")) & (Person.platform_id == Platform.id))
            .outerjoin(Context, Context.id == ResourceLink.context_pk)
            .where(ResourceLink.id == bindparam("link_pk"), ResourceLink.platform_id == bindparam("platform_id")))


def launch_rows(db: Session, platform_id: int, person_id: int,
                link_pk: int) -> tuple[Platform, Person, ResourceLink, Context | None, int] | None:
    """The session's platform, person and placed exam with its course, and the person's extra minutes (None: the
    link is not of that platform)."""
    found = db.execute(_launch_query(),
                       {"person_id": person_id, "link_pk": link_pk, "platform_id": platform_id}).first()
    return None if found is None else (found[0], found[1], found[2], found[3], int(found[4]))


def platform_of(db: Session, attempt: Attempt) -> Platform:
    platform = db.get(Platform, attempt.platform_id)
    assert platform is not None
    return platform


def has_feedback(db: Session, attempt_id: str) -> bool:
    """Whether the employee rated this attempt's exam already."""
    return db.scalar(select(ExamFeedback.id).where(ExamFeedback.attempt_id == attempt_id)) is not None


# --- what the assembly of a new attempt reads (``assessments.assembly``) ---------------------

#: the recent attempts of an exam an item's exposure is counted over
EXPOSURE_WINDOW = 500


def exposure(db: Session, exam_key: str, window: int = EXPOSURE_WINDOW) -> Exposure:
    """How often each item was shown in the newest ``window`` attempts of this exam, whichever of its versions
    they took: a new version (another time limit, a cut, a changed form) does not make the items shown most
    so far look fresh. The database unpacks the layouts and counts (index ``ix_attempts_exam_started``)."""
    count_attempts, count_items = _exposure_queries(db.get_bind().dialect.name, window)
    attempts = int(db.scalar(count_attempts, {"exam": exam_key}) or 0)
    if not attempts:
        return Exposure()
    shown = db.execute(count_items, {"exam": exam_key})
    return Exposure(attempts, {str(k): int(n) for k, n in shown})


def attempt_ids(db: Session, exam_key: str, limit: int) -> list[str]:
    """The ids of up to ``limit`` attempts of an exam (all of them while it is young)."""
    rows = db.connection().execute(_attempt_ids_query(), {"exam": exam_key, "limit": limit})
    return [attempt_id for (attempt_id,) in rows]  # plain rows: up to 500 on every launch, no ORM loading


def shown_items(db: Session, attempt_ids: Sequence[str]) -> dict[str, list[str]]:
    """The item keys each of these attempts showed (their layouts)."""
    rows = db.execute(select(Attempt.id, Attempt.layout).where(Attempt.id.in_(list(attempt_ids))))
    return {attempt_id: [str(entry["item_key"]) for entry in layout] for attempt_id, layout in rows}


@cache
def _attempt_ids_query() -> Select[str]:
    return (select(Attempt.id).where(Attempt.exam_key == bindparam("exam"))
            .limit(bindparam("limit", type_=Integer)))


@cache
def _exposure_queries(dialect: str, window: int) -> tuple[Select[Any], Select[Any]]:
    """Built once per dialect: a process runs them when an exam's window fills, then once a minute."""
    recent = (select(Attempt.layout.label("layout")).where(Attempt.exam_key == bindparam("exam"))
              .order_by(Attempt.started_at.desc()).limit(window).subquery())
    if dialect == "postgresql":
        entries = func.json_array_elements(recent.c.layout).table_valued("value")
        key: ColumnElement[Any] = entries.c.value.op("->>")("item_key")
    else:
        entries = func.json_each(recent.c.layout).table_valued("value")
        key = func.json_extract(entries.c.value, "$.item_key")
    keys = select(key.label("item_key")).select_from(recent).join(entries, true()).subquery()
    return (select(func.count()).select_from(recent),
            select(keys.c.item_key, func.count()).group_by(keys.c.item_key))


def calibrated_parameters(db: Session, level: str, min_n: int = MIN_CALIBRATION_N) -> dict[str, ItemParameters]:
    """Each item's parameters from the newest calibration run of ``level`` that had at least ``min_n``
    responses to it."""
    rows = db.execute(_calibrated_query(), {"level": level, "min_n": min_n})
    return {key: ItemParameters(b, a or 1.0) for key, b, a in rows}


@cache
def _calibrated_query() -> Select[str, float, float]:
    """Built once: every new attempt runs it."""
    newest = (select(ItemCalibration.item_key, func.max(ItemCalibration.run_id).label("run_id"))
              .join(CalibrationRun, CalibrationRun.id == ItemCalibration.run_id)
              .where(CalibrationRun.level == bindparam("level"), ItemCalibration.n >= bindparam("min_n"))
              .group_by(ItemCalibration.item_key).subquery())
    return (select(ItemCalibration.item_key, ItemCalibration.difficulty, ItemCalibration.discrimination)
            .join(newest, (newest.c.item_key == ItemCalibration.item_key)
                  & (newest.c.run_id == ItemCalibration.run_id)))
