"""Editing a policy as a form: what the form starts from (the policy's newest version, or nothing for a new
policy) and its versions; the preview of a proposal (which clauses it adds, changes and removes, which questions
it would flag for review, which references would point at no clause); and rolling back to an earlier version
(a new version with the old content, audit-logged as ``policy.rolled_back``). Saving a confirmed proposal is
``handlers.save_policy``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from assessments.policies import ClauseChange, clause_changes, items_touched, parse_policy, unknown_references

from ..audit import record
from ..db.models import PolicyVersion as PolicyRow
from ..errors import NotFound
from ..reports.data import reading
from ..services import services
from . import operations as ops
from . import queries
from .policy_form import PolicyVocabulary, next_version


@dataclass(frozen=True)
class EditContext:
    base: dict[str, Any] | None  # the newest version's content (None: a new policy)
    versions: list[PolicyRow]  # the policy's versions, oldest first
    vocab: PolicyVocabulary


def vocabulary(rows: list[PolicyRow]) -> PolicyVocabulary:
    """The register's policy keys with their versions (oldest first) and the newest version's date."""
    versions: dict[str, tuple[str, ...]] = {}
    newest: dict[str, dt.date] = {}
    for row in rows:  # by policy, date and id: the last row of a policy is its newest version
        versions[row.policy_key] = (*versions.get(row.policy_key, ()), row.version)
        newest[row.policy_key] = row.effective_from
    return PolicyVocabulary(versions, newest)


def edit_context(policy_key: str | None) -> EditContext:
    """What the form for ``policy_key`` (None: a new policy) starts from; a 404 for a policy not in the register."""
    with reading() as db:
        rows = queries.policy_rows(db)
    mine = [r for r in rows if r.policy_key == policy_key] if policy_key else []
    if policy_key and not mine:
        raise NotFound(_("There is no policy %(key)s.", key=policy_key[:64]))
    return EditContext(dict(mine[-1].content) if mine else None, mine, vocabulary(rows))


@dataclass(frozen=True)
class Dangling:
    clause: str
    questions: list[str]
    competences: list[str]


@dataclass(frozen=True)
class PolicyPreview:
    previous: PolicyRow | None  # the newest version now (None: a new policy)
    changes: list[ClauseChange]
    flagged: dict[str, list[str]]  # question key → the changed or removed clauses it refers to
    stems: dict[str, dict[str, Any]]  # question key → its stem by language
    dangling: list[Dangling]  # references that would point at no clause of the policy


def preview(content: dict[str, Any]) -> PolicyPreview:
    """What saving ``content`` would do, as ``operations.store_policy_version`` does it; ``PolicyError``."""
    proposed = parse_policy(content)
    with reading() as db:
        previous = queries.newest_policy_version(db, proposed.key)
        refs = queries.item_refs(db)
        model = services().catalogue.model(db)
        changes = clause_changes(parse_policy(previous.content) if previous else None, proposed)
        flagged = items_touched(changes, refs) if previous else {}
        stems = queries.newest_stems(db, flagged)
    mine = proposed.key + "-"

    def own(refs_by: dict[str, list[str]]) -> dict[str, list[str]]:
        return {who: [r for r in keys if r.startswith(mine)] for who, keys in refs_by.items()}

    questions = unknown_references([proposed], own(refs))
    competences = unknown_references([proposed], own({c.key: list(c.policy_refs)
                                                      for c in model.competences.values()}))
    dangling = [Dangling(clause, questions.get(clause, []), competences.get(clause, []))
                for clause in sorted(questions.keys() | competences.keys())]
    return PolicyPreview(previous, changes, flagged, stems, dangling)


def rollback(version_id: int, by: str, today: dt.date) -> tuple[PolicyRow, list[ClauseChange], int] | None:
    """A new version of the policy with the content of version ``version_id``, under the next version number,
    in force from today (or the newest version's date when that is later, so it is the newest); the questions
    whose clauses change are flagged as with any new version. None: the newest version already has it."""
    with services().db.transaction() as db:
        old = db.get(PolicyRow, version_id)
        if old is None:
            raise NotFound(_("There is no such policy version."))
        newest = queries.newest_policy_version(db, old.policy_key)
        if newest is None or _same(newest.content, old.content):
            return None
        taken = tuple(r.version for r in queries.policy_rows(db) if r.policy_key == old.policy_key)
        content = {**old.content, "version": next_version((*taken, newest.version)),
                   "effective_from": max(today, newest.effective_from).isoformat()}
        row, changes, flagged = ops.store_policy_version(db, content, by)
        record(db, "policy.rolled_back", f"{row.policy_key} {row.version}",
               before={"version": newest.version, "content": newest.content},
               after={"version": row.version, "from_version": old.version, "content": row.content,
                      "changed_clauses": [f"{c.kind}:{c.key}" for c in changes], "items_flagged": flagged})
        return row, changes, flagged


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same title, owner and clause wording (the version number and date aside)."""
    return all(a.get(part) == b.get(part) for part in ("title", "owner")) and \
        not clause_changes(parse_policy(a), parse_policy(b))
