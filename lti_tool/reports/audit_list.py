"""The audit log as a long list: filters (who, object, action, period) and pages in SQL, and the CSV export of
everything the filters select, each change in words (``audit_words``) next to the raw JSON for machines."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db.models import AuditEntry
from ..labels import audit_action_label
from . import queries
from .audit_words import change_lines
from .data import reading
from .downloads import csv_response

SIZES = ("50", "100", "200")
MOST_EXPORTED = 100_000  # a CSV of more rows than this is cut (the filters say how to narrow it)


@dataclass(frozen=True)
class AuditQuery:
    action: str = ""
    who: str = ""
    subject: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    page: int = 1
    size: int = 50

    def args(self) -> dict[str, Any]:
        return {"action": self.action, "who": self.who, "since": self.since, "until": self.until,
                "subject": self.subject}


def audit_page(platform_id: int, q: AuditQuery) -> tuple[list[AuditEntry], int]:
    """One page of the entries ``q`` selects (newest first) and how many it selects in all."""
    with reading() as db:
        total = queries.count_audit_entries(db, platform_id, **q.args())
        rows = queries.audit_entries(db, platform_id, limit=q.size, offset=(q.page - 1) * q.size, **q.args())
        return rows, total


def audit_csv(platform_id: int, q: AuditQuery) -> ResponseReturnValue:
    """Every entry ``q`` selects as CSV, in the user's language, with the filters printed above the rows."""
    with reading() as db:
        entries = queries.audit_entries(db, platform_id, limit=MOST_EXPORTED, **q.args())
    rows = [[e.at.isoformat(timespec="seconds"), e.actor, audit_action_label(e.action), e.subject,
             "; ".join(change_lines(e.before, e.after)),
             json.dumps(e.before, ensure_ascii=False) if e.before else "",
             json.dumps(e.after, ensure_ascii=False) if e.after else ""] for e in entries]
    return csv_response("audit-log.csv", [_("when"), _("who"), _("action"), _("subject"), _("change"),
                                          _("before"), _("after")], rows,
                        {_("action"): audit_action_label(q.action) if q.action else _("all"), _("who"): q.who or "–",
                         _("object"): q.subject or "–", _("from"): q.since.isoformat() if q.since else "–",
                         _("until"): q.until.isoformat() if q.until else "–", _("rows"): str(len(rows))})
