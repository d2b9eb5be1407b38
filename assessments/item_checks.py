"""Item-writing checks for L&D: cues that let a test-wise candidate score without knowing the subject.

``item_findings`` checks one item (the checks every type shares, then its type's own, see
``ItemType.findings``); ``bank_findings`` checks a set of items per level: the position of the key
among single-choice items, the share of "true" among true/false items and the number of correct
options among multiple-response items. Findings are codes with parameters and a severity (warning or
problem); the edge words them. Thresholds live in ``item_types/cues.py`` and below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scipy import stats

from .item_types.cues import language_ratio_findings
from .item_types.finding import PROBLEM, WARNING, Finding
from .item_types.registry import ITEM_TYPES
from .text import missing_languages

#: a bank-level imbalance is reported below this p-value (chi-square for key positions, binomial for true/false)
BALANCE_ALPHA = 0.05
#: the share of "true" among true/false items must stay within this band (with at least TF_MIN_ITEMS items)
TRUE_SHARE_BAND = (0.3, 0.7)
TF_MIN_ITEMS = 6
#: multiple response: one number of correct options in more than this share of the items is a pattern
MR_PATTERN_SHARE = 0.75
MR_MIN_ITEMS = 4


def missing_text_findings(content: Mapping[str, Any]) -> list[Finding]:
    """A problem for each language the question text, rationale, an option or a pair side lacks: an item
    imported in one language (plain Moodle GIFT) is a draft until it is translated."""
    found = [Finding("text_missing", PROBLEM, None, lang, {"where": name})
             for name in ("stem", "rationale") if name == "stem" or name in content  # a rationale may be absent
             for lang in missing_languages(content.get(name))]
    for option in content.get("options") or []:
        found.extend(Finding("text_missing", PROBLEM, str(option.get("key")), lang, {"where": "option"})
                     for lang in missing_languages(option.get("text")))
    for pair in content.get("pairs") or []:
        found.extend(Finding("text_missing", PROBLEM, None, lang, {"where": side, "pair": str(pair.get("key"))})
                     for side in ("left", "right") for lang in missing_languages(pair.get(side)))
    return found


def item_findings(content: Mapping[str, Any]) -> list[Finding]:
    """Findings for one authored item (an unknown type has only the shared checks)."""
    found = missing_text_findings(content)
    found.extend(language_ratio_findings("stem", content.get("stem")))
    kind = ITEM_TYPES.get(str(content.get("type") or ""))
    if kind is not None:
        found.extend(kind.findings(content))
    return found


def has_problem(findings: Iterable[Finding]) -> bool:
    return any(f.severity == PROBLEM for f in findings)


@dataclass(frozen=True)
class LevelBalance:
    """The bank-level figures of one level, and the findings they give."""

    level: str
    #: single choice: how often the key is at each position (a, b, c, …) and the count chance expects
    key_positions: list[int]
    expected_positions: list[float]
    position_p: float | None
    true_false: tuple[int, int]  # (items whose answer is "true", true/false items)
    true_p: float | None
    #: multiple response: items per number of correct options
    correct_counts: dict[int, int]
    findings: list[Finding]


def _key_positions(items: list[Mapping[str, Any]]) -> tuple[list[int], list[float]]:
    width = max((len(i.get("options") or []) for i in items), default=0)
    observed, expected = [0] * width, [0.0] * width
    for item in items:
        options = item.get("options") or []
        where = [n for n, o in enumerate(options) if o.get("correct")]
        if len(where) != 1:
            continue
        observed[where[0]] += 1
        for n in range(len(options)):
            expected[n] += 1 / len(options)
    return observed, expected


def _position_findings(level: str, observed: list[int], expected: list[float]) -> tuple[float | None, list[Finding]]:
    used = [(o, e) for o, e in zip(observed, expected, strict=True) if e > 0]
    if sum(observed) < 5 or len(used) < 2:
        return None, []
    p = float(stats.chisquare([o for o, _e in used], [e for _o, e in used]).pvalue)
    if p >= BALANCE_ALPHA:
        return p, []
    shares = ", ".join(f"{chr(97 + n)} {o / sum(observed):.0%}" for n, o in enumerate(observed))
    return p, [Finding("key_position_imbalance", PROBLEM, None, None,
                       {"level": level, "shares": shares, "p": round(p, 3), "n": sum(observed)})]


def _true_false_findings(level: str, items: list[Mapping[str, Any]]) -> tuple[tuple[int, int], float | None,
                                                                               list[Finding]]:
    n = len(items)
    true = sum(1 for i in items for o in i.get("options") or [] if o.get("key") == "true" and o.get("correct"))
    if n == 0:
        return (0, 0), None, []
    p = float(stats.binomtest(true, n, 0.5).pvalue)
    low, high = TRUE_SHARE_BAND
    if p < BALANCE_ALPHA or (n >= TF_MIN_ITEMS and not low <= true / n <= high):
        return (true, n), p, [Finding("true_share", PROBLEM, None, None,
                                      {"level": level, "share": f"{true / n:.0%}", "true": true, "n": n})]
    return (true, n), p, []


def _correct_count_findings(level: str, items: list[Mapping[str, Any]]) -> tuple[dict[int, int], list[Finding]]:
    counts = Counter(sum(1 for o in i.get("options") or [] if o.get("correct")) for i in items)
    if len(items) < MR_MIN_ITEMS:
        return dict(counts), []
    common, times = counts.most_common(1)[0]
    if times / len(items) <= MR_PATTERN_SHARE:
        return dict(counts), []
    return dict(counts), [Finding("correct_count_pattern", WARNING, None, None,
                                  {"level": level, "count": common, "share": f"{times / len(items):.0%}"})]


def level_balance(level: str, items: Iterable[Mapping[str, Any]]) -> LevelBalance:
    """The bank-level checks over the items of one level."""
    by_shape: dict[str, list[Mapping[str, Any]]] = {}
    for item in items:
        kind = ITEM_TYPES.get(str(item.get("type") or ""))
        if kind is not None:
            by_shape.setdefault(kind.answer_shape, []).append(item)
    observed, expected = _key_positions(by_shape.get("one", []))
    position_p, found = _position_findings(level, observed, expected)
    true_false, true_p, tf_found = _true_false_findings(level, by_shape.get("judge", []))
    counts, mr_found = _correct_count_findings(level, by_shape.get("many", []))
    return LevelBalance(level, observed, [round(e, 1) for e in expected], position_p, true_false, true_p, counts,
                        [*found, *tf_found, *mr_found])


def bank_balance(items: Iterable[Mapping[str, Any]]) -> list[LevelBalance]:
    """``level_balance`` for every level that has items, in the order levels first appear."""
    levels: dict[str, list[Mapping[str, Any]]] = {}
    for item in items:
        levels.setdefault(str(item.get("level")), []).append(item)
    return [level_balance(level, level_items) for level, level_items in levels.items()]
