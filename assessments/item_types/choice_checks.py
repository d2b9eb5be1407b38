"""Item-writing checks of the option-based types (single choice, multiple response, true/false).

Each function returns findings (``finding.Finding``); the types' ``findings`` compose them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import mean
from typing import Any

from ..text import LANGUAGES
from .cues import (
    ABSOLUTE,
    HEDGE,
    OVERLAP_MARGIN,
    all_or_none_findings,
    clearly_longer,
    content_words,
    has_absolute,
    has_hedge,
    language_ratio_findings,
    phrases_in,
    text_in,
    unemphasised_negations,
)
from .finding import PROBLEM, WARNING, Finding

Options = Sequence[Mapping[str, Any]]


def split(options: Options) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """(correct options, distractors)."""
    return [o for o in options if o.get("correct")], [o for o in options if not o.get("correct")]


def option_count(options: Options, low: int, high: int) -> list[Finding]:
    """Fewer than ``low`` or more than ``high`` options: a warning (too few raises the chance of guessing, too
    many makes weak distractors; fewer than the type needs at all is an error of ``check``)."""
    n = len(options)
    if low <= n <= high:
        return []
    return [Finding("option_count", WARNING, params={"count": n, "low": low, "high": high})]


def key_length(options: Options) -> list[Finding]:
    """Single choice: the key is the longest or the shortest option by a clear margin, per language."""
    keys, distractors = split(options)
    if len(keys) != 1 or not distractors:
        return []
    key, found = keys[0], []
    for lang in LANGUAGES:
        length = len(text_in(key.get("text"), lang))
        others = [len(text_in(o.get("text"), lang)) for o in distractors]
        if clearly_longer(length, max(others)):
            found.append(Finding("key_longest", PROBLEM, str(key.get("key")), lang,
                                 {"chars": length, "other": max(others)}))
        elif clearly_longer(min(others), length):
            found.append(Finding("key_shortest", PROBLEM, str(key.get("key")), lang,
                                 {"chars": length, "other": min(others)}))
    return found


def correct_length(options: Options) -> list[Finding]:
    """Multiple response: the correct options are systematically longer (or shorter) than the wrong ones;
    a problem when every correct option is beyond every wrong one, a warning when only the means are."""
    correct, wrong = split(options)
    if not correct or not wrong:
        return []
    found = []
    for lang in LANGUAGES:
        right = [len(text_in(o.get("text"), lang)) for o in correct]
        other = [len(text_in(o.get("text"), lang)) for o in wrong]
        params = {"correct": round(mean(right)), "wrong": round(mean(other))}
        if clearly_longer(round(mean(right)), round(mean(other))):
            severity = PROBLEM if min(right) > max(other) else WARNING
            found.append(Finding("correct_longer", severity, None, lang, params))
        elif clearly_longer(round(mean(other)), round(mean(right))):
            severity = PROBLEM if max(right) < min(other) else WARNING
            found.append(Finding("correct_shorter", severity, None, lang, params))
    return found


def word_cues(options: Options) -> list[Finding]:
    """Absolute words only in distractors (they read as wrong), hedges only in keys (they read as right)."""
    correct, wrong = split(options)
    found = []
    for lang in LANGUAGES:
        absolute = [o for o in wrong if has_absolute(text_in(o.get("text"), lang), lang)]
        if absolute and not any(has_absolute(text_in(o.get("text"), lang), lang) for o in correct):
            for option in absolute:
                hits = phrases_in(text_in(option.get("text"), lang), ABSOLUTE[lang])
                found.append(Finding("absolute_in_distractor", WARNING, str(option.get("key")), lang,
                                     {"words": ", ".join(hits)}))
        hedged = [o for o in correct if has_hedge(text_in(o.get("text"), lang), lang)]
        if hedged and not any(has_hedge(text_in(o.get("text"), lang), lang) for o in wrong):
            for option in hedged:
                hits = phrases_in(text_in(option.get("text"), lang), HEDGE[lang])
                found.append(Finding("hedge_in_key", WARNING, str(option.get("key")), lang,
                                     {"words": ", ".join(hits)}))
    return found


def stem_overlap(stem: object, options: Options) -> list[Finding]:
    """Single choice: the key repeats far more of the stem's words than any distractor."""
    keys, distractors = split(options)
    if len(keys) != 1 or not distractors:
        return []
    found = []
    for lang in LANGUAGES:
        stem_words = content_words(text_in(stem, lang), lang)
        shared = len(stem_words & content_words(text_in(keys[0].get("text"), lang), lang))
        best = max(len(stem_words & content_words(text_in(o.get("text"), lang), lang)) for o in distractors)
        if shared - best >= OVERLAP_MARGIN and shared >= 2 * best:
            found.append(Finding("stem_overlap", WARNING, str(keys[0].get("key")), lang,
                                 {"key_words": shared, "other_words": best}))
    return found


def negative_stem(stem: object) -> list[Finding]:
    """A negation in the stem that is not emphasised (capitals or bold) is easily overlooked."""
    raw = stem if isinstance(stem, Mapping) else {}
    return [Finding("negative_stem", WARNING, None, lang, {"words": ", ".join(hits)})
            for lang in LANGUAGES if (hits := unemphasised_negations(str(raw.get(lang) or ""), lang))]


def statement_cues(content: Mapping[str, Any]) -> list[Finding]:
    """True/false: a statement with an absolute word that is false, or with a hedge that is true."""
    truth = next((str(o.get("key")) for o in content.get("options") or [] if o.get("correct")), None)
    found = []
    for lang in LANGUAGES:
        statement = text_in(content.get("stem"), lang)
        if truth == "false" and has_absolute(statement, lang):
            hits = phrases_in(statement, ABSOLUTE[lang])
            found.append(Finding("statement_absolute_false", WARNING, None, lang, {"words": ", ".join(hits)}))
        if truth == "true" and has_hedge(statement, lang):
            hits = phrases_in(statement, HEDGE[lang])
            found.append(Finding("statement_hedge_true", WARNING, None, lang, {"words": ", ".join(hits)}))
    return found


def texts_ratio(options: Options) -> list[Finding]:
    return [f for o in options for f in language_ratio_findings("option", o.get("text"), str(o.get("key")))]


def single_choice(content: Mapping[str, Any]) -> list[Finding]:
    options = content.get("options") or []
    return [*option_count(options, 3, 5), *key_length(options), *all_or_none_findings(options),
            *word_cues(options), *negative_stem(content.get("stem")), *stem_overlap(content.get("stem"), options),
            *texts_ratio(options)]


def multiple_response(content: Mapping[str, Any]) -> list[Finding]:
    options = content.get("options") or []
    return [*option_count(options, 4, 8), *correct_length(options), *all_or_none_findings(options),
            *word_cues(options), *negative_stem(content.get("stem")), *texts_ratio(options)]


def true_false(content: Mapping[str, Any]) -> list[Finding]:
    return statement_cues(content)
