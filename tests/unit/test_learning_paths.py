"""The learning path catalogue: checks per field with problem codes, the stored form, a person's path (the
required level's activities, weak competences first) and what counts as done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from assessments.competences import parse_competence_model
from assessments.errors import ProblemsError
from assessments.learning_paths import (
    activity_of,
    check_activity,
    check_catalogue,
    counts,
    learning_path,
    parse_catalogue,
    row_of,
    stored_catalogue,
    weak_order,
)

MODEL = parse_competence_model({
    "levels": [{"key": "basic", "rank": 1, "name": {"nl": "Basis", "en": "Basic"}},
               {"key": "advanced", "rank": 2, "name": {"nl": "Gevorderd", "en": "Advanced"}}],
    "competences": [{"key": "privacy", "levels": ["basic", "advanced"], "name": {"nl": "Privacy", "en": "Privacy"}},
                    {"key": "prompts", "levels": ["basic", "advanced"], "name": {"nl": "Prompts", "en": "Prompts"}},
                    {"key": "sources", "levels": ["basic"], "name": {"nl": "Bronnen", "en": "Sources"}},
                    {"key": "governance", "levels": ["advanced"], "name": {"nl": "Beleid", "en": "Governance"}}],
})


def row(**changes: str) -> dict[str, str]:
    base = {"key": "privacy-course", "kind": "lms_course", "competence": "privacy", "level": "basic",
            "title_nl": "Privacy en AI", "title_en": "Privacy and AI", "url": "https://lms.example.nl/course/7",
            "activity_id": "", "starts": "", "ends": "", "place": ""}
    return {**base, **changes}


def session(**changes: str) -> dict[str, str]:
    return row(**{"kind": "in_company", "key": "workshop", "url": "", "starts": "2026-03-02T09:00",
                  "ends": "2026-03-02T12:00", "place": "Utrecht, zaal 3", **changes})


def codes(found: dict) -> dict[str, str]:
    return {field: problem.code for field, problem in found.items()}


def test_a_good_row_of_each_kind_has_no_problems() -> None:
    assert check_activity(row(), MODEL) == {}
    assert check_activity(row(kind="lms_module", url="https://lms.example.nl/mod/scorm/view.php?id=4"), MODEL) == {}
    assert check_activity(row(kind="e_learning", url="", activity_id="https://elearning.example.nl/xapi/ai-1"),
                          MODEL) == {}
    assert check_activity(session(), MODEL) == {}
    assert check_activity(row(kind="testing", url=""), MODEL) == {}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"competence": "astrology"}, {"competence": "path.unknown_competence"}),
    ({"level": "guru"}, {"level": "path.unknown_level"}),
    ({"competence": "governance"}, {"level": "path.level_of_competence"}),
    ({"kind": "podcast"}, {"kind": "path.unknown_kind"}),
    ({"url": "lms.example.nl/course/7"}, {"url": "path.bad_url"}),
    ({"url": "javascript:alert(1)"}, {"url": "path.bad_url"}),
    ({"url": ""}, {"url": "path.url_needed"}),
    ({"kind": "e_learning", "url": ""}, {"activity_id": "path.iri_needed"}),
    ({"activity_id": "not an iri"}, {"activity_id": "path.bad_iri"}),
    ({"key": "Bad Key!"}, {"key": "path.key"}),
    ({"title_en": "  "}, {"title_en": "path.title_en"}),
    ({"title_nl": "x" * 201}, {"title_nl": "path.too_long"}),
])
def test_each_problem_is_found_at_its_field(changes: dict[str, str], expected: dict[str, str]) -> None:
    assert codes(check_activity(row(**changes), MODEL)) == expected


def test_an_in_company_session_needs_an_order_of_dates_and_a_place() -> None:
    assert codes(check_activity(session(ends="2026-03-02T08:00"), MODEL)) == {"ends": "path.end_before_start"}
    assert codes(check_activity(session(starts="morgen", place=""), MODEL)) == {
        "starts": "path.bad_moment", "place": "path.place_needed"}
    assert codes(check_activity(session(ends=""), MODEL)) == {"ends": "path.moment_needed"}


def test_a_repeated_key_is_a_problem_of_the_later_row() -> None:
    found = check_catalogue([row(), row(title_en="Again")], MODEL)
    assert found[0] == {} and codes(found[1]) == {"key": "path.key_repeated"}


def test_parsing_reports_every_problem_at_its_activity_in_words() -> None:
    with pytest.raises(ProblemsError) as caught:
        parse_catalogue({"activities": [row(), session(key="s", ends="2026-03-01T09:00")]}, MODEL)
    assert [str(p) for p in caught.value.problems] == ["activity 2 (s): the session ends before it starts"]
    with pytest.raises(ProblemsError):
        parse_catalogue({"activities": "all of them"}, MODEL)


def test_the_stored_form_round_trips() -> None:
    activity = activity_of(session())
    assert activity.starts == dt.datetime(2026, 3, 2, 9, 0) and activity.place == "Utrecht, zaal 3"
    assert activity_of(row_of(activity)) == activity
    assert stored_catalogue({"activities": [row_of(activity)]}, 3).activities == (activity,)
    assert stored_catalogue(None, 0).activities == ()


@dataclass(frozen=True)
class Advice:
    competence: str
    fraction: float
    study: bool


CATALOGUE = parse_catalogue({"activities": [
    row(key="a-privacy"), row(key="b-prompts", competence="prompts", url="https://lms.example.nl/course/8"),
    row(key="c-exam", kind="testing", url="", competence="prompts"),
    row(key="d-advanced", level="advanced", url="https://lms.example.nl/course/9"),
    row(key="e-elearning", kind="e_learning", url="", competence="sources", activity_id="https://elearning.example.nl/xapi/ai-1"),
]}, MODEL, 2)


def test_the_path_is_the_required_levels_activities_weakest_competence_first() -> None:
    weak = weak_order([Advice("privacy", 0.6, True), Advice("prompts", 0.3, True), Advice("x", 0.9, False)])
    assert weak == ["prompts", "privacy"]
    steps = learning_path(CATALOGUE, "basic", weak, set(), set())
    assert [s.activity.key for s in steps] == ["b-prompts", "c-exam", "a-privacy", "e-elearning"]
    assert [s.weak for s in steps] == [True, True, True, False]
    assert learning_path(CATALOGUE, "advanced", [], set(), set())[0].activity.key == "d-advanced"
    assert learning_path(CATALOGUE, None, [], set(), set()) == []
    assert weak_order(None) == []


def test_done_comes_from_the_lrs_ids_and_testing_from_the_tools_own_results() -> None:
    done = {"https://elearning.example.nl/xapi/ai-1", "https://lms.example.nl/course/7"}
    steps = {s.activity.key: s.done for s in learning_path(CATALOGUE, "basic", [], done, {"basic"})}
    assert steps == {"a-privacy": True, "b-prompts": False, "c-exam": True, "e-elearning": True}
    assert counts(learning_path(CATALOGUE, "basic", [], done, set())) == (2, 4)
    unknown = {s.activity.key: s.done for s in learning_path(CATALOGUE, "basic", [], None, set())}
    assert unknown == {"a-privacy": None, "b-prompts": None, "c-exam": False, "e-elearning": None}
