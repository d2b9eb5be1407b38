"""The review workflow written back to a real database (SQLite and PostgreSQL): statuses, the review
trail and the audit log after a question's whole life, and refused steps that change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.errors import NotPermitted, WrongState
from lti_tool.authoring import operations as ops
from lti_tool.db import Database
from lti_tool.db.models import AuditEntry, ItemReview, ItemVersion
from lti_tool.db.repositories import upsert_person
from lti_tool.lti.platforms import add_platform
from lti_tool.permissions import Role

RECORD: dict[str, Any] = {"key": "basic-flow-001", "competence": "ai-basics", "level": "basic",
                          "type": "single_choice", "stem": {"nl": "Vraag", "en": "Question"}}


@pytest.fixture
def db(database_url: str) -> Iterator[Session]:
    database = Database(database_url)
    database.upgrade()
    try:
        with database.transaction() as session:
            yield session
    finally:
        database.dispose()


def actors(db: Session) -> tuple[ops.Actor, ops.Actor]:
    platform = add_platform(db, issuer="https://lms.example", client_id="c1", auth_login_url="https://lms.example/a",
                            auth_token_url="https://lms.example/t", key_set_url="https://lms.example/j",
                            deployment_ids=["d1"])
    linda = upsert_person(db, platform.id, "vg-1005", name="Linda Mulder")
    kees = upsert_person(db, platform.id, "vg-1007", name="Kees Smit")
    return (ops.Actor(linda.id, "Linda Mulder", frozenset({Role.LD}), home=True),
            ops.Actor(kees.id, "Kees Smit", frozenset({Role.LD}), home=True))


def trail(db: Session, row: ItemVersion) -> list[tuple[str, str, str]]:
    return [(r.action, r.by_name, r.comment) for r in db.scalars(
        select(ItemReview).where(ItemReview.item_version_id == row.id).order_by(ItemReview.id))]


def test_a_question_through_review_rejection_approval_supersession_and_retirement(db: Session):
    linda, kees = actors(db)
    first = ops.save_item(db, RECORD, linda)
    assert (first.version, first.status, first.author_person_id) == (1, "draft", linda.person_id)
    ops.submit_for_review(db, first.id, linda, "klaar")
    ops.approve(db, first.id, kees, "helder")
    second = ops.save_item(db, {**RECORD, "stem": {"nl": "Nieuw", "en": "New"}}, linda)
    assert (second.version, first.status) == (2, "approved")
    ops.submit_for_review(db, second.id, linda)
    ops.reject(db, second.id, kees, "onduidelijk")
    assert ops.save_item(db, {**RECORD, "stem": {"nl": "Beter", "en": "Better"}}, linda).id == second.id
    ops.submit_for_review(db, second.id, linda)
    ops.approve(db, second.id, kees)
    db.flush()
    assert (first.status, second.status, second.content["stem"]["en"]) == ("superseded", "approved", "Better")
    assert ops.retire(db, RECORD["key"], linda, "verouderd").id == second.id
    assert second.status == "retired" and first.status == "superseded"
    db.flush()
    assert trail(db, first) == [("created", "Linda Mulder", ""), ("submitted", "Linda Mulder", "klaar"),
                                ("approved", "Kees Smit", "helder")]
    assert [a for a, _by, _c in trail(db, second)] == ["created", "submitted", "rejected", "edited", "submitted",
                                                       "approved", "retired"]
    audit = [(e.subject, e.action, e.before, e.after) for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert audit[:2] == [
        ("basic-flow-001@1", "item.submitted", {"status": "draft"}, {"status": "in_review", "comment": "klaar"}),
        ("basic-flow-001@1", "item.approved", {"status": "in_review"},
         {"status": "approved", "comment": "helder", "high_risk": False})]
    assert [a for _s, a, _b, _a in audit[2:]] == ["item.submitted", "item.rejected", "item.submitted",
                                                   "item.approved", "item.retired"]
    assert audit[-1][2:] == ({"status": "approved"}, {"status": "retired", "comment": "verouderd"})


def test_refused_steps_change_nothing(db: Session):
    linda, kees = actors(db)
    row = ops.save_item(db, {**RECORD, "high_risk": True}, linda)
    with pytest.raises(WrongState):
        ops.approve(db, row.id, kees)
    ops.submit_for_review(db, row.id, linda)
    with pytest.raises(NotPermitted) as own:
        ops.approve(db, row.id, ops.Actor(linda.person_id, linda.name, frozenset({Role.LD, Role.CISO}), home=True))
    assert own.value.code == "item.four_eyes"
    with pytest.raises(NotPermitted) as high_risk:
        ops.approve(db, row.id, kees)
    assert high_risk.value.code == "item.high_risk_reviewer"
    with pytest.raises(WrongState):
        ops.retire(db, RECORD["key"], linda)
    db.flush()
    assert row.status == "in_review" and [a for a, _b, _c in trail(db, row)] == ["created", "submitted"]
