"""The review workflow of questions and exam versions, as aggregates that know no database.

A question version goes draft → in_review → approved → retired; a rejection sends it back to draft,
and approving a version supersedes the question's previously approved one. Rules:

- only drafts are edited in place, and a version delivered in an attempt never changes: editing it
  makes a new draft version;
- the reviewer who approves is not the author (four eyes); a high-risk question needs a reviewer who
  may review high-risk questions; a rejection says why;
- an exam version is approved by someone other than its maker, unless they may approve their own.

Steps record events (``ItemVersion.events``); the caller stores the trail and the audit entries.
Broken rules raise the codes of ``assessments.errors``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .errors import Incomplete, NotKnown, NotPermitted, RuleBroken, WrongState


class ItemStatus(StrEnum):
    """Where a question version is; the values are what the database stores."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    RETIRED = "retired"
    SUPERSEDED = "superseded"


class BlueprintStatus(StrEnum):
    """Where an exam version is; the values are what the database stores."""

    DRAFT = "draft"
    APPROVED = "approved"


class ReviewAction(StrEnum):
    """What happened to a question version; the values are the review trail's actions."""

    CREATED = "created"
    EDITED = "edited"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETIRED = "retired"
    SUPERSEDED = "superseded"


class Capability(StrEnum):
    """What a participant may do in the workflow (the web adapter derives these from roles)."""

    AUTHOR = "author"
    REVIEW = "review"
    REVIEW_HIGH_RISK = "review_high_risk"
    MANAGE_BLUEPRINTS = "manage_blueprints"
    SELF_APPROVE_BLUEPRINTS = "self_approve_blueprints"


@dataclass(frozen=True)
class Participant:
    """Who takes a step."""

    person_id: int | None
    name: str
    capabilities: frozenset[Capability] = frozenset()

    def may(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def require(self, capability: Capability) -> None:
        """Raise ``NotPermitted('role.<capability>')`` unless the participant has it."""
        if capability not in self.capabilities:
            raise NotPermitted(f"role.{capability.value}")


@dataclass(frozen=True)
class ItemEvent:
    """One step in a version's life: the review trail and the audit log are written from these."""

    action: ReviewAction
    before: ItemStatus | None
    after: ItemStatus
    by: Participant | None = None
    comment: str = ""


@dataclass
class ItemVersion:
    """One version of a question. ``id`` is the store's, ``None`` until stored."""

    key: str
    number: int
    status: ItemStatus
    content_hash: str
    high_risk: bool = False
    author_person_id: int | None = None
    used: bool = False  # delivered in an attempt: never changes again
    id: int | None = None
    events: list[ItemEvent] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        """A draft that no attempt has used is edited in place."""
        return self.status is ItemStatus.DRAFT and not self.used

    def submit(self, by: Participant, comment: str = "") -> None:
        by.require(Capability.AUTHOR)
        if self.status is not ItemStatus.DRAFT:
            raise WrongState("item.submit_needs_draft", status=self.status.value)
        self._record(ReviewAction.SUBMITTED, ItemStatus.IN_REVIEW, by, comment)

    def check_approval(self, by: Participant) -> None:
        """Raise unless ``by`` may approve this version now (role, status, four eyes, high risk)."""
        by.require(Capability.REVIEW)
        if self.status is not ItemStatus.IN_REVIEW:
            raise WrongState("item.approve_needs_review", status=self.status.value)
        if by.person_id is not None and by.person_id == self.author_person_id:
            raise NotPermitted("item.four_eyes")
        if self.high_risk and not by.may(Capability.REVIEW_HIGH_RISK):
            raise NotPermitted("item.high_risk_reviewer")

    def reject(self, by: Participant, comment: str) -> None:
        by.require(Capability.REVIEW)
        if self.status is not ItemStatus.IN_REVIEW:
            raise WrongState("item.reject_needs_review", status=self.status.value)
        if not comment.strip():
            raise Incomplete("item.reject_needs_reason")
        self._record(ReviewAction.REJECTED, ItemStatus.DRAFT, by, comment)

    def _approve(self, by: Participant, comment: str) -> None:
        self.check_approval(by)
        self._record(ReviewAction.APPROVED, ItemStatus.APPROVED, by, comment)

    def _edit(self, content_hash: str, high_risk: bool, by: Participant) -> None:
        self.content_hash, self.high_risk = content_hash, high_risk
        self._record(ReviewAction.EDITED, self.status, by)

    def _supersede(self) -> None:
        self._record(ReviewAction.SUPERSEDED, ItemStatus.SUPERSEDED, None)

    def _retire(self, by: Participant, comment: str) -> None:
        self._record(ReviewAction.RETIRED, ItemStatus.RETIRED, by, comment)

    def _record(self, action: ReviewAction, after: ItemStatus, by: Participant | None, comment: str = "") -> None:
        self.events.append(ItemEvent(action, self.status, after, by, comment))
        self.status = after


@dataclass
class Item:
    """All versions of one question key (oldest first): the boundary within which at most one
    version is approved."""

    key: str
    versions: list[ItemVersion] = field(default_factory=list)

    @property
    def newest(self) -> ItemVersion | None:
        return self.versions[-1] if self.versions else None

    def save(self, content_hash: str, high_risk: bool, by: Participant) -> ItemVersion:
        """The version that holds this content: the newest when nothing changed, the newest edited
        in place when it is an unused draft, else a new draft version."""
        by.require(Capability.AUTHOR)
        newest = self.newest
        if newest is not None and newest.content_hash == content_hash:
            return newest
        if newest is not None and newest.editable:
            newest._edit(content_hash, high_risk, by)
            return newest
        version = ItemVersion(self.key, (newest.number + 1) if newest else 1, ItemStatus.DRAFT, content_hash,
                              high_risk, by.person_id)
        version.events.append(ItemEvent(ReviewAction.CREATED, None, ItemStatus.DRAFT, by))
        self.versions.append(version)
        return version

    def version(self, number: int) -> ItemVersion:
        for version in self.versions:
            if version.number == number:
                return version
        raise NotKnown("item.unknown_version", key=self.key, number=number)

    def approve(self, number: int, by: Participant, comment: str = "") -> ItemVersion:
        """Approve a version in review; the previously approved version is superseded."""
        version = self.version(number)
        version.check_approval(by)
        for other in self.versions:
            if other.status is ItemStatus.APPROVED:
                other._supersede()
        version._approve(by, comment)
        return version

    def retire(self, by: Participant, comment: str = "") -> ItemVersion:
        """Retire the approved version: the question is no longer drawn in new exams."""
        by.require(Capability.AUTHOR)
        approved = [v for v in self.versions if v.status is ItemStatus.APPROVED]
        if not approved:
            raise WrongState("item.retire_needs_approved")
        approved[0]._retire(by, comment)
        return approved[0]


def may_approve(version: ItemVersion | BlueprintVersion, by: Participant) -> bool:
    """Whether ``by`` may approve ``version`` now: what a page offers is what the rules allow."""
    try:
        version.check_approval(by)
    except RuleBroken:
        return False
    return True


@dataclass
class BlueprintVersion:
    """One version of an exam definition; ``made_by`` is the name of who stored it."""

    key: str
    number: int
    status: BlueprintStatus
    made_by: str

    def check_approval(self, by: Participant) -> None:
        """Raise unless ``by`` may approve this version now (role, status, four eyes)."""
        by.require(Capability.MANAGE_BLUEPRINTS)
        if self.status is not BlueprintStatus.DRAFT:
            raise WrongState("blueprint.approve_needs_draft", status=self.status.value)
        if self.made_by == by.name and not by.may(Capability.SELF_APPROVE_BLUEPRINTS):
            raise NotPermitted("blueprint.four_eyes")

    def approve(self, by: Participant) -> None:
        self.check_approval(by)
        self.status = BlueprintStatus.APPROVED
