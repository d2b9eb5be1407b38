"""The reminders page at organisation scale: search, narrow and page the groups of reminders per manager.

At 100,000 people the page cannot list every manager: HR searches a manager or team member (name,
employee number, e-mail), narrows to a department or a reason, and pages through the managers (the
CSV for a mail merge has every matching row). Sending covers every matching manager except those HR
unticked on the page it was looking at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .params import choice_arg, text_arg
from .reminder_mail import group_key
from .rows import reminders_per_manager

REASONS = ("expires", "passed", "soon")
GROUPS_PER_PAGE = 20


@dataclass(frozen=True)
class ReminderFilter:
    search: str = ""
    department: str = ""
    reason: str = ""

    @classmethod
    def from_args(cls) -> ReminderFilter:
        return cls(search=text_arg("q"), department=text_arg("department", 255),
                   reason=choice_arg("reason", REASONS, ""))

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> ReminderFilter:
        reason = form.get("reason", "")
        return cls(search=(form.get("q") or "").strip()[:100], department=(form.get("department") or "")[:255],
                   reason=reason if reason in REASONS else "")

    def as_args(self) -> dict[str, str]:
        return {name: value for name, value in (("q", self.search), ("department", self.department),
                                                 ("reason", self.reason)) if value}


def _matches(row: Mapping[str, Any], needle: str) -> bool:
    person = row["person"]
    words = (row["manager"], row["manager_email"], row["manager_number"], person.name, person.subject,
             person.employee_number, person.email)
    return any(needle in (word or "").casefold() for word in words)


def narrow(rows: Iterable[Mapping[str, Any]], wanted: ReminderFilter) -> list[Mapping[str, Any]]:
    """The reminder rows ``wanted`` keeps: search in the manager's and the member's name, number and e-mail."""
    needle = wanted.search.casefold()
    return [row for row in rows
            if (not wanted.department or row["person"].department == wanted.department)
            and (not wanted.reason or row["why"] == wanted.reason)
            and (not needle or _matches(row, needle))]


@dataclass(frozen=True)
class ReminderPage:
    groups: list[dict[str, Any]]  # this page's managers
    total_groups: int
    total_rows: int
    page: int
    pages: int
    departments: list[str]  # of everybody with a reminder (the filter's choices)
    all_groups: list[dict[str, Any]]  # every matching manager (what sending covers)


def reminder_page(rows: Sequence[Mapping[str, Any]], wanted: ReminderFilter, page: int) -> ReminderPage:
    departments = sorted({row["person"].department for row in rows if row["person"].department})
    kept = narrow(rows, wanted)
    groups = reminders_per_manager(kept)
    pages = max(1, -(-len(groups) // GROUPS_PER_PAGE))
    start = (min(page, pages) - 1) * GROUPS_PER_PAGE
    return ReminderPage(groups[start:start + GROUPS_PER_PAGE], len(groups), len(kept), min(page, pages), pages,
                        departments, groups)


def chosen_managers(groups: Iterable[Mapping[str, Any]], shown: Iterable[str],
                    ticked: Iterable[str]) -> frozenset[str]:
    """Every matching manager with an e-mail address, less those shown on the page and not ticked."""
    unticked = set(shown) - set(ticked)
    return frozenset(key for group in groups if group["email"] and (key := group_key(group)) not in unticked)
