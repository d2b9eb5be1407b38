"""The reminders page at organisation scale: search, narrow and page the reminders per manager.

At 100,000 people the page cannot list every manager: HR searches a manager or team member (name,
employee number, e-mail; a manager found brings their whole team), narrows to a department or a reason,
and pages through the managers, twenty at a time (the CSV for a mail merge has every matching row).
Sending covers every matching manager except those HR unticked on the page it was looking at.

Where the work happens: SQL narrows the members (team, department, search) and reads them as plain tuples
with their certificate spans; Python decides per person whether a reminder is due (the role matrix's
requirement, the level held, the latest certificate's end: ``rows.standing``), groups the reminders per
manager and pages them; ``Person`` objects are loaded for the rows shown (or sent) only. Measured in
``benchmarks/bench_people_list.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from assessments.coverage import PersonRecord
from assessments.role_matrix import matrix_as_of

from ..db.models import Person
from ..organisation import matrix_versions
from ..permissions import Scope
from . import queries
from .data import latest_certificate_ends, level_ranks, reading, records_input
from .params import choice_arg, text_arg
from .rows import reminders_per_manager, standing

REASONS = ("expires", "passed", "soon")
GROUPS_PER_PAGE = 20
SOON_DAYS = 30  # a deadline within this many days is worth a reminder


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


@dataclass(frozen=True)
class Due:
    """One reminder before it is shown: who, why (``REASONS``), the date, and the manager's employee number
    when that manager is known (else None: the "no manager known" group)."""

    person_id: int
    why: str
    date: dt.date
    manager: str | None


@dataclass(frozen=True)
class Reminders:
    """Every matching reminder in page order, grouped per manager."""

    groups: list[tuple[str | None, list[Due]]]  # (manager's employee number or None, their reminders)
    managers: dict[str, tuple]  # employee number → (name, e-mail, locale)
    departments: list[str]

    @property
    def count(self) -> int:
        return sum(len(dues) for _key, dues in self.groups)

    def sendable(self) -> list[str]:
        """The employee number of every matching manager with an e-mail address."""
        return [key for key, _dues in self.groups if key is not None and self.managers[key][1]]


def due_reminders(platform_id: int, scope: Scope, person_id: int, wanted: ReminderFilter, day: dt.date,
                  window: int) -> Reminders:
    """The reminders ``wanted`` keeps among the people ``scope`` shows, as of ``day``."""
    with reading() as db:
        ranks = level_ranks(db)
        matrices = matrix_versions(db, ranks)
        only = queries.team_ids(db, person_id) if scope is Scope.TEAM else None
        where = queries.reminder_narrowing(platform_id, only, wanted.search, wanted.department)
        tuples = queries.listed_people(db, platform_id, where)
        spans = queries.certificate_spans_where(db, platform_id, where)
        departments = queries.list_choices(db, platform_id, only)["department"]
        managers = queries.managers_by_number(db, platform_id, (t[7] for t in tuples))
    data = records_input(tuples, spans, ranks, matrices)
    matrix = matrix_as_of(matrices, day) if matrices else None
    ends = latest_certificate_ends(spans, day)
    number_of = {t[0]: t[7] if t[7] in managers else None for t in tuples}
    dues = [due for record in data.people
            if (due := _due(standing(data, matrix, record, day), ends.get(record.id), day, window,
                            number_of[record.id])) is not None and (not wanted.reason or due.why == wanted.reason)]
    return Reminders(_grouped(dues, managers), managers, departments)


def _due(row: Mapping[str, Any], ends: dt.date | None, day: dt.date, window: int, manager: str | None) -> Due | None:
    need = row["need"]
    if row["left"] or need is None:
        return None
    if row["covered"]:
        return Due(row["id"], "expires", ends, manager) if ends is not None and (ends - day).days <= window else None
    if (need.deadline - day).days <= SOON_DAYS:
        return Due(row["id"], "passed" if day > need.deadline else "soon", need.deadline, manager)
    return None


def _grouped(dues: Iterable[Due], managers: Mapping[str, tuple]) -> list[tuple[str | None, list[Due]]]:
    """Per manager by name (those without a known manager last), each group's reminders by date."""
    groups: dict[str | None, list[Due]] = {}
    for due in dues:
        groups.setdefault(due.manager, []).append(due)
    order = sorted(groups, key=lambda key: (key is None, managers[key][0] if key is not None else "", key or ""))
    return [(key, sorted(groups[key], key=lambda d: d.date)) for key in order]


def reminder_rows_of(reminders: Reminders, picked: Sequence[tuple[str | None, list[Due]]]) -> list[dict[str, Any]]:
    """The rows the page, the CSV and the mails show for the groups ``picked`` (``Person`` objects loaded for
    them only), in the shape ``rows.reminders_per_manager`` groups."""
    reasons = {"expires": _("diploma expires"), "passed": _("deadline passed"), "soon": _("deadline soon")}
    with reading() as db:
        persons = queries.persons(db, [due.person_id for _key, dues in picked for due in dues])
    out = []
    for key, dues in picked:
        name, email, locale = reminders.managers[key] if key is not None else (_("(no manager known)"), None, None)
        contact = {"manager": name, "manager_email": email, "manager_number": key, "manager_locale": locale}
        out += [{**contact, "person": persons[d.person_id], "reason": reasons[d.why], "why": d.why, "date": d.date}
                for d in dues]
    return out


@dataclass(frozen=True)
class ReminderPage:
    groups: list[dict[str, Any]]  # this page's managers with their rows
    total_groups: int
    total_rows: int
    page: int
    pages: int
    departments: list[str]
    sendable: int  # matching managers with an e-mail address (what sending covers)


def reminder_page(reminders: Reminders, page: int) -> ReminderPage:
    pages = max(1, -(-len(reminders.groups) // GROUPS_PER_PAGE))
    page = min(page, pages)
    picked = reminders.groups[(page - 1) * GROUPS_PER_PAGE:page * GROUPS_PER_PAGE]
    groups = reminders_per_manager(reminder_rows_of(reminders, picked))
    return ReminderPage(groups, len(reminders.groups), reminders.count, page, pages, reminders.departments,
                        len(reminders.sendable()))


def chosen_managers(reminders: Reminders, shown: Iterable[str], ticked: Iterable[str]) -> frozenset[str]:
    """Every matching manager with an e-mail address, less those shown on the page and not ticked."""
    unticked = set(shown) - set(ticked)
    return frozenset(key for key in reminders.sendable() if key not in unticked)


def picked_groups(reminders: Reminders, keys: frozenset[str]) -> list[tuple[str | None, list[Due]]]:
    """The groups of the managers ``keys`` names (their employee numbers)."""
    return [(key, dues) for key, dues in reminders.groups if key is not None and key in keys]


def records_of(platform_id: int, ids: Sequence[int]) -> dict[int, PersonRecord]:
    """The ``PersonRecord`` of each of ``ids`` (what a rollout phase matches on)."""
    with reading() as db:
        where = [Person.platform_id == platform_id, Person.id.in_(list(ids))]
        tuples = queries.listed_people(db, platform_id, where)
        data = records_input(tuples, [], level_ranks(db), [])
    return {record.id: record for record in data.people}
