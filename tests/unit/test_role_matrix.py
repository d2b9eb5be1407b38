"""The role matrix: matching precedence, onboarding deadlines, versions in force, parse errors, the default file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assessments.bank import load_seed_bank
from assessments.coverage import PersonRecord
from assessments.errors import BankError
from assessments.role_matrix import (
    DEFAULT_LEVEL_RANKS,
    MatrixError,
    MatrixRule,
    RoleMatrix,
    add_months,
    load_role_matrices,
    matrix_as_of,
    parse_matrix,
    parse_matrix_versions,
    requirement,
)

CONFIG = Path(__file__).resolve().parents[2] / "config"
LEVELS = DEFAULT_LEVEL_RANKS

MATRIX = RoleMatrix(
    version=1,
    effective_from=date(2026, 1, 1),
    rules=(
        MatrixRule(None, None, "basic", date(2026, 6, 30)),
        MatrixRule("teamleider", None, "advanced", date(2026, 12, 31)),
        MatrixRule(None, "hoog", "advanced", date(2026, 9, 30), onboarding_months=6),
        MatrixRule("data-specialist", None, "expert", date(2027, 3, 31)),
        MatrixRule("data-specialist", "laag", "basic", date(2026, 3, 31)),
    ),
)


def person(group: str | None = None, risk: str | None = None, hired: date | None = None) -> PersonRecord:
    return PersonRecord(1, function_group=group, risk_class=risk, hire_date=hired)


# --- matching and precedence ----------------------------------------------------------------------------------


def test_catch_all_rule_applies_to_everyone_including_unknown_attributes():
    need = requirement(MATRIX, person())
    assert (need.level, need.deadline, need.rank) == ("basic", date(2026, 6, 30), 1)
    assert requirement(MATRIX, person("kok", "midden")).level == "basic"


def test_matching_is_case_insensitive_and_trims():
    assert requirement(MATRIX, person("  TeamLeider ")).level == "advanced"
    assert requirement(MATRIX, person(None, "HOOG")).level == "advanced"


def test_rule_with_a_field_does_not_match_an_unknown_value():
    rule = MatrixRule("teamleider", None, "advanced", date(2026, 12, 31))
    assert not rule.matches(person(None))
    assert rule.matches(person("teamleider", "laag"))
    both = MatrixRule("teamleider", "hoog", "expert", date(2027, 1, 1))
    assert not both.matches(person("teamleider", "laag"))
    assert both.matches(person("teamleider", "hoog"))


def test_highest_level_wins_even_over_a_more_specific_lower_rule():
    # data-specialist + laag matches the basic rule for that exact pair AND the expert rule: expert wins
    need = requirement(MATRIX, person("data-specialist", "laag"))
    assert need.level == "expert"
    assert need.deadline == date(2027, 3, 31)
    assert need.rule == MATRIX.rules[3]


def test_equal_levels_take_the_earliest_deadline():
    # teamleider (advanced, 31 Dec) and risk class hoog (advanced, 30 Sep) both match
    need = requirement(MATRIX, person("teamleider", "hoog"))
    assert (need.level, need.deadline) == ("advanced", date(2026, 9, 30))
    assert need.rule.risk_class == "hoog"


def test_no_matrix_or_no_matching_rule_means_no_requirement():
    assert requirement(None, person()) is None
    only_leads = RoleMatrix(1, date(2026, 1, 1), (MatrixRule("teamleider", None, "advanced", date(2026, 12, 31)),))
    assert requirement(only_leads, person("medewerker")) is None


# --- deadlines for new hires ----------------------------------------------------------------------------------


def test_new_hire_gets_the_onboarding_term_when_it_ends_after_the_rule_deadline():
    assert requirement(MATRIX, person(hired=date(2026, 5, 15))).deadline == date(2026, 8, 15)
    # hired long before: the rule deadline stands
    assert requirement(MATRIX, person(hired=date(2020, 1, 1))).deadline == date(2026, 6, 30)
    # exactly on the edge: max() of equal dates
    assert requirement(MATRIX, person(hired=date(2026, 3, 30))).deadline == date(2026, 6, 30)


def test_onboarding_term_is_per_rule_and_decides_ties():
    # hoog: 6 months onboarding → 1 Dec 2026 + 6 = 1 Jun 2027; teamleider: 3 months → 1 Mar 2027 (earlier, wins)
    need = requirement(MATRIX, person("teamleider", "hoog", hired=date(2026, 12, 1)))
    assert (need.level, need.deadline) == ("advanced", date(2027, 3, 1))
    assert need.rule.function_group == "teamleider"


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 10, 31), 2) == date(2026, 12, 31)
    assert add_months(date(2026, 1, 15), 0) == date(2026, 1, 15)


# --- versions ---------------------------------------------------------------------------------------------------


def test_version_in_force_on_a_past_date():
    v1 = RoleMatrix(1, date(2026, 1, 1), (MatrixRule(None, None, "basic", date(2026, 6, 30)),))
    v2 = RoleMatrix(2, date(2026, 7, 1), (MatrixRule(None, None, "advanced", date(2027, 6, 30)),))
    v3 = RoleMatrix(3, date(2026, 7, 1), (MatrixRule(None, None, "expert", date(2027, 6, 30)),))
    versions = [v3, v1, v2]  # order does not matter
    assert matrix_as_of(versions, date(2025, 12, 31)) is None
    assert matrix_as_of(versions, date(2026, 1, 1)) is v1
    assert matrix_as_of(versions, date(2026, 6, 30)) is v1
    assert matrix_as_of(versions, date(2026, 7, 1)) is v3  # same effective date: highest version
    assert matrix_as_of(v1, date(2026, 3, 1)) is v1  # a single matrix works too
    assert requirement(matrix_as_of(versions, date(2026, 3, 31)), person()).level == "basic"


# --- parsing ------------------------------------------------------------------------------------------------------


def test_parse_matrix_from_its_yaml_form():
    matrix = parse_matrix(
        {
            "version": 2,
            "effective_from": date(2026, 7, 1),
            "risk_classes": ["laag", "midden", "hoog"],
            "defaults": {"onboarding_months": 4},
            "rules": [
                {"level": "basic", "deadline": "2026-06-30"},
                {"risk_class": "hoog", "level": "advanced", "deadline": date(2026, 12, 31), "onboarding_months": 6},
            ],
        },
        LEVELS,
    )
    assert matrix.version == 2 and matrix.effective_from == date(2026, 7, 1)
    assert matrix.rules == (
        MatrixRule(None, None, "basic", date(2026, 6, 30), 4),
        MatrixRule(None, "hoog", "advanced", date(2026, 12, 31), 6),
    )


def test_parse_errors_are_listed_together():
    data = {
        "effective_from": "first of July",
        "risk_classes": ["laag", "hoog"],
        "colour": "blue",
        "rules": [
            {"level": "guru", "deadline": "2026-06-30"},
            {"function_group": "teamleider", "deadline": "2026-13-01"},
            {"risk_class": "extreem", "level": "basic", "deadline": "2026-06-30", "onboarding_months": -1},
            {"function_group": "TEAMLEIDER", "level": "advanced", "deadline": "2026-12-31", "extra": 1},
            {"function_group": "", "level": "basic", "deadline": "2026-06-30"},
            "not a rule",
        ],
    }
    with pytest.raises(MatrixError) as info:
        parse_matrix(data, ["basic", "advanced", "expert"])
    problems = info.value.problems
    expected = [
        "unknown keys colour",
        "version is missing",
        "effective_from is not a date",
        "rule 1: unknown level 'guru'",
        "rule 2: level is missing",
        "rule 2: deadline is not a date",
        "rule 3: 'extreem' is not one of the declared risk_classes",
        "rule 3: onboarding_months must be a whole number",
        "rule 4: unknown keys extra",
        "rule 4: same function_group/risk_class as rule 2",
        "rule 5: function_group must be a non-empty text",
        "rule 5: same function_group/risk_class as rule 1",  # the empty group reads as "any"
        "rule 6: expected a mapping",
    ]
    for fragment in expected:
        assert any(fragment in p for p in problems), (fragment, problems)
    assert len(problems) == len(expected)
    # a BankError (mapped to a user-facing message) and a ValueError at once
    assert isinstance(info.value, BankError) and isinstance(info.value, ValueError)
    assert "version is missing" in str(info.value)


def test_parse_rejects_empty_rules_and_bad_versions():
    with pytest.raises(MatrixError, match="rules must be a non-empty list"):
        parse_matrix({"version": 1, "effective_from": "2026-01-01", "rules": []}, LEVELS)
    with pytest.raises(MatrixError, match="version must be a positive whole number"):
        parse_matrix({"version": "one", "effective_from": "2026-01-01", "rules": [{"level": "basic",
                                                                                    "deadline": "2026-06-30"}]},
                     LEVELS)
    with pytest.raises(MatrixError, match="version 1 appears more than once"):
        one = {"version": 1, "effective_from": "2026-01-01", "rules": [{"level": "basic", "deadline": "2026-06-30"}]}
        parse_matrix_versions({"versions": [one, dict(one, effective_from="2026-07-01")]}, LEVELS)


def test_versions_list_is_sorted_by_effective_date():
    rules = [{"level": "basic", "deadline": "2026-06-30"}]
    versions = parse_matrix_versions(
        [{"version": 2, "effective_from": "2026-07-01", "rules": rules},
         {"version": 1, "effective_from": "2026-01-01", "rules": rules}],
        LEVELS,
    )
    assert [v.version for v in versions] == [1, 2]


# --- the default matrix of Voorbeeld Groep --------------------------------------------------------------------------


def test_default_matrix_file_matches_the_design():
    model = load_seed_bank(CONFIG).model
    ranks = {key: level.rank for key, level in model.levels.items()}
    (matrix,) = load_role_matrices(CONFIG / "role_matrix.yaml", ranks)
    assert matrix.version == 1 and matrix.effective_from == date(2026, 1, 1)

    def need(group: str | None, risk: str | None = None, hired: date | None = None) -> tuple[str, date]:
        found = requirement(matrix, person(group, risk, hired), ranks)
        return found.level, found.deadline

    assert need("medewerker") == ("basic", date(2026, 6, 30))
    assert need(None) == ("basic", date(2026, 6, 30))
    for group in ("teamleider", "beleidsmedewerker", "projectmanager", "zorgprofessional", "financieel-specialist"):
        assert need(group) == ("advanced", date(2026, 12, 31)), group
    assert need("medewerker", "hoog") == ("advanced", date(2026, 12, 31))
    assert need("medewerker", "midden") == ("basic", date(2026, 6, 30))
    for group in ("data-specialist", "ai-coordinator", "ciso", "privacy-officer"):
        assert need(group, "laag") == ("expert", date(2027, 3, 31)), group
    assert need("medewerker", hired=date(2026, 6, 1)) == ("basic", date(2026, 9, 1))
