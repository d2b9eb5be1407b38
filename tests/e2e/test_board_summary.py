"""The board summary (issue 15 part 6b) and the audit PDF auditors accept (part 4), on a known organisation, over
real HTTP.

The organisation on every quarter end of 2026 (the default role matrix: basic for everyone by 2026-06-30,
advanced for risk class "hoog" by 2026-12-31):

=============  =========  ==========  ====  ===================================================
department     location   process     n     diplomas
=============  =========  ==========  ====  ===================================================
Klantenservice Utrecht    betalingen  10    all basic; 6 of them expire 2026-11-15
Financiën      Rotterdam  –           10    5 basic, issued 2026-05-01 (after the first quarter)
ICT            Groningen  –           12    risk "hoog": 7 advanced; 5 still due by 2026-12-31
Inkoop         Rotterdam  bestellen   10    none
Juridisch      Den Haag   –            3    none (a small group: never shown)
=============  =========  ==========  ====  ===================================================

On 2026-09-30: 45 required, 22 valid (49%), 18 late; 2026-03-31: 17 valid. Next quarter: 6 diplomas expire,
5 deadlines fall due.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from lti_tool.db.models import Certificate, Person
from tests.e2e.test_report_differencing import rows_of
from tests.e2e.test_report_parameters import session_with
from tests.lti_client import create_link, launch, register

DAY = "2026-09-30"
HTML = {"Accept": "text/html"}
GROUPS = [("Klantenservice", "Utrecht", "betalingen", "laag", 10), ("Financiën", "Rotterdam", None, "laag", 10),
          ("ICT", "Groningen", None, "hoog", 12), ("Inkoop", "Rotterdam", "bestellen", "laag", 10),
          ("Juridisch", "Den Haag", None, "laag", 3)]


def _cert(person: Person, n: int, level: str, issued: dt.date, until: dt.date) -> Certificate:
    at = dt.datetime(issued.year, issued.month, issued.day, 9, tzinfo=dt.UTC)
    return Certificate(id=f"cert-{n}", platform_id=person.platform_id, person_id=person.id, level=level,
                       issued_at=at, valid_until=dt.datetime(until.year, until.month, until.day, tzinfo=dt.UTC),
                       statement_ids=[f"stmt-{n}"])


@pytest.fixture
def organisation(tool, platform, browser) -> Person:
    """The organisation above; returns the launched person (hired in 2030: never in scope) whose session we use."""
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "joost")
    with tool.svc.db.transaction() as db:
        me = db.scalars(select(Person)).one()
        me.hire_date = dt.date(2030, 1, 1)
        staff: dict[str, list[Person]] = {}
        for department, location, process, risk, n in GROUPS:
            staff[department] = [Person(
                platform_id=me.platform_id, subject=f"hr-{department}-{i}", name=f"{department} {i}",
                employee_number=f"{department[:3].upper()}-{i}", department=department, location=location,
                business_unit="Voorbeeld", function_group="medewerker", risk_class=risk, critical_process=process,
                hire_date=dt.date(2020, 1, 1)) for i in range(n)]
            db.add_all(staff[department])
        db.flush()
        long = dt.date(2028, 12, 31)
        certs = [_cert(p, i, "basic", dt.date(2024, 11, 15), dt.date(2026, 11, 15))
                 for i, p in enumerate(staff["Klantenservice"][:6])]
        certs += [_cert(p, 10 + i, "basic", dt.date(2026, 2, 1), long)
                  for i, p in enumerate(staff["Klantenservice"][6:])]
        certs += [_cert(p, 20 + i, "basic", dt.date(2026, 5, 1), long) for i, p in enumerate(staff["Financiën"][:5])]
        certs += [_cert(p, 30 + i, "advanced", dt.date(2026, 2, 1), long) for i, p in enumerate(staff["ICT"][:7])]
        db.add_all(certs)
    with tool.svc.db.session() as db:
        return db.get(Person, me.id)


def figures(page: str, id_: str) -> dict[str, str]:
    block = re.search(rf'<dl class="figures" id="{id_}">(.*?)</dl>', page, re.S)
    assert block is not None
    return dict(zip(re.findall(r"<dt>(.*?)</dt>", block.group(1)), re.findall(r"<dd>(.*?)</dd>", block.group(1)),
                    strict=True))


#: per department, what any shown row must say on 2026-09-30: required, valid, share, late
EXPECTED = {"Klantenservice": ["10", "10", "100%", "0"], "Financiën": ["10", "5", "50%", "5"],
            "ICT": ["12", "7", "58%", "0"], "Inkoop": ["10", "0", "0%", "10"]}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_board_summary_shows_the_known_figures_and_hides_small_groups(tool, organisation, lang):
    sid = session_with(tool, organisation, {"board"}, lang)
    base = f"{tool.url}/s/{sid}/reports"
    with httpx.Client(timeout=120, headers=HTML) as client:
        page = client.get(f"{base}/board", params={"as_of": DAY})
        assert page.status_code == 200, page.text[:500]
        text = page.text
        overall = list(figures(text, "overall").values())
        assert overall == ["45", "22", "49%", "18"]
        assert list(figures(text, "due").values()) == ["6", "5"]
        departments = rows_of(text, 0)[1:]
        assert departments, "some departments are shown"
        for row in departments:
            assert row[0] in EXPECTED and row[1:] == EXPECTED[row[0]], row
        shares = [int(row[3].rstrip("%")) for row in departments]
        assert shares == sorted(shares), "most vulnerable first"
        assert "Juridisch" not in text and "Den Haag" not in text  # three people: nothing about them
        trend = {row[0]: row[1:] for row in rows_of(text, 4)[1:]}
        assert trend["2026-03-31"] == ["45", "17", "38%"] and trend[DAY] == ["45", "22", "49%"]
        risk = [row[0] for row in rows_of(text, 3)[1:]]
        assert risk[0] == "hoog"
        # a day that is no quarter end shows the quarter end before it, with a notice
        snapped = client.get(f"{base}/board", params={"as_of": "2026-08-15"})
        assert snapped.status_code == 200 and 'role="status"' in snapped.text
        assert list(figures(snapped.text, "overall").values()) == ["45", "22", "49%", "0"]  # not late yet
        assert '<option value="2026-06-30" selected>' in snapped.text
        assert client.get(f"{base}/board", params={"as_of": "not-a-day"}).status_code == 400
        pdf = client.get(f"{base}/board", params={"as_of": DAY, "format": "pdf"})
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(pdf.content))
        assert len(reader.pages) == 1
        words = reader.pages[0].extract_text()
        assert "49%" in words and "Inkoop" in words and "Juridisch" not in words
        assert ("page 1 of 1" if lang == "en" else "pagina 1 van 1") in words


def test_small_groups_are_hidden_whatever_date_is_chosen(tool, organisation):
    sid = session_with(tool, organisation, {"works_council"}, "en")
    base = f"{tool.url}/s/{sid}/reports"
    with httpx.Client(timeout=120, headers=HTML) as client:
        first = client.get(f"{base}/board")
        assert first.status_code == 200
        ends = re.findall(r'<option value="([0-9-]+)"', first.text)
        assert DAY in ends and all(e < dt.date.today().isoformat() for e in ends)
        for end in ends:
            for fmt in ("html", "pdf"):
                got = client.get(f"{base}/board", params={"as_of": end, "format": fmt})
                assert got.status_code == 200
                body = got.text if fmt == "html" else "".join(
                    p.extract_text() for p in PdfReader(io.BytesIO(got.content)).pages)
                assert "Juridisch" not in body and "Den Haag" not in body


def test_who_may_open_the_board_summary(tool, organisation):
    for roles, status in (({"board"}, 200), ({"auditor"}, 200), ({"hr"}, 200), ({"manager"}, 403),
                          ({"employee"}, 403)):
        sid = session_with(tool, organisation, roles, "en")
        got = httpx.get(f"{tool.url}/s/{sid}/reports/board", headers=HTML, timeout=120)
        assert got.status_code == status, (roles, got.status_code)


HEADER = {"en": ["employee number", "name", "department", "required level", "deadline", "status", "certificate",
                 "issued", "valid until", "exam version"],
          "nl": ["personeelsnummer", "naam", "afdeling", "vereist niveau", "deadline", "status", "diploma",
                 "uitgegeven", "geldig tot", "toetsversie"]}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_audit_pdf_has_a_summary_page_numbers_and_whole_header_words(tool, organisation, lang):
    sid = session_with(tool, organisation, {"auditor"}, lang)
    got = httpx.get(f"{tool.url}/s/{sid}/reports/export", params={"format": "pdf", "as_of": DAY,
                                                                  "department": "Financiën"},
                    headers=HTML, timeout=120)
    assert got.status_code == 200, got.text[:300]
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(got.content)).pages]
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert (f"page {n} of {len(pages)}" if lang == "en" else f"pagina {n} van {len(pages)}") in page
    summary = pages[0]
    people, required, covered, late = (("people in scope", "required", "covered", "late") if lang == "en" else
                                       ("mensen in scope", "vereist", "gedekt", "te laat"))
    for label, value in ((people, 10), (required, 10), (covered, 5), (late, 5)):
        assert f"{label}: {value}\n" in summary + "\n", (label, summary)
    assert "Financiën" in summary and DAY in summary
    tokens = set(" ".join(pages[1:]).split())
    for header in HEADER[lang]:
        for word in header.split():
            assert word in tokens, (word, pages[1][:400])
    assert "Financiën 0" in pages[1] or "FIN-0" in pages[1]


def test_a_long_audit_export_repeats_its_header_on_every_page(tool, organisation):
    sid = session_with(tool, organisation, {"auditor"}, "en")
    got = httpx.get(f"{tool.url}/s/{sid}/reports/export", params={"format": "pdf", "as_of": DAY},
                    headers=HTML, timeout=120)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(got.content)).pages]
    assert len(pages) >= 3, "45 people do not fit on one table page"
    for page in pages[1:]:
        assert "employee number" in page.replace("\n", " ") or "employee\nnumber" in page
    # the export lists every person, the launched one (hired in 2030, deadline then) too
    assert "people in scope: 46" in pages[0] and "required: 46" in pages[0] and "late: 18" in pages[0]
    assert "level Basic: 34 required, 15 covered, 18 late" in pages[0]
