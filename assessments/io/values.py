"""Values every format reads and writes: languages, texts (plain or simple HTML), numbers, yes/no cells,
``|``-separated lists and the record's field order. Imports no item type (the item types' codecs use it)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

LANGS = ("nl", "en")
LANG_NAMES = {"nl": "Dutch", "en": "English"}
SCORING = ("partial", "all_or_nothing")
TRUE_FALSE_TEXT = {"true": {"nl": "Waar", "en": "True"}, "false": {"nl": "Onwaar", "en": "False"}}
KEY_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
#: tags that make a text "simple HTML" rather than plain text (see ``is_html``)
HTML_TAGS = (
    "p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "code", "pre", "ul", "ol", "li",
    "span", "div", "blockquote", "a", "small", "s", "mark", "abbr", "q", "cite", "kbd",
)
_HTML_RE = re.compile(r"</?(?:" + "|".join(HTML_TAGS) + r")(?:\s[^<>]*)?/?>", re.IGNORECASE)


def is_html(text: str) -> bool:
    """A text is treated as simple HTML when it contains one of :data:`HTML_TAGS`; otherwise plain text.

    Plain text may contain ``<`` and ``&`` (``<API_KEY>``): exporters escape it, importers unescape it.
    """
    return bool(_HTML_RE.search(text))


def parse_number(value: Any) -> int | float | None:
    """``2025`` → 2025, ``"0,5"`` (Dutch Excel) or ``"0.5"`` → 0.5; None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if math.isfinite(value) else None
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    text = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def format_number(value: int | float) -> str:
    return str(value)


YES = {"yes", "y", "true", "1", "ja", "j", "waar", "x"}
NO = {"no", "n", "false", "0", "nee", "onwaar", ""}


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float):
        return bool(value) if value in (0, 1) else None
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def canonical(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with its fields in the authored order (what the YAML files use); values unchanged."""
    order = (
        "key", "competence", "level", "type", "high_risk", "author", "policy_refs", "case", "scoring",
        "expected_facility", "stem", "options", "pairs", "answer", "tolerance", "unit", "accepted", "rationale",
    )
    out = {k: record[k] for k in order if k in record}
    out.update({k: v for k, v in record.items() if k not in out})
    return out


def missing_langs(text: Any) -> list[str]:
    """The languages a language map lacks (all of them when it is not a map)."""
    if not isinstance(text, Mapping):
        return list(LANGS)
    return [lang for lang in LANGS if not isinstance(text.get(lang), str) or not text[lang].strip()]


def lang_names(langs: Iterable[str]) -> str:
    names = [LANG_NAMES[lang] for lang in langs]
    return " and ".join(names)


def split_list(text: str, sep: str = "|") -> list[str]:
    r"""``a|b\|c`` → ``["a", "b|c"]``; ``\\`` is a backslash. Items are stripped; empty items dropped."""
    items, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in (sep, "\\"):
            current.append(text[i + 1])
            i += 2
            continue
        if ch == sep:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    items.append("".join(current))
    return [s.strip() for s in items if s.strip()]


def join_list(values: Iterable[str], sep: str = "|") -> str:
    return sep.join(v.replace("\\", "\\\\").replace(sep, "\\" + sep) for v in values)


def fill_language(text: Any, lang: str) -> Any:
    """Copy the other language into ``lang`` when it is missing (``fill_missing_language``)."""
    if isinstance(text, dict) and not text.get(lang):
        other = next((text[o] for o in LANGS if o != lang and text.get(o)), None)
        if other is not None:
            text[lang] = other
    return text


def walk_texts(record: dict[str, Any], fn: Callable[[dict[str, Any]], Any]) -> None:
    """Call ``fn`` on every language map in a record."""
    for name in ("stem", "rationale", "unit"):
        if isinstance(record.get(name), dict):
            fn(record[name])
    for option in record.get("options") or []:
        for name in ("text", "feedback"):
            if isinstance(option.get(name), dict):
                fn(option[name])
    for pair in record.get("pairs") or []:
        for name in ("left", "right"):
            if isinstance(pair.get(name), dict):
                fn(pair[name])
