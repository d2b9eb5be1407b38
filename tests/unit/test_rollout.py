"""Rollout plans: scenarios and their rules, and progress per phase on a generated organisation
whose numbers are known by construction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from assessments.coverage import PersonRecord, held_from_intervals
from assessments.role_matrix import parse_matrix
from assessments.rollout import PlanError, parse_plan, progress

RANKS = {"basic": 1, "advanced": 2, "expert": 3}
CONFIG = Path(__file__).resolve().parents[2] / "config"
MATRIX = parse_matrix({"version": 1, "effective_from": "2026-01-01", "rules": [
    {"level": "basic", "deadline": "2026-06-30"},
    {"risk_class": "hoog", "level": "advanced", "deadline": "2026-12-31"},
]}, RANKS)


def phase(key, levels, start="2026-03-01", end="2026-06-30", **kw):
    return {"key": key, "name": {"nl": key, "en": key}, "levels": levels, "start": start, "end": end, **kw}


def test_the_default_plan_is_a_valid_hybrid_plan_with_a_pilot():
    plan = parse_plan(yaml.safe_load((CONFIG / "rollout.yaml").read_text(encoding="utf-8")), RANKS)
    assert plan.scenario == "hybrid" and plan.pilot is not None and plan.pilot.key == "pilot-zorg"


@pytest.mark.parametrize(("plan", "problem"), [
    ({"scenario": "big bang", "phases": [phase("a", ["basic"])]}, "scenario must be one of"),
    ({"scenario": "all_at_once", "phases": [phase("a", ["basic"]), phase("b", ["advanced"])]},
     "all_at_once has exactly one phase"),
    ({"scenario": "hybrid", "phases": [phase("a", ["advanced"], dimension="business_unit", units=["Zorg"])]},
     "hybrid needs a phase for everybody"),
    ({"scenario": "hybrid", "phases": [phase("a", ["basic"])]}, "hybrid needs at least one phase for particular"),
    ({"scenario": "phased", "phases": [phase("a", ["basic"], dimension="location", units=["Utrecht"]),
                                       phase("b", ["basic"], dimension="location", units=["utrecht"])]},
     "phase b: utrecht at basic is already in phase a"),
    ({"scenario": "phased", "phases": [phase("a", ["basic"], end="2026-01-01")]}, "end 2026-01-01 is before start"),
    ({"scenario": "phased", "phases": [phase("a", ["master"])]}, "unknown levels master"),
    ({"scenario": "phased", "phases": [phase("a", ["basic"], dimension="shoe_size", units=["42"])]},
     "dimension must be one of"),
    ({"scenario": "phased", "phases": [phase("a", ["basic"], units=["Zorg"])]}, "units need a dimension"),
    ({"scenario": "phased", "phases": [phase("a", ["basic"], pilot=True),
                                       phase("b", ["advanced"], pilot=True)]}, "only one phase can be the pilot"),
    ({"scenario": "phased", "phases": [phase("a", ["basic"]), phase("a", ["advanced"])]}, "key is used twice"),
    ({"scenario": "phased", "phases": []}, "phases must be a non-empty list"),
    (["not", "a", "plan"], "must be a mapping"),
])
def test_invalid_plans_say_what_is_wrong(plan, problem):
    with pytest.raises(PlanError) as caught:
        parse_plan(plan, RANKS)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_progress_per_phase_on_a_generated_organisation():
    """600 people: 3 units × 200; risk class hoog for every 4th; every 3rd holds basic since
    2026-04-01; in Zorg every 5th of the hoog ones holds advanced; one leaver per unit."""
    people, intervals = [], {}
    units = ["Zorg", "Particulieren", "Staf"]
    for n in range(600):
        unit = units[n // 200]
        risk = "hoog" if n % 4 == 0 else "laag"
        left = dt.date(2026, 2, 1) if n % 200 == 199 else None
        people.append(PersonRecord(n, business_unit=unit, risk_class=risk, left_on=left))
        if n % 3 == 0:
            intervals.setdefault(n, []).append((1, dt.date(2026, 4, 1), None))
        if unit == "Zorg" and risk == "hoog" and n % 5 == 0:
            intervals.setdefault(n, []).append((2, dt.date(2026, 3, 15), None))
    held = held_from_intervals(intervals)
    plan = parse_plan({"scenario": "hybrid", "phases": [
        phase("pilot", ["advanced"], "2026-02-01", "2026-04-30", dimension="business_unit", units=["Zorg"],
              pilot=True),
        phase("basic", ["basic"], "2026-03-01", "2026-06-30"),
        phase("advanced", ["advanced"], "2026-07-01", "2026-12-31", dimension="business_unit",
              units=["Particulieren", "Staf"]),
    ]}, RANKS)
    day = dt.date(2026, 5, 15)
    rows = {r.phase.key: r for r in progress(plan, people, [MATRIX], held, day, RANKS)}

    employed = [p for p in people if p.left_on is None]
    zorg_hoog = [p for p in employed if p.business_unit == "Zorg" and p.risk_class == "hoog"]
    zorg_adv = [p for p in zorg_hoog if p.id % 5 == 0]
    pilot = rows["pilot"]
    assert (pilot.in_scope, pilot.certified, pilot.late, pilot.on_track, pilot.status) == (
        len(zorg_hoog), len(zorg_adv), len(zorg_hoog) - len(zorg_adv), 0, "ended")
    assert (pilot.in_scope, pilot.certified) == (50, 10)

    basic_holders = {p.id for p in employed if p.id % 3 == 0} | {p.id for p in zorg_adv}
    basic = rows["basic"]
    assert (basic.in_scope, basic.certified, basic.on_track, basic.late, basic.status) == (
        597, len(basic_holders), 597 - len(basic_holders), 0, "running")

    advanced = rows["advanced"]
    assert (advanced.in_scope, advanced.certified, advanced.status) == (100, 0, "planned")
    assert advanced.on_track == 100 and advanced.late == 0
    later = {r.phase.key: r for r in progress(plan, people, [MATRIX], held, dt.date(2027, 1, 15), RANKS)}
    assert later["advanced"].late == 100 and later["basic"].late == 597 - len(basic_holders)
    assert pilot.as_coverage_row().required == 50


def test_dates_typed_without_quotes_are_read_as_dates():
    raw = yaml.safe_load("scenario: all_at_once\nphases:\n  - key: all\n    name: {nl: Alle, en: All}\n"
                         "    levels: [basic]\n    start: 2026-03-01\n    end: 2026-06-30\n")
    plan = parse_plan(raw, RANKS)
    assert (plan.phases[0].start, plan.phases[0].end) == (dt.date(2026, 3, 1), dt.date(2026, 6, 30))
