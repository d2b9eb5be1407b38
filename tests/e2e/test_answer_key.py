"""A launched learner, over real HTTP: nothing the browser gets before submitting (question pages,
autosave answers, the review page) and no statement journaled before then tells right from wrong;
once the attempt is judged, the scored statements carry correctness, score and the correct pattern."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from sqlalchemy import select

from assessments.assembly import assemble
from assessments.items import Item
from assessments.text import localize
from lti_tool.db.models import Attempt, Statement
from lti_tool.db.repositories import current_items, items_by_version_ids
from tests.e2e.test_exam_flow import correct_answers, only_attempt
from tests.lti_client import create_link, csrf_token, launch, register
from tests.unit.test_item_types_more import _Form

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
SCORED = "http://adlnet.gov/expapi/verbs/scored"
COMPONENT_TYPES = {"single_choice", "multiple_response", "true_false", "ordering", "matching"}
_TAGS = re.compile(r"<[^>]*>")


EXAM = "advanced"  # its bank has every item type with components (basic has no ordering)


def seed_covering(tool: Any, types: set[str]) -> int:
    with tool.svc.db.session() as db:
        blueprint = tool.svc.catalogue.blueprint(db, EXAM)
        items = current_items(db, blueprint.level)
    return next(seed for seed in range(2000) if types <= {i.type for i in assemble(blueprint, items, seed)})


@pytest.fixture
def exam(tool, platform, browser, monkeypatch) -> tuple[Attempt, dict[int, Item], str, Any]:
    """A learner's attempt whose draw has every item type with components (a fixed seed)."""
    from lti_tool.delivery import start as launches

    seed = seed_covering(tool, COMPONENT_TYPES)
    original = launches.start_or_resume
    monkeypatch.setattr(launches, "start_or_resume", lambda *a, **kw: original(*a, **{**kw, "seed": seed}))
    reg = register(browser, platform, tool)
    page = launch(browser, platform, create_link(platform, reg.client_id, exam=EXAM)["id"], "sanne")
    attempt = only_attempt(tool)
    with tool.svc.db.session() as db:
        items = items_by_version_ids(db, [e["item_version_id"] for e in attempt.layout])
    by_position = {e["position"]: items[e["item_version_id"]] for e in attempt.layout}
    assert {i.type for i in by_position.values()} >= COMPONENT_TYPES
    return attempt, by_position, str(page.url).rsplit("/q/", 1)[0], page


def authored_keys(item: Item) -> set[str]:
    return {str(c["key"]) for c in (item.content.get("options") or []) + (item.content.get("pairs") or [])}


def secrets_of(item: Item) -> list[str]:
    """Texts only the result page may show: rationale and option feedback, both languages."""
    texts = [item.content.get("rationale")] + [o.get("feedback") for o in item.content.get("options") or []]
    return [plain for t in texts if t for lang in ("nl", "en")
            if len(plain := " ".join(_TAGS.sub(" ", localize(t, lang)).split())) > 12]


def visible(page: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", page)).split())


def assert_tells_nothing(page: str, item: Item) -> None:
    form = _Form()
    form.feed(page)
    answer = [c for c in form.controls if c.get("name") == "answer"]
    shown = {v for c in answer for v in (c.get("value"), *c.get("options", [])) if v}
    shown |= {c["id"] for c in answer} | form.labels
    parts = {p for v in shown for p in re.split(r"[=-]", v)}
    assert not authored_keys(item) & parts, f"{item.key}: authored keys in the page: {authored_keys(item) & parts}"
    assert not any(s in visible(page) for s in secrets_of(item)), f"{item.key}: rationale or feedback shown"
    assert 'class="rationale"' not in page and 'class="fb"' not in page and "data-correct" not in page


def journaled(tool) -> list[dict[str, Any]]:
    with tool.svc.db.session() as db:
        return [dict(s.body) for s in db.scalars(select(Statement))]


def test_nothing_before_submit_tells_right_from_wrong_and_the_judgement_does(tool, platform, browser, exam):
    attempt, items, base, page = exam
    answers = correct_answers(tool, attempt.id)
    for position, item in sorted(items.items()):
        page = browser.get(f"{base}/q/{position}")
        assert page.status_code == 200
        assert_tells_nothing(page.text, item)
        saved = browser.post(f"{base}/q/{position}", data={"csrf_token": csrf_token(page.text),
                                                           "answer": answers[position]},
                             headers={"Accept": "application/json"})
        assert saved.status_code == 200 and set(saved.json()) == {"saved", "position", "saved_at"}
        again = browser.get(f"{base}/q/{position}")  # the saved answer, shown again
        assert_tells_nothing(again.text, item)
        if item.type in COMPONENT_TYPES:
            assert "selected" in again.text or "checked" in again.text
    review = browser.get(f"{base}/review")
    assert review.status_code == 200
    for item in items.values():
        assert_tells_nothing(review.text, item)
    words = set(re.findall(r"\w+", visible(review.text).lower()))
    assert not words & {"correct", "incorrect", "juist", "onjuist", "score", "rationale"}, words
    assert 'name="answer"' not in review.text

    before = journaled(tool)
    answered = [s for s in before if s["verb"]["id"] == ANSWERED]
    assert len(answered) == len(items)
    for statement in before:
        assert "success" not in (statement.get("result") or {}) and "score" not in (statement.get("result") or {})
        assert "correctResponsesPattern" not in ((statement.get("object") or {}).get("definition") or {})
    for statement in answered:
        assert set(statement["result"]) == {"response"}
        definition = statement["object"]["definition"]
        if definition["interactionType"] == "matching":  # a right pair is not recognisable as 'x[.]x'
            assert not {s["id"] for s in definition["source"]} & {t["id"] for t in definition["target"]}
            pairs = [p.split("[.]") for p in statement["result"]["response"].split("[,]")]
            assert all(left != right for left, right in pairs)
    assert not [s for s in before if s["verb"]["id"] == SCORED]

    submitted = browser.post(f"{base}/submit", data={"csrf_token": csrf_token(review.text)})
    assert submitted.status_code == 303
    scored = [s for s in journaled(tool) if s["verb"]["id"] == SCORED]
    assert len(scored) == len(items)
    responses = {s["object"]["id"]: s["result"]["response"] for s in answered}
    for statement in scored:
        assert statement["result"]["success"] is True and statement["result"]["score"]["scaled"] == 1.0
        assert statement["result"]["response"] == responses[statement["object"]["id"]]
        assert statement["result"]["response"] in statement["object"]["definition"]["correctResponsesPattern"] or \
            statement["object"]["definition"]["interactionType"] in ("fill-in", "numeric")
        assert statement["context"]["registration"] == attempt.id


def test_form_values_of_another_attempt_or_the_authored_keys_are_refused(tool, platform, browser, exam):
    attempt, items, base, page = exam
    position, item = next((p, i) for p, i in sorted(items.items()) if i.type == "ordering")
    keys = [str(o["key"]) for o in item.content["options"]]
    refused = browser.post(f"{base}/q/{position}", data={"csrf_token": csrf_token(page.text), "answer": keys},
                           headers={"Accept": "application/json"})
    assert refused.status_code == 400 and "onbekend" in refused.json()["error"]  # the session is Dutch
    with tool.svc.db.session() as db:
        assert not db.get(Attempt, attempt.id).responses


def test_an_attempt_laid_out_before_opaque_ids_keeps_working(tool, platform, browser, exam):
    """Its layout has no id maps: the pages show the authored keys and answers in them are taken."""
    attempt, items, base, page = exam
    with tool.svc.db.transaction() as db:
        stored = db.get(Attempt, attempt.id)
        stored.layout = [{k: v for k, v in e.items() if k not in ("ids", "target_ids")} for e in stored.layout]
    answers = {p: item.kind.correct_response(item.content) for p, item in items.items()}
    for position, item in sorted(items.items()):
        page = browser.get(f"{base}/q/{position}")
        if item.type in COMPONENT_TYPES:
            assert f'value="{answers[position][0]}' in page.text  # the key itself, as before
        saved = browser.post(f"{base}/q/{position}", data={"csrf_token": csrf_token(page.text),
                                                           "answer": answers[position]},
                             headers={"Accept": "application/json"})
        assert saved.status_code == 200, saved.text
    review = browser.get(f"{base}/review")
    assert browser.post(f"{base}/submit", data={"csrf_token": csrf_token(review.text)}).status_code == 303
    with tool.svc.db.session() as db:
        done = db.get(Attempt, attempt.id)
        assert done.status == "submitted" and done.score_raw == len(items)
