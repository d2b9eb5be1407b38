"""The item editor's form ↔ the authored item record (the same record as config/ and imports)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from assessments.competences import CompetenceModel
from assessments.item_types.base import overlong_texts
from assessments.item_types.codec import FormReader
from assessments.item_types.registry import ITEM_TYPES
from assessments.text import LANGUAGES, missing_languages

from ..html import sanitise

MAX_OPTIONS = 6
MAX_PAIRS = 5
KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{1,100}$")


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
        errors.append(_("key: use 2–100 lowercase letters, digits, '.', '-' or '_' (e.g. basic-privacy-011)"))
    kind = form.get("type", "")
    if kind not in ITEM_TYPES:
        errors.append(_("type: choose one of %(types)s", types=", ".join(sorted(ITEM_TYPES))))
    competence = form.get("competence", "")
    level = form.get("level", "")
    comp = model.competences.get(competence)
    if comp is None:
        errors.append(_("competence: choose a competence from the model"))
    elif level not in comp.levels:
        errors.append(_("level: %(level)s is not a level of this competence (%(levels)s)", level=level or "–",
                        levels=", ".join(comp.levels)))
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
    _read_facility(form, record, errors)
    registered = ITEM_TYPES.get(kind)
    if registered is not None:
        if registered.codec.scored and form.get("scoring") == "all_or_nothing":
            record["scoring"] = "all_or_nothing"
        reader = FormReader(form, lambda name, html: _text(form, name, html), MAX_OPTIONS, MAX_PAIRS)
        registered.codec.form_read(reader, record, errors)
    for lang in missing_languages(record["rationale"]):
        errors.append(_("rationale: the %(lang)s text is empty", lang=lang.upper()))
    errors.extend(overlong_texts(record))
    if registered is not None:
        errors.extend(registered.check(record))
    return record, errors


def _read_facility(form: Mapping[str, str], record: dict[str, Any], errors: list[str]) -> None:
    """``expected_facility`` from the percentage field (empty: none, the assembly assumes 70 %)."""
    text = (form.get("expected_facility") or "").strip().rstrip("%").strip()
    if not text:
        return
    try:
        percent = float(text.replace(",", "."))
    except ValueError:
        percent = -1.0
    if not 0 < percent < 100:
        errors.append(_("expected_facility: give the percentage of candidates expected to answer correctly, "
                        "above 0 and below 100 (e.g. 70)"))
        return
    record["expected_facility"] = round(percent / 100, 4)


def form_from_record(record: Mapping[str, Any]) -> dict[str, str]:
    """The editor's field values for an existing record (to edit it)."""
    form: dict[str, str] = {
        "key": record.get("key", ""), "competence": record.get("competence", ""), "level": record.get("level", ""),
        "type": record.get("type", ""), "high_risk": "on" if record.get("high_risk") else "",
        "author": record.get("author", ""), "policy_refs": ", ".join(record.get("policy_refs") or []),
        "case": record.get("case", ""), "scoring": record.get("scoring", "partial"),
        "expected_facility": (f"{float(record['expected_facility']) * 100:g}"
                              if isinstance(record.get("expected_facility"), int | float) else ""),
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
    registered = ITEM_TYPES.get(record.get("type", ""))
    if registered is not None:
        registered.codec.form_write(record, form)
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
