"""Item and blueprint workflow: create and edit versions, review, approve, retire.

Rules (enforced here, whatever page or import calls them):
- an item version that was delivered in an attempt never changes; editing makes a new draft;
- only drafts are edited in place; draft → in_review → approved → retired;
- the reviewer who approves is not the author; high-risk items need a CISO/privacy reviewer;
- approving a version supersedes the key's previously approved version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.blueprints import Blueprint
from assessments.items import content_hash

from ..audit import record
from ..db.models import BlueprintVersion, ItemReview, ItemVersion, utcnow
from ..errors import Forbidden, NotFound, UserError
from ..permissions import Permission, Role, has


@dataclass(frozen=True)
class Actor:
    """Who does it: a launched person with their tool roles."""

    person_id: int | None
    name: str
    roles: frozenset[Role]
    home: bool = False  # launched from the organisation's home platform (shared content changes there only)

    def can(self, permission: Permission) -> bool:
        return has(permission, self.roles, self.home)


class WorkflowError(UserError):
    def __init__(self, message: str) -> None:
        super().__init__(message, status=409)


def versions(db: Session, key: str) -> list[ItemVersion]:
    rows = list(db.scalars(select(ItemVersion).where(ItemVersion.item_key == key).order_by(ItemVersion.version)))
    if not rows:
        raise NotFound(_("There is no question %(key)s.", key=repr(key)))
    return rows


def _log(db: Session, version: ItemVersion, action: str, actor: Actor, comment: str = "") -> None:
    db.add(ItemReview(item_version_id=version.id, action=action, by_person_id=actor.person_id, by_name=actor.name,
                      comment=comment[:4000]))


def _new_version(db: Session, record: Mapping[str, Any], actor: Actor, number: int) -> ItemVersion:
    row = ItemVersion(
        item_key=record["key"], version=number, content_hash=content_hash(record), competence=record["competence"],
        level=record["level"], item_type=record["type"], status="draft", high_risk=bool(record.get("high_risk")),
        author=str(record.get("author") or actor.name), author_person_id=actor.person_id, content=dict(record))
    db.add(row)
    db.flush()
    _log(db, row, "created", actor)
    return row


def save_item(db: Session, record: Mapping[str, Any], actor: Actor) -> ItemVersion:
    """Create an item or a new draft of it; an untouched draft is updated in place."""
    if not actor.can(Permission.AUTHOR_ITEMS):
        raise Forbidden(_("Your role does not allow editing questions."))
    record = dict(record)
    record.setdefault("author", actor.name)
    existing = list(db.scalars(select(ItemVersion).where(ItemVersion.item_key == record["key"])
                               .order_by(ItemVersion.version.desc())))
    newest = existing[0] if existing else None
    if newest is not None and newest.status == "draft" and newest.first_used_at is None:
        if newest.content_hash == content_hash(record):
            return newest
        newest.content, newest.content_hash = record, content_hash(record)
        newest.competence, newest.level, newest.item_type = record["competence"], record["level"], record["type"]
        newest.high_risk = bool(record.get("high_risk"))
        _log(db, newest, "edited", actor)
        return newest
    if newest is not None and newest.content_hash == content_hash(record):
        return newest  # nothing changed
    return _new_version(db, record, actor, (newest.version + 1) if newest else 1)


def _version(db: Session, version_id: int) -> ItemVersion:
    row = db.get(ItemVersion, version_id)
    if row is None:
        raise NotFound(_("This question version does not exist."))
    return row


def submit_for_review(db: Session, version_id: int, actor: Actor, comment: str = "") -> ItemVersion:
    row = _version(db, version_id)
    if not actor.can(Permission.AUTHOR_ITEMS):
        raise Forbidden(_("Your role does not allow editing questions."))
    if row.status != "draft":
        raise WorkflowError(_("Only a draft can be sent for review; this version is %(status)s.", status=row.status))
    row.status = "in_review"
    _log(db, row, "submitted", actor, comment)
    record(db, "item.submitted", f"{row.item_key}@{row.version}", before={"status": "draft"},
           after={"status": "in_review", "comment": comment})
    return row


def approve(db: Session, version_id: int, actor: Actor, comment: str = "") -> ItemVersion:
    row = _version(db, version_id)
    if not actor.can(Permission.REVIEW_ITEMS):
        raise Forbidden(_("Your role does not allow reviewing questions."))
    if row.status != "in_review":
        raise WorkflowError(_("Only a version in review can be approved; this version is %(status)s.",
                              status=row.status))
    if actor.person_id is not None and actor.person_id == row.author_person_id:
        raise Forbidden(_("A question is approved by someone other than its author."))
    if row.high_risk and not actor.can(Permission.REVIEW_HIGH_RISK):
        raise Forbidden(_("This question is marked high-risk: a reviewer with the CISO/privacy role must approve it."))
    for other in db.scalars(select(ItemVersion).where(ItemVersion.item_key == row.item_key,
                                                      ItemVersion.status == "approved")):
        other.status = "superseded"
    row.status = "approved"
    _log(db, row, "approved", actor, comment)
    record(db, "item.approved", f"{row.item_key}@{row.version}", before={"status": "in_review"},
           after={"status": "approved", "comment": comment, "high_risk": row.high_risk})
    return row


def reject(db: Session, version_id: int, actor: Actor, comment: str) -> ItemVersion:
    row = _version(db, version_id)
    if not actor.can(Permission.REVIEW_ITEMS):
        raise Forbidden(_("Your role does not allow reviewing questions."))
    if row.status != "in_review":
        raise WorkflowError(_("Only a version in review can be rejected; this version is %(status)s.",
                              status=row.status))
    if not comment.strip():
        raise UserError(_("Say why the question is rejected, so the author can improve it."), 400)
    row.status = "draft"
    _log(db, row, "rejected", actor, comment)
    record(db, "item.rejected", f"{row.item_key}@{row.version}", before={"status": "in_review"},
           after={"status": "draft", "comment": comment})
    return row


def retire(db: Session, key: str, actor: Actor, comment: str = "") -> ItemVersion:
    if not actor.can(Permission.AUTHOR_ITEMS):
        raise Forbidden(_("Your role does not allow editing questions."))
    approved = [v for v in versions(db, key) if v.status == "approved"]
    if not approved:
        raise WorkflowError(_("Only an approved question can be retired."))
    approved[0].status = "retired"
    _log(db, approved[0], "retired", actor, comment)
    record(db, "item.retired", f"{key}@{approved[0].version}", before={"status": "approved"},
           after={"status": "retired", "comment": comment})
    return approved[0]


def history(db: Session, version_ids: Iterable[int]) -> list[ItemReview]:
    return list(db.scalars(select(ItemReview).where(ItemReview.item_version_id.in_(list(version_ids)))
                           .order_by(ItemReview.at, ItemReview.id)))


def usage_counts(db: Session) -> dict[str, int]:
    """How many attempts used each item key (any version)."""
    from ..db.models import Response

    rows = db.execute(select(ItemVersion.item_key, func.count(Response.attempt_id))
                      .join(Response, Response.item_version_id == ItemVersion.id).group_by(ItemVersion.item_key))
    return {key: count for key, count in rows}


# --- blueprints ------------------------------------------------------------------------------


def approve_blueprint(db: Session, version_id: int, actor: Actor) -> BlueprintVersion:
    row = db.get(BlueprintVersion, version_id)
    if row is None:
        raise NotFound(_("This exam version does not exist."))
    if not actor.can(Permission.MANAGE_BLUEPRINTS):
        raise Forbidden(_("Your role does not allow changing exams."))
    if row.status != "draft":
        raise WorkflowError(_("Only a draft exam version can be approved; this version is %(status)s.",
                              status=row.status))
    if row.created_by == actor.name and Role.ADMIN not in actor.roles:  # a tool administrator may self-approve
        raise Forbidden(_("An exam version is approved by someone other than the person who made it."))
    row.status = "approved"
    record(db, "blueprint.approved", f"{row.key}@{row.version}", before={"status": "draft"},
           after={"status": "approved", "content": row.content})
    return row


def blueprint_history(db: Session, key: str) -> list[BlueprintVersion]:
    return list(db.scalars(select(BlueprintVersion).where(BlueprintVersion.key == key)
                           .order_by(BlueprintVersion.version.desc())))


def save_blueprint_draft(db: Session, catalogue: Any, blueprint: Blueprint, actor: Actor) -> BlueprintVersion:
    if not actor.can(Permission.MANAGE_BLUEPRINTS):
        raise Forbidden(_("Your role does not allow changing exams."))
    row = catalogue.store_blueprint(db, blueprint, actor.name, status="draft")
    record(db, "blueprint.draft", f"{row.key}@{row.version}", after={"content": row.content})
    return row


def now_label() -> str:
    return utcnow().strftime("%Y-%m-%d %H:%M")
