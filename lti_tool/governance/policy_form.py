"""A policy version as a form: the policy (key, title in Dutch and English, version, date it takes effect, owner)
and one row per clause (key, title and text in both languages). Every field is checked at its field, against
what is known (the policy keys and versions in the register, the date of the newest version, the clause key
format) and against the tool's length limits; the values stay as typed. The policy's own check
(``assessments.policies.parse_policy``) runs after, on the content the form builds."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from ..errors import COMMENT_MAX

MAX_ROWS = 100
EXTRA_ROWS = 2  # empty rows offered for new clauses
KEY_MAX, CLAUSE_KEY_MAX, VERSION_MAX, TITLE_MAX, TEXT_MAX = 30, 40, 20, 200, COMMENT_MAX
KEPT_MAX = 2 * COMMENT_MAX  # what a refused field keeps of what was typed
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
LANGS = ("nl", "en")
_KEY = re.compile(r"^[A-Z][A-Z0-9_]*$")
_CLAUSE_NUMBER = re.compile(r"^[0-9A-Za-z.]+$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class PolicyVocabulary:
    versions: Mapping[str, tuple[str, ...]]  # policy key → the versions the register has
    newest_from: Mapping[str, dt.date]  # policy key → the date its newest version takes effect


@dataclass
class PolicyForm:
    values: dict[str, str]
    rows: int
    errors: dict[str, str] = field(default_factory=dict)
    content: dict[str, Any] | None = None


def next_version(versions: tuple[str, ...]) -> str:
    """A version label not used yet, counting on from the newest (``2026.1`` → ``2026.2``)."""
    newest = versions[-1] if versions else "0"
    match = re.match(r"^(.*?)(\d+)$", newest)
    prefix, number = (match.group(1), int(match.group(2))) if match else (newest + ".", 0)
    for step in range(1, len(versions) + 2):
        candidate = f"{prefix}{number + step}"
        if candidate not in versions and len(candidate) <= VERSION_MAX:
            return candidate
    return next(str(n) for n in range(len(versions) + 1, 2 * len(versions) + 3) if str(n) not in versions)


def form_of(content: Mapping[str, Any] | None, vocab: PolicyVocabulary, today: dt.date) -> PolicyForm:
    """The form filled with a stored version as the start of the next one (or empty for a new policy)."""
    content = content or {}
    key = str(content.get("key") or "")
    values = {"base": key, "key": key, "version": next_version(vocab.versions.get(key, ())) if key else "",
              "effective_from": max(today, vocab.newest_from.get(key, today)).isoformat()}
    for part in ("title", "owner"):
        texts = content.get(part) or {}
        values |= {f"{part}_{lang}": str(texts.get(lang) or "") for lang in LANGS}
    clauses = list(content.get("clauses") or [])
    for n, clause in enumerate(clauses):
        prefix = f"clause-{n}-"
        values[prefix + "key"] = str(clause.get("key") or "")
        for part in ("title", "text"):
            texts = clause.get(part) or {}
            values |= {f"{prefix}{part}_{lang}": str(texts.get(lang) or "") for lang in LANGS}
    return PolicyForm(values, len(clauses) + EXTRA_ROWS)


def _text(form: Mapping[str, str], name: str, limit: int, errors: dict[str, str], required: str = "") -> str:
    """A field's text without surrounding spaces; at the field: missing (when ``required`` says how to ask),
    too long, or holding control characters."""
    text = form.get(name, "").strip()
    if not text and required:
        errors[name] = required
    elif len(text) > limit:
        errors[name] = _("The text is %(n)d characters long; shorten it to %(max)d characters or fewer.",
                         n=len(text), max=limit)
    elif _CONTROL.search(text) or (limit <= TITLE_MAX and ("\n" in text or "\r" in text)):
        errors[name] = _("Remove the invisible control characters from this text.")
    return text


def _policy_key(form: Mapping[str, str], vocab: PolicyVocabulary, errors: dict[str, str]) -> str:
    base = form.get("base", "").strip()
    if base:
        if base not in vocab.versions:
            errors["key"] = _("There is no policy %(key)s. Start a new policy instead.", key=base[:KEY_MAX])
        return base
    key = form.get("key", "").strip()
    if not _KEY.match(key) or len(key) > KEY_MAX:
        errors["key"] = _("Give a key of capital letters, digits and underscores that starts with a letter "
                          "(at most %(n)d), for example INFOSEC.", n=KEY_MAX)
    elif key in vocab.versions:
        errors["key"] = _("There is already a policy %(key)s: change it from its own form.", key=key)
    return key


def _version(form: Mapping[str, str], key: str, vocab: PolicyVocabulary, errors: dict[str, str]) -> str:
    version = form.get("version", "").strip()
    if not _VERSION.match(version) or len(version) > VERSION_MAX:
        errors["version"] = _("Give a version of letters, digits, dots and dashes (at most %(n)d), for example "
                              "2026.2.", n=VERSION_MAX)
    elif version in vocab.versions.get(key, ()):
        errors["version"] = _("Policy %(key)s already has a version %(version)s; give the new version another "
                              "number.", key=key, version=version)
    return version


def _effective(form: Mapping[str, str], key: str, vocab: PolicyVocabulary, errors: dict[str, str]) -> str:
    text = form.get("effective_from", "").strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        errors["effective_from"] = _("Give a date.") if not text else _(
            "“%(value)s” is not a date. Write it as year-month-day, for example 2026-12-31.", value=text[:40])
        return text
    newest = vocab.newest_from.get(key)
    if not EARLIEST <= day <= LATEST:
        errors["effective_from"] = _("Choose a date between %(first)s and %(last)s.", first=EARLIEST.isoformat(),
                                     last=LATEST.isoformat())
    elif newest is not None and day < newest:
        errors["effective_from"] = _("The newest version takes effect on %(date)s; a new version cannot take effect "
                                     "earlier.", date=newest.isoformat())
    return day.isoformat()


def _clause(form: Mapping[str, str], n: int, key: str, seen: set[str], errors: dict[str, str]
            ) -> dict[str, Any] | None:
    prefix = f"clause-{n}-"
    names = [prefix + "key"] + [f"{prefix}{part}_{lang}" for part in ("title", "text") for lang in LANGS]
    if not any(form.get(name, "").strip() for name in names):
        return None
    clause_key = form.get(prefix + "key", "").strip()
    number = clause_key[len(key) + 1:] if key and clause_key.startswith(key + "-") else ""
    example = f"{key or 'INFOSEC'}-4.2"
    if not _CLAUSE_NUMBER.match(number) or len(clause_key) > CLAUSE_KEY_MAX:
        errors[prefix + "key"] = _("Give the clause key as the policy key, a dash and a number (at most %(n)d "
                                   "characters), for example %(example)s.", n=CLAUSE_KEY_MAX, example=example)
    elif clause_key in seen:
        errors[prefix + "key"] = _("Another clause has this key already; every clause needs its own key.")
    seen.add(clause_key)
    title = {lang: _text(form, f"{prefix}title_{lang}", TITLE_MAX, errors,
                         _("Give the title in this language.")) for lang in LANGS}
    text = {lang: _text(form, f"{prefix}text_{lang}", TEXT_MAX, errors,
                        _("Give the text in this language.")) for lang in LANGS}
    return {"key": clause_key, "title": title, "text": text}


def _rows_shown(form: Mapping[str, str], rows: int) -> int:
    """The rows sent, and empty ones after the last filled one so that there are ``EXTRA_ROWS`` to fill in."""
    filled = [n for n in range(rows) if any(v.strip() for k, v in form.items() if k.startswith(f"clause-{n}-"))]
    return min(max(rows, (filled[-1] + 1 if filled else 0) + EXTRA_ROWS), MAX_ROWS)


LIMITS = {"key": KEY_MAX, "clause_key": CLAUSE_KEY_MAX, "version": VERSION_MAX, "title": TITLE_MAX, "text": TEXT_MAX}


def parse_form(form: Mapping[str, str], vocab: PolicyVocabulary) -> PolicyForm:
    """The form as typed (each value kept, cut at a generous length), its errors by field and, without
    errors, the policy content it builds."""
    rows = min(int(form["rows"]) if form.get("rows", "").isdigit() else 0, MAX_ROWS)
    values = {k: str(v)[:KEPT_MAX] for k, v in form.items() if k != "csrf_token"}
    errors: dict[str, str] = {}
    key = _policy_key(form, vocab, errors)
    content: dict[str, Any] = {
        "key": key,
        "title": {lang: _text(form, f"title_{lang}", TITLE_MAX, errors, _("Give the title in this language."))
                  for lang in LANGS},
        "version": _version(form, key, vocab, errors),
        "effective_from": _effective(form, key, vocab, errors)}
    owner = {lang: _text(form, f"owner_{lang}", TITLE_MAX, errors) for lang in LANGS}
    if any(owner.values()):
        content["owner"] = owner
        for lang in (lang for lang in LANGS if not owner[lang]):
            errors[f"owner_{lang}"] = _("Give the owner in both languages, or leave both empty.")
    seen: set[str] = set()
    clauses = [c for n in range(rows) if (c := _clause(form, n, key, seen, errors)) is not None]
    if not clauses:
        errors["clauses"] = _("Fill in at least one clause.")
    content["clauses"] = clauses
    result = PolicyForm(values, _rows_shown(form, rows), errors)
    if not errors:
        result.content = content
    return result
