"""Problems are codes with parameters: English as text (logs), any language through the edge's translate."""

from __future__ import annotations

import copy

from assessments.io.hr import import_hr_csv
from assessments.item_types.registry import ITEM_TYPES
from assessments.problem_texts import PLACES, TEXTS
from assessments.problems import Problem, place, words
from assessments.role_matrix import MatrixError, parse_matrix

DUTCH = {"unknown level '%(level)s' (known: %(known)s)": "onbekend niveau '%(level)s' (bekend: %(known)s)",
         "rule %(n)s": "regel %(n)s", "version %(n)s": "versie %(n)s",
         "%(file)s line %(line)s": "%(file)s regel %(line)s",
         "%(column)s is '%(value)s', which is not a date; write YYYY-MM-DD (2025-03-01) or DD-MM-YYYY (01-03-2025)":
             "%(column)s is '%(value)s', en dat is geen datum"}


def dutch(text: str) -> str:
    return DUTCH.get(text, text)


def test_a_problem_reads_as_english_and_words_in_another_language() -> None:
    problem = Problem("matrix.unknown_level", place("matrix_rule", n=3), level="gevorderd",
                      known=["advanced", "basic"])
    assert problem == "rule 3: unknown level 'gevorderd' (known: advanced, basic)"
    assert problem.code == "matrix.unknown_level" and problem.params["level"] == "gevorderd"
    assert words(problem, dutch) == "regel 3: onbekend niveau 'gevorderd' (bekend: advanced, basic)"
    inner = problem.within("matrix_version", n=2)
    assert words(inner, dutch) == "versie 2: regel 3: onbekend niveau 'gevorderd' (bekend: advanced, basic)"
    assert copy.deepcopy(inner).words(dutch) == words(inner, dutch)
    assert words("plain text", dutch) == "plain text"


def test_the_role_matrix_raises_codes() -> None:
    data = {"version": 1, "effective_from": "2026-01-01",
            "rules": [{"level": "gevorderd", "deadline": "2026-06-30"}]}
    try:
        parse_matrix(data, ["basic", "advanced"])
    except MatrixError as exc:
        (problem,) = exc.problems
    assert isinstance(problem, Problem) and problem.code == "matrix.unknown_level"
    assert words(problem, dutch).startswith("regel 1: onbekend niveau 'gevorderd'")


def test_hr_import_line_errors_are_codes_with_places() -> None:
    result = import_hr_csv("employee_number,hire_date\n1,31-13-2020\n")
    (error,) = result.errors
    assert str(error) == ("hr.csv line 2: hire_date is '31-13-2020', which is not a date; write YYYY-MM-DD "
                          "(2025-03-01) or DD-MM-YYYY (01-03-2025)")
    assert words(error, dutch) == "hr.csv regel 2: hire_date is '31-13-2020', en dat is geen datum"


def test_item_checks_are_codes() -> None:
    record = {"type": "single_choice", "stem": {"nl": "x", "en": ""},
              "options": [{"key": "a", "text": {"nl": "a", "en": "a"}, "correct": True},
                          {"key": "b", "text": {"nl": "b", "en": ""}}]}
    problems = ITEM_TYPES["single_choice"].check(record)
    assert [p.code for p in problems if isinstance(p, Problem)] == ["item.stem_language", "item.option_language"]
    assert problems[1] == "option b: no en text"


def test_every_code_and_place_has_english_with_matching_placeholders() -> None:
    for template in [*TEXTS.values(), *PLACES.values()]:
        assert template and template % _Anything() is not None


class _Anything(dict):  # every placeholder name fills in
    def __missing__(self, key: str) -> str:
        return key


def test_every_code_and_place_the_domain_uses_has_a_wording() -> None:
    """A code without an entry in ``problem_texts`` would reach the reader as the bare code."""
    import re
    from pathlib import Path

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).resolve().parents[2].joinpath(
        "assessments").rglob("*.py"))
    codes = set(re.findall(r'Problem\(\s*"([a-z_]+\.[a-z_]+)"', source))
    places = set(re.findall(r'(?:\bplace|\.within)\(\s*"([a-z_]+)"', source))
    assert len(codes) > 60 and len(places) > 8
    assert codes - set(TEXTS) == set()
    assert places - set(PLACES) == set()
    for side in ("left", "right"):  # built from a variable
        assert f"item.{side}_language" in TEXTS
    for base in [*re.findall(r'missing_in\(\s*"([a-z_]+\.[a-z_]+)"', source), "shape.pair_left", "shape.pair_right"]:
        assert {f"{base}_nl", f"{base}_en", f"{base}_en_nl"} <= set(TEXTS), base
    for per_language in ("qti.no_version", "qti.different_meta", "qti.two_versions", "qti.case_version",
                         "shape.accepted", "qti.other_options", "qti.other_pairs"):
        assert {f"{per_language}_nl", f"{per_language}_en"} <= set(TEXTS), per_language
    for field in ("stem", "rationale"):
        assert {f"record.no_{field}_nl", f"record.no_{field}_en", f"record.no_{field}_en_nl"} <= set(TEXTS)
    for what in ("person", "question"):
        assert f"sheet.empty_{what}" in TEXTS and f"sheet.xlsx_empty_{what}" in TEXTS


def test_item_type_names_in_problems_are_catalogue_labels() -> None:
    """``Term(codec.label)`` is translated with the item type labels' msgids."""
    from lti_tool.labels import TYPE

    for key, registered in ITEM_TYPES.items():
        assert registered.codec.label == TYPE[key]._args[0], key
