"""Governance changes, each in the caller's unit of work and each recorded in the audit log:
role grants, policy versions (which flag the items that refer to changed clauses), recertification
decisions (journaled as statements the certification derivation honours), rollout plans, remarks,
exam feedback and flagged questions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from assessments.attempts import AttemptStatus
from assessments.items import content_hash
from assessments.policies import PolicyError, PolicyVersion, clause_changes, items_touched, parse_policy
from assessments.rollout import RolloutPlan, parse_plan
from xapi import statements as st

from ..audit import record
from ..certification import project_people
from ..db.models import (
    ExamFeedback,
    ItemFlag,
    ItemVersion,
    Person,
    PhaseRemark,
    Platform,
    RecertificationDecision,
    RoleGrant,
    RolloutPlanVersion,
    utcnow,
)
from ..db.models import PolicyVersion as PolicyRow
from ..db.repositories import journal
from ..errors import NotFound, UserError, bounded
from ..permissions import Role
from . import queries

CONFIG = Path(__file__).resolve().parents[2] / "config"

def as_json(content: Any) -> Any:
    """YAML as typed by people (unquoted dates become date objects) in the JSON a column stores."""
    return json.loads(json.dumps(content, default=str))


# --- role grants -------------------------------------------------------------------------------


def grant_role(db: Session, platform_id: int, person: Person, role: Role, by: str) -> bool:
    """Give ``person`` the tool role (on this platform). False when they had it already."""
    if person.platform_id != platform_id:
        raise NotFound(_("There is no such person on this platform."))
    if queries.grant_exists(db, platform_id, person.id, role.value):
        return False
    db.add(RoleGrant(platform_id=platform_id, person_id=person.id, role=role.value, granted_by=by))
    record(db, "role.granted", f"{person.subject} {role.value}", after={"person_id": person.id, "role": role.value},
           platform_id=platform_id)
    return True


def revoke_role(db: Session, platform_id: int, grant_id: int) -> None:
    grant = db.get(RoleGrant, grant_id)
    if grant is None or grant.platform_id != platform_id:
        raise NotFound(_("There is no such role grant on this platform."))
    record(db, "role.revoked", f"person {grant.person_id} {grant.role}",
           before={"person_id": grant.person_id, "role": grant.role, "granted_by": grant.granted_by},
           platform_id=platform_id)
    db.delete(grant)


# --- policy register ---------------------------------------------------------------------------


def policy_of(row: PolicyRow) -> PolicyVersion:
    return parse_policy(row.content)


def policies_in_force(db: Session, day: dt.date) -> list[tuple[PolicyRow, PolicyVersion]]:
    """Per policy the version in force on ``day`` (or its first version when none is yet)."""
    newest: dict[str, PolicyRow] = {}
    for row in queries.policy_rows(db):
        if row.policy_key not in newest or row.effective_from <= day:
            newest[row.policy_key] = row
    return [(row, policy_of(row)) for row in newest.values()]



def store_policy_version(db: Session, raw: Any, by: str, *, audit: bool = True
                         ) -> tuple[PolicyRow, list[Any], int]:
    """Store a new version of a policy; flag the items that refer to changed or removed clauses.
    Returns the row, the clause changes and the number of items flagged. (Seeding from ``config/``
    at installation is not an administrative change and passes ``audit=False``.)"""
    policy = parse_policy(raw)
    if queries.policy_version_exists(db, policy.key, policy.version):
        raise PolicyError([_("Policy %(key)s already has a version %(version)s; give the new version another "
                             "number.", key=policy.key, version=policy.version)])
    previous = queries.newest_policy_version(db, policy.key)
    changes = clause_changes(policy_of(previous) if previous else None, policy)
    content = as_json(raw)
    content["effective_from"] = policy.effective_from.isoformat()
    row = PolicyRow(policy_key=policy.key, version=policy.version, effective_from=policy.effective_from,
                    content=content, content_hash=content_hash(content), created_by=by)
    db.add(row)
    db.flush()
    touched = items_touched(changes, queries.item_refs(db)) if previous else {}
    for item_key, clauses in touched.items():
        for clause in clauses:
            db.add(ItemFlag(item_key=item_key, source="policy", clause_key=clause, policy_version_id=row.id,
                            comment=f"{policy.key} {policy.version}"))
    if not audit:
        return row, changes, len(touched)
    record(db, "policy.changed" if previous else "policy.added", f"{policy.key} {policy.version}",
           before={"version": previous.version, "content": previous.content} if previous else None,
           after={"version": policy.version, "content": content,
                  "changed_clauses": [f"{c.kind}:{c.key}" for c in changes], "items_flagged": sorted(touched)})
    return row, changes, len(touched)


def seed_policies(db: Session, path: Path = CONFIG / "policies.yaml") -> int:
    """Store the policies of ``config/policies.yaml`` that are not in the register yet."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    added = 0
    for raw in data.get("policies") or []:
        if not queries.policy_version_exists(db, raw.get("key"), str(raw.get("version"))):
            store_policy_version(db, {**raw, "version": str(raw.get("version"))}, "config/", audit=False)
            added += 1
    return added


# --- recertification decisions -----------------------------------------------------------------


def decide_recertification(db: Session, config: Any, platform: Platform, levels: Sequence[str], due: dt.date,
                           reason: str, by: str, *, policy_row: PolicyRow | None = None,
                           clauses: Sequence[str] = (), now: dt.datetime | None = None) -> RecertificationDecision:
    """Certificates at ``levels`` of this platform issued before now must be renewed by ``due``.

    One ``recertification-required`` statement per level is journaled (scoped to this platform's
    issuer); the projection of everyone holding such a certificate is derived again from the statements."""
    now = now or utcnow()
    if not levels:
        raise UserError(_("Choose at least one level that needs recertification."), 400)
    unknown = [lvl for lvl in levels if lvl not in config.level_ranks]
    if unknown:
        raise UserError(_("Unknown level: %(levels)s.", levels=", ".join(unknown)), 400)
    if due <= now.date():
        raise UserError(_("The recertification date must be in the future."), 400)
    if not reason.strip():
        raise UserError(_("Say why recertification is needed (people and auditors will read it)."), 400)
    due_at = dt.datetime.combine(due, dt.time(), tzinfo=dt.UTC)
    ids = []
    for level in levels:
        statement = st.recertification_required(
            config.iris, level, due_at, now, reason.strip(), by, now,
            policy_clause=", ".join(clauses) or None, scope=platform.issuer)
        journal(db, statement, platform.id, None)
        ids.append(statement["id"])
    decision = RecertificationDecision(platform_id=platform.id, policy_version_id=policy_row.id if policy_row else None,
                                       clauses=list(clauses), levels=list(levels), due=due, issued_before=now,
                                       reason=reason.strip(), statement_ids=ids, decided_by=by)
    db.add(decision)
    db.flush()
    holders = queries.certificate_holders(db, platform.id, levels, now)
    project_people(db, config, holders)
    record(db, "recertification.decided", f"{', '.join(levels)} by {due.isoformat()}",
           after={"levels": list(levels), "due": due.isoformat(), "reason": reason.strip(), "clauses": list(clauses),
                  "statement_ids": ids, "certificates_affected": affected_count(db, decision)},
           platform_id=platform.id)
    return decision


def affected_count(db: Session, decision: RecertificationDecision) -> int:
    return len(queries.affected_certificates(db, decision))


# --- rollout -----------------------------------------------------------------------------------


def current_plan(db: Session, platform_id: int, level_ranks: Mapping[str, int]
                 ) -> tuple[RolloutPlanVersion | None, RolloutPlan | None]:
    row = queries.newest_plan(db, platform_id)
    return (row, parse_plan(row.content, level_ranks)) if row else (None, None)


def plan_in_use(db: Session, platform_id: int, level_ranks: Mapping[str, int]
                ) -> tuple[RolloutPlanVersion | None, RolloutPlan]:
    """The platform's current plan, or the organisation's default from ``config/`` until one is saved."""
    row, plan = current_plan(db, platform_id, level_ranks)
    return row, plan if plan is not None else parse_plan(default_plan(), level_ranks)


def store_plan(db: Session, platform_id: int, content: Any, level_ranks: Mapping[str, int], by: str
               ) -> RolloutPlanVersion | None:
    """A new plan version unless it equals the current one; raises ``PlanError``."""
    parse_plan(content, level_ranks)
    content = as_json(content)
    row, _plan = current_plan(db, platform_id, level_ranks)
    if row is not None and content_hash(row.content) == content_hash(content):
        return None
    new = RolloutPlanVersion(platform_id=platform_id, version=(row.version + 1) if row else 1, content=content,
                             created_by=by)
    db.add(new)
    db.flush()
    record(db, "rollout.changed", f"v{new.version}", before={"content": row.content} if row else None,
           after={"content": content}, platform_id=platform_id)
    return new


def default_plan(path: Path = CONFIG / "rollout.yaml") -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- feedback ----------------------------------------------------------------------------------


def rate_exam(db: Session, attempt: Any, clarity: int, relevance: int, comment: str) -> bool:
    """Store the employee's rating of a finished exam (once per attempt; False if already rated)."""
    if attempt.status == AttemptStatus.IN_PROGRESS:
        raise UserError(_("Rate the exam after you have submitted it."), 409)
    for value in (clarity, relevance):
        if value not in range(1, 6):
            raise UserError(_("Ratings go from 1 to 5."), 400)
    if queries.exam_rated(db, attempt.id):
        return False
    db.add(ExamFeedback(platform_id=attempt.platform_id, attempt_id=attempt.id, person_id=attempt.person_id,
                        clarity=clarity, relevance=relevance, comment=bounded(comment)))
    return True


def flag_question(db: Session, attempt: Any, item_key: str, comment: str) -> ItemFlag:
    """An employee flags a question of their finished attempt (with what is wrong with it)."""
    if attempt.status == AttemptStatus.IN_PROGRESS:
        raise UserError(_("Flag questions after you have submitted the exam."), 409)
    used = {entry.get("item_key"): entry.get("item_version_id") for entry in attempt.layout
            if isinstance(entry, dict)}
    if item_key not in used:
        raise UserError(_("That question was not part of your exam."), 400)
    if not comment.strip():
        raise UserError(_("Say what is wrong with the question, so L&D can fix it."), 400)
    version = db.get(ItemVersion, used[item_key]) if used[item_key] else None
    flag = ItemFlag(platform_id=attempt.platform_id, item_key=item_key,
                    item_version=version.version if version else None, source="employee",
                    attempt_id=attempt.id, comment=bounded(comment))
    db.add(flag)
    return flag


def open_flags(db: Session, platform_id: int) -> list[ItemFlag]:
    """Flags L&D of this platform must look at: its employees' flags and policy changes (organisation-wide)."""
    return queries.open_flags(db, platform_id)


def resolve_flag(db: Session, platform_id: int, flag_id: int, by: str, note: str) -> None:
    flag = db.get(ItemFlag, flag_id)
    if flag is None or flag.platform_id not in (None, platform_id):
        raise NotFound(_("There is no such flag."))
    if flag.resolved_at is not None:
        return
    flag.resolved_at, flag.resolved_by = utcnow(), by
    record(db, "item_flag.resolved", f"{flag.item_key} ({flag.source})",
           before={"comment": flag.comment, "clause": flag.clause_key}, after={"note": note.strip()},
           platform_id=platform_id)


def feedback_summary(db: Session, platform_id: int, person_ids: Iterable[int] | None,
                     start: dt.date | None = None, end: dt.date | None = None) -> dict[str, Any]:
    """Ratings and flags from the given people (a pilot's) in a period: counts, means, comments."""
    rows = queries.feedback(db, platform_id, person_ids)
    if start:
        rows = [r for r in rows if r.created_at.date() >= start]
    if end:
        rows = [r for r in rows if r.created_at.date() <= end]
    flags = queries.employee_flags(db, platform_id)
    if person_ids is not None:
        wanted = set(person_ids)
        owners = queries.attempt_owners(db, [f.attempt_id for f in flags if f.attempt_id])
        flags = [f for f in flags if f.attempt_id and owners.get(f.attempt_id) in wanted]
    by_item: dict[str, int] = {}
    for flag in flags:
        by_item[flag.item_key] = by_item.get(flag.item_key, 0) + 1
    n = len(rows)
    return {"responses": n,
            "clarity": sum(r.clarity for r in rows) / n if n else None,
            "relevance": sum(r.relevance for r in rows) / n if n else None,
            "comments": [r.comment for r in rows if r.comment],
            "flags": len(flags), "flagged_items": sorted(by_item.items(), key=lambda kv: (-kv[1], kv[0]))}


def answer_remark(db: Session, platform_id: int, remark_id: int, by: str, answer: str, handled: bool) -> None:
    """L&D's answer to a remark on the rollout (may be empty when it only marks it handled); audit-logged."""
    remark = db.get(PhaseRemark, remark_id)
    if remark is None or remark.platform_id != platform_id:
        raise NotFound(_("There is no such remark."))
    before = {"answer": remark.answer, "handled": remark.handled}
    remark.answer, remark.handled = answer or remark.answer, handled
    remark.answered_by, remark.answered_at = by, utcnow()
    record(db, "rollout.remark_answered", f"{remark.phase_key} #{remark.id} ({remark.author})", before=before,
           after={"answer": remark.answer, "handled": handled}, platform_id=platform_id)
