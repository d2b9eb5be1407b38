"""Read model of the governance pages: every SELECT their views run, one SQL text per query
(SQLAlchemy Core, the same on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from ..db.models import Certificate, ItemFlag, Person, PhaseRemark, RecertificationDecision, RoleGrant
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
