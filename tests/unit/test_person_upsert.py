"""The person-record rules without a database: HR rows and launches merged into one person, with
an in-memory store standing in for the people table."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from assessments.people import (
    HR_FIELDS,
    HrOutcome,
    PersonState,
    apply_hr_row,
    apply_launch,
    match_hr_row,
)

NOW = dt.datetime(2026, 3, 1, 9, 0)
LATER = dt.datetime(2026, 4, 1, 9, 0)
SANNE = {"employee_number": "VG-10231", "name": "Sanne de Vries", "email": "sanne@voorbeeldgroep.nl",
         "department": "Klantenservice", "location": "Utrecht", "business_unit": "Particulier",
         "function_group": "medewerker", "risk_class": "midden", "critical_process": "",
         "manager_employee_number": "VG-10487", "hire_date": dt.date(2019, 5, 1), "leave_date": None,
         "lti_subject": "vg-1001"}
LAUNCH = {"department": "Directie", "location": "Amsterdam", "business_unit": "Zakelijk",
          "function_group": "manager", "employee_number": "VG-10487"}


class FakePeople:
    """The people table of one platform, in memory: the same look-ups and write-backs the import does."""

    def __init__(self) -> None:
        self.rows: dict[int, PersonState] = {}
        self.next_id = 1

    def by(self, **where: Any) -> PersonState | None:
        return next((p for p in self.rows.values() if all(getattr(p, k) == v for k, v in where.items())), None)

    def import_hr(self, rows: list[dict[str, Any]], now: dt.datetime = NOW) -> dict[str, int]:
        counts = {"created": 0, "updated": 0, "unchanged": 0, "left": 0}
        for row in rows:
            subject = row.get("lti_subject") or None
            upsert = apply_hr_row(row, self.by(employee_number=str(row["employee_number"])),
                                  self.by(subject=subject) if subject else None, now)
            if upsert.folded is not None:
                del self.rows[upsert.folded.id]  # type: ignore[arg-type]
            self.store(upsert.person)
            counts[upsert.outcome.value] += 1
            counts["left"] += upsert.left
        return counts

    def launch(self, subject: str, now: dt.datetime = LATER, **claims: Any) -> PersonState:
        person = self.by(subject=subject) or self.store(PersonState(subject=subject))
        return self.store(apply_launch(person, now=now, **claims))

    def store(self, person: PersonState) -> PersonState:
        if person.id is None:
            person = replace(person, id=self.next_id)
            self.next_id += 1
        self.rows[person.id] = person  # type: ignore[index]
        return person


def test_an_hr_row_creates_a_person_with_every_hr_field_and_the_sync_time():
    people = FakePeople()
    assert people.import_hr([SANNE]) == {"created": 1, "updated": 0, "unchanged": 0, "left": 0}
    sanne = people.by(subject="vg-1001")
    assert sanne is not None and sanne.employee_number == "VG-10231" and sanne.hr_synced_at == NOW
    assert all(getattr(sanne, f) == SANNE[f] for f in HR_FIELDS if SANNE[f] != "")
    assert sanne.critical_process is None  # an empty cell is no value


def test_without_an_lms_account_the_record_is_hr_only():
    upsert = apply_hr_row({**SANNE, "lti_subject": ""}, None, None, NOW)
    assert upsert.outcome is HrOutcome.CREATED and upsert.person.subject == "hr:VG-10231"
    assert upsert.person.hr_only and upsert.person.id is None


def test_importing_the_same_file_twice_changes_nothing():
    people = FakePeople()
    people.import_hr([SANNE])
    before = dict(people.rows)
    assert people.import_hr([SANNE], LATER) == {"created": 0, "updated": 0, "unchanged": 1, "left": 0}
    assert people.rows == before  # not even the sync time


def test_a_changed_hr_field_updates_and_stamps_the_sync_time_and_empty_cells_keep_values():
    people = FakePeople()
    people.import_hr([SANNE])
    moved = {**SANNE, "department": "Risk", "email": "", "name": None}
    assert people.import_hr([moved], LATER)["updated"] == 1
    sanne = people.by(subject="vg-1001")
    assert sanne is not None and sanne.department == "Risk" and sanne.hr_synced_at == LATER
    assert (sanne.email, sanne.name) == (SANNE["email"], SANNE["name"])


def test_leavers_are_marked_never_deleted_and_a_rehire_clears_the_mark():
    people = FakePeople()
    people.import_hr([SANNE])
    left = {**SANNE, "leave_date": dt.date(2026, 2, 28)}
    assert people.import_hr([left], LATER) == {"created": 0, "updated": 1, "unchanged": 0, "left": 1}
    sanne = people.by(subject="vg-1001")
    assert sanne is not None and sanne.left_on == dt.date(2026, 2, 28) and len(people.rows) == 1
    assert people.import_hr([left], LATER)["left"] == 1  # still a leaver, unchanged
    assert people.import_hr([SANNE], LATER)["updated"] == 1
    assert people.by(subject="vg-1001").left_on is None  # type: ignore[union-attr]


def test_the_hr_file_links_an_hr_only_record_to_the_lms_account_it_names():
    people = FakePeople()
    people.import_hr([{**SANNE, "lti_subject": ""}])
    assert people.by(subject="hr:VG-10231") is not None
    assert people.import_hr([SANNE], LATER)["unchanged"] == 1  # linking alone changes no HR field
    assert [p.subject for p in people.rows.values()] == ["vg-1001"]


def test_an_hr_only_record_folds_into_an_lms_account_that_launched_first():
    people = FakePeople()
    people.import_hr([{**SANNE, "lti_subject": ""}])
    launched = people.launch("vg-1001", name="Sanne de Vries")
    assert people.import_hr([SANNE], LATER) == {"created": 0, "updated": 1, "unchanged": 0, "left": 0}
    assert [(p.id, p.subject, p.employee_number) for p in people.rows.values()] == [(launched.id, "vg-1001",
                                                                                     "VG-10231")]


def test_an_hr_only_record_that_launched_or_an_lms_account_is_never_folded():
    account = PersonState(subject="vg-1001", id=1)
    launched_hr_only = PersonState(subject="hr:VG-10231", id=2, employee_number="VG-10231",
                                   last_launch_at=NOW)
    other_account = PersonState(subject="vg-2002", id=3, employee_number="VG-10231")
    for holder in (launched_hr_only, other_account):
        assert match_hr_row("vg-1001", holder, account) == (account, None)
    same = PersonState(subject="vg-1001", id=1, employee_number="VG-10231")
    assert match_hr_row("vg-1001", same, same) == (same, None)
    assert match_hr_row(None, other_account, None) == (other_account, None)
    assert match_hr_row("vg-9999", other_account, None) == (other_account, None)  # an LMS account is not relinked


def test_a_launch_of_someone_hr_does_not_know_uses_what_the_lms_says_except_the_employee_number():
    people = FakePeople()
    eva = people.launch("vg-1003", name="Eva Jansen", email="eva@example.nl", locale="nl", attributes=LAUNCH)
    assert (eva.department, eva.location, eva.business_unit, eva.function_group) == (
        "Directie", "Amsterdam", "Zakelijk", "manager")
    assert eva.employee_number is None and eva.manager_employee_number is None
    assert eva.lms_attributes == LAUNCH and eva.attributes_seen_at == LATER and eva.hr_synced_at is None
    assert (eva.name, eva.email, eva.locale) == ("Eva Jansen", "eva@example.nl", "nl")


def test_hr_fields_win_over_a_later_launch_which_is_kept_apart():
    people = FakePeople()
    people.import_hr([SANNE])
    sanne = people.launch("vg-1001", attributes=LAUNCH)
    assert (sanne.department, sanne.location, sanne.business_unit, sanne.function_group) == (
        "Klantenservice", "Utrecht", "Particulier", "medewerker")
    assert sanne.employee_number == "VG-10231" and sanne.hr_synced_at == NOW
    assert sanne.lms_attributes == LAUNCH  # "seen in the LMS"


def test_hr_overrides_what_a_launch_set_before_the_person_was_in_the_file():
    people = FakePeople()
    people.launch("vg-1001", attributes=LAUNCH, now=NOW)
    assert people.import_hr([SANNE], LATER)["updated"] == 1
    sanne = people.by(subject="vg-1001")
    assert sanne is not None and sanne.department == "Klantenservice" and sanne.employee_number == "VG-10231"
    assert sanne.lms_attributes == LAUNCH


def test_a_launch_never_links_to_an_hr_record_of_the_same_employee_number():
    people = FakePeople()
    people.import_hr([{**SANNE, "lti_subject": ""}])
    launched = people.launch("vg-1001", attributes={"employee_number": "VG-10231"})
    assert launched.employee_number is None and len(people.rows) == 2
    assert people.by(subject="hr:VG-10231").employee_number == "VG-10231"  # type: ignore[union-attr]


def test_a_launch_keeps_name_email_and_attributes_it_does_not_send():
    people = FakePeople()
    people.launch("vg-1001", name="Sanne", email="s@example.nl", attributes=LAUNCH, now=NOW)
    again = people.launch("vg-1001", attributes={"department": "", "location": None}, now=LATER)
    assert (again.name, again.email, again.lms_attributes, again.attributes_seen_at) == (
        "Sanne", "s@example.nl", LAUNCH, NOW)
    other = people.launch("vg-1001", attributes={"department": "Risk", "colour": "blue"}, now=LATER)
    assert other.lms_attributes == {"department": "Risk"} and other.department == "Risk"
    assert other.location == "Amsterdam"  # not sent this time: kept
