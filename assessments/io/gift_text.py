"""GIFT text conventions shared by the GIFT format (``gift``) and the item types' GIFT codecs: escaping
and Moodle multilang spans."""

from __future__ import annotations

import html
from collections.abc import Mapping

from .values import LANGS, is_html

SPECIAL = "~=#{}:\\"


def escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in SPECIAL:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            continue
        else:
            out.append(ch)
    return "".join(out)


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt if nxt in SPECIAL else "\\" + nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _html_text(text: str) -> str:
    return text if is_html(text) else html.escape(text, quote=False)


def multilang(text: Mapping[str, str]) -> str:
    """``{nl, en}`` as Moodle multilang spans (unescaped; :func:`escape` it for GIFT)."""
    return "".join(f'<span lang="{lang}" class="multilang">{_html_text(text.get(lang, ""))}</span>' for lang in LANGS)


def ml(text: Mapping[str, str]) -> str:
    """A language map as escaped multilang spans."""
    return escape(multilang(text))


def weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def find_unescaped(text: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def split_unescaped(text: str, target: str) -> list[str]:
    parts, start = [], 0
    while True:
        pos = find_unescaped(text, target, start)
        if pos < 0:
            parts.append(text[start:])
            return parts
        parts.append(text[start:pos])
        start = pos + len(target)
