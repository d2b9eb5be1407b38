"""The rollout plan as a form: the scenario and one row per phase (key, name in Dutch and English, which
units, levels, start and end, pilot, its own message to managers in ``plan_message_form``). Every field is
checked against the known vocabularies (scenarios, dimensions, the units in the platform's HR data, the levels)
and worded at its field; values stay as typed.
The plan's own check (``assessments.rollout.parse_plan``) runs after, on the content the form builds."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from assessments.rollout import DIMENSIONS, SCENARIOS

from .plan_message_form import has_message, kept, message_values, parse_message_fields

MAX_ROWS = 50
EXTRA_ROWS = 2
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class PlanVocabulary:
    levels: tuple[str, ...]
    units: Mapping[str, tuple[str, ...]]  # dimension → the values in the HR data


@dataclass
class PlanForm:
    values: dict[str, str]
    rows: int
    errors: dict[str, str] = field(default_factory=dict)
    content: dict[str, Any] | None = None


def form_of(content: Mapping[str, Any], levels: tuple[str, ...]) -> PlanForm:
    values = {"scenario": str(content.get("scenario") or "")}
    phases = list(content.get("phases") or [])
    for n, phase in enumerate(phases):
        key = f"phase-{n}-"
        name = phase.get("name") or {}
        values |= {key + "key": str(phase.get("key") or ""), key + "name_nl": str(name.get("nl") or ""),
                   key + "name_en": str(name.get("en") or ""), key + "dimension": str(phase.get("dimension") or ""),
                   key + "units": ", ".join(phase.get("units") or []), key + "start": str(phase.get("start") or ""),
                   key + "end": str(phase.get("end") or "")}
        values |= {key + "level-" + lvl: "on" for lvl in phase.get("levels") or [] if lvl in levels}
        if phase.get("pilot"):
            values[key + "pilot"] = "on"
        values |= message_values(phase, key)
    return PlanForm(values, len(phases) + EXTRA_ROWS)


def _date(text: str, name: str, errors: dict[str, str]) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        errors[name] = _("Give a date.") if not text else _(
            "“%(value)s” is not a date. Write it as year-month-day, for example 2026-12-31.", value=text[:40])
        return None
    if not EARLIEST <= day <= LATEST:
        errors[name] = _("Choose a date between %(first)s and %(last)s.", first=EARLIEST.isoformat(),
                         last=LATEST.isoformat())
    return day


def _units(form: Mapping[str, str], key: str, vocab: PlanVocabulary, errors: dict[str, str]) -> tuple[str, list[str]]:
    dimension = form.get(key + "dimension", "")
    units = [u.strip() for u in form.get(key + "units", "").split(",") if u.strip()]
    if dimension and dimension not in DIMENSIONS:
        errors[key + "dimension"] = _("“%(value)s” is not in the list. Choose one of the list.", value=dimension[:40])
        return dimension, units
    known = {u.casefold(): u for u in vocab.units.get(dimension, ())}
    unknown = [u for u in units if u.casefold() not in known]
    if dimension and not units:
        errors[key + "units"] = _("Name the units of this phase, separated by commas.")
    elif not dimension and units:
        errors[key + "dimension"] = _("Choose what the units are (for example business unit).")
    elif unknown:
        errors[key + "units"] = _("Not in the HR data: %(units)s. Known: %(known)s.", units=", ".join(unknown)[:200],
                                  known=", ".join(sorted(known.values()))[:400] or "–")
    return dimension, [known.get(u.casefold(), u) for u in units]


def _phase(form: Mapping[str, str], n: int, vocab: PlanVocabulary, errors: dict[str, str]) -> dict[str, Any] | None:
    key = f"phase-{n}-"
    levels = [lvl for lvl in vocab.levels if form.get(key + "level-" + lvl)]
    phase_key = form.get(key + "key", "").strip()
    names = {lang: form.get(key + "name_" + lang, "").strip() for lang in ("nl", "en")}
    if not phase_key and not any(names.values()) and not levels and not has_message(form, key):
        return None
    if not _KEY.match(phase_key):
        errors[key + "key"] = _("Give a short key of lower-case letters, digits and dashes (at most 40).")
    for lang, text in names.items():
        if not text or len(text) > 200:
            errors[key + "name_" + lang] = _("Give the name in this language (at most 200 characters).")
    dimension, units = _units(form, key, vocab, errors)
    if not levels:
        errors[key + "levels"] = _("Tick at least one level.")
    start, end = _date(form.get(key + "start", ""), key + "start", errors), _date(form.get(key + "end", ""),
                                                                                    key + "end", errors)
    if start and end and end < start:
        errors[key + "end"] = _("The end is before the start.")
    phase: dict[str, Any] = {"key": phase_key, "name": names}
    if dimension:
        phase |= {"dimension": dimension, "units": units}
    phase |= {"levels": levels, "start": start.isoformat() if start else "", "end": end.isoformat() if end else ""}
    if form.get(key + "pilot"):
        phase["pilot"] = True
    message = parse_message_fields(form, key, errors)
    if message:
        phase["message"] = message
    return phase


def parse_form(form: Mapping[str, str], vocab: PlanVocabulary) -> PlanForm:
    rows = min(int(form["rows"]) if form.get("rows", "").isdigit() else 0, MAX_ROWS)
    values = {k: kept(k, v) for k, v in form.items() if k != "csrf_token"}
    errors: dict[str, str] = {}
    scenario = form.get("scenario", "")
    if scenario not in SCENARIOS:
        errors["scenario"] = _("Choose a scenario from the list.")
    phases = [p for n in range(rows) if (p := _phase(form, n, vocab, errors)) is not None]
    if not phases:
        errors["phases"] = _("Fill in at least one phase.")
    pilots = [n for n in range(rows) if form.get(f"phase-{n}-pilot")]
    if len(pilots) > 1:
        errors[f"phase-{pilots[1]}-pilot"] = _("Only one phase can be the pilot.")
    result = PlanForm(values, rows, errors)
    if not errors:
        result.content = {"scenario": scenario, "phases": phases}
    return result
