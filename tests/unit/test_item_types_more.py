"""Walkthroughs of the ordering, matching, numeric and short-text item types, the seed bank's items of
every type, their xAPI statements, and the question forms their templates render."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from markupsafe import escape
from ralph.models.xapi.base.statements import BaseXapiStatement

from assessments.errors import InvalidResponse
from assessments.item_types.base import xapi_id
from assessments.item_types.ordering import kendall_fraction
from assessments.item_types.registry import ITEM_TYPES, item_type
from assessments.items import item_from_record
from assessments.text import localize
from tests.factories import choice_record
from xapi import statements as st
from xapi import vocabulary as v

ROOT = Path(__file__).resolve().parents[2]
NEW_TYPES = ("ordering", "matching", "numeric", "short_text")


def _text(word: str) -> dict[str, str]:
    return {"nl": f"{word} (nl)", "en": f"{word} (en)"}


def ordering_record(keys: tuple[str, ...] = ("a", "b", "c", "d"), **extra: Any) -> dict[str, Any]:
    return {"key": "ord", "competence": "c1", "level": "basic", "type": "ordering", "stem": _text("Order"),
            "options": [{"key": k, "text": _text(f"step {k}")} for k in keys], **extra}


def matching_record(keys: tuple[str, ...] = ("p1", "p2", "p3", "p4"), **extra: Any) -> dict[str, Any]:
    return {"key": "mat", "competence": "c1", "level": "basic", "type": "matching", "stem": _text("Match"),
            "pairs": [{"key": k, "left": _text(f"left {k}"), "right": _text(f"right {k}")} for k in keys], **extra}


def numeric_record(answer: Any = 72, tolerance: Any = 0, **extra: Any) -> dict[str, Any]:
    return {"key": "num", "competence": "c1", "level": "basic", "type": "numeric", "stem": _text("How many"),
            "answer": answer, "tolerance": tolerance, "unit": {"nl": "jaar", "en": "years"}, **extra}


def short_text_record(**extra: Any) -> dict[str, Any]:
    return {"key": "txt", "competence": "c1", "level": "basic", "type": "short_text", "stem": _text("Name it"),
            "accepted": {"nl": ["menselijk toezicht", "Human Oversight"], "en": ["human oversight", "human-oversight"]},
            **extra}


def test_new_types_are_registered_under_their_module_names():
    for key in NEW_TYPES:
        assert ITEM_TYPES[key].key == key
    assert [ITEM_TYPES[k].interaction_type for k in NEW_TYPES] == ["sequencing", "matching", "numeric", "fill-in"]


# --- ordering -----------------------------------------------------------------------------------------------


def test_ordering_check_reports_authoring_errors():
    kind = item_type("ordering")
    assert kind.check(ordering_record()) == []
    assert any("at least three" in e for e in kind.check(ordering_record(("a", "b"))))
    assert any("not unique" in e for e in kind.check(ordering_record(("a", "b", "b"))))
    assert any("may only contain" in e for e in kind.check(ordering_record(("a", "b[,]c", "d"))))
    broken = ordering_record()
    broken["options"][1]["text"] = {"nl": "stap", "en": ""}
    broken["options"][2]["correct"] = True
    problems = kind.check({**broken, "stem": {"nl": "", "en": "x"}, "scoring": "lenient"})
    assert "stem has no nl text" in problems
    assert "option b: no en text" in problems
    assert any(e.startswith("option c: 'correct' has no meaning") for e in problems)
    assert "scoring must be 'partial' or 'all_or_nothing'" in problems


def test_ordering_is_always_shuffled_reproducibly_and_never_in_the_correct_order():
    kind = item_type("ordering")
    record = ordering_record()
    first = kind.present(record, random.Random(7), True)
    assert first == kind.present(record, random.Random(7), True)
    assert set(first) == {"order", "ids"}
    layouts = [kind.present(record, random.Random(seed), shuffle)["order"]
               for seed in range(60) for shuffle in (True, False)]
    assert all(sorted(order) == ["a", "b", "c", "d"] for order in layouts)
    assert ["a", "b", "c", "d"] not in layouts
    assert len({tuple(order) for order in layouts}) > 10  # really shuffled, also with shuffle=False


def test_ordering_parse_response():
    kind = item_type("ordering")
    record = ordering_record()
    assert kind.parse_response(record, ["c", "a", "d", "b"]) == ["c", "a", "d", "b"]
    assert kind.parse_response(record, [" c", "a ", "d", "b"]) == ["c", "a", "d", "b"]
    assert kind.parse_response(record, ["", "", "", ""]) == []
    assert kind.parse_response(record, []) == []
    with pytest.raises(InvalidResponse, match="used twice"):
        kind.parse_response(record, ["a", "a", "c", "d"])
    with pytest.raises(InvalidResponse, match="each of the 4 positions"):
        kind.parse_response(record, ["a", "", "c", "d"])
    with pytest.raises(InvalidResponse, match="each of the 4 positions"):
        kind.parse_response(record, ["a", "b", "c"])
    with pytest.raises(InvalidResponse, match=r"unknown option\(s\): z"):
        kind.parse_response(record, ["a", "b", "c", "z"])


@pytest.mark.parametrize(("order", "expected"), [
    ("abcd", 1.0),          # 6 of 6 pairs in order: τ = 1
    ("bacd", 2 / 3),        # one adjacent swap: (5 − 1) / 6
    ("abdc", 2 / 3),
    ("badc", 1 / 3),        # two adjacent swaps: (4 − 2) / 6
    ("acbd", 2 / 3),
    ("cabd", 1 / 3),        # c moved up two places: (4 − 2) / 6
    ("dabc", 0.0),          # last to the front: (3 − 3) / 6
    ("dcba", 0.0),          # reversed: τ = −1, floored at 0
    ("cdab", 0.0),          # (2 − 4) / 6 < 0, floored
])
def test_ordering_partial_credit_is_kendall_tau_floored_at_zero(order, expected):
    kind = item_type("ordering")
    record = ordering_record()
    assert kind.grade(record, list(order)) == pytest.approx(expected)


def test_ordering_grade_edge_cases_and_scoring_rule():
    kind = item_type("ordering")
    record = ordering_record(("a", "b", "c", "d", "e"))
    assert kind.grade(record, list("eabcd")) == pytest.approx((6 - 4) / 10)
    assert kind.grade(record, list("abced")) == pytest.approx((9 - 1) / 10)
    assert kind.grade(record, []) == 0.0
    assert kind.grade(record, list("abcd")) == 0.0  # incomplete
    assert kind.grade(record, list("abcdd")) == 0.0  # not a permutation
    strict = ordering_record(scoring="all_or_nothing")
    assert kind.grade(strict, list("abdc")) == 0.0
    assert kind.grade(strict, list("abcd")) == 1.0
    assert kendall_fraction(["a"], ["a"]) == 1.0


def test_ordering_xapi_and_summary():
    kind = item_type("ordering")
    record = ordering_record()
    assert kind.correct_response(record) == ["a", "b", "c", "d"]
    definition = kind.xapi_definition(record)
    ids = {key: xapi_id(record, "choice", key) for key in "abcd"}  # the keys spell the answer: hashed
    assert definition["correctResponsesPattern"] == ["[,]".join(ids[k] for k in "abcd")]
    assert [c["id"] for c in definition["choices"]] == sorted(ids.values())  # listed by id, not in the answer's order
    assert {"id": ids["a"], "description": {"nl": "step a (nl)", "en": "step a (en)"}} in definition["choices"]
    assert kind.xapi_response(record, ["b", "a", "c", "d"]) == "[,]".join(ids[k] for k in "bacd")
    assert xapi_id(record, "choice", "a") == ids["a"] != xapi_id({**record, "key": "other"}, "choice", "a")
    assert kind.summarise(record, ["b", "a"], "en") == "1. step b (en); 2. step a (en)"
    assert kind.summarise(record, [], "nl") == ""


# --- matching -----------------------------------------------------------------------------------------------


def test_matching_check_reports_authoring_errors():
    kind = item_type("matching")
    assert kind.check(matching_record()) == []
    assert "needs at least two pairs" in kind.check(matching_record(("p1",)))
    assert any("not unique" in e for e in kind.check(matching_record(("p1", "p1", "p2"))))
    assert any("may only contain" in e for e in kind.check(matching_record(("p1", "p=2"))))
    broken = matching_record()
    broken["pairs"][0]["left"] = {"nl": "links"}
    broken["pairs"][2]["right"] = dict(broken["pairs"][3]["right"])
    problems = kind.check(broken)
    assert "pair p1: left has no en text" in problems
    assert "two right-hand texts are the same in nl" in problems


def test_matching_presents_all_pairs_with_shuffled_targets():
    kind = item_type("matching")
    record = matching_record()
    keys = ["p1", "p2", "p3", "p4"]
    layout = kind.present(record, random.Random(3), True)
    assert layout == kind.present(record, random.Random(3), True)
    assert sorted(layout["order"]) == keys and sorted(layout["targets"]) == keys
    unshuffled = [kind.present(record, random.Random(seed), False) for seed in range(40)]
    assert all(lay["order"] == keys for lay in unshuffled)  # left items keep their authored order
    assert all(lay["targets"] != keys for lay in unshuffled)  # right items never line up with them
    assert len({tuple(lay["targets"]) for lay in unshuffled}) > 5
    shuffled = {tuple(kind.present(record, random.Random(seed), True)["order"]) for seed in range(40)}
    assert len(shuffled) > 5
    # nor with shuffled left items: the i-th right item is never the i-th left item's, all of them
    assert all(lay["targets"] != lay["order"] for lay in (kind.present(record, random.Random(seed), True)
                                                          for seed in range(300)))
    assert kind.present({**record, "fixed_order": True}, random.Random(1), True)["order"] == keys


def test_matching_parse_response():
    kind = item_type("matching")
    record = matching_record()
    assert kind.parse_response(record, ["p2=p1", "", "p1=p2", " p4=p4 "]) == ["p1=p2", "p2=p1", "p4=p4"]
    assert kind.parse_response(record, ["", "", "", ""]) == []
    assert kind.parse_response(record, ["p1=p3", "p2=p3"]) == ["p1=p3", "p2=p3"]  # a target may be reused
    with pytest.raises(InvalidResponse, match="not a match"):
        kind.parse_response(record, ["p1"])
    with pytest.raises(InvalidResponse, match="not a match"):
        kind.parse_response(record, ["p1="])
    with pytest.raises(InvalidResponse, match="unknown left-hand item: p9"):
        kind.parse_response(record, ["p9=p1"])
    with pytest.raises(InvalidResponse, match="unknown right-hand item: p9"):
        kind.parse_response(record, ["p1=p9"])
    with pytest.raises(InvalidResponse, match="more than one match"):
        kind.parse_response(record, ["p1=p1", "p1=p2"])


@pytest.mark.parametrize(("response", "expected"), [
    (["p1=p1", "p2=p2", "p3=p3", "p4=p4"], 1.0),
    (["p1=p2", "p2=p1", "p3=p3", "p4=p4"], 0.5),     # two swapped: 2 of 4 right
    (["p1=p1"], 0.25),                               # unanswered pairs count as wrong
    (["p1=p2", "p2=p3", "p3=p4", "p4=p1"], 0.0),
    (["p1=p1", "p2=p1", "p3=p1", "p4=p1"], 0.25),    # the same target everywhere
    ([], 0.0),
])
def test_matching_partial_credit_is_the_share_of_right_pairs(response, expected):
    kind = item_type("matching")
    assert kind.grade(matching_record(), response) == pytest.approx(expected)
    strict = matching_record(scoring="all_or_nothing")
    assert kind.grade(strict, response) == (1.0 if expected == 1.0 else 0.0)


def test_matching_xapi_and_summary():
    kind = item_type("matching")
    record = matching_record(("p1", "p2", "p3"))
    assert kind.correct_response(record) == ["p1=p1", "p2=p2", "p3=p3"]
    definition = kind.xapi_definition(record)
    src = {k: xapi_id(record, "source", k) for k in ("p1", "p2", "p3")}
    tgt = {k: xapi_id(record, "target", k) for k in ("p1", "p2", "p3")}
    assert not set(src.values()) & set(tgt.values())  # a right answer is not 'x[.]x'
    assert definition["correctResponsesPattern"] == ["[,]".join(f"{src[k]}[.]{tgt[k]}" for k in ("p1", "p2", "p3"))]
    assert [s["id"] for s in definition["source"]] == sorted(src.values())
    assert [t["id"] for t in definition["target"]] == sorted(tgt.values())
    assert {"id": src["p1"], "description": {"nl": "left p1 (nl)", "en": "left p1 (en)"}} in definition["source"]
    assert {"id": tgt["p2"], "description": {"nl": "right p2 (nl)", "en": "right p2 (en)"}} in definition["target"]
    assert kind.xapi_response(record, ["p1=p2", "p2=p1"]) == f"{src['p1']}[.]{tgt['p2']}[,]{src['p2']}[.]{tgt['p1']}"
    assert kind.summarise(record, ["p1=p2", "p3=p3"], "en") == (
        "left p1 (en) → right p2 (en); left p3 (en) → right p3 (en)")


# --- numeric ------------------------------------------------------------------------------------------------


def test_numeric_check_reports_authoring_errors():
    kind = item_type("numeric")
    assert kind.check(numeric_record()) == []
    assert kind.check(numeric_record(answer=2.5, tolerance=0.25)) == []
    assert "answer must be a number" in kind.check(numeric_record(answer="many"))
    assert "answer must be a number" in kind.check(numeric_record(answer=True))
    assert "answer must be a number" in kind.check(numeric_record(answer=None))
    assert "tolerance must be a number ≥ 0" in kind.check(numeric_record(tolerance=-1))
    assert "unit has no en text" in kind.check(numeric_record(unit={"nl": "jaar"}))
    assert kind.present(numeric_record(), random.Random(1), True) == {}


@pytest.mark.parametrize(("given", "stored"), [
    (["72"], ["72"]), (["72,0"], ["72"]), ([" 72 "], ["72"]), (["72.50"], ["72.5"]), (["72,5"], ["72.5"]),
    (["-0,5"], ["-0.5"]), (["\u22123"], ["-3"]), ([",5"], ["0.5"]), (["+7"], ["7"]), (["100"], ["100"]),
    (["0,0"], ["0"]), ([""], []), (["  "], []), ([], []),
])
def test_numeric_accepts_numbers_with_a_decimal_comma_or_point(given, stored):
    assert item_type("numeric").parse_response(numeric_record(), given) == stored


@pytest.mark.parametrize("given", ["72 jaar", "seventy-two", "1.000,5", "1e3", "7 2", "inf", "nan", "72,5,1", "1" * 41])
def test_numeric_refuses_what_is_not_a_number(given):
    with pytest.raises(InvalidResponse, match="not a number"):
        item_type("numeric").parse_response(numeric_record(), [given])


def test_numeric_refuses_two_numbers():
    with pytest.raises(InvalidResponse, match="one number"):
        item_type("numeric").parse_response(numeric_record(), ["1", "2"])


def test_numeric_grades_within_the_tolerance():
    kind = item_type("numeric")
    exact = numeric_record(answer=2025)
    assert kind.grade(exact, ["2025"]) == 1.0
    assert kind.grade(exact, ["2024"]) == 0.0
    assert kind.grade(exact, []) == 0.0
    assert kind.grade(exact, ["junk"]) == 0.0
    tolerant = numeric_record(answer=72, tolerance=0.5)
    for value, expected in (("72", 1.0), ("72.5", 1.0), ("71.5", 1.0), ("72.6", 0.0), ("71.4", 0.0)):
        assert kind.grade(tolerant, kind.parse_response(tolerant, [value])) == expected, value
    decimal = numeric_record(answer=0.3, tolerance=0)
    assert kind.grade(decimal, kind.parse_response(decimal, ["0,30"])) == 1.0


def test_numeric_xapi_and_summary():
    kind = item_type("numeric")
    assert kind.xapi_definition(numeric_record(answer=72)) == {"correctResponsesPattern": ["72[:]72"]}
    assert kind.xapi_definition(numeric_record(answer=72, tolerance=0.5)) == {
        "correctResponsesPattern": ["71.5[:]72.5"]}
    assert kind.xapi_definition(numeric_record(answer=2.5, tolerance=1)) == {"correctResponsesPattern": ["1.5[:]3.5"]}
    assert kind.correct_response(numeric_record(answer=72.0)) == ["72"]
    assert kind.xapi_response(numeric_record(), ["72.5"]) == "72.5"
    assert kind.summarise(numeric_record(), ["72.5"], "nl") == "72,5 jaar"
    assert kind.summarise(numeric_record(), ["72.5"], "en") == "72.5 years"
    assert kind.summarise(numeric_record(unit=None), ["3"], "en") == "3"
    assert kind.summarise(numeric_record(), [], "en") == ""


# --- short text ---------------------------------------------------------------------------------------------


def test_short_text_check_reports_authoring_errors():
    kind = item_type("short_text")
    assert kind.check(short_text_record()) == []
    assert "accepted has no en answers" in kind.check(short_text_record(accepted={"nl": ["x"], "en": []}))
    assert "accepted has an empty nl answer" in kind.check(short_text_record(accepted={"nl": [" "], "en": ["x"]}))
    assert any("needs a list" in e for e in kind.check(short_text_record(accepted=["x"])))
    assert kind.present(short_text_record(), random.Random(1), True) == {}


def test_short_text_parse_response_keeps_the_trimmed_text():
    kind = item_type("short_text")
    record = short_text_record()
    assert kind.parse_response(record, ["  Human   Oversight "]) == ["Human   Oversight"]
    assert kind.parse_response(record, [" "]) == []
    assert kind.parse_response(record, ["x" * 500]) == ["x" * 500]
    with pytest.raises(InvalidResponse, match="longer than 500"):
        kind.parse_response(record, ["x" * 501])
    with pytest.raises(InvalidResponse, match="one answer"):
        kind.parse_response(record, ["a", "b"])


@pytest.mark.parametrize(("given", "expected"), [
    ("human oversight", 1.0),
    ("  HUMAN   oversight ", 1.0),      # case and whitespace do not matter
    ("Menselijk Toezicht", 1.0),        # the Dutch answers count in an English exam too
    ("human-oversight", 1.0),
    ("human\toversight", 1.0),
    ("humanoversight", 0.0),
    ("oversight", 0.0),
])
def test_short_text_grading(given, expected):
    kind = item_type("short_text")
    record = short_text_record()
    assert kind.grade(record, kind.parse_response(record, [given])) == expected
    assert kind.grade(record, []) == 0.0


def test_short_text_xapi_and_summary():
    kind = item_type("short_text")
    record = short_text_record()
    assert kind.xapi_definition(record) == {"correctResponsesPattern": [
        "{case_matters=false}menselijk toezicht", "{case_matters=false}Human Oversight",
        "{case_matters=false}human-oversight"]}
    assert kind.correct_response(record) == ["menselijk toezicht"]
    assert kind.xapi_response(record, ["Human oversight"]) == "Human oversight"
    assert kind.summarise(record, ["Human oversight"], "nl") == "Human oversight"
    assert kind.summarise(record, [], "nl") == ""


def test_choice_types_summarise_the_chosen_options_in_plain_text():
    record = choice_record("q", correct=("a", "c"))
    record["options"][2]["text"] = {"nl": "<em>optie</em> c &amp; d", "en": "<p>option <b>c</b></p>"}
    kind = item_type("multiple_response")
    assert kind.summarise(record, ["c", "a"], "nl") == "optie a; optie c & d"
    assert kind.summarise(record, ["c"], "en") == "option c"
    assert kind.summarise(record, [], "en") == ""


# --- the seed bank ------------------------------------------------------------------------------------------


def _seed_items() -> list[dict[str, Any]]:
    records = []
    for path in sorted((ROOT / "config/items").glob("*.yaml")):
        records.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return records


SEED = _seed_items()


@pytest.mark.parametrize("type_key", sorted(ITEM_TYPES))
def test_every_seed_item_checks_and_its_correct_response_earns_full_marks(type_key):
    kind = item_type(type_key)
    records = [r for r in SEED if r.get("type") == type_key]
    assert records, f"the seed bank has no {type_key} items"
    for record in records:
        assert kind.check(record) == [], record["key"]
        correct = kind.correct_response(record)
        assert kind.grade(record, correct) == 1.0, record["key"]
        assert kind.parse_response(record, correct) == correct, record["key"]
        layout = kind.present(record, random.Random(1), True)
        assert isinstance(layout, dict) and not {"position", "item_key", "item_version_id"} & set(layout)
        assert kind.summarise(record, correct, "nl")


def test_every_type_in_the_seed_bank_is_registered():
    assert {r["type"] for r in SEED} <= set(ITEM_TYPES)


# --- xAPI statements ----------------------------------------------------------------------------------------

NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx():
    return st.ExamContext(
        iris=v.ToolIris("https://tool.example"), actor=st.Actor("https://lms.example", "user-1"),
        exam_key="advanced", exam_title={"nl": "Gevorderd", "en": "Advanced"}, registration=str(uuid.uuid4()),
        session_id=str(uuid.uuid4()), blueprint_version="advanced@1", level="advanced", mastery_score=0.7,
    )


@pytest.mark.parametrize(("record", "given", "component"), [
    (ordering_record(), ["b", "a", "c", "d"], "choices"),
    (matching_record(), ["p1=p1", "p2=p3"], "target"),
    (numeric_record(tolerance=0.5), ["72,4"], None),
    (short_text_record(), ["Human oversight"], None),
])
def test_answered_and_scored_statements_for_the_new_types_validate(ctx, record, given, component):
    kind = item_type(record["type"])
    parsed = kind.parse_response(record, given)
    fraction = kind.grade(record, parsed)
    item = st.AnsweredItem(record["key"], 1, "c1", kind.interaction_type, record["stem"],
                           kind.xapi_definition(record), kind.xapi_response(record, parsed))
    answered, scored = st.answered(ctx, item, NOW), st.scored(ctx, item, fraction, NOW)
    for statement in (answered, scored):
        BaseXapiStatement.model_validate(statement)
        assert statement["object"]["definition"]["interactionType"] == kind.interaction_type
        assert statement["result"]["response"] == kind.xapi_response(record, parsed)
        if component:
            assert [c["id"] for c in statement["object"]["definition"][component]] == [
                c["id"] for c in kind.xapi_definition(record)[component]]
    assert "correctResponsesPattern" not in answered["object"]["definition"]
    assert set(answered["result"]) == {"response"}
    assert scored["object"]["definition"]["correctResponsesPattern"] == kind.xapi_definition(record)[
        "correctResponsesPattern"]
    assert scored["result"]["success"] is (fraction >= 1.0)


def test_seed_bank_statements_validate(ctx):
    for record in SEED:
        if record["type"] not in NEW_TYPES:
            continue
        kind = item_type(record["type"])
        correct = kind.correct_response(record)
        item = st.AnsweredItem(record["key"], 1, record["competence"], kind.interaction_type, record["stem"],
                               kind.xapi_definition(record), kind.xapi_response(record, correct))
        BaseXapiStatement.model_validate(st.answered(ctx, item, NOW))
        BaseXapiStatement.model_validate(st.scored(ctx, item, 1.0, NOW))


# --- the question forms -------------------------------------------------------------------------------------


class _Form(HTMLParser):
    """The controls of a rendered form: inputs, selects (with options) and labels."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, Any]] = []
        self.labels: set[str] = set()
        self._select: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")
        elif tag == "input":
            self.controls.append({"tag": tag, **a})
        elif tag == "select":
            self._select = {"tag": tag, **a, "options": [], "selected": None}
            self.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value"))
            if "selected" in a:
                self._select["selected"] = a.get("value")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


@pytest.fixture(scope="module")
def env():
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "lti_tool/templates"),
                                     autoescape=True, extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined)
    environment.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    environment.filters["safe_html"] = escape
    return environment


def _render(env, record: dict[str, Any], layout: dict[str, Any], response: list[str], lang: str = "en") -> _Form:
    item = item_from_record(record)
    html = env.get_template(f"delivery/items/{record['type']}.html").render(
        item=item, slot=type("Slot", (), {"layout": layout, "position": 1})(), response=response,
        localize=localize, get_locale=lambda: lang)
    form = _Form()
    form.feed(html)
    for control in form.controls:
        assert control["name"] == "answer"
        assert control["id"] in form.labels, f"{control['id']} has no label"
    return form


def test_ordering_form_submits_the_order_in_opaque_ids(env):
    kind = item_type("ordering")
    record = ordering_record()
    layout = kind.present(record, random.Random(5), True)
    ids = layout["ids"]
    form = _render(env, record, layout, [])
    assert len(form.controls) == 4
    assert all(c["options"] == ["", *(ids[k] for k in layout["order"])] and c["selected"] == ""
               for c in form.controls)
    assert not {"a", "b", "c", "d"} & {v for c in form.controls for v in c["options"]}
    assert kind.parse_response(record, kind.read_form(layout, [c["selected"] for c in form.controls])) == []
    # choosing the correct option in every position submits the correct order
    submitted = kind.form_values(layout, ["a", "b", "c", "d"])
    assert kind.grade(record, kind.parse_response(record, kind.read_form(layout, submitted))) == 1.0
    again = _render(env, record, layout, ["b", "a", "c", "d"])
    assert [c["selected"] for c in again.controls] == [ids[k] for k in "bacd"]


def test_matching_form_submits_opaque_left_equals_right(env):
    kind = item_type("matching")
    record = matching_record()
    layout = kind.present(record, random.Random(5), True)
    lids, tids = layout["ids"], layout["target_ids"]
    form = _render(env, record, layout, ["p2=p1"])
    assert [c["id"] for c in form.controls] == [f"match-{lids[k]}" for k in layout["order"]]
    for control, left in zip(form.controls, layout["order"], strict=True):
        assert control["options"] == ["", *(f"{lids[left]}={tids[right]}" for right in layout["targets"])]
    assert [c["selected"] for c in form.controls if c["selected"]] == [f"{lids['p2']}={tids['p1']}"]
    submitted = kind.form_values(layout, [f"{left}={left}" for left in layout["order"]])
    assert all(any(s in c["options"] for c in form.controls) for s in submitted)
    assert kind.grade(record, kind.parse_response(record, kind.read_form(layout, submitted))) == 1.0


def test_forms_of_layouts_without_opaque_ids_still_use_the_keys(env):
    """Attempts laid out before opaque ids existed keep working: the keys are the form values."""
    kind = item_type("matching")
    record = matching_record()
    old = {k: v for k, v in kind.present(record, random.Random(5), True).items() if k in ("order", "targets")}
    form = _render(env, record, old, ["p2=p1"])
    assert [c["selected"] for c in form.controls if c["selected"]] == ["p2=p1"]
    assert kind.read_form(old, ["p2=p1"]) == ["p2=p1"]
    ordering = item_type("ordering")
    layout = {"order": ["b", "a", "c", "d"]}
    first = _render(env, ordering_record(), layout, []).controls[0]
    assert first["options"][1:] == ["b", "a", "c", "d"]
    assert ordering.read_form(layout, ["a", "b", "c", "d"]) == ["a", "b", "c", "d"]


def test_numeric_form_shows_the_unit_and_the_decimal_comma(env):
    form = _render(env, numeric_record(), {}, ["72.5"], lang="nl")
    (control,) = form.controls
    assert control["type"] == "text" and control["inputmode"] == "decimal" and control["autocomplete"] == "off"
    assert control["value"] == "72,5"
    assert "answer-unit" in control["aria-describedby"]
    html = env.get_template("delivery/items/numeric.html").render(
        item=item_from_record(numeric_record()), slot=None, response=[], localize=localize, get_locale=lambda: "nl")
    assert '<span class="unit" id="answer-unit">jaar</span>' in html


def test_short_text_form(env):
    form = _render(env, short_text_record(), {}, ["Human oversight"])
    (control,) = form.controls
    assert control["type"] == "text" and control["value"] == "Human oversight" and control["maxlength"] == "500"


def test_case_partial_renders_title_and_text(env):
    template = env.get_template("delivery/items/_case.html")
    case = {"key": "case-x", "title": {"nl": "Titel", "en": "Title"}, "text": {"nl": "Eén.\n\nTwee.", "en": "One."}}
    html = template.render(case=case, localize=localize, get_locale=lambda: "nl")
    assert "Titel" in html and "<p>Eén.</p><p>Twee.</p>" in html
    assert template.render(case=None, localize=localize, get_locale=lambda: "nl").strip() == ""
    cases = yaml.safe_load((ROOT / "config/cases.yaml").read_text(encoding="utf-8"))
    referenced = {r["case"] for r in SEED if r.get("case")}
    for case in cases:
        if case["key"] in referenced:
            html = template.render(case=case, localize=localize, get_locale=lambda: "en")
            assert str(escape(localize(case["title"], "en"))) in html
            assert str(escape(localize(case["text"], "en"))) in html
