"""Editing the rollout plan as a form: what the form offers, the preview of how many people each phase
takes in (the proposal against the plan in use, from the platform's HR data and the role matrix in force),
and rolling back to an earlier version (a new version with the old content, audit-logged by ``store_plan``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from assessments.role_matrix import matrix_as_of
from assessments.rollout import DIMENSIONS, RolloutPlan, parse_plan, phase_members

from ..db.models import RolloutPlanVersion
from ..errors import NotFound
from ..reports.data import level_ranks, load, reading
from ..services import services
from . import operations as ops
from . import queries
from .plan_form import PlanVocabulary


@dataclass(frozen=True)
class PhaseCount:
    key: str
    name: dict[str, str]
    pilot: bool
    before: int | None  # in scope of the same phase of the plan in use (None: a new phase)
    after: int


def edit_context(platform_id: int) -> tuple[dict[str, Any], PlanVocabulary, list[RolloutPlanVersion]]:
    """The content the form starts from (the plan in use), the vocabularies and the saved versions."""
    with reading() as db:
        row = queries.newest_plan(db, platform_id)
        ranks = level_ranks(db)
        base = dict(row.content) if row else ops.default_plan()
        units = queries.unit_values(db, platform_id, DIMENSIONS)
        for phase in base.get("phases") or []:  # the units the plan in use names stay choosable
            if phase.get("dimension") in units:
                units[phase["dimension"]] += tuple(u for u in phase.get("units") or [] if isinstance(u, str))
        vocab = PlanVocabulary(tuple(sorted(ranks, key=lambda k: ranks[k])), units)
        return base, vocab, queries.plan_versions(db, platform_id)


def preview(platform_id: int, content: dict[str, Any], day: dt.date) -> list[PhaseCount]:
    """Per phase of the proposal: the people in scope on ``day`` now and under the proposal."""
    with reading() as db:
        ranks = level_ranks(db)
        _row, in_use = ops.plan_in_use(db, platform_id, ranks)
        data = load(db, platform_id, ranks, with_persons=False)
    proposed: RolloutPlan = parse_plan(content, ranks)
    matrix = matrix_as_of(data.matrices, day) if data.matrices else None

    def count(phase: Any) -> int:
        return len(phase_members(phase, data.people, matrix, day, ranks))

    return [PhaseCount(p.key, dict(p.name), p.pilot,
                       count(old) if (old := in_use.phase(p.key)) is not None else None, count(p))
            for p in proposed.phases]


def rollback(platform_id: int, version: int, by: str) -> RolloutPlanVersion | None:
    """A new version with the content of ``version``; None: the plan in use already has it."""
    with services().db.transaction() as db:
        old = queries.plan_version(db, platform_id, version)
        if old is None:
            raise NotFound(_("There is no rollout plan version %(v)d.", v=version))
        return ops.store_plan(db, platform_id, dict(old.content), level_ranks(db), by)
