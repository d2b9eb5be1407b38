"""Item and blueprint workflow: create and edit versions, review, approve, retire.

Each operation loads the rows, lets the aggregates of ``assessments.workflow`` apply the rules
(whatever page or import calls them) and writes the new status, the review trail and the audit
entries back. Tool roles become workflow capabilities here (``Actor.participant``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from assessments import workflow as wf
from assessments.blueprints import Blueprint
from assessments.errors import Incomplete
from assessments.item_checks import item_findings
from assessments.item_types.finding import PROBLEM
from assessments.items import content_hash
from assessments.workflow import BlueprintStatus, Capability, ItemStatus, ReviewAction

from ..audit import record
from ..db.models import BlueprintVersion, ItemReview, ItemVersion, utcnow
from ..errors import NotFound, bounded
from ..permissions import Permission, Role, has
from . import repositories

#: the workflow capabilities each tool permission gives
CAPABILITIES = {Capability.AUTHOR: Permission.AUTHOR_ITEMS, Capability.REVIEW: Permission.REVIEW_ITEMS,
                Capability.REVIEW_HIGH_RISK: Permission.REVIEW_HIGH_RISK,
                Capability.MANAGE_BLUEPRINTS: Permission.MANAGE_BLUEPRINTS}
#: the review-trail actions that are also audited, with their audit action
AUDITED = {ReviewAction.SUBMITTED: "item.submitted", ReviewAction.APPROVED: "item.approved",
           ReviewAction.REJECTED: "item.rejected", ReviewAction.RETIRED: "item.retired"}


@dataclass(frozen=True)
class Actor:
    """Who does it: a launched person with their tool roles."""

    person_id: int | None
    name: str
    roles: frozenset[Role]
    home: bool = False  # launched from the organisation's home platform (shared content changes there only)

    def can(self, permission: Permission) -> bool:
        return has(permission, self.roles, self.home)

    def participant(self) -> wf.Participant:
        """The actor as the workflow sees them; a tool administrator may approve their own exam versions."""
        granted = {capability for capability, permission in CAPABILITIES.items() if self.can(permission)}
        if Role.ADMIN in self.roles:
            granted.add(Capability.SELF_APPROVE_BLUEPRINTS)
        return wf.Participant(self.person_id, self.name, frozenset(granted))


def versions(db: Session, key: str) -> list[ItemVersion]:
    rows = repositories.item_versions(db, key)
    if not rows:
        raise NotFound(_("There is no question %(key)s.", key=repr(key)))
    return rows


def _domain(row: ItemVersion) -> wf.ItemVersion:
    return wf.ItemVersion(row.item_key, row.version, ItemStatus(row.status), row.content_hash, bool(row.high_risk),
                          row.author_person_id, row.first_used_at is not None, row.id)


def approvable_items(rows: Sequence[ItemVersion], actor: Actor) -> set[int]:
    """The ids of these question versions ``actor`` may approve now (role, status, four eyes, high risk)."""
    by = actor.participant()
    return {row.id for row in rows if wf.may_approve(_domain(row), by)}


def approvable_blueprints(rows: Sequence[BlueprintVersion], actor: Actor) -> set[int]:
    """The ids of these exam drafts ``actor`` may approve now (role, four eyes)."""
    by = actor.participant()
    return {row.id for row in rows if wf.may_approve(_blueprint_domain(row), by)}


def _blueprint_domain(row: BlueprintVersion) -> wf.BlueprintVersion:
    return wf.BlueprintVersion(row.key, row.version, BlueprintStatus(row.status), row.created_by)


def _item(key: str, rows: list[ItemVersion]) -> wf.Item:
    return wf.Item(key, [_domain(row) for row in rows])


def _log(db: Session, version: ItemVersion, action: str, by: wf.Participant, comment: str = "") -> None:
    db.add(ItemReview(item_version_id=version.id, action=action, by_person_id=by.person_id, by_name=by.name,
                      comment=bounded(comment)))


def _store(db: Session, version: wf.ItemVersion, row: ItemVersion) -> None:
    """Write a version's new status and its events (review trail, audit log) back to its row."""
    row.status = version.status.value
    for event in version.events:
        if event.action is ReviewAction.SUPERSEDED or event.by is None:
            continue  # the trail and audit log name the approval that superseded it
        _log(db, row, event.action.value, event.by, event.comment)
        if event.action in AUDITED and event.before is not None:
            after: dict[str, Any] = {"status": event.after.value, "comment": event.comment}
            if event.action is ReviewAction.APPROVED:
                after["high_risk"] = row.high_risk
            record(db, AUDITED[event.action], f"{row.item_key}@{row.version}", before={"status": event.before.value},
                   after=after)
    version.events.clear()


def _new_version(db: Session, record: Mapping[str, Any], actor: Actor, version: wf.ItemVersion) -> ItemVersion:
    row = ItemVersion(
        item_key=record["key"], version=version.number, content_hash=version.content_hash,
        competence=record["competence"], level=record["level"], item_type=record["type"],
        status=version.status.value, high_risk=version.high_risk, author=str(record.get("author") or actor.name),
        author_person_id=version.author_person_id, content=dict(record))
    db.add(row)
    db.flush()
    _store(db, version, row)
    return row


def save_item(db: Session, record: Mapping[str, Any], actor: Actor) -> ItemVersion:
    """Create an item or a new draft of it; an untouched draft is updated in place."""
    by = actor.participant()
    by.require(Capability.AUTHOR)
    record = dict(record)
    record.setdefault("author", actor.name)
    rows = repositories.item_versions(db, record["key"])
    version = _item(record["key"], rows).save(content_hash(record), bool(record.get("high_risk")), by)
    if version.id is None:
        return _new_version(db, record, actor, version)
    row = next(row for row in rows if row.id == version.id)
    if version.events:  # an unused draft, edited in place
        row.content, row.content_hash = record, version.content_hash
        row.competence, row.level, row.item_type = record["competence"], record["level"], record["type"]
        row.high_risk = version.high_risk
        _store(db, version, row)
    return row


def _version(db: Session, version_id: int) -> ItemVersion:
    row = db.get(ItemVersion, version_id)
    if row is None:
        raise NotFound(_("This question version does not exist."))
    return row


def submit_for_review(db: Session, version_id: int, actor: Actor, comment: str = "") -> ItemVersion:
    """Send a draft for review; an item-writing problem (a cue candidates can exploit) blocks it, warnings do not."""
    row = _version(db, version_id)
    version = _domain(row)
    version.submit(actor.participant(), comment)
    problems = [f for f in item_findings(row.content) if f.severity == PROBLEM]
    if problems:
        raise Incomplete("item.submit_has_problems", count=len(problems))
    _store(db, version, row)
    return row


def approve(db: Session, version_id: int, actor: Actor, comment: str = "") -> ItemVersion:
    """Approve a version in review; the key's previously approved version is superseded."""
    row = _version(db, version_id)
    rows = versions(db, row.item_key)
    item = _item(row.item_key, rows)
    item.approve(row.version, actor.participant(), comment)
    for changed, stored in zip(item.versions, rows, strict=True):
        if changed.events:
            _store(db, changed, stored)
    return row


def reject(db: Session, version_id: int, actor: Actor, comment: str) -> ItemVersion:
    row = _version(db, version_id)
    version = _domain(row)
    version.reject(actor.participant(), comment)
    _store(db, version, row)
    return row


def retire(db: Session, key: str, actor: Actor, comment: str = "") -> ItemVersion:
    by = actor.participant()
    by.require(Capability.AUTHOR)  # before loading: who may not author does not learn which keys exist
    rows = versions(db, key)
    retired = _item(key, rows).retire(by, comment)
    row = next(row for row in rows if row.id == retired.id)
    _store(db, retired, row)
    return row


# --- blueprints ------------------------------------------------------------------------------


def approve_blueprint(db: Session, version_id: int, actor: Actor) -> BlueprintVersion:
    row = db.get(BlueprintVersion, version_id)
    if row is None:
        raise NotFound(_("This exam version does not exist."))
    version = _blueprint_domain(row)
    version.approve(actor.participant())
    row.status = version.status.value
    record(db, "blueprint.approved", f"{row.key}@{row.version}", before={"status": BlueprintStatus.DRAFT.value},
           after={"status": row.status, "content": row.content})
    return row


def save_blueprint_draft(db: Session, catalogue: Any, blueprint: Blueprint, actor: Actor) -> BlueprintVersion:
    actor.participant().require(Capability.MANAGE_BLUEPRINTS)
    row = catalogue.store_blueprint(db, blueprint, actor.name, status=BlueprintStatus.DRAFT.value)
    record(db, "blueprint.draft", f"{row.key}@{row.version}", after={"content": row.content})
    return row


def now_label() -> str:
    return utcnow().strftime("%Y-%m-%d %H:%M")
