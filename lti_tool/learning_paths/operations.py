"""Learning path use cases: L&D saves a catalogue version; a person's path with their progress.

Progress of LMS and e-learning activities is read from the LRS (the same client and egress guard the
certificate rebuild uses): an activity is done when the LRS holds a ``completed`` or ``passed`` statement by
the person's account for its activity id. When the LRS does not answer, progress is shown as unknown."""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from assessments.competences import CompetenceModel
from assessments.learning_paths import (
    LearningPathCatalogue,
    activity_of,
    check_catalogue,
    row_of,
    stored_catalogue,
)
from assessments.problems import Problem
from xapi import vocabulary as v
from xapi.lrs_client import LrsClient, LrsError

from ..db.models import LearningPathVersion
from ..egress import egress_transport
from ..settings import Settings
from . import queries, repositories

log = logging.getLogger(__name__)
DONE_VERBS = (v.COMPLETED.id, v.PASSED.id)
#: a page waits at most this long for the LRS (it shows 'unknown' rather than hang)
PAGE_LRS_TIMEOUT = 5.0


def covered_levels(held: Iterable[str], ranks: Mapping[str, int]) -> set[str]:
    """The levels a person's certificates in force cover (a higher level counts for a lower one)."""
    top = max((ranks.get(level, -1) for level in held), default=-1)
    return {level for level, rank in ranks.items() if rank <= top}


def catalogue(db: Session) -> LearningPathCatalogue:
    """The newest catalogue version (an empty one, version 0, until L&D saves one)."""
    row = queries.newest_version(db)
    return stored_catalogue(row.content if row else None, row.version if row else 0)


@dataclass(frozen=True)
class Saved:
    row: LearningPathVersion | None  # None: nothing changed (or problems)
    problems: list[dict[str, Problem]]  # per row, by field


def save(db: Session, rows: Sequence[Mapping[str, Any]], model: CompetenceModel, by: str) -> Saved:
    """Store ``rows`` as the next catalogue version unless a row has a problem."""
    problems = check_catalogue(rows, model)
    if any(problems):
        return Saved(None, problems)
    content = {"activities": [row_of(activity_of(r)) for r in rows]}
    return Saved(repositories.store_version(db, content, by), problems)


def _agent(issuer: str, subject: str) -> str:
    return json.dumps({"objectType": "Agent", "account": {"homePage": issuer, "name": subject}})


def done_ids(client: LrsClient, issuer: str, subject: str, wanted: Collection[str]) -> set[str]:
    """Which of ``wanted`` (activity ids) the account has a completed or passed statement for."""
    found: set[str] = set()
    for verb in DONE_VERBS:
        for statement in client.iter_statements({"agent": _agent(issuer, subject), "verb": verb, "limit": 100}):
            target = (statement.get("object") or {}).get("id")
            if target in wanted:
                found.add(str(target))
    return found


def lrs_progress(settings: Settings, accounts: Iterable[tuple[str, str]],
                 wanted: Collection[str]) -> dict[tuple[str, str], set[str]] | None:
    """Per (issuer, subject): the done activity ids among ``wanted``; None when there is no LRS or it did not
    answer (the page then says progress is unknown)."""
    accounts = list(accounts)
    if not wanted or not accounts:
        return {account: set() for account in accounts}
    if not settings.lrs_endpoint:
        return None
    timeout = min(settings.lrs_timeout, PAGE_LRS_TIMEOUT)
    try:
        with LrsClient(settings.lrs_endpoint, settings.lrs_username, settings.lrs_password, timeout=timeout,
                       transport=egress_transport(settings, timeout)) as client:
            return {account: done_ids(client, *account, wanted) for account in accounts}
    except (LrsError, ValueError) as exc:
        log.warning("learning path progress: the LRS did not answer: %s", exc.__class__.__name__)
        return None
