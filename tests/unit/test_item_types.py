"""Scoring and checking of every item type (walkthrough per type)."""

import random

import pytest

from assessments.errors import InvalidResponse
from assessments.item_types.registry import ITEM_TYPES, item_type
from tests.factories import choice_record


def test_single_choice_grades_only_the_correct_option():
    kind = item_type("single_choice")
    item = choice_record("q", correct=("b",))
    assert kind.grade(item, ["b"]) == 1.0
    assert kind.grade(item, ["a"]) == 0.0
    assert kind.grade(item, []) == 0.0
    assert kind.correct_response(item) == ["b"]
    assert kind.xapi_definition(item)["correctResponsesPattern"] == ["b"]
    assert [c["id"] for c in kind.xapi_definition(item)["choices"]] == ["a", "b", "c", "d"]


def test_single_choice_refuses_two_answers_and_unknown_options():
    kind = item_type("single_choice")
    item = choice_record("q")
    with pytest.raises(InvalidResponse, match="one answer"):
        kind.parse_response(item, ["a", "b"])
    with pytest.raises(InvalidResponse, match="unknown option"):
        kind.parse_response(item, ["z"])
    assert kind.parse_response(item, ["c", ""]) == ["c"]


@pytest.mark.parametrize(("chosen", "expected"), [
    (["a", "b"], 1.0),          # exactly the correct set
    (["a"], 0.5),               # half the correct options
    (["a", "c"], 0.0),          # one right, one wrong: cancels out
    (["a", "b", "c"], 0.5),     # all right plus one wrong
    (["c", "d"], 0.0),          # never below zero
    ([], 0.0),
])
def test_multiple_response_partial_credit(chosen, expected):
    kind = item_type("multiple_response")
    item = choice_record("q", correct=("a", "b"))
    assert kind.grade(item, kind.parse_response(item, chosen)) == pytest.approx(expected)


def test_multiple_response_all_or_nothing_rule():
    kind = item_type("multiple_response")
    item = {**choice_record("q", correct=("a", "b")), "scoring": "all_or_nothing"}
    assert kind.grade(item, ["a"]) == 0.0
    assert kind.grade(item, ["a", "b"]) == 1.0
    assert kind.xapi_response(item, ["a", "b"]) == "a[,]b"
    assert kind.xapi_definition(item)["correctResponsesPattern"] == ["a[,]b"]


def test_true_false_uses_the_true_false_interaction():
    kind = item_type("true_false")
    item = choice_record("q", correct=("false",), options=("true", "false"), type="true_false")
    assert kind.check(item) == []
    assert kind.grade(item, ["false"]) == 1.0
    assert kind.interaction_type == "true-false"
    assert kind.xapi_definition(item) == {"correctResponsesPattern": ["false"]}
    layout = kind.present(item, random.Random(1), True)
    assert layout["order"] == ["true", "false"] and set(layout["ids"]) == {"true", "false"}


@pytest.mark.parametrize(("record", "problem"), [
    ({**choice_record("q"), "stem": {"nl": "x", "en": ""}}, "stem has no en text"),
    (choice_record("q", correct=("a", "b"), type="single_choice"), "exactly one correct"),
    (choice_record("q", correct=("a", "b", "c", "d"), type="multiple_response"), "one correct and one incorrect"),
    (choice_record("q", options=("a", "a")), "not unique"),
])
def test_check_reports_authoring_errors(record, problem):
    assert any(problem in e for e in item_type(record["type"]).check(record))


def test_option_shuffle_is_reproducible_and_complete():
    kind = item_type("single_choice")
    item = choice_record("q", options=("a", "b", "c", "d", "e"))
    first = kind.present(item, random.Random(42), True)["order"]
    assert first == kind.present(item, random.Random(42), True)["order"]
    assert sorted(first) == ["a", "b", "c", "d", "e"]
    assert kind.present(item, random.Random(42), False)["order"] == ["a", "b", "c", "d", "e"]


def test_registry_keys_match_module_names():
    import importlib

    for key, kind in ITEM_TYPES.items():
        module = importlib.import_module(f"assessments.item_types.{key}")
        assert type(kind).__module__ == module.__name__
