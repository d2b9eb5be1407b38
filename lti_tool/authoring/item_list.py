"""The question bank as a long list: search in key and stem, filters, sort and pages, and "retire selected".

What SQL does (``queries.newest_item_versions``): the newest version of every item, narrowed by competence,
level, type, state and author. What Python does: the search in the stem (JSON per language), the usage filters
(counted from responses), the item-writing findings, the sort and the page: a bank holds thousands of questions,
not 10⁵, and the balance table below the list reads every approved item anyway.

Retiring goes through the item workflow aggregate (``operations.retire`` → ``assessments.workflow.Item.retire``):
all selected questions in one unit of work; when the rule refuses any of them, nothing is retired and each refusal
is reported with its question key.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.errors import RuleBroken

from ..db.models import ItemVersion
from ..errors import NotFound, rule_message
from ..services import services
from . import operations as ops

SORTS = ("key", "state", "updated", "level")
SIZES = ("50", "100", "200")
USAGES = ("used", "unused", "flagged", "cues")
MOST_SELECTED = 500


@dataclass(frozen=True)
class ItemQuery:
    search: str = ""
    lang: str = ""
    competence: str = ""
    level: str = ""
    item_type: str = ""
    status: str = ""
    author: str = ""
    usage: str = ""
    sort: str = "level"
    descending: bool = False
    page: int = 1
    size: int = 50

    def exact(self) -> dict[str, str]:
        return {"competence": self.competence, "level": self.level, "status": self.status,
                "item_type": self.item_type}


def matches(row: ItemVersion, needle: str, lang: str) -> bool:
    """Whether the key or the stem (in ``lang``, else any language) contains ``needle`` (any case)."""
    if needle in row.item_key.casefold():
        return True
    stem = (row.content or {}).get("stem") or {}
    texts = stem.values() if isinstance(stem, dict) else [stem]
    if isinstance(stem, dict) and lang:
        texts = [stem.get(lang, "")]
    return any(needle in str(text).casefold() for text in texts)


def ordered(rows: list[ItemVersion], q: ItemQuery) -> list[ItemVersion]:
    """``level`` keeps the SQL order (level, competence, key); the others sort stably on the key."""
    if q.sort == "key":
        return sorted(rows, key=lambda r: r.item_key, reverse=q.descending)
    if q.sort == "state":
        return sorted(rows, key=lambda r: (r.status, r.item_key), reverse=q.descending)
    if q.sort == "updated":
        return sorted(rows, key=lambda r: (r.created_at, r.item_key), reverse=q.descending)
    return list(reversed(rows)) if q.descending else rows


class Refused(Exception):
    def __init__(self, refusals: list[tuple[str, str]]) -> None:
        super().__init__(refusals)
        self.refusals = refusals


def retire_selected(keys: list[str], actor: ops.Actor, comment: str) -> list[tuple[str, str]]:
    """Retire every question in ``keys`` or none: the refusals as (key, reason in the reader's words)."""
    try:
        with services().db.transaction() as db:
            refusals: list[tuple[str, str]] = []
            for key in keys:
                try:
                    ops.retire(db, key, actor, comment)
                except RuleBroken as exc:
                    refusals.append((key, rule_message(exc)))
                except NotFound as exc:
                    refusals.append((key, exc.message))
            if refusals:
                raise Refused(refusals)  # rolls the unit of work back: nothing half-done
    except Refused as refused:
        return refused.refusals
    return []

