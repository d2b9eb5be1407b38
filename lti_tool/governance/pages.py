"""What each governance page reads, in one read-only session (``reports.data.reading``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from assessments.policies import PolicyVersion, clause_changes, parse_policy
from assessments.rollout import RolloutPlan

from ..db.models import ItemFlag, PhaseRemark, RecertificationDecision, RolloutPlanVersion
from ..db.models import PolicyVersion as PolicyRow
from ..errors import NotFound
from ..permissions import Scope
from ..reports.data import ReportInput, level_ranks, load_scoped, reading
from ..services import services
from . import operations as ops
from . import queries


def grants(platform_id: int) -> Sequence[Any]:
    with reading() as db:
        return queries.grants(db, platform_id)


@dataclass(frozen=True)
class RolloutInput:
    row: RolloutPlanVersion | None
    plan: RolloutPlan
    data: ReportInput
    remarks: list[PhaseRemark]


def rollout_input(platform_id: int, kind: Scope, person_id: int) -> RolloutInput:
    """The plan in use, the report input of ``kind`` and the remarks on the phases."""
    with reading() as db:
        row, plan = ops.plan_in_use(db, platform_id, level_ranks(db))
        data = load_scoped(db, platform_id, kind, person_id, with_persons=False)
        return RolloutInput(row, plan, data, queries.remarks(db, platform_id))


def pilot_feedback(platform_id: int, members: list[int], start: dt.date, end: dt.date) -> Any:
    with reading() as db:
        return ops.feedback_summary(db, platform_id, members, start, end)


def policy_register() -> tuple[list[PolicyRow], set[int]]:
    """Every policy version, and the ids of those in force today."""
    with reading() as db:
        return queries.policy_rows(db), {row.id for row, _p in ops.policies_in_force(db, dt.date.today())}


@dataclass(frozen=True)
class PolicyVersionPage:
    row: PolicyRow
    previous: PolicyRow | None
    policy: PolicyVersion
    changes: list[Any]
    flags: list[ItemFlag]
    decisions: list[RecertificationDecision]
    levels: list[Any]


def policy_version(version_id: int, platform_id: int) -> PolicyVersionPage:
    """One policy version against the one before, its flagged questions and this platform's decisions."""
    with reading() as db:
        row = db.get(PolicyRow, version_id)
        if row is None:
            raise NotFound(_("There is no such policy version."))
        previous = queries.previous_policy_version(db, row)
        policy = parse_policy(row.content)
        changes = clause_changes(parse_policy(previous.content) if previous else None, policy)
        levels = sorted(services().catalogue.model(db).levels.values(), key=lambda lvl: lvl.rank)
        return PolicyVersionPage(row, previous, policy, changes, queries.flags_of_policy(db, row.id),
                                 queries.decisions_on_policy(db, row.id, platform_id), levels)


def clause_inputs() -> tuple[list[PolicyVersion], Any, dict[str, list[str]]]:
    """The policies in force today, the competence model and the approved questions' clause references."""
    with reading() as db:
        in_force = [p for _row, p in ops.policies_in_force(db, dt.date.today())]
        return in_force, services().catalogue.model(db), queries.approved_item_refs(db)


def recertification_rows(platform_id: int, kind: Scope, person_id: int, min_n: int) -> list[dict[str, Any]]:
    """Each decision with the certificates it affects as ``kind`` may see them (a team: its members only;
    aggregates: no names, counts below ``min_n`` not shown)."""
    with reading() as db:
        team: set[int] | None = None
        if kind is Scope.TEAM:
            team = {p.id for p in load_scoped(db, platform_id, kind, person_id, with_persons=False).people}
        out = []
        for decision in queries.decisions(db, platform_id):
            certs = queries.affected_certificates(db, decision)
            if team is not None:
                certs = [c for c in certs if c.person_id in team]
            people = queries.persons(db, [c.person_id for c in certs]) if kind is not Scope.AGGREGATE else {}
            renewed = queries.renewed(db, decision, [c.person_id for c in certs])
            out.append({"decision": decision, "certificates": certs, "people": people, "renewed": renewed,
                        "count": len(certs), "shown": len(certs) >= min_n or kind is not Scope.AGGREGATE})
        return out
