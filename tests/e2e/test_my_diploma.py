# ruff: noqa: E501 - the HR export rows read best one per line
"""*My AI diploma* over real HTTP: what is required (a late employee, a new hire in the onboarding term),
where the exam is, certificates in every state (valid, expiring, revoked with its reason, cut short by a
recertification decision with its due date and why), advice per competence after a fail as far as the
feedback policy shows it, and a line manager's team page (a member's page yes, anyone else's 403)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from sqlalchemy import select

from assessments.months import add_months
from lti_tool.db.models import Attempt, BlueprintVersion, Certificate, Person
from tests.dates import today
from tests.e2e.test_authoring import as_user
from tests.e2e.test_certification import import_hr, reports_user
from tests.e2e.test_feedback_policy import edit_form
from tests.e2e.test_governance import governance, new_infosec_version
from tests.e2e.test_outages import take_exam
from tests.lti_client import STAFF_GRANTS, create_link, register

BASIC_DEADLINE = dt.date(2026, 6, 30)  # config/role_matrix.yaml: basic for everybody


def hired() -> dt.date:
    """Daan's hire date: ten days ago (a new hire: the onboarding term decides his deadline)."""
    return today() - dt.timedelta(days=10)


def hr_csv() -> str:
    rows = [
        ['personeelsnummer', 'naam', 'e-mail', 'afdeling', 'locatie', 'business_unit', 'functiegroep', 'risicoklasse', 'manager', 'datum_in_dienst', 'datum_uit_dienst', 'lti_subject'],
        ['VG-10487', 'Mohammed El Amrani', 'mohammed.elamrani@voorbeeldgroep.nl', 'Klantenservice', 'Rotterdam', 'Particulieren', 'teamleider', 'midden', '', '2019-03-01', '', 'vg-1002'],
        ['VG-10231', 'Sanne de Vries', 'sanne.devries@voorbeeldgroep.nl', 'Klantenservice', 'Utrecht', 'Particulieren', 'medewerker', 'laag', 'VG-10487', '2021-05-01', '', 'vg-1001'],
        ['VG-11020', 'Eva Jansen', 'eva.jansen@voorbeeldgroep.nl', 'Klantenservice', 'Groningen', 'Zakelijk', 'medewerker', 'laag', 'VG-10487', '2020-09-01', '', 'vg-1003'],
        ['VG-11402', 'Daan Visser', 'daan.visser@voorbeeldgroep.nl', 'Klantenservice', 'Utrecht', 'Particulieren', 'medewerker', 'laag', 'VG-10487', hired().isoformat(), '', 'vg-1006'],
        ['VG-20004', 'Dirk Mulder', 'dirk.mulder@voorbeeldgroep.nl', 'Financiën', 'Groningen', 'Zakelijk', 'medewerker', 'laag', '', '2016-04-01', '', ''],
    ]
    return "\n".join(";".join(row) for row in rows) + "\n"


@pytest.fixture
def course(tool, platform, browser):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    return create_link(platform, reg.client_id)


def me(user):
    page = user.browser.get(f"{user.base}/me/")
    assert page.status_code == 200, page.text
    return page.text


def section(text: str, heading_id: str) -> str:
    return text.split(f'id="{heading_id}"')[1].split("</section>")[0]


def person_id(tool, employee_number: str) -> int:
    with tool.svc.db.session() as db:
        return db.scalars(select(Person.id).where(Person.employee_number == employee_number)).one()


def test_a_late_employee_a_new_hire_and_the_managers_team(tool, platform, course):
    hr = reports_user(tool, platform, course, "priya", "hr")
    import_hr(hr, hr_csv())
    late = (today() - BASIC_DEADLINE).days
    eva = me(as_user(platform, course, "eva"))
    required = section(eva, "required-h")
    assert "Basic" in required and f'datetime="{BASIC_DEADLINE.isoformat()}"' in required
    assert f"{late} days late" in required and "onboarding" not in required
    exam = section(eva, "exam-h")  # where to take it: the placed exam of that level and its course
    assert "“AI-diploma basis” in the course" in exam
    assert "No certificates yet." in eva and "in progress" in section(eva, "history-h")  # the launch began one

    daan = me(as_user(platform, course, "daan"))
    required = section(daan, "required-h")
    onboarding_end = add_months(hired(), 3)
    assert f'datetime="{onboarding_end.isoformat()}"' in required and "in the onboarding term" in required
    assert f"{(onboarding_end - today()).days} days left" in required and "late" not in required

    manager = reports_user(tool, platform, course, "mohammed")
    team = manager.get_reports("/team")
    assert team.status_code == 200
    assert "Eva Jansen" in team.text and "Daan Visser" in team.text and "Dirk Mulder" not in team.text
    assert f"{late} days late" in team.text and "in the onboarding term" in team.text
    member = manager.get_reports(f"/people/{person_id(tool, 'VG-11020')}/diploma")
    assert member.status_code == 200 and "AI diploma of Eva Jansen" in member.text
    assert f"{late} days late" in member.text
    refused = manager.get_reports(f"/people/{person_id(tool, 'VG-20004')}/diploma")
    assert refused.status_code == 403 and "own team members only" in refused.text
    assert manager.get_reports("/people/999999/diploma").status_code == 404
    assert manager.get_reports("/people/abc/diploma").status_code == 404
    dirk = person_id(tool, 'VG-20004')
    assert f"/reports/people/{dirk}/diploma" in hr.get_reports("/people").text  # HR: anyone, from the people page
    assert hr.get_reports(f"/people/{dirk}/diploma").status_code == 200
    employee = reports_user(tool, platform, course, "eva")
    assert employee.get_reports(f"/people/{person_id(tool, 'VG-10231')}/diploma").status_code == 403
    assert employee.get_reports(f"/people/{person_id(tool, 'VG-11020')}/diploma").status_code == 200
    assert employee.get_reports("/team").status_code == 403


def test_certificates_valid_expiring_revoked_and_cut_short(tool, platform, course):
    hr = reports_user(tool, platform, course, "priya", "hr")
    import_hr(hr, hr_csv())
    for user in ("sanne", "eva", "daan"):
        take_exam(tool, platform, course["id"], user)
    with tool.svc.db.session() as db:
        eva_cert = db.scalars(select(Certificate.id).join(Person).where(Person.subject == "vg-1003")).one()
    assert hr.post_reports(f"/certificates/{eva_cert}/revoke", {"reason": "fraude bij de toets"}).status_code == 303

    ld = governance(as_user(platform, course, "linda"))
    saved = ld.post_gov("/policies", {"policy": yaml.safe_dump(new_infosec_version())})
    assert saved.status_code == 303
    due = today() + dt.timedelta(days=60)
    assert ld.post_gov(f"/policies/versions/{saved.headers['location'].rsplit('/', 1)[1]}/recertify",
                       {"level": "basic", "due": due.isoformat(), "clause": "INFOSEC-4.2",
                        "reason": "INFOSEC 2026.2 changes where confidential information may go"}).status_code == 303
    take_exam(tool, platform, course["id"], "joost")  # after the decision: not cut short
    with tool.svc.db.transaction() as db:  # Daan's runs out in 30 days (and no decision cut it short)
        daan_cert = db.scalars(select(Certificate).join(Person).where(Person.subject == "vg-1006")).one()
        # noon of the 30th day (UTC, as the page counts days): now + 30 days + 1 hour was 31 days after 23:00
        daan_cert.valid_until = dt.datetime.combine(today() + dt.timedelta(days=30), dt.time(12), tzinfo=dt.UTC)
        daan_cert.cut_off_at = None

    sanne = me(as_user(platform, course, "sanne"))
    certificates = section(sanne, "certs-h")
    assert "recertification required" in certificates and "Recertify by" in certificates
    assert f'datetime="{due.isoformat()}"' in certificates
    assert "INFOSEC 2026.2 changes where confidential information may go" in certificates
    assert "INFOSEC-4.2" in certificates
    assert "Meets the requirement" in section(sanne, "required-h")

    eva = me(as_user(platform, course, "eva"))
    assert "revoked" in section(eva, "certs-h") and "Reason: fraude bij de toets" in eva
    assert "days late" in section(eva, "required-h")  # a revoked diploma meets nothing

    daan = me(as_user(platform, course, "daan"))
    assert "valid, expiring soon" in section(daan, "certs-h") and "30 days left" in section(daan, "certs-h")

    joost = me(as_user(platform, course, "joost"))
    certificates = section(joost, "certs-h")
    assert "<td>valid</td>" in certificates and "Recertify" not in certificates
    assert "PDF certificate" in certificates
    # a manager reads the same of a team member, without the holder's downloads
    manager = reports_user(tool, platform, course, "mohammed")
    member = manager.get_reports(f"/people/{person_id(tool, 'VG-10231')}/diploma")
    assert member.status_code == 200 and "INFOSEC-4.2" in member.text and "PDF certificate" not in member.text




def submit_unanswered(tool, platform, course, user: str):
    staff = as_user(platform, course, user)
    with tool.svc.db.session() as db:
        attempt = db.scalars(select(Attempt).join(Person).where(Person.subject == {"sanne": "vg-1001", "daan": "vg-1006"}[user],
                                                                Attempt.status == "in_progress")).one()
    submitted = staff.browser.post(f"{staff.base}/attempt/{attempt.id}/submit",  # confirmed: all left open
                                   data={"csrf_token": staff.token, "confirmed": "1"})
    assert submitted.status_code == 303 and submitted.headers["location"].endswith("/result")
    return staff


def test_advice_after_a_fail_as_far_as_the_feedback_policy_shows_it(tool, platform, course):
    sanne = submit_unanswered(tool, platform, course, "sanne")
    advice = section(me(sanne), "advice-h")
    assert "Not passed" in advice and "study this again" in advice
    assert "Read these policy clauses again" in advice and "Using AI responsibly for standard tasks" in advice

    linda, kees = as_user(platform, course, "linda"), as_user(platform, course, "kees")
    saved = linda.browser.post(f"{linda.base}/authoring/blueprints/basic/edit",
                               data={"csrf_token": linda.token, **edit_form(tool, feedback_after_fail="score")})
    assert saved.status_code == 303
    with tool.svc.db.session() as db:
        draft = db.scalars(select(BlueprintVersion).where(BlueprintVersion.status == "draft")).one()
    assert kees.browser.post(f"{kees.base}/authoring/blueprints/versions/{draft.id}/approve",
                             data={"csrf_token": kees.token}).status_code == 303
    daan = submit_unanswered(tool, platform, course, "daan")
    advice = section(me(daan), "advice-h")
    assert "Not passed" in advice and "shows no scores per competence" in advice
    assert "study this again" not in advice and "Using AI responsibly" not in advice
