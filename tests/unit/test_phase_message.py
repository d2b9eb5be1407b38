"""A rollout phase's own message to managers: parsed from the plan YAML and written back, checked for its
placeholders, braces and lengths (problems as codes with parameters), filled in without evaluating anything."""

from __future__ import annotations

import pytest
import yaml

from assessments.phase_message import PLACEHOLDERS, PhaseMessage, fill, parse_message, template_problems
from assessments.rollout import PlanError, parse_plan, plan_data

RANKS = {"basic": 1, "advanced": 2, "expert": 3}
MESSAGE = {"subject": {"nl": "Fase {phase} loopt tot {end}", "en": "Phase {phase} runs until {end}"},
           "text": {"nl": "Beste {manager}, groeten van {organisation}. {{letterlijk}}"}}


def plan(message=None, **more):
    phase = {"key": "zorg", "name": {"nl": "Zorg", "en": "Care"}, "dimension": "business_unit", "units": ["Zorg"],
             "levels": ["advanced"], "start": "2026-02-01", "end": "2026-04-30", **more}
    if message is not None:
        phase["message"] = message
    return {"scenario": "hybrid", "phases": [
        {"key": "basic", "name": {"nl": "Basis", "en": "Basic"}, "levels": ["basic"], "start": "2026-03-01",
         "end": "2026-06-30"}, phase]}


def problems_of(data) -> list:
    with pytest.raises(PlanError) as raised:
        parse_plan(data, RANKS)
    return raised.value.problems


def test_a_phase_carries_its_message_and_the_yaml_round_trip_keeps_it():
    parsed = parse_plan(plan(MESSAGE), RANKS)
    message = parsed.phase("zorg").message
    assert message == PhaseMessage(MESSAGE["subject"], {"nl": MESSAGE["text"]["nl"]})
    assert message.part("subject", "en") == "Phase {phase} runs until {end}"
    assert message.part("text", "en") is None  # not given: the built-in text is used
    assert parsed.phase("basic").message is None
    text = yaml.safe_dump(plan_data(parsed), allow_unicode=True, sort_keys=False)
    again = parse_plan(yaml.safe_load(text), RANKS)
    assert again == parsed and again.phase("zorg").message == message
    assert plan_data(again)["phases"][1]["message"] == {"subject": MESSAGE["subject"], "text": {"nl": MESSAGE[
        "text"]["nl"]}}
    assert "message" not in plan_data(again)["phases"][0]


def test_empty_parts_are_no_message():
    assert parse_message({"subject": {"nl": "  ", "en": ""}, "text": None}) == (None, [])
    assert parse_message(None) == (None, [])
    assert parse_plan(plan({"subject": {"en": ""}}), RANKS).phase("zorg").message is None


@pytest.mark.parametrize(("template", "problem"), [
    ("Hello {name}", ("plan.message_placeholder", "{name}")),
    ("Hello {phase.__class__}", ("plan.message_placeholder", "{phase.__class__}")),
    ("Hello {phase!r}", ("plan.message_placeholder", "{phase!r}")),
    ("Hello {0}", ("plan.message_placeholder", "{0}")),
    ("Hello {}", ("plan.message_placeholder", "{}")),
    ("Hello {phase", ("plan.message_brace", None)),
    ("Hello phase}", ("plan.message_brace", None)),
    ("{{phase}", ("plan.message_brace", None)),
])
def test_unknown_placeholders_and_lone_braces_are_problems_as_codes(template, problem):
    found = problems_of(plan({"text": {"en": template}}))
    (one,) = found
    code, name = problem
    assert one.code == code and one.params["part"] == "text" and one.params["lang"] == "en"
    assert one.where is not None and "zorg" in one.where
    if name is not None:
        assert one.params["name"] == name and one.params["known"] == ["{" + p + "}" for p in PLACEHOLDERS]
        assert name in one  # the English wording names it


def test_known_placeholders_and_doubled_braces_are_fine():
    assert template_problems("{phase} {end} {organisation} {manager} {{ }} {{phase}}") == []
    assert parse_plan(plan({"text": {"nl": "Beste {manager},\n\n\tregel twee\r\n"}}), RANKS)  # breaks and tabs


def test_limits_per_part_count_characters():
    assert parse_plan(plan({"subject": {"nl": "x" * 200}, "text": {"en": "y" * 4000}}), RANKS)
    found = problems_of(plan({"subject": {"nl": "x" * 201}, "text": {"en": "y" * 4001}}))
    assert [(p.code, p.params["part"], p.params["limit"], p.params["length"]) for p in found] == [
        ("plan.message_too_long", "subject", 200, 201), ("plan.message_too_long", "text", 4000, 4001)]


@pytest.mark.parametrize(("message", "code"), [
    ({"text": {"nl": "Beste\u0000 {manager}"}}, "plan.message_control"),
    ({"subject": {"en": "Reminders\x1b[31m"}}, "plan.message_control"),
    ("just a text", "plan.message_mapping"),
    ({"subject": {"nl": "x"}, "body": {"nl": "y"}}, "plan.message_fields"),
    ({"subject": "not per language"}, "plan.message_part"),
    ({"subject": {"de": "Hallo"}}, "plan.message_part"),
    ({"text": {"nl": ["a", "list"]}}, "plan.message_part"),
])
def test_a_message_of_the_wrong_shape_is_a_problem(message, code):
    assert [p.code for p in problems_of(plan(message))] == [code]


def test_filling_in_replaces_the_four_names_and_evaluates_nothing():
    values = {"phase": "Zorg", "end": "2026-04-30", "organisation": "Voorbeeldgroep", "manager": "Mo"}
    assert fill("{manager}: {phase} until {end} ({organisation}) {{phase}}", values) == \
        "Mo: Zorg until 2026-04-30 (Voorbeeldgroep) {phase}"
    # a template that was never checked still evaluates nothing: left as written
    assert fill("{phase.__class__} {phase.__init__.__globals__} {0} {phase!r}", values) == \
        "{phase.__class__} {phase.__init__.__globals__} {0} {phase!r}"
    assert fill("{manager}", {"manager": "{phase}"}) == "{phase}"  # a value is not filled in again
