"""Read model of the governance pages: every SELECT their views run, one SQL text per query
(SQLAlchemy Core, the same on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from ..db.models import (
    Attempt,
    Certificate,
    ExamFeedback,
    ItemFlag,
    ItemVersion,
    Person,
    PhaseRemark,
    RecertificationDecision,
    RoleGrant,
    RolloutPlanVersion,
)
from ..db.models import PolicyVersion as PolicyRow


def people_matching(db: Session, platform_id: int, text: str) -> list[Person]:
    """At most two people of the platform whose employee number, e-mail, LMS user id or name is ``text``."""
    return list(db.scalars(select(Person).where(Person.platform_id == platform_id, or_(
        Person.employee_number == text, Person.email == text, Person.subject == text, Person.name == text)).limit(2)))


def grants(db: Session, platform_id: int) -> Sequence[Row]:  # type: ignore[type-arg]
    """(grant, person) pairs of the platform, by role and name."""
    return db.execute(select(RoleGrant, Person).join(Person, Person.id == RoleGrant.person_id)
                      .where(RoleGrant.platform_id == platform_id)
                      .order_by(RoleGrant.role, Person.name)).all()


def remarks(db: Session, platform_id: int) -> list[PhaseRemark]:
    return list(db.scalars(select(PhaseRemark).where(PhaseRemark.platform_id == platform_id)
                           .order_by(PhaseRemark.id)))


def previous_policy_version(db: Session, row: PolicyRow) -> PolicyRow | None:
    """The version of the same policy in force before ``row`` (ties on the date: the older id)."""
    return db.scalars(select(PolicyRow).where(
        PolicyRow.policy_key == row.policy_key, PolicyRow.id != row.id,
        or_(PolicyRow.effective_from < row.effective_from,
            (PolicyRow.effective_from == row.effective_from) & (PolicyRow.id < row.id)))
        .order_by(PolicyRow.effective_from.desc(), PolicyRow.id.desc())).first()


def flags_of_policy(db: Session, policy_version_id: int) -> list[ItemFlag]:
    return list(db.scalars(select(ItemFlag).where(ItemFlag.policy_version_id == policy_version_id)
                           .order_by(ItemFlag.item_key)))


def decisions_on_policy(db: Session, policy_version_id: int, platform_id: int) -> list[RecertificationDecision]:
    return list(db.scalars(select(RecertificationDecision).where(
        RecertificationDecision.policy_version_id == policy_version_id,
        RecertificationDecision.platform_id == platform_id)))


def decisions(db: Session, platform_id: int) -> list[RecertificationDecision]:
    """The platform's recertification decisions, newest first."""
    return list(db.scalars(select(RecertificationDecision).where(
        RecertificationDecision.platform_id == platform_id).order_by(RecertificationDecision.id.desc())))


def persons(db: Session, ids: Iterable[int]) -> dict[int, Person]:
    return {p.id: p for p in db.scalars(select(Person).where(Person.id.in_(list(ids))))}


def renewed(db: Session, decision: RecertificationDecision, person_ids: list[int]) -> set[int]:
    """Of ``person_ids``, who earned one of the decision's levels again after it."""
    if not person_ids:
        return set()
    return set(db.scalars(select(Certificate.person_id).where(
        Certificate.person_id.in_(person_ids), Certificate.level.in_(list(decision.levels)),
        Certificate.issued_at >= decision.issued_before)))


# --- what the governance operations read --------------------------------------------------------


def grant_exists(db: Session, platform_id: int, person_id: int, role: str) -> bool:
    return db.scalar(select(RoleGrant.id).where(RoleGrant.platform_id == platform_id,
                                                RoleGrant.person_id == person_id, RoleGrant.role == role)) is not None


def policy_rows(db: Session) -> list[PolicyRow]:
    """The policy register: every version, by policy and date."""
    return list(db.scalars(select(PolicyRow).order_by(PolicyRow.policy_key, PolicyRow.effective_from,
                                                      PolicyRow.id)))


def policy_version_exists(db: Session, policy_key: str, version: str) -> bool:
    return db.scalar(select(PolicyRow.id).where(PolicyRow.policy_key == policy_key,
                                                PolicyRow.version == version)) is not None


def newest_policy_version(db: Session, policy_key: str) -> PolicyRow | None:
    return db.scalars(select(PolicyRow).where(PolicyRow.policy_key == policy_key)
                      .order_by(PolicyRow.effective_from.desc(), PolicyRow.id.desc())).first()


def item_refs(db: Session) -> dict[str, list[str]]:
    """Item key → policy clauses of its newest version that is not retired or superseded."""
    newest = (select(ItemVersion.item_key, func.max(ItemVersion.version).label("v"))
              .where(ItemVersion.status.in_(("draft", "in_review", "approved")))
              .group_by(ItemVersion.item_key).subquery())
    rows = db.execute(select(ItemVersion.item_key, ItemVersion.content, ItemVersion.status).join(
        newest, (ItemVersion.item_key == newest.c.item_key) & (ItemVersion.version == newest.c.v)))
    return {key: list(content.get("policy_refs") or []) for key, content, _status in rows}


def approved_item_refs(db: Session) -> dict[str, list[str]]:
    """Item key → policy clauses of its approved version."""
    rows = db.execute(select(ItemVersion.item_key, ItemVersion.content).where(ItemVersion.status == "approved"))
    return {key: list(content.get("policy_refs") or []) for key, content in rows}


def certificate_holders(db: Session, platform_id: int, levels: Sequence[str], issued_before: dt.datetime
                        ) -> list[Person]:
    """The people of the platform holding a certificate at one of ``levels`` issued before a moment."""
    return list(db.scalars(select(Person).where(Person.id.in_(
        select(Certificate.person_id).where(Certificate.platform_id == platform_id,
                                            Certificate.level.in_(list(levels)),
                                            Certificate.issued_at < issued_before)))))


def affected_certificates(db: Session, decision: RecertificationDecision) -> list[Certificate]:
    """The certificates this decision cut short (the projection says so through ``cut_off_at``)."""
    due_at = dt.datetime.combine(decision.due, dt.time(), tzinfo=dt.UTC)
    return list(db.scalars(select(Certificate).where(
        Certificate.platform_id == decision.platform_id, Certificate.level.in_(list(decision.levels)),
        Certificate.issued_at < decision.issued_before, Certificate.cut_off_at.is_not(None),
        Certificate.cut_off_at <= due_at).order_by(Certificate.person_id)))


def newest_plan(db: Session, platform_id: int) -> RolloutPlanVersion | None:
    return db.scalars(select(RolloutPlanVersion).where(RolloutPlanVersion.platform_id == platform_id)
                      .order_by(RolloutPlanVersion.version.desc())).first()


def exam_rated(db: Session, attempt_id: str) -> bool:
    return db.scalar(select(ExamFeedback.id).where(ExamFeedback.attempt_id == attempt_id)) is not None


def open_flags(db: Session, platform_id: int) -> list[ItemFlag]:
    """Flags L&D of this platform must look at: its employees' flags and policy changes (organisation-wide)."""
    return list(db.scalars(select(ItemFlag).where(
        ItemFlag.resolved_at.is_(None),
        (ItemFlag.platform_id == platform_id) | ItemFlag.platform_id.is_(None)).order_by(ItemFlag.id)))


def feedback(db: Session, platform_id: int, person_ids: Iterable[int] | None) -> list[ExamFeedback]:
    """Exam ratings of the platform, of ``person_ids`` only unless None."""
    query = select(ExamFeedback).where(ExamFeedback.platform_id == platform_id)
    if person_ids is not None:
        query = query.where(ExamFeedback.person_id.in_(list(person_ids)))
    return list(db.scalars(query))


def employee_flags(db: Session, platform_id: int) -> list[ItemFlag]:
    return list(db.scalars(select(ItemFlag).where(ItemFlag.platform_id == platform_id,
                                                  ItemFlag.source == "employee")))


def attempt_owners(db: Session, attempt_ids: Iterable[str]) -> dict[str, int]:
    """Attempt id → the person who took it."""
    return dict(db.execute(select(Attempt.id, Attempt.person_id).where(Attempt.id.in_(list(attempt_ids)))).all())


def plan_versions(db: Session, platform_id: int) -> list[RolloutPlanVersion]:
    """The platform's rollout-plan versions, newest first."""
    return list(db.scalars(select(RolloutPlanVersion).where(RolloutPlanVersion.platform_id == platform_id)
                           .order_by(RolloutPlanVersion.version.desc())))


def plan_version(db: Session, platform_id: int, version: int) -> RolloutPlanVersion | None:
    return db.scalars(select(RolloutPlanVersion).where(RolloutPlanVersion.platform_id == platform_id,
                                                       RolloutPlanVersion.version == version)).first()


def unit_values(db: Session, platform_id: int, dimensions: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Per person field (business unit, location, ...) the values in the platform's HR data."""
    found: dict[str, tuple[str, ...]] = {}
    for name in dimensions:
        column = getattr(Person, name)
        found[name] = tuple(sorted((v for v in db.scalars(select(column).distinct().where(
            Person.platform_id == platform_id, column.is_not(None))) if v and v.strip()), key=str.casefold))
    return found


# --- the flags list ------------------------------------------------------------------------------


def flags_narrowed(db: Session, platform_id: int, state: str, source: str, clause: str, item: str
                   ) -> list[ItemFlag]:
    """This platform's and the organisation-wide flags, narrowed by state ("open", "resolved" or "" for both),
    by what raised them (``source``), by policy clause and by item key (exact), oldest first."""
    query = select(ItemFlag).where((ItemFlag.platform_id == platform_id) | ItemFlag.platform_id.is_(None))
    if state == "open":
        query = query.where(ItemFlag.resolved_at.is_(None))
    elif state == "resolved":
        query = query.where(ItemFlag.resolved_at.is_not(None))
    if source:
        query = query.where(ItemFlag.source == source)
    if clause:
        query = query.where(ItemFlag.clause_key == clause)
    if item:
        query = query.where(ItemFlag.item_key == item)
    return list(db.scalars(query.order_by(ItemFlag.id)))


def flag_clauses(db: Session, platform_id: int) -> list[str]:
    """The policy clauses that flagged a question (the clause filter's choices)."""
    return list(db.scalars(select(ItemFlag.clause_key).distinct().where(
        ItemFlag.clause_key.is_not(None),
        (ItemFlag.platform_id == platform_id) | ItemFlag.platform_id.is_(None)).order_by(ItemFlag.clause_key)))


def newest_stems(db: Session, item_keys: Iterable[str]) -> dict[str, dict]:
    """Item key → the stem (by language) of its newest version."""
    keys = sorted(set(item_keys))
    if not keys:
        return {}
    newest = select(ItemVersion.item_key, func.max(ItemVersion.version).label("v")).where(
        ItemVersion.item_key.in_(keys)).group_by(ItemVersion.item_key).subquery()
    rows = db.execute(select(ItemVersion.item_key, ItemVersion.content).join(
        newest, (ItemVersion.item_key == newest.c.item_key) & (ItemVersion.version == newest.c.v)))
    return {key: (content or {}).get("stem") or {} for key, content in rows}


def flags_by_id(db: Session, platform_id: int, flag_ids: Sequence[int]) -> list[ItemFlag]:
    """The flags with these ids that this platform may resolve (its own and organisation-wide ones)."""
    return list(db.scalars(select(ItemFlag).where(
        ItemFlag.id.in_(list(flag_ids)),
        (ItemFlag.platform_id == platform_id) | ItemFlag.platform_id.is_(None)).order_by(ItemFlag.id)))
