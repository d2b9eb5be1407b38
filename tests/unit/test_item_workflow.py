"""The review workflow of questions and exam versions as aggregates, without a database: every rule,
the error codes, and the events the stores write from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessments import workflow
from assessments.errors import Incomplete, NotKnown, NotPermitted, RuleBroken, WrongState
from assessments.workflow import (
    BlueprintStatus,
    BlueprintVersion,
    Capability,
    Item,
    ItemStatus,
    ItemVersion,
    Participant,
    ReviewAction,
)
from lti_tool.authoring import operations
from lti_tool.errors import RULE_MESSAGES

AUTHOR = Participant(1, "Linda Mulder", frozenset({Capability.AUTHOR}))
REVIEWER = Participant(2, "Kees Smit", frozenset({Capability.REVIEW}))
CISO = Participant(3, "Daan de Boer", frozenset({Capability.REVIEW, Capability.REVIEW_HIGH_RISK}))
AUTHOR_REVIEWER = Participant(1, "Linda Mulder", frozenset({Capability.AUTHOR, Capability.REVIEW}))
LEARNER = Participant(9, "Sanne de Vries")


def in_review(high_risk: bool = False, author: int | None = 1) -> ItemVersion:
    return ItemVersion("basic-001", 1, ItemStatus.IN_REVIEW, "h1", high_risk, author, id=11)


def new_item(by: Participant = AUTHOR) -> tuple[Item, ItemVersion]:
    item = Item("basic-001")
    return item, item.save("h1", False, by)


def actions(version: ItemVersion) -> list[ReviewAction]:
    return [event.action for event in version.events]


def test_statuses_are_the_stored_strings_in_page_order():
    assert [s.value for s in ItemStatus] == ["draft", "in_review", "approved", "retired", "superseded"]
    assert [s.value for s in BlueprintStatus] == ["draft", "approved"]
    assert ItemStatus("in_review") is ItemStatus.IN_REVIEW


def test_a_new_question_is_a_draft_by_its_author():
    item, version = new_item()
    assert (version.number, version.status, version.author_person_id, version.id) == (1, ItemStatus.DRAFT, 1, None)
    assert version.events == [workflow.ItemEvent(ReviewAction.CREATED, None, ItemStatus.DRAFT, AUTHOR)]
    assert item.versions == [version]


def test_only_authors_save_questions():
    with pytest.raises(NotPermitted) as refused:
        new_item(REVIEWER)
    assert refused.value.code == "role.author"


def test_an_unused_draft_is_edited_in_place_and_unchanged_content_changes_nothing():
    item, version = new_item()
    version.events.clear()
    assert item.save("h1", False, AUTHOR) is version and version.events == []
    assert item.save("h2", True, AUTHOR) is version
    assert (version.content_hash, version.high_risk, version.status) == ("h2", True, ItemStatus.DRAFT)
    assert actions(version) == [ReviewAction.EDITED] and len(item.versions) == 1


@pytest.mark.parametrize("status", [ItemStatus.IN_REVIEW, ItemStatus.APPROVED, ItemStatus.RETIRED])
def test_editing_a_version_past_draft_makes_a_new_draft(status):
    old = ItemVersion("basic-001", 1, status, "h1", id=11)
    item = Item("basic-001", [old])
    assert item.save("h1", False, AUTHOR) is old  # nothing changed: no new version
    new = item.save("h2", False, AUTHOR)
    assert (new.number, new.status, new.id, old.status, old.events) == (2, ItemStatus.DRAFT, None, status, [])


def test_a_delivered_draft_never_changes():
    used = ItemVersion("basic-001", 1, ItemStatus.DRAFT, "h1", used=True, id=11)
    item = Item("basic-001", [used])
    new = item.save("h2", False, AUTHOR)
    assert new is not used and new.number == 2 and used.content_hash == "h1" and used.events == []


def test_submit_sends_a_draft_for_review():
    _item, version = new_item()
    version.submit(AUTHOR, "klaar")
    assert version.status is ItemStatus.IN_REVIEW
    assert version.events[-1] == workflow.ItemEvent(ReviewAction.SUBMITTED, ItemStatus.DRAFT, ItemStatus.IN_REVIEW,
                                                    AUTHOR, "klaar")


def test_only_an_author_submits_and_only_a_draft():
    _item, version = new_item()
    with pytest.raises(NotPermitted) as refused:
        version.submit(REVIEWER)
    assert refused.value.code == "role.author"
    version.submit(AUTHOR)
    with pytest.raises(WrongState) as again:
        version.submit(AUTHOR)
    assert (again.value.code, again.value.params) == ("item.submit_needs_draft", {"status": "in_review"})


def test_four_eyes_the_author_never_approves_their_own_version():
    version = in_review(author=1)
    item = Item("basic-001", [version])
    with pytest.raises(NotPermitted) as refused:
        item.approve(1, AUTHOR_REVIEWER)
    assert refused.value.code == "item.four_eyes" and version.status is ItemStatus.IN_REVIEW and version.events == []
    item.approve(1, REVIEWER, "helder")
    assert version.status is ItemStatus.APPROVED
    assert version.events == [workflow.ItemEvent(ReviewAction.APPROVED, ItemStatus.IN_REVIEW, ItemStatus.APPROVED,
                                                 REVIEWER, "helder")]


def test_an_author_without_a_person_is_not_taken_for_the_reviewer():
    version = in_review(author=None)
    Item("basic-001", [version]).approve(1, Participant(None, "command line", frozenset({Capability.REVIEW})))
    assert version.status is ItemStatus.APPROVED


def test_a_high_risk_version_needs_a_high_risk_reviewer():
    version = in_review(high_risk=True)
    item = Item("basic-001", [version])
    with pytest.raises(NotPermitted) as refused:
        item.approve(1, REVIEWER)
    assert refused.value.code == "item.high_risk_reviewer" and version.status is ItemStatus.IN_REVIEW
    item.approve(1, CISO)
    assert version.status is ItemStatus.APPROVED


def test_approving_needs_the_reviewer_role_and_a_version_in_review():
    _item, draft = new_item()
    item = Item("basic-001", [draft])
    with pytest.raises(NotPermitted) as role:
        item.approve(1, AUTHOR)
    assert role.value.code == "role.review"
    with pytest.raises(WrongState) as status:
        item.approve(1, REVIEWER)
    assert (status.value.code, status.value.params) == ("item.approve_needs_review", {"status": "draft"})
    with pytest.raises(NotKnown) as unknown:
        item.approve(7, REVIEWER)
    assert unknown.value.code == "item.unknown_version"


def test_approving_supersedes_the_previously_approved_version():
    old = ItemVersion("basic-001", 1, ItemStatus.APPROVED, "h1", id=11)
    retired = ItemVersion("basic-001", 2, ItemStatus.RETIRED, "h2", id=12)
    new = ItemVersion("basic-001", 3, ItemStatus.IN_REVIEW, "h3", author_person_id=1, id=13)
    item = Item("basic-001", [old, retired, new])
    item.approve(3, REVIEWER)
    assert [v.status for v in item.versions] == [ItemStatus.SUPERSEDED, ItemStatus.RETIRED, ItemStatus.APPROVED]
    assert old.events == [workflow.ItemEvent(ReviewAction.SUPERSEDED, ItemStatus.APPROVED, ItemStatus.SUPERSEDED)]
    assert retired.events == []


def test_a_refused_approval_supersedes_nothing():
    old = ItemVersion("basic-001", 1, ItemStatus.APPROVED, "h1", id=11)
    new = ItemVersion("basic-001", 2, ItemStatus.IN_REVIEW, "h2", high_risk=True, id=12)
    item = Item("basic-001", [old, new])
    with pytest.raises(NotPermitted):
        item.approve(2, REVIEWER)
    assert old.status is ItemStatus.APPROVED and old.events == []


def test_a_rejection_says_why_and_returns_the_version_to_its_author_as_a_draft():
    version = in_review()
    with pytest.raises(Incomplete) as no_reason:
        version.reject(REVIEWER, "  ")
    assert no_reason.value.code == "item.reject_needs_reason" and version.status is ItemStatus.IN_REVIEW
    with pytest.raises(NotPermitted):
        version.reject(AUTHOR, "onduidelijk")
    version.reject(REVIEWER, "onduidelijk")
    assert version.status is ItemStatus.DRAFT and actions(version) == [ReviewAction.REJECTED]
    with pytest.raises(WrongState) as again:
        version.reject(REVIEWER, "nog eens")
    assert again.value.params == {"status": "draft"}


def test_resubmitting_after_a_rejection_and_changes():
    item, version = new_item()
    version.submit(AUTHOR)
    version.reject(REVIEWER, "onduidelijk")
    assert item.save("h2", False, AUTHOR) is version  # the rejected draft was never delivered: edited in place
    version.submit(AUTHOR)
    item.approve(1, REVIEWER)
    assert actions(version) == [ReviewAction.CREATED, ReviewAction.SUBMITTED, ReviewAction.REJECTED,
                                ReviewAction.EDITED, ReviewAction.SUBMITTED, ReviewAction.APPROVED]
    assert [(e.before, e.after) for e in version.events][2:4] == [(ItemStatus.IN_REVIEW, ItemStatus.DRAFT),
                                                                   (ItemStatus.DRAFT, ItemStatus.DRAFT)]


def test_retiring_takes_the_approved_version_out_of_use():
    old = ItemVersion("basic-001", 1, ItemStatus.APPROVED, "h1", id=11)
    draft = ItemVersion("basic-001", 2, ItemStatus.DRAFT, "h2", id=12)
    item = Item("basic-001", [old, draft])
    with pytest.raises(NotPermitted):
        item.retire(REVIEWER)
    assert item.retire(AUTHOR, "verouderd") is old
    assert old.status is ItemStatus.RETIRED and draft.status is ItemStatus.DRAFT
    assert old.events[-1] == workflow.ItemEvent(ReviewAction.RETIRED, ItemStatus.APPROVED, ItemStatus.RETIRED,
                                                AUTHOR, "verouderd")
    with pytest.raises(WrongState) as nothing_approved:
        item.retire(AUTHOR)
    assert nothing_approved.value.code == "item.retire_needs_approved"


@pytest.mark.parametrize("status", [ItemStatus.RETIRED, ItemStatus.SUPERSEDED, ItemStatus.APPROVED])
def test_no_review_steps_from_a_closed_status(status):
    version = ItemVersion("basic-001", 1, status, "h1", id=11)
    for step in (lambda: version.submit(AUTHOR), lambda: version.reject(REVIEWER, "x"),
                 lambda: Item("basic-001", [version]).approve(1, REVIEWER)):
        with pytest.raises(WrongState):
            step()
    assert version.status is status and version.events == []


def test_exam_versions_are_approved_by_someone_else_unless_self_approval_is_allowed():
    manager = Participant(4, "Linda Mulder", frozenset({Capability.MANAGE_BLUEPRINTS}))
    other = Participant(5, "Kees Smit", frozenset({Capability.MANAGE_BLUEPRINTS}))
    admin = Participant(4, "Linda Mulder", frozenset({Capability.MANAGE_BLUEPRINTS,
                                                      Capability.SELF_APPROVE_BLUEPRINTS}))
    draft = BlueprintVersion("basic", 2, BlueprintStatus.DRAFT, "Linda Mulder")
    with pytest.raises(NotPermitted) as own:
        draft.approve(manager)
    assert own.value.code == "blueprint.four_eyes"
    with pytest.raises(NotPermitted) as role:
        draft.approve(LEARNER)
    assert role.value.code == "role.manage_blueprints"
    draft.approve(other)
    assert draft.status is BlueprintStatus.APPROVED
    with pytest.raises(WrongState) as again:
        draft.approve(other)
    assert again.value.params == {"status": "approved"}
    mine = BlueprintVersion("basic", 3, BlueprintStatus.DRAFT, "Linda Mulder")
    mine.approve(admin)
    assert mine.status is BlueprintStatus.APPROVED


def test_what_a_page_offers_is_what_the_rules_allow():
    """``may_approve`` asks the same checks as approving, and changes nothing."""
    manager = Participant(4, "Linda Mulder", frozenset({Capability.MANAGE_BLUEPRINTS}))
    other = Participant(5, "Kees Smit", frozenset({Capability.MANAGE_BLUEPRINTS}))
    draft = BlueprintVersion("basic", 2, BlueprintStatus.DRAFT, "Linda Mulder")
    assert not workflow.may_approve(draft, manager) and workflow.may_approve(draft, other)
    assert draft.status is BlueprintStatus.DRAFT
    assert workflow.may_approve(in_review(), REVIEWER) and not workflow.may_approve(in_review(), AUTHOR_REVIEWER)
    assert not workflow.may_approve(in_review(high_risk=True), REVIEWER)
    assert workflow.may_approve(in_review(high_risk=True), CISO) and not workflow.may_approve(in_review(), LEARNER)
    assert in_review().events == [] and in_review().status is ItemStatus.IN_REVIEW


def test_every_code_the_workflow_raises_has_words():
    """Each code raised in the workflow or required by its adapter is worded at the edge."""
    sources = [Path(workflow.__file__), Path(operations.__file__)]
    source = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    codes = set(re.findall(r'(?:NotPermitted|WrongState|Incomplete|NotKnown)\("([\w.]+)"', source))
    codes |= {f"role.{Capability[name].value}" for name in re.findall(r"require\(Capability\.(\w+)\)", source)}
    assert len(codes) == 14 and codes <= set(RULE_MESSAGES)
    assert issubclass(NotPermitted, RuleBroken) and str(NotPermitted("item.four_eyes")) == "item.four_eyes"
