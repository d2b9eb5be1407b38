"""Who a person is: the rules that merge the HR file and LMS launches into one person record.

- The HR file decides who someone is. It owns the HR fields, the employee number (which decides
  whom a person manages) and the leave date; a person it created or changed is stamped
  ``hr_synced_at``. An empty HR cell keeps what is known; importing the same file twice changes nothing.
- An HR row is matched by the LMS account it names (``lti_subject``, the only link between HR and
  the LMS), else by employee number. An HR-only record (subject ``hr:<number>``) that never launched
  is folded into the LMS account the file now names.
- A launch never sets an employee number and never links to an HR record. What the LMS says about
  the organisation is kept apart (``lms_attributes``); department, location, business unit and
  function group are copied only onto people the HR file does not know.
- Leavers keep their record, marked with the leave date; a later file without one clears it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

#: the fields the HR file owns (besides the employee number and the leave date)
HR_FIELDS = ("email", "name", "department", "location", "business_unit", "function_group", "risk_class",
             "critical_process", "manager_employee_number", "hire_date")
#: what a launch may say about the organisation, kept as "seen in the LMS"
PERSON_ATTRIBUTES = ("department", "location", "business_unit", "function_group", "employee_number")
#: launch values copied onto people the HR file does not know (never the employee number)
LMS_ATTRIBUTES = ("department", "location", "business_unit", "function_group")
#: the subject of a person known only from the HR file, before their LMS account is known
HR_ONLY = "hr:"


@dataclass(frozen=True)
class PersonState:
    """A person as the rules see them; the names are the stored columns. ``id`` is the store's."""

    subject: str
    id: int | None = None
    employee_number: str | None = None
    name: str | None = None
    email: str | None = None
    department: str | None = None
    location: str | None = None
    business_unit: str | None = None
    function_group: str | None = None
    risk_class: str | None = None
    critical_process: str | None = None
    manager_employee_number: str | None = None
    hire_date: dt.date | None = None
    left_on: dt.date | None = None
    hr_synced_at: dt.datetime | None = None
    attributes_seen_at: dt.datetime | None = None
    lms_attributes: dict[str, Any] | None = None
    locale: str | None = None
    last_launch_at: dt.datetime | None = None

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @property
    def hr_only(self) -> bool:
        """Known from the HR file only: no LMS account is linked yet."""
        return self.subject.startswith(HR_ONLY)

    def hr_view(self) -> tuple[Any, ...]:
        """What an HR import may change; the person counts as updated when this differs."""
        return tuple(getattr(self, name) for name in (*HR_FIELDS, "employee_number", "left_on"))


class HrOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class HrUpsert:
    """What one HR row does: the person's new state (``id`` None: a new person), how it counts, and
    an HR-only record folded into that person (the store deletes it)."""

    person: PersonState
    outcome: HrOutcome
    folded: PersonState | None = None

    @property
    def left(self) -> bool:
        return self.person.left_on is not None


def match_hr_row(lti_subject: str | None, by_number: PersonState | None,
                 by_subject: PersonState | None) -> tuple[PersonState | None, PersonState | None]:
    """The person an HR row describes (None: a new one) and the HR-only record folded into them.

    ``by_number`` holds the row's employee number, ``by_subject`` is the LMS account the row names.
    Without an LMS account the number decides. An HR-only record is linked to the account the row
    names; when that account exists already, an HR-only record of the same number that never
    launched is folded into it (it has no attempts of its own)."""
    if not lti_subject:
        return by_number, None
    if by_subject is None:
        if by_number is not None and by_number.hr_only:
            return replace(by_number, subject=lti_subject), None
        return by_number, None
    if by_number is not None and by_number.id != by_subject.id and by_number.hr_only \
            and by_number.last_launch_at is None:
        return by_subject, by_number
    return by_subject, None


def apply_hr_row(row: Mapping[str, Any], by_number: PersonState | None, by_subject: PersonState | None,
                 now: dt.datetime) -> HrUpsert:
    """Upsert one HR row (``employee_number`` required; empty cells keep what is known)."""
    number = str(row["employee_number"])
    lti_subject = str(row.get("lti_subject") or "") or None
    matched, folded = match_hr_row(lti_subject, by_number, by_subject)
    before = matched or PersonState(subject=lti_subject or f"{HR_ONLY}{number}")
    changes: dict[str, Any] = {"employee_number": number}
    for name in HR_FIELDS:
        value = row.get(name)
        if value not in (None, ""):
            changes[name] = value
    changes["left_on"] = row.get("leave_date") or None
    after = replace(before, **changes)
    if matched is None:
        outcome = HrOutcome.CREATED
    elif after.hr_view() != before.hr_view():
        outcome = HrOutcome.UPDATED
    else:
        outcome = HrOutcome.UNCHANGED
    if outcome is not HrOutcome.UNCHANGED:
        after = replace(after, hr_synced_at=now)
    return HrUpsert(after, outcome, folded)


def apply_launch(person: PersonState, *, name: str | None = None, email: str | None = None,
                 locale: str | None = None, attributes: Mapping[str, str | None] | None = None,
                 now: dt.datetime) -> PersonState:
    """What a launch changes. Name, e-mail and locale are kept when the platform omits them; the
    organisation attributes the LMS sends are kept as seen in the LMS and copied onto the person only
    while the HR file does not know them; the employee number never comes from a launch."""
    changes: dict[str, Any] = {}
    for field, value in (("name", name), ("email", email), ("locale", locale)):
        if value:
            changes[field] = value
    seen = {k: v for k, v in (attributes or {}).items() if k in PERSON_ATTRIBUTES and v}
    if seen and seen != (person.lms_attributes or {}):
        changes["lms_attributes"] = seen
    if seen:
        changes["attributes_seen_at"] = now
    if person.hr_synced_at is None:  # not in the HR file (yet): the LMS is all we know
        changes.update({key: seen[key] for key in LMS_ATTRIBUTES if seen.get(key)})
    return replace(person, **changes)
