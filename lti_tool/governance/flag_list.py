"""The flagged-questions list: every flag an employee or a changed policy clause raised, with the question's stem
in the reader's language, the reason, who raised or resolved it and when; search, filters, sort and pages.

What SQL does (``queries.flags_narrowed``): the platform (its own and organisation-wide flags), the state, what
raised the flag, the clause and the item. What Python does: the search in item key, reason and stem (the stem is
JSON per language, which SQL cannot search the same way on SQLite and PostgreSQL), the sort and the page. Flags
are a working list L&D keeps short (hundreds, not 10⁵), so reading the narrowed set is cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assessments.text import localize

from ..db.models import ItemFlag
from . import queries

STATES = ("open", "resolved", "all")
SOURCES = ("employee", "policy")
SORTS = ("created", "item", "reason", "resolved")
SIZES = ("50", "100", "200")
STEM_SHOWN = 90
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class FlagQuery:
    search: str = ""
    state: str = "open"
    source: str = ""
    clause: str = ""
    item: str = ""
    sort: str = "created"
    descending: bool = False
    page: int = 1
    size: int = 50


@dataclass(frozen=True)
class FlagRow:
    flag: ItemFlag
    stem: str

    @property
    def reason(self) -> str:
        return self.flag.clause_key or self.flag.comment


@dataclass(frozen=True)
class FlagPage:
    rows: list[FlagRow]
    total: int
    clauses: list[str]


def short_stem(stem: Any, lang: str) -> str:
    """The stem in ``lang`` as plain text, cut to ``STEM_SHOWN`` characters."""
    text = " ".join(_TAG.sub(" ", localize(stem, lang)).split())
    return text if len(text) <= STEM_SHOWN else text[:STEM_SHOWN - 1] + "…"


def flag_page(db: Any, platform_id: int, q: FlagQuery, lang: str) -> FlagPage:
    """One page of the flags ``q`` selects, the stems in ``lang``."""
    flags = queries.flags_narrowed(db, platform_id, "" if q.state == "all" else q.state, q.source, q.clause, q.item)
    stems = queries.newest_stems(db, [f.item_key for f in flags])
    rows = [FlagRow(f, short_stem(stems.get(f.item_key), lang)) for f in flags]
    if q.search:
        needle = q.search.casefold()
        rows = [r for r in rows if needle in r.flag.item_key.casefold() or needle in r.flag.comment.casefold()
                or needle in (r.flag.clause_key or "").casefold()
                or any(needle in str(text).casefold() for text in (stems.get(r.flag.item_key) or {}).values())]
    rows = _sorted(rows, q)
    start = (q.page - 1) * q.size
    return FlagPage(rows[start:start + q.size], len(rows), queries.flag_clauses(db, platform_id))


def _sorted(rows: list[FlagRow], q: FlagQuery) -> list[FlagRow]:
    """Stable on top of the id order; open flags have no resolution time and come last when sorted by it."""
    if q.sort == "item":
        return sorted(rows, key=lambda r: r.flag.item_key, reverse=q.descending)
    if q.sort == "reason":
        return sorted(rows, key=lambda r: (r.flag.source, r.reason.casefold()), reverse=q.descending)
    if q.sort == "resolved":
        done = sorted((r for r in rows if r.flag.resolved_at), key=lambda r: r.flag.resolved_at or r.flag.created_at,
                      reverse=q.descending)
        return done + [r for r in rows if not r.flag.resolved_at]
    return sorted(rows, key=lambda r: (r.flag.created_at, r.flag.id), reverse=q.descending)
