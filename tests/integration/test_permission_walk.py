"""Every session route, with every tool role, against the permission table in code.

A route answers 403 exactly when the table says the role may not use it; otherwise it may answer
anything but 403 or 500 (404 for the dummy ids below is fine)."""

from __future__ import annotations

import re
import secrets

import pytest
from sqlalchemy import select

from lti_tool.db.models import Person, Platform, RoleGrant
from lti_tool.permissions import (
    GRANTABLE,
    ROUTE_SCOPES,
    Permission,
    Role,
    course_roles,
    has,
    permissions_of,
    scopes_on,
)
from tests.lti_client import Browser, create_link, csrf_token, launch, register

DUMMY = {"attempt_id": "no-such-attempt", "position": "1", "key": "basic-safe-use-001", "version_id": "999999",
         "certificate_id": "no-such-certificate", "level": "basic", "person_id": "999999", "grant_id": "999999",
         "flag_id": "999999", "round_id": "999999", "remark_id": "999999", "version": "999999"}


def allowed(endpoint: str, permission, roles: set[Role], home: bool = True) -> bool:
    """The rule for a route, read from the table: its ``@require`` permission, then its scope rule."""
    if permission is not None and not has(permission, roles, home):
        return False
    if endpoint in ROUTE_SCOPES:
        return bool(scopes_on(endpoint, permissions_of(roles, home)))
    return True


def session_routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/s/<sid>/"):
            continue
        view = app.view_functions[rule.endpoint]
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: DUMMY.get(m.group(1), m.group(0)), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            permission = getattr(view, "method_permissions", {}).get(method, getattr(view, "required_permission", None))
            yield rule.endpoint, method, path, permission


def give(tool, person, role: Role) -> dict:
    """Give ``person`` the role as the tool would: a grant, the HR file's manager relation, or (course
    roles) the launch; returns what the launch would have put in the session."""
    with tool.svc.db.transaction() as db:
        if role in GRANTABLE:
            if not db.scalars(select(RoleGrant).where(RoleGrant.person_id == person.id,
                                                      RoleGrant.role == role.value)).first():
                db.add(RoleGrant(platform_id=person.platform_id, person_id=person.id, role=role.value))
            return {"org_roles": [role.value], "course_roles": []}
        if role is Role.MANAGER:
            if db.get(Person, person.id).employee_number != "WALK-1":
                db.get(Person, person.id).employee_number = "WALK-1"
                db.add(Person(platform_id=person.platform_id, subject="hr:WALK-2", manager_employee_number="WALK-1"))
            return {"org_roles": ["manager"], "course_roles": []}
    return {"org_roles": [], "course_roles": [role.value]}


@pytest.fixture
def person_session(tool, platform, browser):
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "sanne")
    with tool.svc.db.session() as db:
        person = db.scalars(select(Person)).one()

    def make(role: Role, home: bool = True) -> str:
        with tool.svc.db.transaction() as db:
            db.get(Platform, person.platform_id).is_home = home
        sid = secrets.token_urlsafe(32)
        tool.svc.store.set("session:" + sid, {"platform_id": person.platform_id, "person_id": person.id,
                                              **give(tool, person, role), "locale": "en"}, 600)
        return sid

    return make


@pytest.mark.parametrize("home", [True, False], ids=["home-platform", "other-platform"])
@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_route_answers_as_the_permission_table_says(tool, person_session, role, home):
    sid = person_session(role, home)
    routes = list(session_routes(tool.app))
    assert len(routes) > 40
    assert set(ROUTE_SCOPES) <= {endpoint for endpoint, *_rest in routes}, "a scope rule names no route"
    mismatches = []
    with Browser() as client:
        token = csrf_token(client.get(f"{tool.url}/s/{sid}/me/").text)  # any page of the session
        for endpoint, method, path, permission in routes:
            url = tool.url + path.replace("<sid>", sid)
            response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
            expected = allowed(endpoint, permission, {role}, home)
            if response.status_code >= 500 or (response.status_code == 403) == expected:
                mismatches.append(f"{method} {path}: {response.status_code} (allowed: {expected})")
    assert not mismatches, "\n".join(mismatches)


def test_no_lti_role_gives_an_organisation_power():
    """Whatever an LMS says about a person — Instructor, Administrator, system or institution
    administrator — only the course roles follow from it."""
    lis = "http://purl.imsglobal.org/vocab/lis/v2/"
    every = [f"{lis}membership#{r}" for r in ("Administrator", "Instructor", "ContentDeveloper", "Mentor", "Learner",
                                              "Instructor#TeachingAssistant", "Manager", "Member", "Officer")]
    every += [f"{lis}{kind}/person#{r}" for kind in ("system", "institution")
              for r in ("Administrator", "SysAdmin", "Instructor", "Staff", "Student", "Faculty")]
    assert set(course_roles(every)) == {Role.EMPLOYEE, Role.INSTRUCTOR}
    powers = permissions_of(course_roles(every), home=True)
    assert powers == {Permission.TAKE_EXAM, Permission.VIEW_OWN_STATUS, Permission.PLACE_EXAM,
                      Permission.VIEW_COURSE, Permission.SYNC_ROSTER, Permission.MANAGE_GRADE_SYNC,
                      Permission.PREVIEW_EXAM}


def test_a_missing_or_expired_session_is_401_everywhere(tool):
    with Browser() as client:
        for _endpoint, method, path, _permission in session_routes(tool.app):
            url = tool.url + path.replace("<sid>", secrets.token_urlsafe(32))
            response = client.get(url) if method == "GET" else client.post(url)
            assert response.status_code in (400, 401), f"{method} {path}: {response.status_code}"
