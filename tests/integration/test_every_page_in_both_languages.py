"""Every page type and every export, in Dutch and in English, holds no text of the other language.

The routes come from the permission walk (every session route), opened by one person who holds every role
(so no page is refused), after an HR import and a passed exam (so the lists and certificates have rows).
A Dutch page must not show an English msgid of the catalogue, an English page no Dutch msgstr, and no page
a raw code (``basic``, ``submitted``, ``view_reports``): see ``tests/page_language.py``. Exports are read
cell by cell (CSV, XLSX) or line by line (PDF).
"""

from __future__ import annotations

import csv
import io
import secrets
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from lti_tool.db.models import Attempt, Certificate, Context, Person, ResourceLink
from lti_tool.db.repositories import items_by_version_ids
from lti_tool.labels import AUDIT_ACTION, LEVEL, PERMISSION
from lti_tool.permissions import GRANTABLE, Role
from tests.integration.test_permission_walk import DUMMY, give, session_routes
from tests.lti_client import Browser, create_link, csrf_token, launch, register
from tests.page_language import catalogue_languages, compile_catalogue, extracted_msgids, findings, visible_texts

HR_EXPORT = Path(__file__).resolve().parents[2] / "config" / "demo" / "hr_export.csv"
LEAVER = "VG-99001;Lotte Vertrokken;;Klantenservice;Utrecht;Particulieren;medewerker;laag;;;2020-01-01;2024-06-30;\n"
#: raw codes that must never be shown as they are (codes that are also English words, such as "submitted", are
#: found on Dutch pages as English msgids)
CODES = {*LEVEL, *PERMISSION, *AUDIT_ACTION, "not_yet_valid", "in_review", "in_progress", "timed_out"}
EXPORTS = tuple(f"/s/<sid>/reports/{path}" for path in ("export?format=csv", "export?format=xlsx", "export?format=pdf",
                                                        "audit?format=csv", "reminders?format=csv",
                                                        "board?format=pdf"))


@pytest.fixture(scope="module")
def languages(tmp_path_factory) -> dict:
    """What must not be on a page of each language: the catalogue's texts of the other one, and (on Dutch
    pages) every message in the code that the catalogue has no Dutch for."""
    return catalogue_languages(extracted=extracted_msgids(tmp_path_factory.mktemp("pot")))


@pytest.fixture
def walk(tool, platform, browser, tmp_path) -> dict[str, Any]:
    """A platform with the demo organisation (and a leaver), one passed exam and a session maker."""
    compile_catalogue()
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)["id"]
    first = launch(browser, platform, link, "sanne")
    _pass_the_exam(tool, str(first.url))
    hr_file = tmp_path / "hr.csv"
    hr_file.write_text(HR_EXPORT.read_text(encoding="utf-8").rstrip("\n") + "\n" + LEAVER, encoding="utf-8")
    result = tool.app.test_cli_runner().invoke(args=["people-import", str(hr_file), "--issuer", platform.url,
                                                     "--client-id", reg.client_id])
    assert result.exit_code == 0, result.output
    with tool.svc.db.session() as db:
        attempt = db.scalars(select(Attempt)).one()
        person = db.get(Person, attempt.person_id)
        certificate = db.scalars(select(Certificate)).first()
        course = {"link_pk": db.scalars(select(ResourceLink.id)).first(),
                  "context_pk": db.scalars(select(Context.id)).first()}  # the staff pages' course
        lms_titles = {t for t in [*db.scalars(select(ResourceLink.title)), *db.scalars(select(Context.title))] if t}
    assert person is not None and certificate is not None
    org_roles = sorted({r for role in (*GRANTABLE, Role.MANAGER) for r in give(tool, person, role)["org_roles"]})
    ids = {**DUMMY, "attempt_id": attempt.id, "certificate_id": certificate.id, "person_id": str(person.id)}

    def session_for(lang: str) -> str:
        sid = secrets.token_urlsafe(32)
        tool.svc.store.set("session:" + sid, {
            "platform_id": person.platform_id, "person_id": person.id, "locale": lang, **course,
            "org_roles": org_roles,
            "course_roles": [Role.EMPLOYEE.value, Role.INSTRUCTOR.value]}, 900)
        return sid

    #: the organisation's own words (function groups such as "medewerker"), copied into reports as they are
    data = {cell.strip() for line in hr_file.read_text(encoding="utf-8").splitlines()[1:] for cell in line.split(";")}
    data |= lms_titles  # and the LMS's: the link's and course's titles, as the LMS gave them
    return {"ids": ids, "session_for": session_for, "certificate": certificate.id, "data": data}


#: pages that must render for real (not as an error page) for the check to mean something
MUST_RENDER = ("/me/", "/staff/link", "/admin/outbox", "/reports/people", "/reports/audit", "/reports/matrix",
               "/reports/matrix/edit", "/governance/roles", "/governance/rollout/edit", "/governance/rollout",
               "/quality/", "/authoring/items", "/reports/monitoring", "/governance/flags", "/governance/policies/edit")


def _pass_the_exam(tool, url: str) -> None:
    """Answer every question of the launched attempt correctly and submit it (a certificate follows)."""
    base = url.split("/attempt/", 1)[0] + "/attempt/" + url.split("/attempt/", 1)[1].split("/", 1)[0]
    attempt_id = base.rsplit("/", 1)[1]
    with tool.svc.db.session() as db:
        attempt = db.get(Attempt, attempt_id)
        items = items_by_version_ids(db, [e["item_version_id"] for e in attempt.layout])
        answers = [(e["position"], items[e["item_version_id"]].kind.form_values(
            e, list(items[e["item_version_id"]].kind.correct_response(items[e["item_version_id"]].content))))
            for e in attempt.layout]
    with Browser() as client:
        for position, values in answers:
            page = client.get(f"{base}/q/{position}")
            client.post(f"{base}/q/{position}", data={"csrf_token": csrf_token(page.text), "answer": values})
        review = client.get(f"{base}/review")
        done = client.post(f"{base}/submit", data={"csrf_token": csrf_token(review.text)})
        assert done.status_code in (302, 303), done.text


def _paths(tool, ids: dict[str, str]) -> list[str]:
    """Every GET session route with real ids where the data has them, then the export variants."""
    paths = []
    for _endpoint, method, path, _permission in session_routes(tool.app):
        if method == "GET":
            for name, dummy in DUMMY.items():
                if dummy in path and ids[name] != dummy:
                    path = path.replace(dummy, ids[name])
            paths.append(path.replace("<label>", "basic@1"))  # the exam version the passed attempt used
    return sorted(set(paths)) + list(EXPORTS)


def _export_texts(response) -> list[str] | None:
    kind = response.headers.get("content-type", "")
    if "text/csv" in kind:
        return [cell.strip() for row in csv.reader(io.StringIO(response.text.lstrip("\ufeff"))) for cell in row]
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return [str(v).strip() for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                for v in row if isinstance(v, str)]
    if "application/pdf" in kind:
        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages)
        return [line.strip() for line in text.splitlines()]
    return None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_page_or_export_shows_the_other_language(tool, walk, languages, lang):
    other = languages[lang]
    sid = walk["session_for"](lang)
    problems: dict[str, list[str]] = {}
    checked = {"html": 0, "export": 0}
    with Browser(language=lang) as client:
        urls = [tool.url + p.replace("<sid>", sid) for p in _paths(tool, walk["ids"])]
        urls += [f"{tool.url}/verify", f"{tool.url}/verify/{walk['certificate']}"]
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, f"{url}: {response.status_code}"
            if url.endswith(MUST_RENDER):
                assert response.status_code == 200, f"{url}: {response.status_code}"
            texts = _export_texts(response)
            if texts is not None:
                checked["export"] += 1
            elif "text/html" in response.headers.get("content-type", ""):
                texts = visible_texts(response.text, lang)
                checked["html"] += 1
            found = findings(texts or [], other, CODES, walk["data"])
            if found:
                problems[url.replace(sid, "<sid>").replace(tool.url, "")] = found
    assert checked["html"] >= 35 and checked["export"] >= len(EXPORTS) + 4  # + dossier, team, exam items CSV/XLSX
    assert not problems, f"{len(problems)} pages in {lang} show the other language or codes:\n" + "\n".join(
        f"{url}: {'; '.join(found[:8])}" for url, found in sorted(problems.items()))


BAD_HR = "personeelsnummer;datum_in_dienst\nVG-1;31-13-2020\n"
BAD_MATRIX = "version: 9\neffective_from: 2026-01-01\nrules:\n  - level: gevorderd\n    deadline: 2026-06-30\n"
WORDED = {"nl": (("hr.csv regel 2", "hire_date is '31-13-2020', en dat is geen datum"),
                 ("regel 1: onbekend niveau 'gevorderd' (bekend: advanced, basic, expert)",)),
          "en": (("hr.csv line 2", "hire_date is '31-13-2020', which is not a date"),
                 ("rule 1: unknown level 'gevorderd' (known: advanced, basic, expert)",))}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_problems_the_domain_finds_are_worded_in_the_readers_language(tool, walk, languages, lang):
    """The HR import's line errors and the role matrix's problems are codes, worded on the page."""
    other = languages[lang]
    base = f"{tool.url}/s/{walk['session_for'](lang)}/reports"
    with Browser(language=lang) as client:
        token = csrf_token(client.get(f"{base}/hr-import").text)
        hr = client.post(f"{base}/hr-import", data={"csrf_token": token},
                         files={"file": ("hr.csv", BAD_HR.encode(), "text/csv")})
        matrix = client.post(f"{base}/matrix", data={"csrf_token": token, "matrix": BAD_MATRIX})
    for response, expected in zip((hr, matrix), WORDED[lang], strict=True):
        assert response.status_code == 400
        texts = visible_texts(response.text, lang)
        for fragment in expected:
            assert any(fragment in t for t in texts), (fragment, texts)
        assert not findings(texts, other, CODES)
