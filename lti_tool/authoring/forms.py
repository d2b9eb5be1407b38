"""The item editor's form ↔ the authored item record (the same record as config/ and imports)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from assessments.competences import CompetenceModel
from assessments.item_types.registry import ITEM_TYPES
from assessments.text import LANGUAGES, missing_languages

from ..html import sanitise

MAX_OPTIONS = 6
MAX_PAIRS = 5
KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{1,100}$")
OPTION_TYPES = ("single_choice", "multiple_response", "true_false", "ordering")


def _text(form: Mapping[str, str], name: str, html: bool = True) -> dict[str, str]:
    out = {}
    for lang in LANGUAGES:
        value = (form.get(f"{name}_{lang}") or "").strip()
        out[lang] = sanitise(value) if html else value
    return out


def record_from_form(form: Mapping[str, str], model: CompetenceModel, author: str) -> tuple[dict[str, Any], list[str]]:
    """Build an item record from the editor's fields; return it with every problem found."""
    errors: list[str] = []
    key = (form.get("key") or "").strip().lower()
    if not KEY.match(key):
        errors.append("key: use 2–100 lowercase letters, digits, '.', '-' or '_' (e.g. basic-privacy-011)")
    kind = form.get("type", "")
    if kind not in ITEM_TYPES:
        errors.append(f"type: choose one of {', '.join(sorted(ITEM_TYPES))}")
    competence = form.get("competence", "")
    level = form.get("level", "")
    comp = model.competences.get(competence)
    if comp is None:
        errors.append("competence: choose a competence from the model")
    elif level not in comp.levels:
        errors.append(f"level: {level or '–'} is not a level of this competence ({', '.join(comp.levels)})")
    record: dict[str, Any] = {
        "key": key, "competence": competence, "level": level, "type": kind,
        "high_risk": form.get("high_risk") in ("on", "true", "1"),
        "author": (form.get("author") or author).strip()[:255],
        "policy_refs": [p.strip() for p in (form.get("policy_refs") or "").split(",") if p.strip()],
        "stem": _text(form, "stem"),
        "rationale": _text(form, "rationale"),
    }
    if form.get("case"):
        record["case"] = form["case"].strip()
    if kind == "multiple_response" and form.get("scoring") == "all_or_nothing":
        record["scoring"] = "all_or_nothing"
    if kind in OPTION_TYPES:
        options = []
        for i in range(1, MAX_OPTIONS + 1):
            text = _text(form, f"option_{i}")
            if not any(text.values()):
                continue
            option: dict[str, Any] = {"key": (form.get(f"option_{i}_key") or "").strip() or "abcdef"[i - 1],
                                      "text": text}
            if kind != "ordering":
                option["correct"] = form.get(f"option_{i}_correct") in ("on", "true", "1")
            feedback = _text(form, f"option_{i}_feedback")
            if any(feedback.values()):
                option["feedback"] = feedback
            options.append(option)
        record["options"] = options
    elif kind == "matching":
        record["pairs"] = [
            {"key": f"p{i}", "left": _text(form, f"pair_{i}_left"), "right": _text(form, f"pair_{i}_right")}
            for i in range(1, MAX_PAIRS + 1)
            if any(_text(form, f"pair_{i}_left").values()) or any(_text(form, f"pair_{i}_right").values())
        ]
    elif kind == "numeric":
        for name in ("answer", "tolerance"):
            raw = (form.get(name) or "0").replace(",", ".").strip()
            try:
                value = float(raw)
            except ValueError:
                errors.append(f"{name}: '{raw}' is not a number")
                value = 0.0
            record[name] = int(value) if value.is_integer() else value
        unit = _text(form, "unit", html=False)
        if any(unit.values()):
            record["unit"] = unit
    elif kind == "short_text":
        record["accepted"] = {lang: [a.strip() for a in (form.get(f"accepted_{lang}") or "").split("|") if a.strip()]
                              for lang in LANGUAGES}
    for lang in missing_languages(record["rationale"]):
        errors.append(f"rationale: the {lang.upper()} text is empty")
    if kind in ITEM_TYPES:
        errors.extend(ITEM_TYPES[kind].check(record))
    return record, errors


def form_from_record(record: Mapping[str, Any]) -> dict[str, str]:
    """The editor's field values for an existing record (to edit it)."""
    form: dict[str, str] = {
        "key": record.get("key", ""), "competence": record.get("competence", ""), "level": record.get("level", ""),
        "type": record.get("type", ""), "high_risk": "on" if record.get("high_risk") else "",
        "author": record.get("author", ""), "policy_refs": ", ".join(record.get("policy_refs") or []),
        "case": record.get("case", ""), "scoring": record.get("scoring", "partial"),
    }
    for lang in LANGUAGES:
        form[f"stem_{lang}"] = (record.get("stem") or {}).get(lang, "")
        form[f"rationale_{lang}"] = (record.get("rationale") or {}).get(lang, "")
        for i, option in enumerate(record.get("options") or [], start=1):
            form[f"option_{i}_{lang}"] = option.get("text", {}).get(lang, "")
            form[f"option_{i}_feedback_{lang}"] = (option.get("feedback") or {}).get(lang, "")
        for i, pair in enumerate(record.get("pairs") or [], start=1):
            form[f"pair_{i}_left_{lang}"] = pair.get("left", {}).get(lang, "")
            form[f"pair_{i}_right_{lang}"] = pair.get("right", {}).get(lang, "")
        form[f"unit_{lang}"] = (record.get("unit") or {}).get(lang, "")
        form[f"accepted_{lang}"] = " | ".join((record.get("accepted") or {}).get(lang, []))
    for i, option in enumerate(record.get("options") or [], start=1):
        form[f"option_{i}_key"] = str(option.get("key", ""))
        form[f"option_{i}_correct"] = "on" if option.get("correct") else ""
    if record.get("type") == "numeric":
        form["answer"], form["tolerance"] = str(record.get("answer", "")), str(record.get("tolerance", 0))
    return form


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """``{"stem.nl": "...", "options.1.correct": "True", …}`` for comparing two versions."""
    out: dict[str, str] = {}
    items = record.items() if isinstance(record, Mapping) else enumerate(record, start=1)
    for name, value in items:
        path = f"{prefix}{name}"
        if isinstance(value, Mapping | list):
            out.update(flatten(value, path + "."))  # type: ignore[arg-type]
        else:
            out[path] = str(value)
    return out
