"""The role matrix as a form: one row per rule (function group × risk class → level, deadline, onboarding
months) and the date the version takes effect. Parsing checks every field against the known vocabularies (the
levels of the competence model, the function groups and risk classes the matrix declares or the HR data holds)
and words each problem at its field; the values stay as typed. The matrix's own check
(``assessments.role_matrix.parse_matrix``) runs after, on the content the form builds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

MAX_ROWS = 200
EXTRA_ROWS = 3  # empty rows offered for new rules
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_MONTHS = 60


@dataclass(frozen=True)
class Vocabulary:
    levels: tuple[str, ...]
    function_groups: tuple[str, ...]
    risk_classes: tuple[str, ...]


@dataclass
class MatrixForm:
    values: dict[str, str]
    rows: int
    errors: dict[str, str] = field(default_factory=dict)
    content: dict[str, Any] | None = None


def vocabulary(content: Mapping[str, Any] | None, hr: Mapping[str, list[str]], levels: list[str]) -> Vocabulary:
    """What the selects offer: the matrix's declared lists and the values in the HR data, sorted."""
    content = content or {}

    def merged(declared: Any, found: list[str]) -> tuple[str, ...]:
        names = {str(v).strip() for v in (declared or []) if str(v).strip()} | {v.strip() for v in found if v}
        return tuple(sorted(names, key=str.casefold))

    return Vocabulary(tuple(levels), merged(content.get("function_groups"), hr.get("function_group", [])),
                      merged(content.get("risk_classes"), hr.get("risk_class", [])))


def form_of(content: Mapping[str, Any] | None) -> MatrixForm:
    """The form filled with a stored version (and a few empty rows)."""
    content = content or {}
    months = str((content.get("defaults") or {}).get("onboarding_months", 3))
    values = {"effective_from": dt.date.today().isoformat()}
    rules = list(content.get("rules") or [])
    for n, rule in enumerate(rules):
        values |= {f"rule-{n}-function_group": str(rule.get("function_group") or ""),
                   f"rule-{n}-risk_class": str(rule.get("risk_class") or ""),
                   f"rule-{n}-level": str(rule.get("level") or ""),
                   f"rule-{n}-deadline": str(rule.get("deadline") or ""),
                   f"rule-{n}-months": str(rule.get("onboarding_months", months))}
    for n in range(len(rules), len(rules) + EXTRA_ROWS):
        values[f"rule-{n}-months"] = months
    return MatrixForm(values, len(rules) + EXTRA_ROWS)


def _date(text: str, name: str, errors: dict[str, str]) -> str:
    if not text:
        errors[name] = _("Give a date.")
        return ""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        errors[name] = _("“%(value)s” is not a date. Write it as year-month-day, for example 2026-12-31.",
                         value=text[:40])
        return ""
    if not EARLIEST <= day <= LATEST:
        errors[name] = _("Choose a date between %(first)s and %(last)s.", first=EARLIEST.isoformat(),
                         last=LATEST.isoformat())
    return day.isoformat()


def _choice(text: str, allowed: tuple[str, ...], name: str, errors: dict[str, str]) -> str | None:
    if not text:
        return None
    found = next((v for v in allowed if v.casefold() == text.casefold()), None)
    if found is None:
        errors[name] = _("“%(value)s” is not in the list. Choose one of the list.", value=text[:80])
    return found


def _months(text: str, name: str, errors: dict[str, str]) -> int:
    if text.isdigit() and int(text) <= MAX_MONTHS:
        return int(text)
    errors[name] = _("Give a whole number of months from 0 to %(max)d.", max=MAX_MONTHS)
    return 0


def _rule(form: Mapping[str, str], n: int, vocab: Vocabulary, errors: dict[str, str]) -> dict[str, Any] | None:
    """Row ``n`` as a matrix rule; None for an empty row (no level and no deadline)."""
    key = f"rule-{n}-"
    level, deadline = form.get(key + "level", ""), form.get(key + "deadline", "")
    if not level and not deadline:
        return None
    rule: dict[str, Any] = {}
    for name, allowed in (("function_group", vocab.function_groups), ("risk_class", vocab.risk_classes)):
        value = _choice(form.get(key + name, ""), allowed, key + name, errors)
        if value is not None:
            rule[name] = value
    if not level:
        errors[key + "level"] = _("Choose the level this row requires.")
    elif level not in vocab.levels:
        errors[key + "level"] = _("“%(value)s” is not a level. Choose one of the list.", value=level[:40])
    rule |= {"level": level, "deadline": _date(deadline, key + "deadline", errors),
             "onboarding_months": _months(form.get(key + "months", ""), key + "months", errors)}
    return rule


def _same_pair(rules: list[tuple[int, dict[str, Any]]], errors: dict[str, str]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for n, rule in rules:
        pair = (str(rule.get("function_group", "")).casefold(), str(rule.get("risk_class", "")).casefold())
        if pair in seen:
            errors.setdefault(f"rule-{n}-function_group", _(
                "Row %(other)d already sets this function group and risk class; change one of the two rows.",
                other=seen[pair] + 1))
        else:
            seen[pair] = n


def parse_form(form: Mapping[str, str], vocab: Vocabulary, base: Mapping[str, Any] | None,
               version: int) -> MatrixForm:
    """The posted form as matrix content (``content``), or with ``errors`` by field name; ``base`` is the
    version it was edited from (its description and defaults are kept)."""
    rows = min(int(form["rows"]) if form.get("rows", "").isdigit() else 0, MAX_ROWS)
    values = {k: str(v)[:200] for k, v in form.items() if k != "csrf_token"}
    errors: dict[str, str] = {}
    effective = _date(form.get("effective_from", ""), "effective_from", errors)
    rules = [(n, rule) for n in range(rows) if (rule := _rule(form, n, vocab, errors)) is not None]
    if not rules:
        errors["rules"] = _("Fill in at least one row: a level and a deadline.")
    _same_pair(rules, errors)
    result = MatrixForm(values, rows, errors)
    if not errors:
        used = {name: sorted({r[key] for _n, r in rules if key in r} | set((base or {}).get(name) or []),
                             key=str.casefold)
                for name, key in (("function_groups", "function_group"), ("risk_classes", "risk_class"))}
        result.content = {k: v for k, v in (base or {}).items() if k in ("description", "defaults")} | {
            "version": version, "effective_from": effective, **used, "rules": [r for _n, r in rules]}
    return result
