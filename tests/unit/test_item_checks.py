"""Item-writing checks: each finding on a planted item that has the cue, none on clean items."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.item_checks import bank_balance, has_problem, item_findings, level_balance
from assessments.item_types.finding import PROBLEM, WARNING

STEM = {"nl": "Welke stap zet je eerst bij een vermoedelijk datalek via een AI-tool?",
        "en": "Which step do you take first with a suspected data leak through an AI tool?"}
CLEAN = [  # similar lengths, no absolute words, hedges, negations or stem words
    ("Meld het direct bij de servicedesk", "Report it to the service desk at once", True),
    ("Wis de chat en ga verder met werk", "Delete the chat and carry on working", False),
    ("Vraag een collega om het te bekijken", "Ask a colleague to take a look at it", False),
    ("Wacht af tot iemand erover begint", "Wait until somebody brings it up", False),
]


def choice(options: list[tuple[str, str, bool]], stem: dict[str, str] | None = None,
           kind: str = "single_choice", **extra: Any) -> dict[str, Any]:
    return {"key": "t-1", "type": kind, "competence": "c", "level": "basic", "stem": stem or STEM,
            "options": [{"key": chr(97 + n), "text": {"nl": nl, "en": en}, "correct": ok}
                        for n, (nl, en, ok) in enumerate(options)], **extra}


def codes(item: dict[str, Any]) -> dict[str, set[tuple[str | None, str | None, str]]]:
    found: dict[str, set[tuple[str | None, str | None, str]]] = {}
    for f in item_findings(item):
        found.setdefault(f.code, set()).add((f.option, f.lang, f.severity))
    return found


def test_a_clean_single_choice_item_has_no_findings() -> None:
    assert item_findings(choice(CLEAN)) == []


def test_a_clean_multiple_response_item_has_no_findings() -> None:
    options = [*CLEAN[:3], ("Zet de tool op de lijst van meldingen", "Put the tool on the list of reports", True)]
    assert item_findings(choice(options, kind="multiple_response")) == []


def test_the_longest_key_by_a_clear_margin_is_a_problem_in_each_language() -> None:
    longest = [("Meld het direct bij de servicedesk en bewaar de chat als bewijs voor het onderzoek",
                "Report it to the service desk at once and keep the chat as evidence for the inquiry", True),
               *CLEAN[1:]]
    assert codes(choice(longest))["key_longest"] == {("a", "nl", PROBLEM), ("a", "en", PROBLEM)}


def test_the_longest_key_in_one_language_only_is_found_in_that_language() -> None:
    longest = [("Meld het direct bij de servicedesk en bewaar de chat als bewijs voor het onderzoek",
                "Report it to the service desk at once", True), *CLEAN[1:]]
    assert codes(choice(longest))["key_longest"] == {("a", "nl", PROBLEM)}


def test_a_key_only_a_little_longer_is_no_cue() -> None:
    """Below the margin (25 % and 12 characters), a longer key is nothing to report."""
    little = [("Meld het direct bij de servicedesk nu", "Report it to the service desk at once now", True),
              *CLEAN[1:]]
    assert "key_longest" not in codes(choice(little))


def test_the_shortest_key_is_a_problem() -> None:
    short = [("Melden", "Report", True), *CLEAN[1:]]
    assert codes(choice(short))["key_shortest"] == {("a", "nl", PROBLEM), ("a", "en", PROBLEM)}


LONG_NL_EN = ("Meld het direct bij de servicedesk en bewaar de chat",
              "Report it at once and keep the chat as evidence", True)


def test_multiple_response_correct_options_systematically_longer() -> None:
    options = [LONG_NL_EN,
               ("Zet de tool op de lijst van meldingen voor het AI-board",
                "Put the tool on the list for the AI board now", True),
               ("Wis de chat", "Delete the chat", False), ("Wacht af", "Wait it out", False)]
    found = codes(choice(options, kind="multiple_response"))
    assert found["correct_longer"] == {(None, "nl", PROBLEM), (None, "en", PROBLEM)}


def test_multiple_response_correct_options_longer_on_average_only_is_a_warning() -> None:
    options = [LONG_NL_EN, ("Wis de chat", "Delete the chat", True),
               ("Vraag een collega", "Ask a colleague", False), ("Wacht af", "Wait it out", False)]
    assert codes(choice(options, kind="multiple_response"))["correct_longer"] == {(None, "nl", WARNING),
                                                                                  (None, "en", WARNING)}


@pytest.mark.parametrize(("nl", "en"), [("Alle bovenstaande antwoorden", "All of the above"),
                                         ("Geen van bovenstaande", "None of the above")])
def test_all_or_none_of_the_above_in_both_languages(nl: str, en: str) -> None:
    item = choice([*CLEAN[:3], (nl, en, False)])
    assert codes(item)["all_or_none"] == {("d", "nl", WARNING), ("d", "en", WARNING)}


def test_absolute_words_only_in_distractors() -> None:
    options = [CLEAN[0], ("Wis de chat altijd en ga door", "Always delete the chat and go on", False), *CLEAN[2:]]
    assert codes(choice(options))["absolute_in_distractor"] == {("b", "nl", WARNING), ("b", "en", WARNING)}


def test_absolute_words_in_the_key_as_well_are_no_cue() -> None:
    options = [("Meld het altijd bij de servicedesk", "Always report it to the service desk", True),
               ("Wis de chat altijd en ga door", "Always delete the chat and go on", False), *CLEAN[2:]]
    assert "absolute_in_distractor" not in codes(choice(options))


def test_hedge_words_only_in_the_key() -> None:
    options = [("Meestal meld je het bij de servicedesk", "Usually you report it to the service desk", True),
               *CLEAN[1:]]
    assert codes(choice(options))["hedge_in_key"] == {("a", "nl", WARNING), ("a", "en", WARNING)}


def test_a_negative_stem_is_a_warning_unless_emphasised() -> None:
    plain = {"nl": "Welke stap zet je niet als eerste?", "en": "Which step do you not take first?"}
    assert codes(choice(CLEAN, plain))["negative_stem"] == {(None, "nl", WARNING), (None, "en", WARNING)}
    shouted = {"nl": "Welke stap zet je NIET als eerste?", "en": "Which step do you <strong>not</strong> take first?"}
    assert "negative_stem" not in codes(choice(CLEAN, shouted))


@pytest.mark.parametrize("count", [2, 6])
def test_single_choice_option_count(count: int) -> None:
    options = [(f"Optie nummer {n} met tekst", f"Option number {n} with text", n == 0) for n in range(count)]
    assert codes(choice(options))["option_count"] == {(None, None, WARNING)}


def test_ordering_and_matching_counts() -> None:
    ordering = {"key": "o", "type": "ordering", "stem": STEM,
                "options": [{"key": k, "text": {"nl": f"Stap {k}", "en": f"Step {k}"}} for k in "abcdefgh"]}
    assert codes(ordering)["option_count"] == {(None, None, WARNING)}
    matching = {"key": "m", "type": "matching", "stem": STEM,
                "pairs": [{"key": k, "left": {"nl": k, "en": k}, "right": {"nl": k * 2, "en": k * 2}} for k in "ab"]}
    assert codes(matching)["option_count"] == {(None, None, WARNING)}


def test_dutch_and_english_lengths_out_of_band() -> None:
    options = [CLEAN[0], ("Wis de chat en ga daarna gewoon verder met je eigen werkzaamheden van vandaag",
                          "Delete the chat", False), *CLEAN[2:]]
    stem = {"nl": STEM["nl"], "en": "Which step first?"}
    found = codes(choice(options, stem))
    assert ("b", None, WARNING) in found["language_length"]
    assert (None, None, WARNING) in found["language_length"]  # the stem


def test_the_key_repeats_the_stem_words() -> None:
    options = [("Een vermoedelijk datalek via de AI-tool melden", "Report the suspected data leak through the AI tool",
                True), *CLEAN[1:]]
    assert codes(choice(options))["stem_overlap"] == {("a", "nl", WARNING), ("a", "en", WARNING)}


def test_true_false_statement_cues() -> None:
    def statement(nl: str, en: str, truth: str) -> dict[str, Any]:
        return {"key": "tf", "type": "true_false", "stem": {"nl": nl, "en": en},
                "options": [{"key": "true", "text": {"nl": "Waar", "en": "True"}, "correct": truth == "true"},
                            {"key": "false", "text": {"nl": "Onwaar", "en": "False"}, "correct": truth == "false"}]}
    absolute = statement("Je mag klantgegevens nooit in een prompt zetten.",
                         "You may never put client data in a prompt.", "false")
    assert codes(absolute)["statement_absolute_false"] == {(None, "nl", WARNING), (None, "en", WARNING)}
    hedged = statement("AI-output is meestal te controleren.", "AI output can usually be checked.", "true")
    assert codes(hedged)["statement_hedge_true"] == {(None, "nl", WARNING), (None, "en", WARNING)}
    assert item_findings(statement("Een AI-samenvatting vervangt de bron.", "An AI summary replaces the source.",
                                   "false")) == []


def test_has_problem_only_for_problem_severity() -> None:
    assert not has_problem(item_findings(choice([CLEAN[0], ("Wis de chat altijd", "Always delete the chat", False),
                                                 *CLEAN[2:]])))
    assert has_problem(item_findings(choice([("Melden", "Report", True), *CLEAN[1:]])))


def positioned(position: int, n: int = 4) -> dict[str, Any]:
    return choice([(f"Optie {k} met tekst", f"Option {k} with text", k == position) for k in range(n)])


def test_key_positions_balanced_and_imbalanced() -> None:
    balanced = level_balance("basic", [positioned(k % 4) for k in range(20)])
    assert balanced.key_positions == [5, 5, 5, 5] and balanced.findings == []
    skewed = level_balance("basic", [positioned(3 if k % 5 else 0) for k in range(20)])
    assert skewed.key_positions == [4, 0, 0, 16]
    assert [f.code for f in skewed.findings] == ["key_position_imbalance"]
    assert skewed.position_p is not None and skewed.position_p < 0.05


def tf(truth: str) -> dict[str, Any]:
    return {"key": "tf", "type": "true_false", "level": "basic", "stem": STEM,
            "options": [{"key": "true", "correct": truth == "true"}, {"key": "false", "correct": truth == "false"}]}


def test_true_false_balance() -> None:
    assert level_balance("basic", [tf("true"), tf("false")] * 4).findings == []
    skewed = level_balance("basic", [tf("false")] * 7 + [tf("true")])
    assert skewed.true_false == (1, 8) and [f.code for f in skewed.findings] == ["true_share"]


def test_multiple_response_number_correct_pattern() -> None:
    def mr(correct: int) -> dict[str, Any]:
        return {"type": "multiple_response", "level": "basic",
                "options": [{"key": str(n), "correct": n < correct} for n in range(5)]}
    assert level_balance("basic", [mr(2), mr(3), mr(1), mr(2), mr(3)]).findings == []
    pattern = level_balance("basic", [mr(3)] * 5)
    assert pattern.correct_counts == {3: 5} and [f.code for f in pattern.findings] == ["correct_count_pattern"]


def test_bank_balance_per_level() -> None:
    items = [{**positioned(k % 4), "level": level} for level in ("basic", "expert") for k in range(8)]
    assert [b.level for b in bank_balance(items)] == ["basic", "expert"]
