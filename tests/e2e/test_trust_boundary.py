"""The trust boundary over real HTTP with the real platform: what an LMS says about a person is
trusted in that course only; organisation powers come from grants, checked on every request; HR
data, not the launch, says who someone is and whom they manage."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import httpx
import pytest
from sqlalchemy import select

from lti_tool.db.models import Person
from tests.e2e.test_authoring import as_user
from tests.e2e.test_certification import HR_CSV, import_hr, reports_user
from tests.e2e.test_outages import take_exam
from tests.lti_client import Browser, cli, create_link, launch, register

LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
COOKING = "koken-101"
#: the cooking course: a chef who teaches it, and two learners who are in no other course
COOKS = {"chef": ("vg-7001", "Chef", "Kok", [LIS + "Instructor"]),
         "pieter": ("vg-7002", "Pieter", "Pan", [LIS + "Learner"]),
         "roos": ("vg-7003", "Roos", "Rood", [LIS + "Learner"])}
#: people of the AI-diploma course the chef must never see
OTHERS = ("Sanne de Vries", "Mohammed El Amrani", "Eva Jansen", "Anna Bakker", "Linda Mulder", "VG-10231")


def add_cooking_course(platform) -> None:
    store = platform.app.extensions["demo_lms"].store
    with store.lock:
        members = []
        for key, (subject, given, family, roles) in COOKS.items():
            persona = {"key": key, "user_id": subject, "given_name": given, "family_name": family,
                       "name": f"{given} {family}", "email": f"{key}@voorbeeldgroep.nl", "department": "Keuken",
                       "location": "Utrecht", "business_unit": "Horeca", "function_group": "medewerker",
                       "employee_number": f"VG-{subject[3:]}", "course_roles": roles, "institution_roles": [],
                       "title": {"nl": key, "en": key}}
            store.personas[key] = persona
            store.users_by_id[subject] = persona
            members.append({"user_id": subject, "roles": roles, "status": "Active", "name": persona["name"],
                            "given_name": given, "family_name": family, "email": persona["email"]})
        store.courses[COOKING] = {"id": COOKING, "label": "KOK", "title": "Koken voor beginners",
                                  "type": [], "members": members}


def cooking_link(platform, client_id: str) -> dict:
    response = httpx.post(platform.url + "/_control/links", json={
        "client_id": client_id, "context_id": COOKING, "title": "Toets koken", "custom": {"exam": "basic"},
        "line_item": {"scoreMaximum": 20, "label": "Toets koken", "resourceId": "basic"}})
    assert response.status_code == 201, response.text
    return response.json()


def crawl(browser: Browser, start: httpx.Response, limit: int = 150) -> dict[str, httpx.Response]:
    """Every page of the tool reachable by following the links (GET) the person is shown."""
    origin = urlparse(str(start.url)).netloc
    seen: dict[str, httpx.Response] = {str(start.url): start}
    queue = [start]
    while queue and len(seen) < limit:
        page = queue.pop(0)
        for href in re.findall(r'href="([^"#]+)"', page.text):
            url = urljoin(str(page.url), href.replace("&amp;", "&"))
            if urlparse(url).netloc != origin or "/static/" in url or url in seen:
                continue
            response = browser.get(url)
            seen[url] = response
            if response.status_code == 200 and "text/html" in response.headers.get("content-type", ""):
                queue.append(response)
    return seen


@pytest.fixture
def organisation(tool, platform, browser):
    """The demo organisation with a second course, an HR file, and people in the AI-diploma course."""
    reg = register(browser, platform, tool)
    add_cooking_course(platform)
    link = create_link(platform, reg.client_id)
    hr = reports_user(tool, platform, link, "priya", "hr")
    import_hr(hr, HR_CSV)
    take_exam(tool, platform, link["id"], "sanne")
    return reg, link, hr


def test_a_cooking_course_instructor_sees_their_own_course_only(tool, platform, organisation):
    reg, _link, _hr = organisation
    cooking = cooking_link(platform, reg.client_id)
    learner = Browser()
    launch(learner, platform, cooking["id"], "pieter")
    chef = Browser(language="en")
    landing = launch(chef, platform, cooking["id"], "chef")
    assert landing.status_code == 200 and "Pieter Pan" in landing.text
    pages = crawl(chef, landing)
    assert len(pages) >= 3
    assert all(r.status_code < 500 for r in pages.values())
    for url, response in pages.items():
        for name in OTHERS:
            assert name not in response.text, f"{name} shown at {url}"
    base = str(landing.url).split("/staff/")[0]
    for path in ("/reports/", "/reports/people", "/reports/reminders", "/reports/export?format=csv",
                 "/reports/audit", "/authoring/items", "/authoring/export?format=qti", "/governance/roles",
                 "/governance/policies", "/admin/outbox", "/reports/matrix"):
        assert chef.get(base + path).status_code == 403, path


def test_a_withdrawn_grant_ends_the_session_at_once(tool, platform, organisation):
    _reg, link, hr = organisation
    assert hr.get_reports("/people").status_code == 200
    cli(tool, "roles", "revoke", "--issuer", platform.url, "--subject", "vg-1004", "--role", "hr")
    ended = hr.get_reports("/people")
    assert ended.status_code == 401 and "roles in the AI diploma changed" in ended.text
    assert hr.browser.get(f"{hr.base}/me/").status_code == 401  # the whole session, not only that page
    again = reports_user(tool, platform, link, "priya")  # launching again: an employee, no HR pages
    assert again.get_reports("/people").status_code == 403


def test_an_erased_person_or_a_removed_platform_ends_open_sessions(tool, platform, organisation):
    reg, link, hr = organisation
    sanne = as_user(platform, link, "sanne")
    assert sanne.browser.get(f"{sanne.base}/me/").status_code == 200
    erased = tool.app.test_cli_runner().invoke(args=["privacy", "erase", "--issuer", platform.url, "--subject",
                                                     "vg-1001", "--yes"])
    assert erased.exit_code == 0, erased.output
    gone = sanne.browser.get(f"{sanne.base}/me/")
    assert gone.status_code == 401 and "Sanne" not in gone.text
    assert hr.get_reports("/people").status_code == 200
    removed = tool.app.test_cli_runner().invoke(args=["platform", "remove", "--issuer", platform.url, "--client-id",
                                                      reg.client_id, "--yes"])
    assert removed.exit_code == 0, removed.output
    assert hr.get_reports("/people").status_code == 401


def test_a_forged_employee_number_changes_nobody_and_gives_no_team(tool, platform, organisation):
    """Eva can edit her 'employee number' in the LMS and sets it to her team lead's: she gets no team
    overview, and neither her HR record nor Mohammed's changes."""
    _reg, link, _hr = organisation
    store = platform.app.extensions["demo_lms"].store
    with store.lock:
        store.personas["eva"]["employee_number"] = "VG-10487"  # Mohammed's
        store.personas["eva"]["department"] = "Directie"
    eva = reports_user(tool, platform, link, "eva")
    assert eva.get_reports("/").status_code == 403
    assert eva.get_reports("/people").status_code == 403
    mohammed = reports_user(tool, platform, link, "mohammed")
    team = mohammed.get_reports("/people")
    assert team.status_code == 200 and "Sanne de Vries" in team.text
    with tool.svc.db.session() as db:
        people = {p.subject: p for p in db.scalars(select(Person))}
    assert people["vg-1003"].employee_number == "VG-11020"
    assert people["vg-1003"].department == "Klantenservice"  # HR's, not the LMS's
    assert people["vg-1003"].lms_attributes["employee_number"] == "VG-10487"  # kept as "seen in the LMS"
    assert people["vg-1002"].employee_number == "VG-10487"


def test_a_launch_never_links_an_hr_record(tool, platform, browser):
    """An HR-only record is linked to an LMS account through the HR file's lti_subject only: a launch
    that sends the same employee number stays a person of its own."""
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    hr = reports_user(tool, platform, link, "priya", "hr")
    without_subjects = "\n".join(";".join(row.split(";")[:11]) for row in HR_CSV.splitlines()) + "\n"
    import_hr(hr, without_subjects)
    launch(Browser(), platform, link["id"], "sanne")  # the LMS sends employee_number VG-10231
    with tool.svc.db.session() as db:
        by_number = [p.subject for p in db.scalars(select(Person).where(Person.employee_number == "VG-10231"))]
        launched = db.scalars(select(Person).where(Person.subject == "vg-1001")).one()
    assert by_number == ["hr:VG-10231"] and launched.employee_number is None
    import_hr(hr, HR_CSV)  # now the HR file names the LMS account: the two become one person
    with tool.svc.db.session() as db:
        rows = list(db.scalars(select(Person).where(Person.employee_number == "VG-10231")))
    assert [p.subject for p in rows] == ["vg-1001"]


def test_shared_content_changes_only_from_the_home_platform(tool, platform, browser):
    """L&D granted on a second platform reads the bank but cannot change it, the exams, the
    competence model, the role matrix or the policies; on the home platform they can."""
    from demo_lms.testing import start_platform

    home = register(browser, platform, tool, grants=(("vg-2001", "ld"), ("vg-1004", "hr")))
    other_platform = start_platform(port=0, control_api=True)
    try:
        other = register(browser, other_platform, tool, grants=(("vg-2001", "ld"), ("vg-1004", "hr")))
        for lms, reg, allowed in ((other_platform, other, False), (platform, home, True)):
            link = create_link(lms, reg.client_id)
            linda = as_user(lms, link, "linda")
            assert linda.get("/items").status_code == 200  # everyone with L&D reads the bank
            for path in ("/items/new", "/preview", "/competences", "/import", "/blueprints/basic/edit",
                         "/items/basic-safe-use-001/retire", "/export?format=qti"):
                answer = linda.get(path) if path.startswith("/export") else linda.post(path, {"key": "x"})
                assert (answer.status_code != 403) == allowed, (path, answer.status_code)
            priya = as_user(lms, link, "priya")
            for path in ("/reports/matrix", "/governance/policies"):
                change = priya.browser.post(f"{priya.base}{path}", data={"csrf_token": priya.token, "content": "x"})
                assert (change.status_code != 403) == allowed, (path, change.status_code)
    finally:
        other_platform.stop()


def test_grants_name_only_organisation_roles(tool, platform, browser):
    reg = register(browser, platform, tool)
    refused = tool.app.test_cli_runner().invoke(args=["roles", "grant", "--issuer", platform.url, "--client-id",
                                                      reg.client_id, "--subject", "vg-1001", "--role", "instructor"])
    assert refused.exit_code != 0  # course roles come from the LMS, in that course only
