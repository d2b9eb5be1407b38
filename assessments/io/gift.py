r"""Moodle GIFT export and import, both languages in one question.

Convention (what :func:`export_gift` writes and :func:`import_gift` expects)::

    // @meta {"competence": "privacy", "level": "basic", "type": "single_choice", "high_risk": false, ...}
    ::basic-privacy-001::[html]<span lang\="nl" class\="multilang">Vraag</span><span lang\="en" ...>Question</span>{
    =<span lang\="nl" class\="multilang">Goed</span>…#<span …>feedback</span>…
    ~<span …>Fout</span>…#<span …>feedback</span>…
    ####<span lang\="nl" class\="multilang">toelichting</span><span lang\="en" class\="multilang">rationale</span>
    }

* Question name ``::key::`` is the item key. A ``// @meta {json}`` comment line right before the question
  carries what GIFT has no syntax for: competence, level, type, high_risk, author, policy_refs, case,
  scoring, the option keys (``option_keys``), pair keys (``pair_keys``), the unit of a numeric question
  (``unit`` {nl, en}) and the language of each short-text answer (``accepted_languages``). Moodle ignores
  comments, so the file imports into Moodle as is.
* Texts are Moodle multilang spans (the multi-language content filter); plain text is HTML-escaped
  inside the span, simple HTML is kept. The general feedback (``####``) is the rationale.
* Types: single choice (``=``/``~`` with ``#feedback``), multiple response (``~%50%``/``~%-50%``, weights
  ±100/k for k correct options: Moodle's partial credit), true/false (``{TRUE#feedback when False is
  chosen#feedback when True is chosen}`` – Moodle's wrong/right order), matching (``=left -> right``),
  numeric (``{#72:0}``), short answer (``{=a =b}``, answers not translated: every accepted answer of both
  languages is listed). **Ordering has no GIFT form**: it is written as a comment and skipped.
* Special characters ``~ = # { } :`` and ``\`` are escaped with a backslash; a line break is ``\n``.

Plain Moodle GIFT (a question without a ``// @meta`` line, as Moodle itself exports it) is read too: its
texts are in one language (``language``; the other is left empty, a problem finding that blocks review
until translated), and its key, competence and level are assumed (see :mod:`.gift_plain`); Moodle's export
forms (``=%100%`` short answers, ``{#=%100%30:0#… ~#…}`` and ``{#1..5}`` numerics, ``[html]`` markers,
``$CATEGORY`` lines, CRLF and a BOM) are accepted.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..competences import CompetenceModel
from ..item_types.codec import GiftReader, ItemCodec
from ..item_types.registry import ITEM_TYPES
from ..problems import Problem, Term, place
from . import ImportResult, LineError, result
from .gift_plain import assume, filled
from .gift_text import escape, find_unescaped, ml, multilang, split_unescaped, unescape
from .records import check_records
from .values import LANGS, canonical, fill_language, is_html, parse_number, walk_texts

META_PREFIX = "// @meta "


# --- export -----------------------------------------------------------------------------------------------


def _question(record: Mapping[str, Any], codec: ItemCodec | None) -> list[str]:
    """The ``// @meta`` line, the question and its answers (written by the item type's codec)."""
    meta: dict[str, Any] = {
        "competence": record.get("competence"),
        "level": record.get("level"),
        "type": record["type"],
        "high_risk": record.get("high_risk"),
        "author": record.get("author"),
        "policy_refs": list(record.get("policy_refs") or []),
    }
    for name in ("case", "scoring", "expected_facility"):
        if name in record:
            meta[name] = record[name]
    options = record.get("options") or []
    if options:
        meta["option_keys"] = [o["key"] for o in options]
    body = codec.gift_write(record, meta) if codec is not None else []
    head = f"::{escape(str(record['key']))}::[html]{ml(record['stem'])}{{"
    if record.get("rationale"):
        body.append(f"####{ml(record['rationale'])}")
    return [META_PREFIX + json.dumps(meta, ensure_ascii=False), head, *body, "}"]


def export_gift(records: Iterable[Mapping[str, Any]]) -> str:
    """All records as GIFT text; ordering questions are listed as comments (GIFT cannot express them)."""
    blocks = ["// AI diploma question bank – GIFT export (Moodle multilang). See assessments/io/gift.py.",
              "$CATEGORY: ai-diploma"]
    for record in records:
        registered = ITEM_TYPES.get(str(record.get("type", "")))
        codec = registered.codec if registered is not None else None
        if registered is not None and codec is not None and not codec.gift_form:
            blocks.append(f"// SKIPPED {registered.key} question '{record['key']}': GIFT has no {codec.label} "
                          "question type; export it as QTI, CSV or Excel instead.")
            continue
        blocks.append("\n".join(_question(record, codec)))
    return "\n\n".join(blocks) + "\n"


# --- import -----------------------------------------------------------------------------------------------


_SPAN_OPEN = re.compile(r"<span\b([^>]*)>", re.IGNORECASE)
_SPAN_ANY = re.compile(r"<(/?)span\b[^>]*>", re.IGNORECASE)


def split_multilang(text: str) -> dict[str, str] | None:
    """``{lang: text}`` from multilang spans, or None when the text has none (one language)."""
    out: dict[str, str] = {}
    pos = 0
    found = False
    while True:
        match = _SPAN_OPEN.search(text, pos)
        if not match:
            break
        attrs = match.group(1)
        lang = re.search(r'lang\s*=\s*"([^"]*)"', attrs)
        if "multilang" not in attrs or not lang:
            pos = match.end()
            continue
        depth, cursor = 1, match.end()
        end = cursor
        while depth:
            tag = _SPAN_ANY.search(text, cursor)
            if not tag:
                return None
            depth += -1 if tag.group(1) else 1
            end, cursor = tag.start(), tag.end()
        inner = text[match.end():end]
        code = lang.group(1).split("-")[0].lower()
        out[code] = inner if is_html(inner) else html.unescape(inner)
        found = True
        pos = cursor
    return out if found else None


@dataclass
class _Question:
    number: int
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    meta: dict[str, Any] | None = None
    meta_error: str | None = None
    #: the ``$CATEGORY:`` the question is in ('' before the first one)
    category: str = ""

    @property
    def plain(self) -> bool:
        """Plain Moodle GIFT: no ``// @meta`` line (texts in one language, metadata assumed)."""
        return self.meta is None and self.meta_error is None

    @property
    def where(self) -> str:
        return place("gift_question", number=self.number, line=self.line)


def _blocks(text: str) -> list[_Question]:
    questions: list[_Question] = []
    current: _Question | None = None
    pending_meta: tuple[dict[str, Any] | None, str | None] = (None, None)
    number = 0
    category = ""
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        if stripped.startswith("//"):
            if stripped.startswith(META_PREFIX.strip()):
                try:
                    value = json.loads(stripped[len(META_PREFIX.strip()):].strip())
                    pending_meta = (value, None) if isinstance(value, dict) else (None, Problem("gift.meta_object"))
                except json.JSONDecodeError as exc:
                    pending_meta = (None, Problem("gift.meta_json", error=exc.msg, column=exc.colno))
            continue
        if stripped.startswith("$CATEGORY:"):
            category = stripped[len("$CATEGORY:"):].strip()
            current = None
            continue
        if current is None:
            number += 1
            current = _Question(number, lineno, meta=pending_meta[0], meta_error=pending_meta[1], category=category)
            pending_meta = (None, None)
            questions.append(current)
        current.lines.append((lineno, line))
    return questions


@dataclass
class _Answer:
    mark: str
    text: str
    feedback: str | None
    weight: float | None


def _answers(part: str) -> tuple[list[_Answer], str]:
    """The ``=``/``~`` answers of an answer part, or an error message."""
    marks = []
    i = 0
    while i < len(part):
        if part[i] == "\\":
            i += 2
            continue
        if part[i] in "=~":
            marks.append(i)
        i += 1
    if not marks:
        return [], ""
    before = part[:marks[0]].strip()
    if before:
        return [], Problem("gift.text_before_answers", text=unescape(before)[:40])
    answers = []
    for start, end in zip(marks, [*marks[1:], len(part)], strict=True):
        chunk = part[start + 1:end].strip()
        weight = None
        match = re.match(r"%(-?\d+(?:\.\d+)?)%", chunk)
        if match:
            weight = float(match.group(1))
            chunk = chunk[match.end():]
        pieces = split_unescaped(chunk, "#")
        answers.append(_Answer(part[start], pieces[0].strip(), "#".join(pieces[1:]).strip() if len(pieces) > 1
                               else None, weight))
    return answers, ""


#: Moodle's text format markers (``[html]``, ``[moodle]``, ``[plain]``, ``[markdown]``) before a text
_FORMAT = re.compile(r"\s*\[(?:html|moodle|plain|markdown)\]", re.IGNORECASE)


def _texts(raw: str, fill: bool, what: str, errors: list[str], language: str | None = None) -> dict[str, str]:
    """A language map of a GIFT text. Without multilang spans the text is in one language: copied to both
    with ``fill``, in ``language`` only for a plain Moodle question (the other left to translate), else an
    error."""
    text = unescape(_FORMAT.sub("", raw, count=1) if _FORMAT.match(raw) else raw).strip()
    split = split_multilang(text)
    if split is None:
        split = {"nl": text} if not fill else {lang: text for lang in LANGS}
        if not fill and language is not None:
            return {lang: text if lang == language else "" for lang in LANGS}
        if not fill:
            errors.append(Problem("gift.one_language", what=what))
            return {lang: text for lang in LANGS}
    if fill:  # otherwise a missing language is reported by check_records
        for lang in LANGS:
            fill_language(split, lang)
    return {lang: split.get(lang, "") for lang in LANGS}


def _meta_fields(key: str, meta: Mapping[str, Any]) -> dict[str, Any]:
    """The record's fields from the question name and the ``// @meta`` line (the type comes later)."""
    record: dict[str, Any] = {"key": key}
    for name in ("competence", "level"):
        if name in meta:
            record[name] = meta[name]
    record["type"] = ""
    record["high_risk"] = meta.get("high_risk", False)
    if "author" in meta:
        record["author"] = meta["author"]
    record["policy_refs"] = meta.get("policy_refs", [])
    for name in ("case", "scoring", "expected_facility"):
        if name in meta:
            record[name] = meta[name]
    return record


def _parse_question(q: _Question, fill: bool, language: str | None = None
                    ) -> tuple[dict[str, Any] | None, list[LineError]]:
    """One question as a record; ``language``: the language of a text without multilang spans (a plain
    Moodle question), None when such a text is an error."""
    problems: list[str] = []
    source = "\n".join(line for _, line in q.lines)
    text = source
    key = None
    if text.startswith("::"):
        end = find_unescaped(text, "::", 2)
        if end < 0:
            return None, [LineError(q.where, Problem("gift.name_not_closed"))]
        key = unescape(text[2:end]).strip()
        text = text[end + 2:]
    text = text.lstrip()
    if text.startswith("[") and "]" in text[:12]:
        text = text[text.index("]") + 1:]
    open_at = find_unescaped(text, "{")
    if open_at < 0:
        return None, [LineError(q.where, Problem("gift.no_answers"))]
    close_at = find_unescaped(text, "}", open_at + 1)
    brace_line = q.lines[0][0] + source[:len(source) - len(text) + open_at].count("\n")
    if close_at < 0:
        return None, [LineError(q.where, Problem("gift.brace_not_closed", line=brace_line))]
    second = find_unescaped(text, "{", open_at + 1)
    if 0 <= second < close_at:
        return None, [LineError(q.where, Problem("gift.second_brace", line=brace_line))]
    after = text[close_at + 1:].strip()
    if after:
        return None, [LineError(q.where, Problem("gift.missing_word"))]
    meta = dict(q.meta or {})
    if q.meta_error:
        problems.append(Problem("gift.meta", problem=q.meta_error))
    if not key and language is None:
        problems.append(Problem("gift.no_name"))
    record = _meta_fields(key or "", meta)
    texts = partial(_texts, fill=fill, errors=problems, language=language)
    record["stem"] = texts(text[:open_at], what=place("gift_stem"))
    part = text[open_at + 1:close_at]
    general = split_unescaped(part, "####")
    part = general[0].strip()
    if len(general) > 1 and "####".join(general[1:]).strip():
        record["rationale"] = texts("####".join(general[1:]), what=place("gift_rationale"))
    declared = meta.get("type")
    kind = _read_answers(record, part, meta, texts, problems)
    if kind and declared and declared != kind and not (_form_of(declared) == _form_of(kind) == "multichoice"):
        problems.append(Problem("gift.type_differs", declared=declared, type=Term(ITEM_TYPES[kind].codec.label)))
    record["type"] = declared or kind
    if not kind:
        return None, [LineError(q.where, p) for p in problems]
    return canonical(record), [LineError(q.where, p) for p in problems]


def _option_keys(meta: Mapping[str, Any], n: int, problems: list[str]) -> list[str]:
    keys = meta.get("option_keys")
    if keys is None:
        return [chr(ord("a") + i) for i in range(n)]
    if not isinstance(keys, list) or len(keys) != n:
        problems.append(Problem("gift.option_keys", keys=len(keys) if isinstance(keys, list) else 0, answers=n))
        return [chr(ord("a") + i) for i in range(n)]
    return [str(k) for k in keys]


def _codec_of(kind: Any) -> ItemCodec | None:
    registered = ITEM_TYPES.get(kind) if isinstance(kind, str) else None
    return registered.codec if registered is not None else None


def _form_of(kind: Any) -> str:
    """The GIFT question form of a type ('' for an unknown type)."""
    codec = _codec_of(kind)
    return codec.gift_form if codec is not None else ""


def _read_as(form: str, record: dict[str, Any], answers: Any, gift: GiftReader, *, weighted: bool = False) -> str:
    """Let the item type written in GIFT's question form ``form`` (for multiple choice: with or without
    weights) read its fields from the answers; returns the type."""
    kind = next(key for key, registered in ITEM_TYPES.items()
                if registered.codec.gift_form == form and registered.codec.gift_weighted == weighted)
    ITEM_TYPES[kind].codec.gift_read(record, answers, gift)
    return kind


def _numeric(part: str) -> tuple[float, float] | None:
    """``{#answer:tolerance}``, ``{#min..max}`` or Moodle's export form ``{#=%100%answer:tolerance#feedback
    ~#feedback for any other answer}`` (one full-credit answer; the feedback is not kept): (answer,
    tolerance), or None when it is not a number."""
    body = part[1:].strip()
    if body[:1] in ("=", "~"):
        answers, error = _answers(body)
        right = [a for a in answers if a.mark == "=" and a.weight in (None, 100.0)]
        if error or len(right) != 1 or any(a.mark == "=" and a.weight not in (None, 100.0) for a in answers):
            return None
        body = right[0].text.strip()
    match = re.fullmatch(r"([^:\s]+?)\s*(?:(?::|\.\.)\s*([^\s]+))?\s*", body)
    if not match:
        return None
    first, second = parse_number(match.group(1)), parse_number(match.group(2) or "0")
    if first is None or second is None:
        return None
    if ".." in body:  # a range: its middle, give or take half its width
        low, high = sorted((first, second))
        middle, half = (low + high) / 2, (high - low) / 2
        return (int(middle) if float(middle).is_integer() else middle, int(half) if float(half).is_integer() else half)
    return first, second


def _read_answers(record: dict[str, Any], part: str, meta: Mapping[str, Any], texts: Any,
                  problems: list[str]) -> str:
    """Which of GIFT's question forms the answers are written in, read by the matching item type; the type
    found, or '' when the answers cannot be read."""
    gift = GiftReader(meta, lambda raw, what: texts(raw, what=what), problems)
    tf = re.fullmatch(r"(T|TRUE|F|FALSE)\s*(#.*)?", part, flags=re.IGNORECASE | re.DOTALL)
    if tf:
        right = "true" if tf.group(1).upper().startswith("T") else "false"
        return _read_as("truefalse", record, (right, split_unescaped(tf.group(2) or "", "#")[1:]), gift)
    if part.startswith("#"):
        number = _numeric(part)
        if number is None:
            problems.append(Problem("gift.numeric", answer=unescape(part)))
            return ""
        return _read_as("numerical", record, number, gift)
    answers, error = _answers(part)
    if error or not answers:
        shown = unescape(part.strip())[:40]
        problems.append(error or Problem("gift.not_answers", answers=shown))
        return ""
    if all(a.mark == "=" and find_unescaped(a.text, "->") >= 0 for a in answers):
        return _read_as("matching", record, answers, gift)
    if any(find_unescaped(a.text, "->") >= 0 for a in answers):
        problems.append(Problem("gift.some_pairs"))
        return ""
    declared = meta.get("type")
    if all(a.mark == "=" and a.weight in (None, 100.0) for a in answers) and (
            declared is None or _form_of(declared) == "shortanswer"):
        return _read_as("shortanswer", record, answers, gift)
    keyed = list(zip(_option_keys(meta, len(answers), problems), answers, strict=True))
    declared_codec = _codec_of(declared)
    weighted = any(a.weight is not None for a in answers) or (
        declared_codec is not None and declared_codec.gift_form == "multichoice" and declared_codec.gift_weighted)
    return _read_as("multichoice", record, keyed, gift, weighted=weighted)


def import_gift(
    text: str | bytes,
    model: CompetenceModel,
    *,
    fill_missing_language: bool = False,
    defaults: Mapping[str, Any] | None = None,
    known_cases: Iterable[str] | None = None,
    language: str = "nl",
) -> ImportResult:
    """Read GIFT text: our convention above, or plain Moodle GIFT. A plain question (no ``// @meta`` line)
    is text in ``language`` (the other language left empty, to translate in the draft; with
    ``fill_missing_language`` copied instead); its key comes from its name, its competence and level from
    ``defaults`` or its ``$CATEGORY``; what was assumed is in the result's ``assumptions``."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", errors="replace")
    text = text.lstrip("\ufeff")
    if language not in LANGS:
        raise ValueError(f"unknown language {language!r}")
    errors: list[LineError] = []
    records: list[dict[str, Any]] = []
    checked: list[dict[str, Any]] = []
    locations: list[str] = []
    assumptions: dict[str, list[str]] = {}
    questions = _blocks(text)
    taken: set[str] = set()
    for question in questions:
        plain = question.plain
        record, problems = _parse_question(question, fill_missing_language, language if plain else None)
        errors.extend(problems)
        if record is None:
            continue
        if plain:
            assumptions[question.where] = assume(question.category, record, model, defaults or {},
                                                 None if fill_missing_language else language, taken)
            record = canonical(record)
        else:
            for name, value in (defaults or {}).items():
                record.setdefault(name, value)
        if fill_missing_language:
            for lang in LANGS:
                walk_texts(record, partial(fill_language, lang=lang))
        checked.append(filled(record) if plain else record)
        taken.add(str(record.get("key")))
        records.append(record)
        locations.append(question.where)
    if not records and not errors:
        errors.append(LineError(place("gift_file"), Problem("gift.no_questions")))
    errors.extend(e for e in check_records(checked, locations, model, known_cases) if e not in errors)
    found = result(records, [], _dedupe(errors))
    if found.records:
        found.assumptions = {str(r["key"]): assumptions.get(where, [])
                             for r, where in zip(records, locations, strict=True)}
    return found


def _dedupe(errors: Sequence[LineError]) -> list[LineError]:
    return list(dict.fromkeys(errors))


__all__ = ["export_gift", "import_gift", "multilang", "split_multilang"]
