"""Learning paths per role over real HTTP: L&D saves the catalogue (a problem at the field keeps what was typed;
each change is a new, audited version), an employee's *My AI diploma* shows the activities for the level their
role requires and marks one done once a ``completed`` statement by their account is in the (real, Ralph) LRS,
and their line manager sees the count on *My team*. In English and Dutch."""

from __future__ import annotations

import html
import uuid

import httpx
import pytest
import yaml
from sqlalchemy import func, select

from lti_tool.db.models import AuditEntry, LearningPathVersion, Person
from tests.conftest import free_port, running_tool
from tests.e2e.test_authoring import as_user
from tests.e2e.test_certification import import_hr, reports_user
from tests.e2e.test_my_diploma import hr_csv, section
from tests.e2e.test_outages import take_exam
from tests.lti_client import STAFF_GRANTS, create_link, register

E_LEARNING = "https://elearning.voorbeeldgroep.nl/xapi/activities/prompt-hygiene"
COURSE = "https://lms.voorbeeldgroep.nl/course/view.php?id=42"


@pytest.fixture
def course(tool, platform, browser):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    return create_link(platform, reg.client_id)


def rows(*activities: dict[str, str]) -> dict[str, str]:
    """The page's form for ``activities`` as existing rows."""
    form = {"rows": str(len(activities))}
    for index, activity in enumerate(activities):
        form.update({f"a{index}_{name}": value for name, value in activity.items()})
    return form


ELEARNING = {"key": "prompt-hygiene", "kind": "e_learning", "competence": "data-confidentiality-prompts",
             "level": "basic", "title_nl": "Veilig prompten", "title_en": "Safe prompting", "activity_id": E_LEARNING,
             "url": "https://elearning.voorbeeldgroep.nl/prompt-hygiene"}
LMS_COURSE = {"key": "privacy-course", "kind": "lms_course", "competence": "personal-data-privacy", "level": "basic",
              "title_nl": "Privacy en AI", "title_en": "Privacy and AI", "url": COURSE}
EXAM = {"key": "basic-exam", "kind": "testing", "competence": "safe-everyday-use", "level": "basic",
        "title_nl": "AI-diploma basis", "title_en": "AI diploma basic"}
EXPERT = {"key": "governance-workshop", "kind": "in_company", "competence": "ai-governance-design",
            "level": "expert", "title_nl": "Werksessie AI-governance", "title_en": "AI governance workshop",
            "starts": "2027-02-01T09:00", "ends": "2027-02-01T12:30", "place": "Utrecht, Catharijnesingel"}


def versions(tool) -> int:
    with tool.svc.db.session() as db:
        return db.scalar(select(func.count()).select_from(LearningPathVersion))


def test_l_and_d_saves_versions_and_a_problem_keeps_the_input(tool, platform, course):
    ld = as_user(platform, course, "linda")
    assert ld.get("/learning-paths").status_code == 200
    bad = ld.post("/learning-paths", {**rows(ELEARNING), "new_key": "workshop", "new_kind": "in_company",
                                      "new_competence": "transparency", "new_level": "basic",
                                      "new_title_nl": "Werksessie", "new_title_en": "Workshop",
                                      "new_starts": "2027-03-01T13:00", "new_ends": "2027-03-01T09:00",
                                      "new_place": "Zwolle"})
    assert bad.status_code == 400 and versions(tool) == 0
    text = html.unescape(bad.text)
    assert 'id="a1_ends-error"' in text and "the session ends before it starts" in text
    assert 'value="Zwolle"' in text and 'value="2027-03-01T13:00"' in text and f'value="{E_LEARNING}"' in text
    assert 'aria-invalid="true" aria-describedby="a1_ends-error"' in text
    url = ld.post("/learning-paths", rows({**LMS_COURSE, "url": "lms.voorbeeldgroep.nl/course"}))
    assert url.status_code == 400 and "is not a web address" in html.unescape(url.text)

    saved = ld.post("/learning-paths", rows(ELEARNING, LMS_COURSE))
    assert saved.status_code == 303 and versions(tool) == 1
    assert ld.post("/learning-paths", rows(ELEARNING, LMS_COURSE)).status_code == 303 and versions(tool) == 1
    page = ld.post("/learning-paths", {**rows(ELEARNING, LMS_COURSE), "a1_remove": "on"}, follow_redirects=True)
    assert "Saved as learning path catalogue version 2." in page.text and versions(tool) == 2
    assert 'value="privacy-course"' not in page.text and 'value="prompt-hygiene"' in page.text
    with tool.svc.db.session() as db:
        logged = db.scalars(select(AuditEntry.subject).where(AuditEntry.action == "learning_paths.changed")).all()
    assert sorted(logged) == ["v1", "v2"]

    dutch = as_user(platform, course, "linda", language="nl")
    refused = dutch.post("/learning-paths", rows({**ELEARNING, "competence": "astrologie"}))
    assert refused.status_code == 400
    assert "'astrologie' is geen competentie uit het competentiemodel" in html.unescape(refused.text)
    employee = as_user(platform, course, "eva")
    assert employee.get("/learning-paths").status_code == 403


def completed(lrs, issuer: str, subject: str, activity: str) -> None:
    """A ``completed`` statement by the account, as the e-learning would send it to the LRS."""
    statement = {"id": str(uuid.uuid4()), "actor": {"objectType": "Agent",
                                                    "account": {"homePage": issuer, "name": subject}},
                 "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
                 "object": {"objectType": "Activity", "id": activity}}
    answer = httpx.post(lrs.statements_url, json=[statement], auth=lrs.auth,
                        headers={"X-Experience-API-Version": "1.0.3"}, timeout=10)
    assert answer.status_code == 200, answer.text


def path_item(text: str, key: str) -> str:
    return text.split(f'data-activity="{key}"')[1].split("</li>")[0]


def test_the_path_on_my_ai_diploma_and_my_team(tool, platform, course, lrs):
    hr = reports_user(tool, platform, course, "priya", "hr")
    import_hr(hr, hr_csv())
    ld = as_user(platform, course, "linda")
    assert ld.post("/learning-paths", rows(ELEARNING, LMS_COURSE, EXPERT)).status_code == 303

    eva = as_user(platform, course, "eva")
    page = eva.browser.get(f"{eva.base}/me/").text
    path = section(page, "path-h")
    assert "Your learning path" in path and "0 of 2 done." in path and "did not answer" not in path
    assert "Safe prompting" in path and "Privacy and AI" in path and "AI governance workshop" not in path
    assert "Not done yet" in path_item(path, "prompt-hygiene") and f'href="{html.escape(COURSE)}"' in path

    with tool.svc.db.session() as db:
        person = db.scalars(select(Person).where(Person.subject == "vg-1003")).one()
        issuer = person.platform.issuer
    completed(lrs, issuer, "vg-9999", E_LEARNING)  # someone else's completion counts for no one else
    completed(lrs, issuer, "vg-1003", "https://elearning.voorbeeldgroep.nl/xapi/activities/other")
    assert "0 of 2 done." in section(eva.browser.get(f"{eva.base}/me/").text, "path-h")
    completed(lrs, issuer, "vg-1003", E_LEARNING)
    path = section(eva.browser.get(f"{eva.base}/me/").text, "path-h")
    assert "1 of 2 done." in path
    assert "Done" in path_item(path, "prompt-hygiene") and "Not done yet" in path_item(path, "privacy-course")

    dutch = as_user(platform, course, "eva", language="nl")
    path = section(dutch.browser.get(f"{dutch.base}/me/").text, "path-h")
    assert "Jouw leerpad" in path and "1 van 2 afgerond." in path and "Veilig prompten" in path
    assert "Afgerond" in path_item(path, "prompt-hygiene") and "Nog niet afgerond" in path_item(path, "privacy-course")

    manager = reports_user(tool, platform, course, "mohammed")
    team = manager.get_reports("/team").text
    eva_row = team.split("Eva Jansen")[1].split("</tr>")[0]
    sanne_row = team.split("Sanne de Vries")[1].split("</tr>")[0]
    assert "1 of 2 done" in eva_row and "0 of 2 done" in sanne_row


def test_the_exam_in_a_path_is_done_by_the_tools_own_result(tool, platform, course):
    ld = as_user(platform, course, "linda")
    assert ld.post("/learning-paths", rows(EXAM, LMS_COURSE)).status_code == 303
    sanne = as_user(platform, course, "sanne")
    assert "Not done yet" in path_item(section(sanne.browser.get(f"{sanne.base}/me/").text, "path-h"), "basic-exam")
    take_exam(tool, platform, course["id"], "sanne")
    path = section(sanne.browser.get(f"{sanne.base}/me/").text, "path-h")
    assert "Done" in path_item(path, "basic-exam") and "1 of 2 done." in path


def test_when_the_lrs_does_not_answer_progress_is_unknown_not_an_error(database_url, platform, browser, tmp_path):
    closed = f"http://127.0.0.1:{free_port()}/xAPI/"  # nothing listens there
    with running_tool(database_url, None, tmp_path / "instance", lrs_endpoint=closed) as tool:
        reg = register(browser, platform, tool, grants=STAFF_GRANTS)
        link = create_link(platform, reg.client_id)
        hr = reports_user(tool, platform, link, "priya", "hr")
        import_hr(hr, hr_csv())
        assert as_user(platform, link, "linda").post("/learning-paths", rows(ELEARNING, EXAM)).status_code == 303
        eva = as_user(platform, link, "eva")
        page = eva.browser.get(f"{eva.base}/me/")
        assert page.status_code == 200
        path = section(page.text, "path-h")
        assert "did not answer" in path and "Progress unknown" in path_item(path, "prompt-hygiene")
        assert "Not done yet" in path_item(path, "basic-exam")
        team = reports_user(tool, platform, link, "mohammed").get_reports("/team")
        assert team.status_code == 200 and "unknown" in team.text.split("Eva Jansen")[1].split("</tr>")[0]


def test_a_yaml_upload_replaces_the_catalogue_as_a_new_version(tool, platform, course):
    ld = as_user(platform, course, "linda")
    good = yaml.safe_dump({"activities": [ELEARNING, EXPERT]}, allow_unicode=True).encode("utf-8")
    saved = ld.post("/learning-paths/upload", files={"catalogue": ("paths.yaml", good, "text/yaml")})
    assert saved.status_code == 303 and versions(tool) == 1
    page = ld.get("/learning-paths").text
    assert 'value="governance-workshop"' in page and 'value="Utrecht, Catharijnesingel"' in page
    bad = yaml.safe_dump({"activities": [{**LMS_COURSE, "url": ""}, {**EXPERT, "ends": "2027-01-01T09:00"}]})
    refused = ld.post("/learning-paths/upload", files={"catalogue": ("paths.yaml", bad.encode(), "text/yaml")})
    assert refused.status_code == 400 and versions(tool) == 1
    text = html.unescape(refused.text)
    assert "activity 1 (privacy-course): give the address of the course or module in the LMS" in text
    assert "activity 2 (governance-workshop): the session ends before it starts" in text
    unreadable = ld.post("/learning-paths/upload", files={"catalogue": ("paths.yaml", b"a: [b", "text/yaml")})
    assert unreadable.status_code == 400 and "not readable YAML" in unreadable.text
    assert ld.post("/learning-paths/upload").status_code == 400
