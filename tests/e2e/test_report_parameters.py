"""Every query parameter of every report, export, dossier and rollout route, sent malformed over real HTTP:
always a 4xx page that says what was wrong, in the session's language (Dutch and English), never a 500."""

from __future__ import annotations

import secrets

import httpx
import pytest
from sqlalchemy import select

from lti_tool.db.models import Person
from lti_tool.permissions import Role
from tests.lti_client import create_link, launch, register

BAD_DATES = ["notadate", "2026-13-45", "2026-02-30", "20261231", "2026-W01-1", "2026-1-1", "0001-01-01",
             "9999-12-31", "2026-12-31T00:00", "\x00", "' OR 1=1 --", "٢٠٢٦-١٢-٣١", "-1", "2026-12-31 x"]
BAD = {
    "as_of": BAD_DATES,
    "from": BAD_DATES,
    "by": ["nope", "department'", "DEPARTMENT", "critical_process;", "\x00"],
    "mix_by": ["department", "x" * 500],
    "format": ["docx", "CSV", "../../etc/passwd", "\x00"],
    "action": ["\x00", "x" * 500, "line\nbreak"],
    "who": ["\x00", "x" * 500, "line\nbreak"],
    "since": BAD_DATES, "until": BAD_DATES,
    **{name: ["\x00", "x" * 500, "tab\there"] for name in ("department", "location", "function_group", "manager")},
    "level": ["basis", "BASIC", "\x00", "x" * 500],
    "q": ["\x00", "x" * 500, "line\nbreak"],
    "status": ["gone", "VALID", "on track", "\x00"],
    "reason": ["late", "PASSED", "\x00"],
    "sort": ["salary", "name;", "NAME", "\x00"],
    "order": ["up", "DESC", "\x00"],
    "size": ["75", "0", "1000000", "-50", "\x00"],
    "page": ["0", "-1", "x", "1.5", "99999999999", "١", "\x00"],
}
# route → (roles that reach it, its query parameters)
ROUTES = {
    "/reports/": ({"hr"}, ["as_of", "by", "mix_by"]),
    "/reports/people": ({"hr"}, ["as_of", "q", "department", "location", "function_group", "status", "level",
                                 "sort", "order", "size", "page"]),
    "/reports/reminders": ({"hr"}, ["as_of", "format", "q", "department", "reason", "page"]),
    "/reports/export": ({"hr"}, ["as_of", "from", "format", "department", "location", "function_group", "manager",
                                 "level"]),
    "/reports/audit": ({"hr"}, ["action", "format", "who", "since", "until"]),
    "/governance/rollout": ({"hr"}, ["as_of"]),
    "/reports/?aggregate": ({"works_council"}, ["as_of", "by", "mix_by"]),
    "/governance/rollout?aggregate": ({"board"}, ["as_of"]),
}
HTML = {"Accept": "text/html"}
HINT = {"en": "Change the address or use the form on the page", "nl": "Pas het adres aan of gebruik het formulier"}


def session_with(tool, person: Person, roles: set[str], locale: str) -> str:
    """The one place tests here give a session its roles (the way roles are resolved may change)."""
    from lti_tool.db.models import RoleGrant
    from tests.integration.test_permission_walk import give

    with tool.svc.db.transaction() as db:  # exactly these roles: grants belong to the person, not the session
        for old in db.scalars(select(RoleGrant).where(RoleGrant.person_id == person.id)):
            db.delete(old)
    session: dict = {"platform_id": person.platform_id, "person_id": person.id, "org_roles": [],
                     "course_roles": [], "locale": locale}
    for role in sorted(roles):
        given = give(tool, person, Role(role))
        session["org_roles"] += given["org_roles"]
        session["course_roles"] += given["course_roles"]
    sid = secrets.token_urlsafe(32)
    tool.svc.store.set("session:" + sid, session, 600)
    return sid


@pytest.fixture
def person(tool, platform, browser) -> Person:
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "sanne")
    with tool.svc.db.session() as db:
        return db.scalars(select(Person)).one()


def cases():
    for route, (roles, names) in ROUTES.items():
        for name in names:
            for value in BAD[name]:
                yield route.split("?")[0], roles, {name: value}
        if "as_of" in names:
            yield route.split("?")[0], roles, [("as_of", "2026-03-31"), ("as_of", "2026-06-30")]
    yield "/reports/export", {"hr"}, {"as_of": "2026-01-01", "from": "2026-06-01"}  # from after as_of
    yield "/reports/", {"works_council"}, {"as_of": "2001-03-31"}  # before the first published quarter end


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_every_malformed_report_parameter_is_a_4xx_with_a_message(tool, person, locale):
    failures = []
    with httpx.Client(timeout=60, headers=HTML) as client:
        for path, roles, params in cases():
            sid = session_with(tool, person, roles, locale)
            response = client.get(f"{tool.url}/s/{sid}{path}", params=params)
            text = response.text
            if response.status_code != 400 or HINT[locale] not in text or 'class="error-message"' not in text:
                failures.append(f"{path} {params!r} as {sorted(roles)}: {response.status_code} {text[:200]!r}")
            elif locale == "en" and "This request cannot be handled" not in text:
                failures.append(f"{path} {params!r}: no English heading")
    assert failures == []


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_malformed_ids_in_report_addresses_are_a_404_in_the_users_language(tool, person, locale):
    sid = session_with(tool, person, {"hr"}, locale)
    expected = {"en": "There is no such person on this platform.", "nl": "Deze persoon bestaat niet op dit platform."}
    for bad in ("abc", "-1", "0", "99999999999999999999", "1.5", "%C2%B2"):
        response = httpx.get(f"{tool.url}/s/{sid}/reports/people/{bad}/dossier.xlsx", headers=HTML)
        assert response.status_code == 404 and expected[locale] in response.text, (bad, response.status_code)


def test_a_dutch_session_reads_what_was_wrong_in_dutch(tool, person):
    sid = session_with(tool, person, {"hr"}, "nl")
    response = httpx.get(f"{tool.url}/s/{sid}/reports/export", params={"from": "notadate"}, headers=HTML)
    assert response.status_code == 400
    assert "“notadate” bij" in response.text and "(from) is geen datum" in response.text
    english = httpx.get(f"{tool.url}/s/{session_with(tool, person, {'hr'}, 'en')}/reports/export",
                        params={"from": "notadate"}, headers=HTML)
    assert english.status_code == 400 and "“notadate” for" in english.text and "is not a date" in english.text


def test_good_values_still_work(tool, person):
    sid = session_with(tool, person, {"hr"}, "en")
    for path, params in (("/reports/", {"as_of": "2026-06-30", "by": "location", "mix_by": "critical_process"}),
                         ("/reports/export", {"as_of": "2026-06-30", "from": "2026-01-01", "format": "xlsx"}),
                         ("/reports/reminders", {"format": "csv"}), ("/reports/audit", {"action": "people."}),
                         ("/governance/rollout", {"as_of": "2026-06-30"}),
                         ("/reports/people", {"q": "50% _x", "status": "late", "sort": "days_late", "order": "desc",
                                              "size": "200", "page": "3", "level": "basic"})):
        assert httpx.get(f"{tool.url}/s/{sid}{path}", params=params).status_code == 200, path


def test_any_text_in_any_report_parameter_is_never_a_500(tool, person):
    """Hypothesis on top of the table: arbitrary text for every parameter of every route, as HR and as the
    works council or board, answers 200 (a valid value) or 400, never 500."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    with httpx.Client(timeout=60, headers=HTML) as client:

        @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.sampled_from(sorted(ROUTES)), st.data())
        def probe(route, data):
            roles, names = ROUTES[route]
            params = {name: data.draw(st.text(max_size=30), label=name) for name in names}
            sid = session_with(tool, person, set(roles), "nl")  # a person holds one role set at a time
            response = client.get(f"{tool.url}/s/{sid}{route.split('?')[0]}", params=params)
            assert response.status_code in (200, 400), (route, params, response.status_code)

        probe()


@pytest.mark.parametrize(("locale", "notice"), [("en", "this shows"), ("nl", "dit toont")])
def test_a_date_that_is_no_quarter_end_is_moved_to_the_one_before_with_a_notice(tool, person, locale, notice):
    sid = session_with(tool, person, {"works_council"}, locale)
    for path in ("/reports/", "/governance/rollout"):
        page = httpx.get(f"{tool.url}/s/{sid}{path}", params={"as_of": "2026-05-15"}, headers=HTML)
        assert page.status_code == 200 and notice in page.text and 'role="status"' in page.text, path
        assert '<option value="2026-03-31" selected>' in page.text
        assert 'type="date"' not in page.text  # no free date field for an aggregate audience
