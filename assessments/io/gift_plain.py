"""Plain Moodle GIFT (a question without our ``// @meta`` line, its texts in one language): what the GIFT
import assumes for it — a key from its name, competence and level from the import's defaults or its
``$CATEGORY`` — and the copy the import checks judge (its missing language filled in, so a question is
refused for its shape, never for the translation it still needs)."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Mapping
from functools import partial
from typing import Any, cast

from ..competences import CompetenceModel
from ..problems import Problem
from .values import KEY_RE, LANGS, fill_language, walk_texts


def slug(text: str) -> str:
    """A question name or text as a key: lower-case letters, digits and ``-`` (accents dropped)."""
    plain = unicodedata.normalize("NFKD", re.sub(r"<[^>]*>", " ", html.unescape(text)))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-")


def plain_key(name: str, record: Mapping[str, Any], taken: set[str]) -> str:
    """A key for a plain Moodle question: its name as a key (or the first words of its text), made unique."""
    base = name if KEY_RE.fullmatch(name) else slug(name)
    if not base:
        stem = record.get("stem") or {}
        text = next((str(stem[lang]) for lang in LANGS if stem.get(lang)), "")
        base = "-".join(slug(text).split("-")[:6])
    if not base or not base[0].isalpha():
        base = f"gift-{base}" if base else "gift-question"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def from_category(category: str, model: CompetenceModel) -> dict[str, str]:
    """The competence and level a ``$CATEGORY`` path names (by key or name, any segment, case ignored)."""
    found: dict[str, str] = {}
    for segment in reversed([s for s in category.split("/") if s and not s.startswith("$")]):
        name = slug(segment)
        for key, competence in model.competences.items():
            names = {slug(key), *(slug(str(competence.name.get(lang) or "")) for lang in LANGS)} - {""}
            if name in names:
                found.setdefault("competence", key)
        for key, level in model.levels.items():
            if name in {slug(key), *(slug(str(level.name.get(lang) or "")) for lang in LANGS)}:
                found.setdefault("level", key)
    return found


def assume(category: str, record: dict[str, Any], model: CompetenceModel, defaults: Mapping[str, Any],
            language: str | None, taken: set[str]) -> list[str]:
    """Fill in what a plain Moodle question does not say; what was assumed, as problems to show.
    ``language``: the one its texts are in (None when they were copied to every language)."""
    assumed: list[str] = []
    name = record.get("key") or ""
    key = plain_key(name, record, taken)
    if key != name:
        assumed.append(Problem("gift.assumed_key", key=key, name=name) if name else
                       Problem("gift.assumed_key_no_name", key=key))
    record["key"] = key
    found = from_category(category, model)
    for field_name in ("competence", "level"):
        if defaults.get(field_name):
            record[field_name] = defaults[field_name]
            assumed.append(Problem(f"gift.assumed_{field_name}_form", value=defaults[field_name]))
        elif field_name in found:
            record[field_name] = found[field_name]
            assumed.append(Problem(f"gift.assumed_{field_name}_category", value=found[field_name],
                                   category=category))
    for name_, value in defaults.items():
        if name_ not in ("competence", "level"):
            record.setdefault(name_, value)
    if language is not None:
        assumed.append(Problem(f"gift.assumed_language_{language}"))
    if not record.get("rationale"):  # an empty one, so the draft shows it is still to be written
        record["rationale"] = {lang: "" for lang in LANGS}
        assumed.append(Problem("gift.assumed_no_rationale"))
    return assumed


def filled(record: Mapping[str, Any]) -> dict[str, Any]:
    """A copy with every missing language filled from the other (and a missing rationale from the stem), so
    the import checks judge a plain question's shape, not its missing translation."""
    copy = json.loads(json.dumps(record))
    if not any((copy.get("rationale") or {}).values()):
        copy["rationale"] = dict(copy.get("stem") or {})
    for lang in LANGS:
        walk_texts(copy, partial(fill_language, lang=lang))
    return cast(dict[str, Any], copy)
