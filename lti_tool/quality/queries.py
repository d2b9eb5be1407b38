"""What the exam quality report reads: finished attempts with their item scores, the candidates' groups,
and the calibration runs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.attempts import AttemptStatus
from assessments.psychometrics.report import AttemptScores, ItemAnswer

from ..db.models import Attempt, BlueprintVersion, CalibrationRun, ItemCalibration, Person, Response

#: the candidate groups L&D may compare in the DIF table (columns of the people table)
GROUPINGS = ("department", "location")


def attempt_counts(db: Session) -> dict[str, int]:
    """Finished attempts per blueprint version label (``key@version``)."""
    rows = db.execute(select(Attempt.blueprint_version, func.count()).where(
        Attempt.status != AttemptStatus.IN_PROGRESS.value).group_by(Attempt.blueprint_version))
    return {label: count for label, count in rows}


def labels_of_level(db: Session, level: str) -> list[str]:
    rows = db.execute(select(BlueprintVersion.key, BlueprintVersion.version).where(BlueprintVersion.level == level))
    return [f"{key}@{version}" for key, version in rows]


def levels(db: Session) -> list[str]:
    return sorted(set(db.scalars(select(BlueprintVersion.level))))


def attempt_scores(db: Session, labels: Sequence[str], platform_id: int | None = None) -> list[AttemptScores]:
    """Every finished attempt of the blueprint versions ``labels`` (the bank is shared: all platforms): item
    fractions in slot order (unanswered 0), the language each item was shown in, and the candidate's department
    and location — only for candidates of ``platform_id`` when given (another tenant's groups stay unnamed)."""
    attempts = db.execute(select(Attempt.id, Attempt.layout, Attempt.locale, Person.department, Person.location,
                                 Attempt.platform_id)
                          .join(Person, Person.id == Attempt.person_id)
                          .where(Attempt.blueprint_version.in_(list(labels)),
                                 Attempt.status != AttemptStatus.IN_PROGRESS.value)
                          .order_by(Attempt.id)).all()
    given: dict[tuple[str, int], tuple[float, str | None]] = {}
    for attempt_id, position, fraction, language in db.execute(
            select(Response.attempt_id, Response.position, Response.fraction, Response.language)
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(Attempt.blueprint_version.in_(list(labels)),
                   Attempt.status != AttemptStatus.IN_PROGRESS.value)):
        given[(attempt_id, position)] = (float(fraction or 0.0), language)
    scores = []
    for attempt_id, layout, locale, department, location, tenant in attempts:
        if platform_id is not None and tenant != platform_id:
            department = location = None
        answers = []
        for entry in sorted(layout, key=lambda e: e["position"]):
            fraction, language = given.get((attempt_id, entry["position"]), (0.0, None))
            answers.append(ItemAnswer(entry["item_key"], fraction, language or locale))
        scores.append(AttemptScores(attempt_id, answers, {"department": department or "",
                                                          "location": location or ""}))
    return scores


def newest_run(db: Session, level: str) -> tuple[CalibrationRun, list[ItemCalibration]] | None:
    run = db.scalars(select(CalibrationRun).where(CalibrationRun.level == level)
                     .order_by(CalibrationRun.id.desc()).limit(1)).first()
    if run is None:
        return None
    items = list(db.scalars(select(ItemCalibration).where(ItemCalibration.run_id == run.id)
                            .order_by(ItemCalibration.item_key)))
    return run, items


def runs(db: Session) -> list[CalibrationRun]:
    return list(db.scalars(select(CalibrationRun).order_by(CalibrationRun.id.desc()).limit(20)))
