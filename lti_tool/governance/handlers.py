"""What the governance pages change, one unit of work each. Views parse the request, call one of
these and render; the changes themselves are in ``operations``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

from ..db.models import Person, PhaseRemark, Platform, PolicyVersion, RolloutPlanVersion
from ..errors import NotFound, UserError, bounded
from ..permissions import Role
from ..reports.data import level_ranks
from ..services import services
from . import flag_list, queries
from . import operations as ops
from .flag_list import FlagPage, FlagQuery


def find_person(db: Any, platform_id: int, text: str) -> Person:
    text = text.strip()
    if not text:
        raise UserError(_("Say who: an employee number, e-mail address or LMS user id."), 400)
    found = queries.people_matching(db, platform_id, text)
    if not found:
        raise UserError(_("Nobody on this platform has the employee number, e-mail address, LMS user id or name "
                          "%(text)s. People appear here after their first launch, a roster fetch or the HR import.",
                          text=repr(text)), 404)
    if len(found) > 1:
        raise UserError(_("More than one person matches %(text)s; use the employee number or e-mail address.",
                          text=repr(text)), 409)
    return found[0]


def grant(platform_id: int, who: str, role: Role, by: str) -> tuple[str, bool]:
    """Give the person ``who`` names the role; their name and whether they did not have it yet."""
    with services().db.transaction() as db:
        person = find_person(db, platform_id, who)
        added = ops.grant_role(db, platform_id, person, role, by)
        return person.name or person.subject, added


def revoke_grant(platform_id: int, grant_id: int) -> None:
    with services().db.transaction() as db:
        ops.revoke_role(db, platform_id, grant_id)


def save_plan(platform_id: int, content: Any, by: str) -> RolloutPlanVersion | None:
    """A new rollout-plan version (None: nothing changed); ``PlanError`` when it is not valid."""
    with services().db.transaction() as db:
        return ops.store_plan(db, platform_id, content, level_ranks(db), by)


def add_remark(platform_id: int, person_id: int, phase_key: str, author: str, role: str, text: str) -> None:
    """A remark on a phase of the platform's current plan (400 for a phase it does not have)."""
    with services().db.transaction() as db:
        _row, plan = ops.plan_in_use(db, platform_id, level_ranks(db))
        if plan.phase(phase_key) is None:
            raise UserError(_("Choose one of the phases of the current plan."), 400)
        db.add(PhaseRemark(platform_id=platform_id, phase_key=phase_key, person_id=person_id, author=author,
                           role=role, text=bounded(text)))


def answer_remark(platform_id: int, remark_id: int, by: str, answer: str, handled: bool) -> None:
    """L&D answers a remark on the rollout or marks it handled (400 when neither is given or it is too long)."""
    answer = bounded(answer)
    if not answer and not handled:
        raise UserError(_("Write an answer or mark the remark as handled."), 400)
    with services().db.transaction() as db:
        ops.answer_remark(db, platform_id, remark_id, by, answer, handled)


def save_policy(content: Any, by: str) -> tuple[PolicyVersion, list[Any], int]:
    """A new policy version, its clause changes and the number of questions flagged; ``PolicyError``."""
    with services().db.transaction() as db:
        return ops.store_policy_version(db, content, by)


def recertify(platform_id: int, version_id: int, levels: Sequence[str], due: dt.date, reason: str, by: str,
              clauses: Sequence[str]) -> int:
    """Decide that certificates of ``levels`` must be renewed by ``due`` after a policy version; how many."""
    svc = services()
    with svc.db.transaction() as db:
        row = db.get(PolicyVersion, version_id)
        if row is None:
            raise NotFound(_("There is no such policy version."))
        platform = db.get(Platform, platform_id)
        assert platform is not None
        decision = ops.decide_recertification(db, svc.derivation(db), platform, levels, due, reason, by,
                                              policy_row=row, clauses=clauses)
        return ops.affected_count(db, decision)


def resolve_flag(platform_id: int, flag_id: int, by: str, note: str) -> None:
    with services().db.transaction() as db:
        ops.resolve_flag(db, platform_id, flag_id, by, note)


def flag_page(platform_id: int, q: FlagQuery, lang: str) -> FlagPage:
    with services().db.session() as db:
        return flag_list.flag_page(db, platform_id, q, lang)


def resolve_flags(platform_id: int, flag_ids: list[int], by: str, note: str) -> tuple[int, int]:
    """Resolve the selected flags in one unit of work, each audit-logged; flags resolved before (a retry, or
    someone else was quicker) are left as they are. Returns (resolved now, already resolved)."""
    with services().db.transaction() as db:
        flags = queries.flags_by_id(db, platform_id, flag_ids)
        if len(flags) != len(set(flag_ids)):
            raise NotFound(_("Some of the selected flags do not exist (any more). Reload the list and try again."))
        before = sum(1 for f in flags if f.resolved_at is not None)
        for flag in flags:
            ops.resolve_flag(db, platform_id, flag.id, by, note)
        return len(flags) - before, before
