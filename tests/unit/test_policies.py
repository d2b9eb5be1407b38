"""The policy register: validation, clause changes, clause coverage and the items a change touches."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from assessments.policies import (
    PolicyError,
    clause_changes,
    clause_coverage,
    items_touched,
    parse_policy,
    parse_register,
    unknown_references,
)

CONFIG = Path(__file__).resolve().parents[2] / "config"
POLICY = {
    "key": "AITOOLS", "title": {"nl": "AI-beleid", "en": "AI policy"}, "version": "1", "effective_from": "2026-01-01",
    "clauses": [
        {"key": "AITOOLS-1.1", "title": {"nl": "Register", "en": "Register"},
         "text": {"nl": "Alleen tools uit het register.", "en": "Only tools from the register."}},
        {"key": "AITOOLS-1.2", "title": {"nl": "Controle", "en": "Checking"},
         "text": {"nl": "Controleer de uitvoer.", "en": "Check the output."}},
    ],
}


def test_the_seeded_register_is_valid_and_every_clause_is_referenced():
    register = parse_register(yaml.safe_load((CONFIG / "policies.yaml").read_text(encoding="utf-8")))
    assert [p.key for p in register] == ["INFOSEC", "PRIVACY", "CONDUCT", "AITOOLS"]
    refs: dict[str, list[str]] = {}
    for path in (CONFIG / "items").glob("*.yaml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            refs[item["key"]] = item.get("policy_refs") or []
    assert unknown_references(register, refs) == {}
    assert all(row.assessed for row in clause_coverage(register, {}, refs))


def test_every_problem_of_a_policy_is_listed_with_where_it_is():
    broken = copy.deepcopy(POLICY)
    broken["title"] = {"nl": "AI-beleid"}
    broken["effective_from"] = "1 januari"
    broken["clauses"][1]["key"] = "AITOOLS-1.1"
    broken["clauses"].append({"key": "INFOSEC-9", "title": {"nl": "x", "en": "x"}, "text": {"nl": "y"}})
    broken["colour"] = "blue"
    with pytest.raises(PolicyError) as caught:
        parse_policy(broken)
    assert caught.value.problems == [
        "policy AITOOLS: unknown fields colour; allowed are clauses, effective_from, key, owner, title, version",
        "policy AITOOLS: title has no en text",
        "policy AITOOLS: effective_from must be a date like 2026-07-01, not '1 januari'",
        "policy AITOOLS, clause AITOOLS-1.1: key is used twice",
        "policy AITOOLS, clause INFOSEC-9: key must start with the policy key and a dash (e.g. AITOOLS-4.2)",
        "policy AITOOLS, clause INFOSEC-9: text has no en text",
    ]
    with pytest.raises(PolicyError, match="clauses must be a non-empty list"):
        parse_policy({**POLICY, "clauses": []})
    with pytest.raises(PolicyError, match="must be a mapping"):
        parse_policy(["not", "a", "policy"])


def test_clause_changes_ignore_white_space_and_name_changed_added_and_removed_clauses():
    old = parse_policy(POLICY)
    new_raw = copy.deepcopy(POLICY)
    new_raw["version"] = "2"
    new_raw["clauses"][0]["text"]["en"] = "Only   tools from the register."  # white space only
    new_raw["clauses"][1]["text"]["nl"] = "Controleer de uitvoer altijd met een tweede bron."
    new_raw["clauses"].append({"key": "AITOOLS-1.3", "title": {"nl": "Melden", "en": "Reporting"},
                               "text": {"nl": "Meld incidenten.", "en": "Report incidents."}})
    new = parse_policy(new_raw)
    changes = clause_changes(old, new)
    assert [(c.key, c.kind) for c in changes] == [("AITOOLS-1.2", "changed"), ("AITOOLS-1.3", "added")]
    removed = parse_policy({**POLICY, "version": "3", "clauses": POLICY["clauses"][:1]})
    assert [(c.key, c.kind) for c in clause_changes(old, removed)] == [("AITOOLS-1.2", "removed")]
    assert [c.kind for c in clause_changes(None, old)] == ["added", "added"]


def test_items_touched_are_those_referring_to_changed_or_removed_clauses():
    old = parse_policy(POLICY)
    new = parse_policy({**POLICY, "version": "2", "clauses": [
        POLICY["clauses"][0], {**POLICY["clauses"][1], "text": {"nl": "Anders.", "en": "Different."}}]})
    refs = {"q1": ["AITOOLS-1.1"], "q2": ["AITOOLS-1.2", "PRIVACY-3.1"], "q3": [], "q4": ["AITOOLS-1.2"]}
    assert items_touched(clause_changes(old, new), refs) == {"q2": ["AITOOLS-1.2"], "q4": ["AITOOLS-1.2"]}


def test_clause_coverage_counts_only_items_as_assessment_and_finds_dangling_references():
    policy = parse_policy(POLICY)
    rows = clause_coverage([policy], {"safe-use": ["AITOOLS-1.1", "AITOOLS-1.2"]}, {"q1": ["AITOOLS-1.1"]})
    assert [(r.clause.key, r.competences, r.items, r.assessed) for r in rows] == [
        ("AITOOLS-1.1", ("safe-use",), ("q1",), True),
        ("AITOOLS-1.2", ("safe-use",), (), False),
    ]
    assert unknown_references([policy], {"q9": ["AITOOLS-7.7", "AITOOLS-1.1"]}) == {"AITOOLS-7.7": ["q9"]}
