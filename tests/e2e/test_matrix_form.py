# ruff: noqa: E501 - the HR export rows read best one per line
"""The role matrix as a form over real HTTP: field errors keep what was typed, the preview counts who is
affected per department from the HR data by the reports' rule, confirming saves a new version, and rolling
back makes a new version with the old rules (audit-logged). The YAML path is tested in test_certification."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from lti_tool.db.models import AuditEntry, RoleMatrixVersion
from tests.e2e.test_certification import import_hr, reports_user
from tests.lti_client import create_link, register

#: the default matrix (config/role_matrix.yaml, version 1 from 2026-01-01): everybody basic by 2026-06-30,
#: teamleider and risk class hoog advanced by 2026-12-31, data-specialist expert by 2027-03-31
HR_ROWS = [
    ['personeelsnummer', 'naam', 'e-mail', 'afdeling', 'locatie', 'business_unit', 'functiegroep', 'risicoklasse', 'manager', 'datum_in_dienst', 'datum_uit_dienst', 'lti_subject'],
    ['VG-30001', 'Ali Aydin', 'ali@voorbeeldgroep.nl', 'Klantenservice', 'Utrecht', 'Particulieren', 'teamleider', 'midden', '', '2018-01-01', '', ''],
    ['VG-30002', 'Bo Berg', 'bo@voorbeeldgroep.nl', 'Klantenservice', 'Utrecht', 'Particulieren', 'medewerker', 'laag', '', '2018-01-01', '', ''],
    ['VG-30003', 'Cor Cats', 'cor@voorbeeldgroep.nl', 'Klantenservice', 'Utrecht', 'Particulieren', 'medewerker', 'laag', '', '2018-01-01', '', ''],
    ['VG-30004', 'Dewi Dam', 'dewi@voorbeeldgroep.nl', 'Klantenservice', 'Utrecht', 'Particulieren', 'medewerker', 'laag', '', '2018-01-01', '', ''],
    ['VG-30005', 'Eef Eng', 'eef@voorbeeldgroep.nl', 'IT', 'Utrecht', 'Zakelijk', 'data-specialist', 'laag', '', '2018-01-01', '', ''],
    ['VG-30006', 'Fem Fok', 'fem@voorbeeldgroep.nl', 'IT', 'Utrecht', 'Zakelijk', 'medewerker', 'hoog', '', '2018-01-01', '', ''],
    ['VG-30007', 'Gijs Gul', 'gijs@voorbeeldgroep.nl', 'IT', 'Utrecht', 'Zakelijk', 'medewerker', 'hoog', '', '2018-01-01', '', ''],
    ['VG-30008', 'Hans Hof', 'hans@voorbeeldgroep.nl', 'Financiën', 'Utrecht', 'Zakelijk', 'medewerker', 'laag', '', '2018-01-01', '2026-01-31', ''],
]
HR_CSV = "\n".join(";".join(row) for row in HR_ROWS) + "\n"


@pytest.fixture
def hr(tool, platform, browser):
    reg = register(browser, platform, tool)
    staff = reports_user(tool, platform, create_link(platform, reg.client_id), "priya", "hr")
    _preview, done = import_hr(staff, HR_CSV)
    assert done.status_code == 303, done.text
    return staff


class _Fields(HTMLParser):
    """The named fields of the page's matrix form as a browser would send them."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = (a.get("action") or "").endswith(self.action)
        elif self._in_form and tag == "input" and a.get("name") and a.get("name") != "csrf_token":
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields[a["name"]] = a.get("value") or ("on" if a.get("type") == "checkbox" else "")
        elif self._in_form and tag == "select":
            self._select = a["name"]
            self.fields[self._select] = ""
        elif self._in_form and tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""
        elif self._in_form and tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def fields(page_text: str, action: str = "/matrix/edit") -> dict[str, str]:
    parser = _Fields(action)
    parser.feed(page_text)
    return parser.fields


def row_of(form: dict[str, str], function_group: str = "", risk_class: str = "") -> str:
    """The ``rule-N-`` prefix of the row for a function group and risk class."""
    for name, value in form.items():
        m = re.fullmatch(r"(rule-\d+-)function_group", name)
        if m and value == function_group and form[m.group(1) + "risk_class"] == risk_class \
                and form[m.group(1) + "level"]:
            return m.group(1)
    raise AssertionError(f"no row for {function_group}/{risk_class}")


def proposal(hr) -> dict[str, str]:
    """Everybody's basic deadline three months later, teamleider up to expert, the hoog rule taken out."""
    form = fields(hr.get_reports("/matrix/edit").text)
    form[row_of(form) + "deadline"] = "2026-09-30"
    form[row_of(form, "teamleider") + "level"] = "expert"
    hoog = row_of(form, "", "hoog")
    form[hoog + "level"], form[hoog + "deadline"] = "", ""
    return form


def counts(page_text: str, unit: str) -> list[int]:
    row = page_text.split(f'<th scope="row">{unit}</th>')[1].split("</tr>")[0]
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", row)]


def versions(tool) -> list[RoleMatrixVersion]:
    with tool.svc.db.session() as db:
        return list(db.scalars(select(RoleMatrixVersion).order_by(RoleMatrixVersion.version)))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_field_errors_are_at_the_field_and_keep_what_was_typed(hr, tool, lang):
    assert hr.browser.post(f"{hr.base}/language", data={"csrf_token": hr.token, "lang": lang}).status_code == 303
    form = fields(hr.get_reports("/matrix/edit").text)
    assert form and form["effective_from"] == dt.date.today().isoformat()
    first = row_of(form)
    form[first + "deadline"] = "30-06-2027"  # not year-month-day
    form[row_of(form, "teamleider") + "level"] = "master"  # not a level
    form[row_of(form, "ciso") + "risk_class"] = "extreem"  # not a risk class
    form[first + "months"] = "-2"
    form["effective_from"] = ""
    page = hr.post_reports("/matrix/edit", form)
    assert page.status_code == 400
    text = html.unescape(page.text)
    for name in (first + "deadline", first + "months", "effective_from", row_of(form, "teamleider") + "level"):
        assert f'id="{name}-error"' in page.text and f'aria-describedby="{name}-error"' in page.text, name
    assert 'value="30-06-2027"' in page.text and 'value="-2"' in page.text  # as typed
    assert '<option value="master" selected>' in page.text and '<option value="extreem" selected>' in page.text
    expected = {"en": ("is not a date", "is not in the list", "whole number of months"),
                "nl": ("is geen datum", "staat niet in de lijst", "hele maanden")}[lang]
    assert all(words in text for words in expected), text
    assert 'name="token"' not in text and len(versions(tool)) == 1


def test_two_rows_for_the_same_pair_are_refused_at_the_row(hr, tool):
    form = proposal(hr)
    empty = next(n[:-len("level")] for n, v in form.items() if n.endswith("-level") and not v)
    form |= {empty + "function_group": "teamleider", empty + "risk_class": "", empty + "level": "basic",
             empty + "deadline": "2027-01-01"}
    page = hr.post_reports("/matrix/edit", form)
    assert page.status_code == 400 and f'id="{empty}function_group-error"' in page.text
    assert len(versions(tool)) == 1


def test_preview_counts_who_is_affected_per_department_then_saving_makes_a_version(hr, tool):
    page = hr.post_reports("/matrix/edit", proposal(hr))
    assert page.status_code == 200, page.text
    # people, new or higher level, lower level or none, new deadline (left people are not counted)
    assert counts(page.text, "Klantenservice") == [4, 1, 0, 3]  # teamleider up; three medewerkers a later deadline
    assert counts(page.text, "IT") == [3, 0, 2, 0]  # hoog rule gone: two down to basic; data-specialist unchanged
    assert '<th scope="row">Financiën</th>' not in page.text  # Hans left in January
    assert len(versions(tool)) == 1  # nothing saved yet
    token = page.text.split('name="token" value="')[1].split('"')[0]
    saved = hr.post_reports("/matrix/save", {"token": token})
    assert saved.status_code == 303
    rows = versions(tool)
    assert [r.version for r in rows] == [1, 2] and rows[1].created_by
    rules = rows[1].content["rules"]
    assert not any(r.get("risk_class") == "hoog" for r in rules)
    assert {"function_group": "teamleider", "level": "expert", "deadline": "2026-12-31",
            "onboarding_months": 3} in rules
    assert hr.post_reports("/matrix/save", {"token": token}).status_code == 409  # once only
    again = hr.post_reports("/matrix/edit", fields(hr.get_reports("/matrix/edit").text))  # starts from v2
    assert counts(again.text, "Klantenservice") == [4, 0, 0, 0] and counts(again.text, "IT") == [3, 0, 0, 0]


def test_rolling_back_makes_a_new_version_with_the_old_rules(hr, tool):
    page = hr.post_reports("/matrix/edit", proposal(hr))
    hr.post_reports("/matrix/save", {"token": page.text.split('name="token" value="')[1].split('"')[0]})
    matrix = hr.get_reports("/matrix")
    assert "/matrix/versions/1/rollback" in matrix.text and "/matrix/versions/2/rollback" not in matrix.text
    assert hr.post_reports("/matrix/versions/99/rollback").status_code == 404
    assert hr.post_reports("/matrix/versions/1/rollback").status_code == 303
    rows = versions(tool)
    assert [r.version for r in rows] == [1, 2, 3]
    assert rows[2].content["rules"] == rows[0].content["rules"]
    assert rows[2].effective_from == dt.date.today()  # v2 stays for the days it was in force
    with tool.svc.db.session() as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "role_matrix.rolled_back")).one()
    assert entry.subject == "v3" and entry.after["from_version"] == 1 and entry.actor
    assert hr.post_reports("/matrix/versions/1/rollback").status_code == 303 and len(versions(tool)) == 3


def test_people_without_the_permission_cannot_edit(tool, platform, browser):
    reg = register(browser, platform, tool)
    sanne = reports_user(tool, platform, create_link(platform, reg.client_id), "sanne")
    assert sanne.get_reports("/matrix/edit").status_code == 403
    assert sanne.post_reports("/matrix/versions/1/rollback").status_code == 403
