"""What every importer shares: the item-record shape, and the checks run on every imported record.

The checks (``check_records``) are the same for every format:

* the record has a key made of letters, digits, ``-``, ``_`` or ``.`` (it becomes a QTI identifier),
  unique within the import;
* competence and level exist in the competence model, and the level is offered for that competence;
* the type is one of :data:`TYPES`; ``high_risk`` is yes/no; ``scoring`` is ``partial``/``all_or_nothing``;
* every text (stem, rationale, option text and feedback, pair sides, unit, accepted answers) is there
  in Dutch *and* English;
* the item type's own ``check()`` from ``assessments.item_types.registry.ITEM_TYPES`` when that type is
  registered (types not registered yet get the basic structural checks below instead).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..competences import CompetenceModel
from ..item_types.registry import ITEM_TYPES
from . import LineError

LANGS = ("nl", "en")
LANG_NAMES = {"nl": "Dutch", "en": "English"}
TYPES = ("single_choice", "multiple_response", "true_false", "ordering", "matching", "numeric", "short_text")
CHOICE_TYPES = ("single_choice", "multiple_response", "true_false")
OPTION_TYPES = (*CHOICE_TYPES, "ordering")
TYPE_NAMES = {
    "single_choice": "single choice",
    "multiple_response": "multiple response",
    "true_false": "true/false",
    "ordering": "ordering",
    "matching": "matching",
    "numeric": "numeric",
    "short_text": "short text",
}
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
        "stem", "options", "pairs", "answer", "tolerance", "unit", "accepted", "rationale",
    )
    out = {k: record[k] for k in order if k in record}
    out.update({k: v for k, v in record.items() if k not in out})
    return out


def _missing(text: Any) -> list[str]:
    if not isinstance(text, Mapping):
        return list(LANGS)
    return [lang for lang in LANGS if not isinstance(text.get(lang), str) or not text[lang].strip()]


def _langs(langs: Iterable[str]) -> str:
    names = [LANG_NAMES[lang] for lang in langs]
    return " and ".join(names)


def check_record(
    record: Mapping[str, Any], model: CompetenceModel, known_cases: Iterable[str] | None = None
) -> list[str]:
    """Problems with one record, as messages for an author (without location)."""
    errors: list[str] = []
    key = record.get("key")
    label = f"question '{key}'" if key else "this question"
    if not key or not isinstance(key, str):
        errors.append("the question has no key; give every question a unique key such as 'basic-privacy-007'")
    elif not KEY_RE.fullmatch(key):
        errors.append(
            f"the key '{key}' may only contain letters, digits, '-', '_' and '.', and must start with a letter"
        )
    competence = record.get("competence")
    level = record.get("level")
    comp = model.competences.get(competence) if isinstance(competence, str) else None
    if not competence:
        errors.append(f"{label} has no competence; use one of: {', '.join(model.competences)}")
    elif comp is None:
        errors.append(f"{label}: the competence '{competence}' does not exist; "
                      f"use one of: {', '.join(model.competences)}")
    if not level:
        errors.append(f"{label} has no level; use one of: {', '.join(model.levels)}")
    elif level not in model.levels:
        errors.append(f"{label}: the level '{level}' does not exist; use one of: {', '.join(model.levels)}")
    elif comp is not None and level not in comp.levels:
        errors.append(
            f"{label}: the competence '{competence}' has no level '{level}'; "
            f"it is assessed at: {', '.join(comp.levels)}"
        )
    kind = record.get("type")
    if kind not in TYPES:
        shown = f"'{kind}'" if kind else "no type"
        errors.append(f"{label} has {shown}, which is not a question type; use one of: {', '.join(TYPES)}")
    if not isinstance(record.get("high_risk"), bool):
        errors.append(f"{label}: high_risk must be yes or no")
    if not isinstance(record.get("author"), str) or not record["author"].strip():
        errors.append(f"{label} has no author; fill in who wrote or owns the question")
    refs = record.get("policy_refs", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) and r for r in refs):
        errors.append(f"{label}: policy_refs must be a list of policy clause keys")
    if "scoring" in record and record["scoring"] not in SCORING:
        errors.append(f"{label}: scoring '{record['scoring']}' is unknown; use 'partial' or 'all_or_nothing'")
    if "scoring" in record and kind != "multiple_response":
        errors.append(f"{label}: scoring only applies to multiple response questions")
    if "case" in record and known_cases is not None and record["case"] not in set(known_cases):
        errors.append(f"{label}: the case '{record['case']}' does not exist")
    for field_name, what in (("stem", "question text (stem)"), ("rationale", "explanation (rationale)")):
        missing = _missing(record.get(field_name))
        if missing:
            errors.append(f"{label} has no {_langs(missing)} {what}")
    if kind in TYPES:
        errors.extend(f"{label}: {e}" for e in _check_type(record, kind))
        registered = ITEM_TYPES.get(kind)
        if registered is not None and not errors:
            # the type's own rules (only when our checks found nothing, so a problem is not told twice)
            errors.extend(f"{label}: this {TYPE_NAMES[kind]} question {p}" for p in registered.check(record))
    return errors


def _check_type(record: Mapping[str, Any], kind: str) -> list[str]:
    errors: list[str] = []
    if kind in OPTION_TYPES:
        options = record.get("options")
        if not isinstance(options, list) or len(options) < 2:
            return ["needs at least two options"]
        keys = [o.get("key") for o in options]
        dupes = sorted({str(k) for k, n in Counter(keys).items() if n > 1})
        if dupes:
            errors.append(f"option key(s) {', '.join(dupes)} are used more than once")
        for i, option in enumerate(options, 1):
            okey = option.get("key")
            if not isinstance(okey, str) or not KEY_RE.fullmatch(okey):
                errors.append(f"option {i} needs a key of letters/digits starting with a letter (such as 'a')")
            missing = _missing(option.get("text"))
            if missing:
                errors.append(f"option {okey or i} has no {_langs(missing)} text")
            if "feedback" in option:
                missing = _missing(option.get("feedback"))
                if missing:
                    errors.append(f"option {okey or i} has no {_langs(missing)} feedback")
            if kind == "ordering" and "correct" in option:
                errors.append(f"option {okey or i}: ordering options are listed in the correct order; "
                              "leave 'correct' empty")
            if kind != "ordering" and not isinstance(option.get("correct"), bool):
                errors.append(f"option {okey or i}: say whether it is correct (yes or no)")
        if kind in CHOICE_TYPES and all(isinstance(o.get("correct"), bool) for o in options):
            n = sum(o["correct"] for o in options)
            if kind in ("single_choice", "true_false") and n != 1:
                errors.append(f"needs exactly one correct option, has {n}")
            if kind == "multiple_response" and (n < 1 or n == len(options)):
                errors.append("needs at least one correct and one incorrect option")
        if kind == "true_false" and sorted(str(k) for k in keys) != ["false", "true"]:
            errors.append("needs exactly the options 'true' and 'false'")
    elif "options" in record:
        errors.append(f"a {TYPE_NAMES[kind]} question has no options; remove them")
    if kind == "matching":
        pairs = record.get("pairs")
        if not isinstance(pairs, list) or len(pairs) < 2:
            return [*errors, "needs at least two pairs"]
        keys = [p.get("key") for p in pairs]
        dupes = sorted({str(k) for k, n in Counter(keys).items() if n > 1})
        if dupes:
            errors.append(f"pair key(s) {', '.join(dupes)} are used more than once")
        for i, pair in enumerate(pairs, 1):
            pkey = pair.get("key")
            if not isinstance(pkey, str) or not KEY_RE.fullmatch(pkey):
                errors.append(f"pair {i} needs a key of letters/digits starting with a letter (such as 'p1')")
            for side in ("left", "right"):
                missing = _missing(pair.get(side))
                if missing:
                    errors.append(f"pair {pkey or i} has no {_langs(missing)} {side}-hand text")
    if kind == "numeric":
        answer, tolerance = record.get("answer"), record.get("tolerance")
        if not isinstance(answer, int | float) or isinstance(answer, bool):
            errors.append("needs a numeric answer (a number such as 72 or 0.5)")
        if not isinstance(tolerance, int | float) or isinstance(tolerance, bool) or tolerance < 0:
            errors.append("needs a tolerance of 0 or more (how far an answer may be off and still count)")
        if "unit" in record:
            missing = _missing(record["unit"])
            if missing:
                errors.append(f"the unit has no {_langs(missing)} text")
    if kind == "short_text":
        accepted = record.get("accepted")
        for lang in LANGS:
            answers = accepted.get(lang) if isinstance(accepted, Mapping) else None
            if not isinstance(answers, list) or not answers or not all(isinstance(a, str) and a.strip()
                                                                      for a in answers):
                errors.append(f"needs at least one accepted {LANG_NAMES[lang]} answer")
    return errors


def check_records(
    records: Sequence[Mapping[str, Any]],
    locations: Sequence[str],
    model: CompetenceModel,
    known_cases: Iterable[str] | None = None,
) -> list[LineError]:
    """Check every record and key uniqueness; ``locations[i]`` says where record ``i`` came from."""
    cases = None if known_cases is None else set(known_cases)
    errors: list[LineError] = []
    first_seen: dict[str, str] = {}
    for record, where in zip(records, locations, strict=True):
        errors.extend(LineError(where, m) for m in check_record(record, model, cases))
        key = record.get("key")
        if isinstance(key, str) and key:
            if key in first_seen:
                errors.append(LineError(where, f"the key '{key}' is used twice (also at {first_seen[key]}); "
                                               "every question needs its own key"))
            else:
                first_seen[key] = where
    return errors


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
