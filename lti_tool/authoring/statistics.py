"""Item statistics from the attempts in the database (the computation is in assessments.statistics)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from assessments.statistics import (
    LOW_N,
    ItemStatistics,
    ScoredResponse,
    choice_option_keys,
    item_language_statistics,
    item_statistics,
)

from ..db.models import ItemVersion
from ..db.repositories import items_by_version_ids
from . import queries


@dataclass(frozen=True)
class BankStatistics:
    overall: Mapping[str, ItemStatistics]
    by_language: Mapping[tuple[str, str], ItemStatistics]
    attempts: int


def collect(db: Session, min_n: int = 20) -> BankStatistics:
    """Every finished attempt's items: the answer given (or none) and its fraction."""
    attempts = queries.finished_attempts(db)
    totals = {a.id: float(a.score_raw or 0.0) for a in attempts}
    given = {(r.attempt_id, r.position): r for r in queries.finished_responses(db)}
    version_ids = {e["item_version_id"] for a in attempts for e in a.layout}
    items = items_by_version_ids(db, list(version_ids))
    rows: list[ScoredResponse] = []
    for attempt in attempts:
        for entry in attempt.layout:
            answer = given.get((attempt.id, entry["position"]))
            rows.append(ScoredResponse(attempt.id, entry["item_key"],
                                       (answer.language if answer and answer.language else attempt.locale),
                                       list(answer.response) if answer else [],
                                       float(answer.fraction or 0.0) if answer else 0.0))
    options = choice_option_keys(items.values())
    return BankStatistics(item_statistics(rows, totals, min_n=min_n, options=options),
                          item_language_statistics(rows, totals, min_n=min_n, options=options), len(attempts))


def item_flags(db: Session) -> dict[str, list[str]]:
    """Items that look broken: negative discrimination, nobody or everybody correct."""
    return {key: sorted(s.flags - {LOW_N}) for key, s in collect(db).overall.items() if s.flags - {LOW_N}}


def stats_for_item(db: Session, key: str) -> tuple[ItemStatistics, list[ItemStatistics]] | None:
    stats = collect(db)
    if key not in stats.overall:
        return None
    return stats.overall[key], [s for (k, _lang), s in sorted(stats.by_language.items()) if k == key]


def item_meta(db: Session, keys: list[str]) -> dict[str, ItemVersion]:
    return queries.newest_versions_by_key(db, keys)
