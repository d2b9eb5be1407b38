"""The rollout plan of the AI diploma and progress against it.

A plan has a **scenario** and **phases**:

- ``all_at_once``: one phase for everybody;
- ``phased``: phases per business unit, location or department (a unit is in one phase per level);
- ``hybrid``: basic for everybody in one phase, higher levels phased for (high-risk) units.

A phase has its units (``dimension`` + values; no units means everybody), the levels it rolls out,
start and end dates, and at most one phase of the plan is the **pilot**.

Progress of a phase on a day, over the people of the reports (``assessments.coverage.PersonRecord``):

- *in scope*: in the phase's units, employed that day, and the role matrix requires a level that
  the phase rolls out or a higher one; their *target* is the highest phase level not above their
  requirement (a phase that rolls out basic asks basic of someone who needs advanced);
- *certified*: holds the target level or higher that day;
- *late*: not certified and the phase has ended; *on track*: not certified, phase not ended.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .coverage import CoverageRow, Held, PersonRecord, people_in_scope
from .errors import ProblemsError
from .phase_message import PhaseMessage, parse_message
from .problems import Place, Problem, place
from .role_matrix import RoleMatrix, matrix_as_of, requirement
from .text import LocalizedText, missing_languages

SCENARIOS = ("all_at_once", "phased", "hybrid")
DIMENSIONS = ("business_unit", "location", "department", "function_group", "risk_class")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PHASE_FIELDS = {"key", "name", "dimension", "units", "levels", "start", "end", "pilot", "message"}


class PlanError(ProblemsError):
    """The rollout plan is not valid; ``problems`` lists every problem found."""


@dataclass(frozen=True)
class Phase:
    key: str
    name: LocalizedText
    dimension: str | None
    units: tuple[str, ...]
    levels: tuple[str, ...]
    start: dt.date
    end: dt.date
    pilot: bool = False
    message: PhaseMessage | None = None  # the phase's own reminder mail to managers (parts may be missing)

    def includes(self, person: PersonRecord) -> bool:
        if self.dimension is None:
            return True
        value = getattr(person, self.dimension)
        return value is not None and value.strip().casefold() in {u.casefold() for u in self.units}


@dataclass(frozen=True)
class RolloutPlan:
    scenario: str
    phases: tuple[Phase, ...]

    @property
    def pilot(self) -> Phase | None:
        return next((p for p in self.phases if p.pilot), None)

    def phase(self, key: str) -> Phase | None:
        return next((p for p in self.phases if p.key == key), None)


def _date(value: Any, where: Place, field: str, problems: list[Problem]) -> dt.date | None:
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(Problem("plan.date", where, field=field, value=value))
        return None


def parse_plan(data: Any, level_ranks: Mapping[str, int]) -> RolloutPlan:
    """A plan from its YAML form; raises ``PlanError`` listing every problem."""
    if not isinstance(data, Mapping):
        raise PlanError([Problem("plan.mapping")])
    problems: list[Problem] = []
    scenario = data.get("scenario")
    if scenario not in SCENARIOS:
        problems.append(Problem("plan.scenario", known=list(SCENARIOS), value=scenario))
    raw_phases = data.get("phases")
    if not isinstance(raw_phases, list) or not raw_phases:
        raise PlanError([*problems, Problem("plan.phases")])
    phases: list[Phase] = []
    for n, raw in enumerate(raw_phases, start=1):
        if not isinstance(raw, Mapping):
            problems.append(Problem("plan.phase_mapping", place("phase", key=n)))
            continue
        phases.append(_phase(raw, n, level_ranks, problems))
    keys = [p.key for p in phases]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    problems += [Problem("plan.key_twice", place("phase", key=k)) for k in twice]
    if sum(p.pilot for p in phases) > 1:
        problems.append(Problem("plan.one_pilot"))
    problems += _scenario_problems(scenario, phases, level_ranks)
    if problems:
        raise PlanError(problems)
    return RolloutPlan(str(scenario), tuple(phases))


def _phase(raw: Mapping[str, Any], n: int, level_ranks: Mapping[str, int], problems: list[Problem]) -> Phase:
    """One phase of the plan; its problems are added to ``problems``."""
    key = str(raw.get("key") or "")
    where = place("phase", key=key or n)
    if not _KEY.match(key):
        problems.append(Problem("plan.key", where))
    unknown = sorted(set(raw) - _PHASE_FIELDS)
    if unknown:
        problems.append(Problem("plan.unknown_fields", where, fields=unknown, allowed=sorted(_PHASE_FIELDS)))
    problems.extend(Problem("plan.name_language", where, lang=lang) for lang in missing_languages(raw.get("name")))
    dimension = raw.get("dimension")
    units = raw.get("units") or []
    if not isinstance(units, list) or not all(isinstance(u, str) and u.strip() for u in units):
        problems.append(Problem("plan.units", where))
        units = []
    if dimension is None and units:
        problems.append(Problem("plan.units_need_dimension", where, known=list(DIMENSIONS)))
    elif dimension is not None and dimension not in DIMENSIONS:
        problems.append(Problem("plan.dimension", where, known=list(DIMENSIONS), value=dimension))
    elif dimension is not None and not units:
        problems.append(Problem("plan.dimension_needs_units", where))
    levels = raw.get("levels") or []
    if not isinstance(levels, list) or not levels:
        problems.append(Problem("plan.levels", where, known=sorted(level_ranks)))
        levels = []
    bad = [lvl for lvl in levels if lvl not in level_ranks]
    if bad:
        problems.append(Problem("plan.unknown_levels", where, levels=bad, known=sorted(level_ranks)))
    start = _date(raw.get("start"), where, "start", problems)
    end = _date(raw.get("end"), where, "end", problems)
    if start and end and end < start:
        problems.append(Problem("plan.end_before_start", where, end=end, start=start))
    pilot = raw.get("pilot", False)
    if not isinstance(pilot, bool):
        problems.append(Problem("plan.pilot", where))
    message, message_problems = parse_message(raw.get("message"), where)
    problems += message_problems
    return Phase(key, dict(raw.get("name") or {}), dimension, tuple(u.strip() for u in units),
                 tuple(lvl for lvl in levels if lvl in level_ranks), start or dt.date.min, end or dt.date.min,
                 pilot is True, message)


def plan_data(plan: RolloutPlan) -> dict[str, Any]:
    """The plan in its YAML form again (``parse_plan`` of it gives the same plan)."""
    phases = []
    for p in plan.phases:
        phase: dict[str, Any] = {"key": p.key, "name": dict(p.name)}
        if p.dimension is not None:
            phase |= {"dimension": p.dimension, "units": list(p.units)}
        phase |= {"levels": list(p.levels), "start": p.start.isoformat(), "end": p.end.isoformat()}
        if p.pilot:
            phase["pilot"] = True
        if p.message is not None:
            phase["message"] = p.message.as_data()
        phases.append(phase)
    return {"scenario": plan.scenario, "phases": phases}


def _scenario_problems(scenario: Any, phases: Sequence[Phase], level_ranks: Mapping[str, int]) -> list[Problem]:
    everybody = [p for p in phases if p.dimension is None]
    lowest = min(level_ranks.values()) if level_ranks else 0
    if scenario == "all_at_once" and (len(phases) != 1 or not everybody):
        return [Problem("plan.all_at_once")]
    if scenario == "hybrid":
        if not any(any(level_ranks[lvl] == lowest for lvl in p.levels) for p in everybody):
            return [Problem("plan.hybrid_everybody")]
        if not any(p.dimension is not None for p in phases):
            return [Problem("plan.hybrid_units")]
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], str] = {}  # (dimension, unit, level) → phase
    for p in phases:
        for unit in p.units:
            for lvl in p.levels:
                spot = (str(p.dimension), unit.casefold(), lvl)
                if spot in seen:
                    problems.append(Problem("plan.unit_twice", place("phase", key=p.key), unit=unit, level=lvl,
                                            other=seen[spot]))
                seen[spot] = p.key
    return problems


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    in_scope: int
    certified: int
    on_track: int
    late: int
    status: str  # "planned" (not started), "running", "ended"

    @property
    def share(self) -> float | None:
        return self.certified / self.in_scope if self.in_scope else None

    def as_coverage_row(self) -> CoverageRow:
        """The same numbers as a coverage row, so the small-group rule suppresses them alike."""
        return CoverageRow(self.phase.key, self.in_scope, self.certified, self.share, self.late, None)


def phase_members(phase: Phase, people: Iterable[PersonRecord], matrix: RoleMatrix | None,
                  day: dt.date, level_ranks: Mapping[str, int]) -> list[tuple[PersonRecord, int]]:
    """The people in scope of ``phase`` on ``day`` with their target rank."""
    if matrix is None:
        return []
    ranks = sorted({level_ranks[lvl] for lvl in phase.levels})
    out = []
    for person in people_in_scope(people, day):
        if not phase.includes(person):
            continue
        need = requirement(matrix, person, level_ranks)
        if need is None:
            continue
        reachable = [r for r in ranks if r <= need.rank]
        if reachable:
            out.append((person, reachable[-1]))
    return out


def progress(plan: RolloutPlan, people: Sequence[PersonRecord], matrices: Sequence[RoleMatrix] | RoleMatrix,
             held: Held, day: dt.date, level_ranks: Mapping[str, int]) -> list[PhaseProgress]:
    """Progress of every phase on ``day``, in plan order."""
    matrix = matrix_as_of(matrices, day)
    out = []
    for phase in plan.phases:
        members = phase_members(phase, people, matrix, day, level_ranks)
        certified = sum(1 for person, target in members if held(person.id, day) >= target)
        open_ = len(members) - certified
        ended = day > phase.end
        status = "planned" if day < phase.start else ("ended" if ended else "running")
        out.append(PhaseProgress(phase, len(members), certified, 0 if ended else open_, open_ if ended else 0,
                                 status))
    return out
