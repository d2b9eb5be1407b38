"""Surface cues in item texts that let a test-wise candidate answer without knowing the subject.

The words lists and thresholds behind the item-writing checks (``assessments.item_checks``) and the
cue-only strategies (``assessments.cue_strategies``). A finding is a code with parameters and a
severity; the edge words it in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..text import LANGUAGES
from .base import plain_text
from .finding import WARNING, Finding

#: the key differs in length from the nearest distractor by at least this share *and* this many characters
LENGTH_MARGIN_SHARE = 0.25
LENGTH_MARGIN_CHARS = 12
#: Dutch over English length of the same text; Dutch runs longer, so the band is not symmetric
LANGUAGE_RATIO_BAND = (0.6, 1.6)
#: texts shorter than this (in both languages) are too short for a meaningful length ratio
LANGUAGE_RATIO_MIN_CHARS = 20
#: the key shares at least this many more stem words than the best distractor, and at least twice as many
OVERLAP_MARGIN = 2

ABSOLUTE = {
    "en": ("always", "never", "only", "all", "none", "must", "completely", "entirely", "every", "no one"),
    "nl": ("altijd", "nooit", "alleen", "uitsluitend", "alle", "geen enkele", "moet", "moeten", "volledig",
           "nimmer", "iedereen", "niemand"),
}
HEDGE = {
    "en": ("usually", "may", "can", "in general", "generally", "often", "sometimes", "might", "possibly"),
    "nl": ("meestal", "kan", "kunnen", "doorgaans", "in het algemeen", "vaak", "soms", "mogelijk", "over het algemeen"),
}
ALL_OR_NONE = {
    "en": ("all of the above", "none of the above", "all the above", "all answers", "none of these",
           "all of these", "both of the above"),
    "nl": ("alle bovenstaande", "geen van bovenstaande", "geen van de bovenstaande", "alle antwoorden",
           "alle bovengenoemde", "geen van de antwoorden", "alle genoemde", "geen van beide", "allebei"),
}
NEGATIONS = {"en": ("not", "except", "never", "least"), "nl": ("niet", "behalve", "geen", "nooit", "minst")}
STOPWORDS = {
    "en": frozenset(re.findall(r"\S+", "the a an and or of to in on for with is are be by as at it this that which "
                                       "what who your you from when how their they does do not can may will would "
                                       "should have has into")),
    "nl": frozenset(re.findall(r"\S+", "de het een en of van te in op voor met is zijn wordt worden door als bij dit "
                                       "dat die wat wie je jij jouw uw welke hoe hun zij doet doen niet kan mag zal "
                                       "zou moet heeft hebben naar om er aan ook dan")),
}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_EMPHASIS = re.compile(r"<(strong|b|em|u)>(.*?)</\1>", re.IGNORECASE | re.DOTALL)


def text_in(text: object, lang: str) -> str:
    """Plain text of a language map in ``lang`` ('' when missing)."""
    return plain_text(str(text.get(lang) or "")) if isinstance(text, Mapping) else ""


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def phrases_in(text: str, phrases: Sequence[str]) -> list[str]:
    """The phrases (whole words, case-insensitive) that occur in ``text``."""
    low = " " + " ".join(words(text)) + " "
    return [p for p in phrases if f" {p} " in low]


def has_absolute(text: str, lang: str) -> bool:
    return bool(phrases_in(text, ABSOLUTE[lang]))


def has_hedge(text: str, lang: str) -> bool:
    return bool(phrases_in(text, HEDGE[lang]))


def content_words(text: str, lang: str) -> set[str]:
    """Words of three letters or more that carry meaning (no stop words)."""
    return {w for w in words(text) if len(w) >= 3 and w not in STOPWORDS[lang]}


def unemphasised_negations(stem_html: str, lang: str) -> list[str]:
    """Negation words in a stem that are neither in capitals nor inside <strong>/<b>/<em>/<u>."""
    emphasised = {w.casefold() for _tag, inner in _EMPHASIS.findall(stem_html or "") for w in _WORD.findall(inner)}
    found = []
    for word in _WORD.findall(plain_text(stem_html or "")):
        low = word.casefold()
        if low in NEGATIONS[lang] and not (word.isupper() and len(word) > 1) and low not in emphasised:
            found.append(low)
    return sorted(set(found))


def clearly_longer(a: int, b: int) -> bool:
    """``a`` exceeds ``b`` by the clear margin (share and characters)."""
    return a - b >= LENGTH_MARGIN_CHARS and a >= b * (1 + LENGTH_MARGIN_SHARE)


def language_ratio_findings(where: str, text: object, option: str | None = None) -> list[Finding]:
    """A finding when the Dutch and English texts differ in length beyond the band."""
    nl, en = len(text_in(text, "nl")), len(text_in(text, "en"))
    if max(nl, en) < LANGUAGE_RATIO_MIN_CHARS or not nl or not en:
        return []
    ratio = nl / en
    low, high = LANGUAGE_RATIO_BAND
    if low <= ratio <= high:
        return []
    return [Finding("language_length", WARNING, option, None,
                    {"where": where, "ratio": round(ratio, 2), "nl": nl, "en": en})]


def all_or_none_findings(options: Sequence[Mapping[str, Any]]) -> list[Finding]:
    found = []
    for option in options:
        for lang in LANGUAGES:
            hits = phrases_in(text_in(option.get("text"), lang), ALL_OR_NONE[lang])
            if hits:
                found.append(Finding("all_or_none", WARNING, str(option.get("key")), lang, {"phrase": hits[0]}))
    return found
