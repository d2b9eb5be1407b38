"""Finding text of the other language on a page or in an export, from the catalogue.

A Dutch page must show no English msgid of the catalogue, an English page no Dutch msgstr; messages that
read the same in both languages ("Status", "CISO / privacy") are never a finding. Raw codes (``basic``,
``submitted``, ``view_reports``) are a finding in either language.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "lti_tool/translations/nl/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]")
#: words and names that are the same in both languages or proper names, though the catalogue has them in
#: one language only (keep this short: every entry hides a possible leak)
ALLOWED = {"AI-diploma", "CISO", "L&D", "HR", "LMS", "LTI", "CSV", "XLSX", "PDF", "QTI", "GIFT", "YAML", "xAPI",
           "Rasch", "2PL", "OK", "E-mail", "e-mail", "Expert", "expert", "Status", "status", "Team", "team"}
#: attributes a person reads (or hears from a screen reader)
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
SKIPPED_TAGS = {"script", "style", "template", "noscript", "textarea"}
#: a substring finding needs a phrase of at least this many words (one word inside a sentence is ambiguous)
PHRASE_WORDS = 3


def compile_catalogue() -> None:
    """The .mo the app reads, from the .po as it is now (the .mo is a build product, not in git). Written beside it
    and renamed into place: a test in another process (pytest-xdist) may be reading it at that moment, and a file
    rewritten in place would be empty or half written for it."""
    target = PO.with_suffix(".mo")
    with PO.open("rb") as source:
        catalog = read_po(source)
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".mo.tmp", delete=False) as out:
        write_mo(out, catalog)
    os.replace(out.name, target)


@dataclass(frozen=True)
class Language:
    """The texts of one language that must not appear on pages of the other."""

    whole: re.Pattern[str]  # a text node that is one message (placeholders filled with anything)
    phrase: re.Pattern[str] | None  # a long literal piece of a message, anywhere in a node


def _texts(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _pattern(message: str) -> str:
    pieces = PLACEHOLDER.split(_norm(message))
    return ".+?".join(re.escape(p) for p in pieces)


def _phrases(message: str) -> Iterator[str]:
    for piece in PLACEHOLDER.split(_norm(message)):
        piece = piece.strip(" .,:;()–—·")
        if len(piece.split()) >= PHRASE_WORDS and re.search(r"[A-Za-z]{3}", piece):
            yield piece


def extracted_msgids(folder: Path) -> set[str]:
    """Every message in the code and templates now (also those the catalogue does not have yet)."""
    pot = folder / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([pybabel, "extract", "-F", "babel.cfg", "-k", "_l", "-o", pot, "."], cwd=ROOT, check=True,
                   capture_output=True)
    with pot.open("rb") as fh:
        return {_norm(t) for m in read_po(fh) if m.id for t in _texts(m.id)}


def catalogue_languages(po: Path = PO, extracted: Iterable[str] = ()) -> dict[str, Language]:
    """``{"nl": what must not be on a Dutch page (English msgids), "en": ... (Dutch msgstrs)}``. ``extracted``
    msgids without a Dutch translation count as English: on a Dutch page they are untranslated text."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    english: set[str] = set()
    dutch: set[str] = set()
    translated = {_norm(t) for m in catalog if m.id and not m.fuzzy and any(_texts(m.string)) for t in _texts(m.id)}
    english.update(t for t in extracted if t not in translated)
    for message in catalog:
        if not message.id or message.fuzzy or not any(_texts(message.string)):
            continue
        for msgid in _texts(message.id):
            for msgstr in _texts(message.string):
                if msgstr and _norm(msgid).casefold() != _norm(msgstr).casefold():
                    english.add(_norm(msgid))
                    dutch.add(_norm(msgstr))
    both = {t.casefold() for t in english} & {t.casefold() for t in dutch}
    return {"nl": _language(t for t in english if t.casefold() not in both),
            "en": _language(t for t in dutch if t.casefold() not in both)}


def _language(texts: Iterable[str]) -> Language:
    kept = sorted({t for t in texts if t not in ALLOWED and _worded(t)}, key=len, reverse=True)
    phrases = sorted({p for t in kept for p in _phrases(t)}, key=len, reverse=True)
    whole = re.compile("|".join(_pattern(t) for t in kept))
    phrase = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)") if phrases else None
    return Language(whole, phrase)


def _worded(message: str) -> bool:
    """Whether a message says enough by itself to be recognised: a word of four letters or more besides its
    placeholders ("%(a)s of %(b)s" would match Dutch "A of B")."""
    literal = PLACEHOLDER.sub(" ", message)
    return bool(re.search(r"[^\W\d_]{4}", literal)) and (not PLACEHOLDER.search(message) or len(literal.split()) > 1
                                                         or len(literal.strip()) >= 8)


def visible_texts(html: str, lang: str) -> list[str]:
    """The text nodes a person reads on the page, and the read attributes; parts marked with another ``lang``
    (the language switch, bilingual content) are left out."""
    root = lxml.html.fromstring(html)
    out: list[str] = []
    _walk(root, lang, lang, out)
    return [t for t in (_norm(t) for t in out) if t]


def _walk(element: lxml.html.HtmlElement, page_lang: str, inherited: str, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    here = (element.get("lang") or inherited).split("-")[0] if tag else inherited
    if tag and tag not in SKIPPED_TAGS and here == page_lang:
        out.extend(element.get(a) or "" for a in READ_ATTRIBUTES)
        if tag == "input" and element.get("type") in ("submit", "button"):
            out.append(element.get("value") or "")
        out.append(element.text or "")
        for child in element:
            _walk(child, page_lang, here, out)
    if element.tail and inherited == page_lang:
        out.append(element.tail)


#: separators between a label and its value in one text node ("sent: 45", "Basic · 2026-06-30")
PIECES = re.compile(r"\s*[:·|—–()]\s*|\s+-\s+")


def findings(texts: Iterable[str], other: Language, codes: set[str], data: Set[str] = frozenset()) -> list[str]:
    """Each text that is (or holds a phrase of) the other language, or is a raw code; a text is also read in
    the pieces its separators make. Pieces in ``data`` (the organisation's and the LMS's own words: a function
    group "medewerker", a link titled "AI-diploma basis") are shown as they are and left out."""
    found = []
    for whole in texts:
        parts = [p for p in PIECES.split(whole) if p]
        kept = [p for p in parts if p not in data]
        if not kept:
            continue
        text = whole if len(kept) == len(parts) else " · ".join(kept)
        pieces = [text, *(p for p in kept if p != text)]
        # a code that is also a word ("basic") is a finding only as a whole text; one with "_" or "." anywhere
        if hit := next((p for p in pieces if p in codes and (p == text or re.search(r"[_.]", p))), None):
            found.append(f"code {hit!r}" + (f" in {text[:120]!r}" if hit != text else ""))
        elif hit := next((p for p in pieces if p not in ALLOWED and other.whole.fullmatch(p)), None):
            found.append(repr(hit) + (f" in {text[:120]!r}" if hit != text else ""))
        elif other.phrase is not None and (m := other.phrase.search(text)):
            found.append(f"{m.group(0)!r} in {text[:120]!r}")
    return found
