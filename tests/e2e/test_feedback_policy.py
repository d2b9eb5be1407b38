"""The feedback policy over real HTTP: L&D sets it on the exam edit page; a failed candidate who may
retake sees scores per competence and what to study but no correct answer or rationale; once no
retake is left, the answers with their rationale."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lti_tool.db.models import Attempt, BlueprintVersion
from tests.e2e.test_answer_key import secrets_of, visible
from tests.e2e.test_standard_setting import Person
from tests.lti_client import STAFF_GRANTS, create_link, register


@pytest.fixture
def course(tool, platform, browser):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    return create_link(platform, reg.client_id)


def edit_form(tool, **changes: str) -> dict[str, str]:
    """The basic exam's edit form as it stands, with ``changes``."""
    with tool.svc.db.session() as db:
        b = tool.svc.catalogue.blueprint(db, "basic")
    form = {"key": b.key, "level": b.level, "title_nl": b.title["nl"], "title_en": b.title["en"],
            "description_nl": b.description.get("nl", ""), "description_en": b.description.get("en", ""),
            "pass_mark": "70", "time_limit_minutes": "30", "max_attempts": "2", "retake_wait_days": "0",
            "shuffle_items": "on", "shuffle_options": "on", "language_nl": "on", "language_en": "on",
            **{f"count_{c}": str(n) for c, n in b.items_per_competence.items()}}
    return {**form, **changes}


def fail_once(tool, platform, course) -> tuple[Person, Attempt]:
    """Sanne launches and submits without answering (and confirms that she means it): 0 points."""
    sanne = Person(platform, course, "sanne")
    with tool.svc.db.session() as db:
        attempt = db.scalars(select(Attempt).where(Attempt.status == "in_progress")).one()
    assert sanne.post(f"/attempt/{attempt.id}/submit", {"confirmed": "1"}).status_code == 303
    return sanne, attempt


def _items(tool, attempt: Attempt):
    with tool.svc.db.session() as db:
        return list(tool.svc.catalogue.items(db, [e["item_version_id"] for e in attempt.layout]).values())


def test_answers_stay_hidden_while_a_retake_is_possible_and_are_shown_after_the_last(tool, platform, course):
    linda, kees = Person(platform, course, "linda"), Person(platform, course, "kees")
    wrong = linda.post("/authoring/blueprints/basic/edit", edit_form(tool, feedback_after_fail="everything",
                                                                     title_en="Typed title"))
    assert wrong.status_code == 400 and "feedback.after_fail must be one of" in wrong.text
    assert 'value="Typed title"' in wrong.text
    saved = linda.post("/authoring/blueprints/basic/edit", edit_form(
        tool, feedback_after_fail="competences", feedback_after_pass="competences",
        feedback_after_last_attempt="answers"))
    assert saved.status_code == 303
    with tool.svc.db.session() as db:
        draft = db.scalars(select(BlueprintVersion).where(BlueprintVersion.status == "draft")).one()
    assert kees.post(f"/authoring/blueprints/versions/{draft.id}/approve").status_code == 303

    sanne, first = fail_once(tool, platform, course)
    rules = kees.get("/preview").text  # the exam's rules; the same feedback after a pass and a fail is said once
    assert "Afterwards, whether you pass or not, you see your score per competence and what to study next." in rules
    assert "if you do not pass, you see" not in rules
    page = sanne.get(f"/attempt/{first.id}/result")
    assert page.status_code == 200 and "Not passed" in page.text
    assert "What to study next" in page.text and "Read these policy clauses again" in page.text
    assert "Using AI responsibly for standard tasks" in page.text  # a competence's description
    assert "The correct answers are not shown while you may still take this exam again." in page.text
    assert 'class="rationale"' not in page.text and 'class="fb"' not in page.text
    for item in _items(tool, first):
        assert not any(s in visible(page.text) for s in secrets_of(item)), item.key

    sanne, second = fail_once(tool, platform, course)  # the second and last attempt
    assert second.id != first.id
    for attempt in (second, first):  # no retake left: both results show the answers now
        page = sanne.get(f"/attempt/{attempt.id}/result")
        assert "You have used all attempts" in page.text and 'class="rationale"' in page.text
        assert any(s in visible(page.text) for item in _items(tool, attempt) for s in secrets_of(item))
