"""Cue-only strategies: knowing nothing but the surface of the items must not pay.

On the real seed bank every strategy stays within 10 points of chance and at least 25 points below
each blueprint's pass mark, no item has a problem-severity finding and the bank-level balance holds;
the same checks pass on a planted cue-free bank and fail on a planted cue-laden one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from assessments.bank import load_seed_bank
from assessments.blueprints import Blueprint, parse_blueprint
from assessments.cue_strategies import STRATEGIES, exam_cues, item_scores
from assessments.item_checks import bank_balance, item_findings
from assessments.item_types.registry import ITEM_TYPES

NEAR_CHANCE = 0.10
BELOW_PASS = 0.25
WORDS = ["amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "haven", "inlet", "jetty", "kiosk", "lemon",
         "maple", "north", "orbit", "plaza", "quilt", "raven", "salsa", "tulip", "umbra", "vivid", "waltz", "xenon"]


def strategy_failures(items: Sequence[dict[str, Any]], blueprints: Sequence[Blueprint]) -> list[str]:
    """Every strategy that strays from chance or comes near the pass mark, as readable lines."""
    failures = []
    for blueprint in blueprints:
        cues = exam_cues(blueprint, items)
        assert cues.items > 0 and 0 < cues.chance < blueprint.pass_mark
        for name, langs in cues.scores.items():
            for lang, score in langs.items():
                if abs(score - cues.chance) > NEAR_CHANCE:
                    failures.append(f"{blueprint.key}/{lang}: {name} {score:.0%} vs chance {cues.chance:.0%}")
                if score > blueprint.pass_mark - BELOW_PASS:
                    failures.append(f"{blueprint.key}/{lang}: {name} {score:.0%} vs pass mark "
                                    f"{blueprint.pass_mark:.0%}")
    return failures


def problem_findings(items: Sequence[dict[str, Any]]) -> list[str]:
    return [f"{item['key']}: {f.code} {f.option or ''} {f.lang or ''}"
            for item in items for f in item_findings(item) if f.severity == "problem"]


def balance_findings(items: Sequence[dict[str, Any]]) -> list[str]:
    return [f"{b.level}: {f.code} {dict(f.params)}" for b in bank_balance(items) for f in b.findings]


def cue_failures(items: Sequence[dict[str, Any]], blueprints: Sequence[Blueprint]) -> list[str]:
    """Everything that lets a cue pay (empty when the bank is cue-free)."""
    return [*strategy_failures(items, blueprints), *problem_findings(items), *balance_findings(items)]


# --- the real seed bank ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed() -> Any:
    return load_seed_bank(Path("config"))


def test_the_seed_bank_rewards_no_cue_only_strategy(seed: Any) -> None:
    assert strategy_failures(seed.items, seed.blueprints) == []


def test_no_seed_item_has_a_problem_finding(seed: Any) -> None:
    assert problem_findings(seed.items) == []


def test_the_seed_bank_is_balanced_per_level(seed: Any) -> None:
    assert balance_findings(seed.items) == []


# --- planted banks -----------------------------------------------------------------------------

def text(n: int) -> dict[str, str]:
    """Equal-length texts sharing no words with any other text (no length, overlap or word cue)."""
    words = " ".join(f"{WORDS[(n + k) % len(WORDS)]}{n:03d}" for k in range(3))
    return {"nl": words, "en": words}


def planted(cue: bool = False) -> list[dict[str, Any]]:
    """Single choice (the key on each position in turn), true/false (half true), multiple response (2 or 3
    of 5 correct), ordering, matching and numeric items; with ``cue`` the single-choice key is the longest."""
    items: list[dict[str, Any]] = []
    base = {"competence": "safe-everyday-use", "level": "basic", "stem": text(900)}
    for n in range(8):
        options = [{"key": chr(97 + k), "text": text(10 * n + k), "correct": k == n % 4} for k in range(4)]
        if cue:
            options[n % 4]["text"] = {lang: t + " and a much longer explanation" for lang, t in
                                      options[n % 4]["text"].items()}
        items.append({**base, "key": f"sc-{n}", "type": "single_choice", "options": options})
        truth = "true" if n % 2 else "false"
        items.append({**base, "key": f"tf-{n}", "type": "true_false", "stem": text(100 + n),
                      "options": [{"key": k, "text": {"nl": k, "en": k}, "correct": k == truth}
                                  for k in ("true", "false")]})
        items.append({**base, "key": f"mr-{n}", "type": "multiple_response",
                      "options": [{"key": chr(97 + k), "text": text(200 + 10 * n + k), "correct": k < 2 + n % 2}
                                  for k in range(5)]})
    items.append({**base, "key": "or-1", "type": "ordering",
                  "options": [{"key": k, "text": text(300 + n)} for n, k in enumerate("abcd")]})
    items.append({**base, "key": "ma-1", "type": "matching",
                  "pairs": [{"key": k, "left": text(400 + n), "right": text(500 + n)} for n, k in enumerate("abcd")]})
    items.append({**base, "key": "nu-1", "type": "numeric", "answer": 3, "tolerance": 0})
    return items


BLUEPRINT = parse_blueprint({"key": "planted", "level": "basic", "title": {"nl": "Proef", "en": "Trial"},
                             "items_per_competence": {"safe-everyday-use": 5}, "pass_mark": 0.7})


def test_a_planted_cue_free_bank_passes_every_check() -> None:
    assert cue_failures(planted(), [BLUEPRINT]) == []


def test_a_planted_cue_laden_bank_fails_the_checks() -> None:
    failures = cue_failures(planted(cue=True), [BLUEPRINT])
    assert any("longest" in f and "chance" in f for f in failures)
    assert sum("key_longest" in f for f in failures) == 16  # 8 items, both languages


# --- the strategies themselves ------------------------------------------------------------------

def sc(lengths: Sequence[int], key: int) -> dict[str, Any]:
    return {"key": "x", "type": "single_choice", "stem": text(999),
            "options": [{"key": chr(97 + n), "text": {"nl": "x" * size, "en": "y" * size}, "correct": n == key}
                        for n, size in enumerate(lengths)]}


def test_longest_and_shortest_pick_by_length_and_split_ties() -> None:
    assert item_scores(sc([10, 40, 10, 10], 1), "nl")["longest"] == 1.0
    assert item_scores(sc([10, 40, 40, 10], 1), "en")["longest"] == 0.5
    assert item_scores(sc([10, 40, 40, 10], 1), "en")["shortest"] == 0.0
    assert item_scores(sc([10, 20, 30, 40], 1), "nl")["middle_length"] == 0.5  # 20 and 30 tie around 25


def test_positional_and_true_false_strategies() -> None:
    scores = item_scores(sc([10, 10, 10], 2), "nl")
    assert (scores["first"], scores["last"], scores["always_true"]) == (0.0, 1.0, pytest.approx(1 / 3))
    false = {"key": "tf", "type": "true_false", "stem": {"nl": "Dit geldt altijd.", "en": "This always holds."},
             "options": [{"key": "true", "correct": False}, {"key": "false", "correct": True}]}
    scores = item_scores(false, "en")
    assert (scores["always_true"], scores["always_false"], scores["avoid_absolute"]) == (0.0, 1.0, 1.0)
    assert scores["prefer_hedge"] == 0.5  # no hedge: a guess


def test_multiple_response_pick_all_and_longer_half() -> None:
    mr = {"key": "m", "type": "multiple_response", "stem": text(1),
          "options": [{"key": "a", "text": {"nl": "x" * 40, "en": "y" * 40}, "correct": True},
                      {"key": "b", "text": {"nl": "x" * 40, "en": "y" * 40}, "correct": True},
                      {"key": "c", "text": {"nl": "x" * 5, "en": "y" * 5}, "correct": False},
                      {"key": "d", "text": {"nl": "x" * 5, "en": "y" * 5}, "correct": False}]}
    scores = item_scores(mr, "nl")
    assert scores["longest"] == 1.0 and scores["pick_all"] == 0.0 and scores["shortest"] == 0.0


def test_chance_per_type() -> None:
    assert ITEM_TYPES["single_choice"].chance(sc([5, 5, 5, 5], 0)) == 0.25
    mr = {"options": [{"key": "a", "correct": True}, {"key": "b", "correct": False}]}
    # subsets {a} 1, {b} 0, {a,b} 0 (partial credit: +1 −1)
    assert ITEM_TYPES["multiple_response"].chance(mr) == pytest.approx(1 / 3)
    matching = {"pairs": [{"key": k} for k in "abc"]}
    assert ITEM_TYPES["matching"].chance(matching) == pytest.approx(1 / 3)
    ordering = {"options": [{"key": k} for k in "abc"]}
    # τ over the 6 orders: 1, 1/3, 1/3, −1/3, −1/3, −1 → max(0, τ) averages 5/18
    assert ITEM_TYPES["ordering"].chance(ordering) == pytest.approx(5 / 18)
    assert ITEM_TYPES["numeric"].chance({"answer": 1}) == 0.0


def test_as_listed_never_gives_ordering_the_answer() -> None:
    ordering = {"key": "o", "type": "ordering", "stem": text(1),
                "options": [{"key": k, "text": text(n)} for n, k in enumerate("abcd")]}
    assert item_scores(ordering, "nl")["as_listed"] < 1.0


def test_every_strategy_is_reported(seed: Any) -> None:
    cues = exam_cues(seed.blueprints[0], seed.items)
    assert set(cues.scores) == set(STRATEGIES) and all(set(v) == {"nl", "en"} for v in cues.scores.values())
