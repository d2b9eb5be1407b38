"""Every session route, with every tool role, against the permission table in code.

A route answers 403 exactly when the table says the role may not use it; otherwise it may answer
anything but 403 or 500 (404 for the dummy ids below is fine)."""

from __future__ import annotations

import re
import secrets

import pytest
from sqlalchemy import select

from lti_tool.db.models import Person
from lti_tool.permissions import Permission, Role, has
from tests.lti_client import Browser, create_link, csrf_token, launch, register

DUMMY = {"attempt_id": "no-such-attempt", "position": "1", "key": "basic-safe-use-001", "version_id": "999999",
         "certificate_id": "no-such-certificate", "level": "basic", "person_id": "999999", "grant_id": "999999",
         "flag_id": "999999"}


def allowed(endpoint: str, permission, roles: set[Role]) -> bool:
    """The rule for a route: its ``@require`` permission, or the reports' scope rules."""
    if endpoint == "reports.overview":
        return any(has(p, roles) for p in (Permission.VIEW_REPORTS, Permission.VIEW_AGGREGATES, Permission.VIEW_TEAM))
    if endpoint in ("reports.people", "reports.reminders"):
        return has(Permission.VIEW_REPORTS, roles) or (
            has(Permission.VIEW_TEAM, roles) and not has(Permission.VIEW_AGGREGATES, roles))
    if endpoint == "reports.export":
        person_level = has(Permission.VIEW_REPORTS, roles) or (
            has(Permission.VIEW_TEAM, roles) and not has(Permission.VIEW_AGGREGATES, roles))
        return person_level and (has(Permission.EXPORT_AUDIT, roles) or not has(Permission.VIEW_REPORTS, roles))
    if permission is None:  # any launched user
        return True
    return has(permission, roles)


def session_routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/s/<sid>/"):
            continue
        view = app.view_functions[rule.endpoint]
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: DUMMY.get(m.group(1), m.group(0)), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            permission = getattr(view, "method_permissions", {}).get(method, getattr(view, "required_permission", None))
            yield rule.endpoint, method, path, permission


@pytest.fixture
def person_session(tool, platform, browser):
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "sanne")
    with tool.svc.db.session() as db:
        person = db.scalars(select(Person)).one()

    def make(roles: set[Role]) -> str:
        sid = secrets.token_urlsafe(32)
        tool.svc.store.set("session:" + sid, {"platform_id": person.platform_id, "person_id": person.id,
                                              "roles": sorted(str(r) for r in roles), "name": "Walker",
                                              "locale": "en"}, 600)
        return sid

    return make


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_route_answers_as_the_permission_table_says(tool, person_session, role):
    sid = person_session({role})
    routes = list(session_routes(tool.app))
    assert len(routes) > 40
    mismatches = []
    with Browser() as client:
        token = csrf_token(client.get(f"{tool.url}/s/{sid}/staff/link").text)  # any page of the session
        for endpoint, method, path, permission in routes:
            url = tool.url + path.replace("<sid>", sid)
            response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
            expected = allowed(endpoint, permission, {role})
            if response.status_code >= 500 or (response.status_code == 403) == expected:
                mismatches.append(f"{method} {path}: {response.status_code} (allowed: {expected})")
    assert not mismatches, "\n".join(mismatches)


def test_a_missing_or_expired_session_is_401_everywhere(tool):
    with Browser() as client:
        for _endpoint, method, path, _permission in session_routes(tool.app):
            url = tool.url + path.replace("<sid>", secrets.token_urlsafe(32))
            response = client.get(url) if method == "GET" else client.post(url)
            assert response.status_code in (400, 401), f"{method} {path}: {response.status_code}"
