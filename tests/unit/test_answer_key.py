"""The answer key never reaches the browser before the attempt is closed.

1. Page-source answering: every item of the seed bank is laid out as in a real attempt
   (``lay_out``), its delivery template rendered, and answered from the page source alone with
   the "obvious" strategies (first or last value, alphabetical order of the values, the given
   order of the steps, identical or lined-up left=right pairs). Over many attempts none of them
   may score better than chance: the expected score of the same strategy when the components it
   picks are a uniformly random choice (1/k for single choice, the mean grade over all orders for
   ordering and matching, …).
2. The mapping between the attempt's opaque ids and the authored keys, per item type: round trip,
   an unknown id is refused, and layouts stored before opaque ids existed keep working.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
import pytest
from markupsafe import escape

from assessments.attempts import Slot, lay_out, read_answer
from assessments.bank import load_seed_bank
from assessments.errors import InvalidResponse
from assessments.item_types.registry import ITEM_TYPES, item_type
from assessments.items import Item, item_from_record
from assessments.text import localize
from tests.unit.test_item_types_more import _Form, matching_record, ordering_record

ROOT = Path(__file__).resolve().parents[2]
SEEDS = range(50)
TOLERANCE = 0.06  # the leaks this guards against scored 1.0; sampling noise here is below 0.03
NO_COMPONENTS = {"numeric", "short_text"}  # typed answers: nothing on the page to pick from


@pytest.fixture(scope="module")
def bank() -> tuple[Any, list[Item]]:
    seed = load_seed_bank(ROOT / "config")
    items = [item_from_record(record, id=n) for n, record in enumerate(seed.items, start=1)]
    assert {i.type for i in items} == set(ITEM_TYPES)
    return seed.blueprints[0], items


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "lti_tool/templates"),
                                     autoescape=True, extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined)
    environment.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    environment.filters["safe_html"] = escape
    return environment


def render(env: jinja2.Environment, slot: Slot) -> _Form:
    html = env.get_template(f"delivery/items/{slot.item.type}.html").render(
        item=slot.item, slot=slot, response=[], localize=localize, get_locale=lambda: "en")
    form = _Form()
    form.feed(html)
    return form


# --- strategies: page source in, form values out --------------------------------------------------------

Strategy = Callable[[_Form], list[str]]


def _values(form: _Form) -> list[str]:
    return [c["value"] for c in form.controls if c["tag"] == "input"]


def _selects(form: _Form) -> list[list[str]]:
    return [[v for v in c["options"] if v] for c in form.controls if c["tag"] == "select"]


PICK_STRATEGIES: dict[str, Strategy] = {
    "first value": lambda f: _values(f)[:1],
    "last value": lambda f: _values(f)[-1:],
    "alphabetically first value": lambda f: sorted(_values(f))[:1],
    "alphabetically last value": lambda f: sorted(_values(f))[-1:],
}
ORDER_STRATEGIES: dict[str, Strategy] = {
    "the given order": lambda f: _selects(f)[0],
    "the given order reversed": lambda f: _selects(f)[0][::-1],
    "alphabetical order of the values": lambda f: sorted(_selects(f)[0]),
}
MATCH_STRATEGIES: dict[str, Strategy] = {
    "identical left=right": lambda f: [v for s in _selects(f) for v in s if v.partition("=")[0] == v.partition("=")[2]],
    "lined up (i-th left, i-th right)": lambda f: [s[i] for i, s in enumerate(_selects(f))],
    "first right for every left": lambda f: [s[0] for s in _selects(f)],
    "alphabetical rights to alphabetical lefts": lambda f: _alphabetical_pairs(_selects(f)),
}


def _alphabetical_pairs(selects: list[list[str]]) -> list[str]:
    lefts = sorted({v.partition("=")[0] for s in selects for v in s})
    rights = sorted({v.partition("=")[2] for s in selects for v in s})
    return [f"{left}={right}" for left, right in zip(lefts, rights, strict=True)]


def strategies_for(item: Item) -> dict[str, Strategy]:
    if item.type == "ordering":
        return ORDER_STRATEGIES
    if item.type == "matching":
        return MATCH_STRATEGIES
    if item.type == "true_false":
        # true comes first on every page and the labels say which is which: where an option sits
        # tells nothing the visible page does not; only the values could leak
        return {k: v for k, v in PICK_STRATEGIES.items() if k.startswith("alphabetically")}
    return PICK_STRATEGIES


# --- chance: the same strategy with its picks made at random ------------------------------------------


def chance(item: Item, strategy: str) -> float:
    kind, content = item.kind, item.content
    if item.type == "ordering":
        keys = [str(o["key"]) for o in content["options"]]
        return statistics.fmean(kind.grade(content, list(p)) for p in itertools.permutations(keys))
    if item.type == "matching":
        keys = [str(p["key"]) for p in content["pairs"]]
        if strategy == "identical left=right":
            return 0.0  # no pair is ever shown with identical ids (asserted below)
        if strategy == "first right for every left":
            return statistics.fmean(kind.grade(content, [f"{k}={t}" for k in keys]) for t in keys)
        return statistics.fmean(kind.grade(content, [f"{k}={t}" for k, t in zip(keys, p, strict=True)])
                                for p in itertools.permutations(keys))
    keys = [str(o["key"]) for o in content["options"]]
    return statistics.fmean(kind.grade(content, [k]) for k in keys)


def test_answering_from_the_page_source_is_no_better_than_chance(bank, env):
    blueprint, items = bank
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    chances: dict[tuple[str, str], list[float]] = defaultdict(list)
    known: dict[tuple[str, str], float] = {}
    for seed in SEEDS:
        for entry, item in zip(lay_out(blueprint, items, seed), items, strict=True):
            if item.type in NO_COMPONENTS:
                continue
            slot = Slot(entry["position"], item, entry)
            form = render(env, slot)
            for name, strategy in strategies_for(item).items():
                try:
                    response = read_answer(slot, strategy(form))
                except InvalidResponse:
                    response = []  # not even a valid answer
                scores[item.type, name].append(item.kind.grade(item.content, response) if response else 0.0)
                if (item.key, name) not in known:
                    known[item.key, name] = chance(item, name)
                chances[item.type, name].append(known[item.key, name])
    assert {t for t, _ in scores} == set(ITEM_TYPES) - NO_COMPONENTS
    report = {key: (round(statistics.fmean(scores[key]), 3), round(statistics.fmean(chances[key]), 3))
              for key in sorted(scores)}
    better = {key: got for key, got in report.items() if got[0] > got[1] + TOLERANCE}
    print("\n".join(f"{t:18} {name:42} score {got:.3f}  chance {exp:.3f}" for (t, name), (got, exp) in report.items()))
    assert not better, f"(score, chance) of strategies that beat chance: {better}\nall: {report}"
    assert report["matching", "identical left=right"][0] == 0.0  # no pair is ever shown as x=x


def test_the_page_source_shows_no_authored_key_and_ids_differ_per_attempt(bank, env):
    blueprint, items = bank
    seen: dict[str, set[str]] = defaultdict(set)
    for seed in range(3):
        for entry, item in zip(lay_out(blueprint, items, seed), items, strict=True):
            form = render(env, Slot(entry["position"], item, entry))
            shown = {v for c in form.controls for v in (c.get("value"), *c.get("options", [])) if v}
            shown |= {c["id"] for c in form.controls} | form.labels
            parts = {p for v in shown for p in v.replace("=", "-").split("-")}
            keys = {str(o["key"]) for o in item.content.get("options") or []} | {
                str(p["key"]) for p in item.content.get("pairs") or []}
            assert not keys & parts, f"{item.key}: authored keys {keys & parts} in the page"
            seen[item.key].add(repr(sorted(shown)))
    assert all(len(pages) == 3 for key, pages in seen.items() if item_type_of(items, key) not in NO_COMPONENTS)


def item_type_of(items: Sequence[Item], key: str) -> str:
    return next(i.type for i in items if i.key == key)


# --- the id mapping, per item type ------------------------------------------------------------------------

RECORDS = {
    "single_choice": {"key": "sc", "type": "single_choice", "options": [
        {"key": k, "text": {"nl": k, "en": k}, "correct": k == "c"} for k in "abcd"]},
    "multiple_response": {"key": "mr", "type": "multiple_response", "options": [
        {"key": k, "text": {"nl": k, "en": k}, "correct": k in "ab"} for k in "abcd"]},
    "true_false": {"key": "tf", "type": "true_false", "options": [
        {"key": "true", "text": {"nl": "Waar", "en": "True"}}, {"key": "false", "text": {}, "correct": True}]},
    "ordering": ordering_record(),
    "matching": matching_record(),
}


@pytest.mark.parametrize("kind_key", sorted(RECORDS))
def test_opaque_ids_round_trip_and_unknown_ids_are_refused(kind_key):
    kind, record = item_type(kind_key), RECORDS[kind_key]
    layout = kind.present(record, random.Random(11), True)
    correct = kind.correct_response(record)
    form = kind.form_values(layout, correct)
    assert not set(form) & set(correct)  # the correct answer is not written in keys
    assert kind.parse_response(record, kind.read_form(layout, form)) == correct
    assert kind.read_form(layout, ["", *form]) == ["", *kind.read_form(layout, form)]  # empty stays empty
    unknown = ["p1=p1"] if kind_key == "matching" else [correct[0]]  # an authored key is not an id here
    with pytest.raises(InvalidResponse, match="unknown"):
        kind.read_form(layout, unknown)
    with pytest.raises(InvalidResponse, match="unknown"):
        kind.read_form(layout, ["0123456789abcdef=" + form[0].partition("=")[2]] if "=" in form[0]
                       else ["0123456789abcdef"])
    other = kind.present(record, random.Random(12), True)
    assert layout["ids"] != other["ids"]  # per attempt
    assert kind.read_form(other, kind.form_values(other, correct)) == kind.read_form(layout, form)


@pytest.mark.parametrize("kind_key", sorted(RECORDS))
def test_layouts_without_opaque_ids_keep_the_authored_keys(kind_key):
    """Attempts laid out before opaque ids: the form values are the keys, as they were."""
    kind, record = item_type(kind_key), RECORDS[kind_key]
    old = {k: v for k, v in kind.present(record, random.Random(11), True).items() if not k.endswith("ids")}
    correct = kind.correct_response(record)
    assert kind.form_values(old, correct) == correct
    assert kind.parse_response(record, kind.read_form(old, correct)) == correct
    with pytest.raises(InvalidResponse, match="unknown"):
        kind.parse_response(record, kind.read_form(old, ["p9=p1"] if kind_key == "matching" else ["zz"]))


@pytest.mark.parametrize("kind_key", sorted(NO_COMPONENTS))
def test_typed_answers_pass_through(kind_key):
    kind = item_type(kind_key)
    assert kind.read_form({}, [" 72,5 "]) == [" 72,5 "] and kind.form_values({}, ["72.5"]) == ["72.5"]


def test_read_answer_maps_then_parses():
    record = {**ordering_record(), "competence": "c1", "level": "basic"}
    item = item_from_record(record)
    layout = item.kind.present(record, random.Random(3), True)
    slot = Slot(1, item, layout)
    assert read_answer(slot, item.kind.form_values(layout, ["d", "c", "b", "a"])) == ["d", "c", "b", "a"]
    with pytest.raises(InvalidResponse, match="each option can take only one position"):
        read_answer(slot, item.kind.form_values(layout, ["a", "a", "b", "c"]))
