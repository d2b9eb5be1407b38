"""The scope rules of the permission table, for combinations of roles (the walk test gives one role at a time)."""

from __future__ import annotations

import pytest

from lti_tool.permissions import Permission, Role, Scope, covers, permissions_of, scopes_on


def reached(endpoint: str, *roles: Role) -> tuple[Scope, ...]:
    return scopes_on(endpoint, permissions_of(roles, home=True))


def test_person_level_roles_see_everyone_on_every_report_page():
    for role in (Role.HR, Role.LD, Role.AUDITOR, Role.ADMIN):
        for endpoint in ("reports.overview", "reports.people", "reports.reminders", "reports.export",
                         "governance.rollout", "governance.recertification"):
            assert reached(endpoint, role) == (Scope.ALL,), (role, endpoint)


def test_a_manager_on_the_board_sees_aggregates_only_on_report_pages():
    assert reached("reports.overview", Role.MANAGER, Role.BOARD) == (Scope.AGGREGATE,)
    assert reached("reports.people", Role.MANAGER, Role.BOARD) == ()
    assert reached("reports.export", Role.MANAGER, Role.BOARD) == ()
    assert reached("reports.team_export", Role.MANAGER, Role.BOARD) == (Scope.TEAM,)


def test_a_dossier_counts_every_scope_held():
    assert reached("reports.dossier", Role.MANAGER, Role.BOARD) == (Scope.TEAM, Scope.SELF)
    assert reached("reports.dossier", Role.EMPLOYEE) == (Scope.SELF,)
    assert reached("reports.dossier", Role.HR) == (Scope.ALL, Scope.SELF)


def test_a_manager_sees_their_team_and_an_employee_no_report():
    assert reached("reports.people", Role.MANAGER) == (Scope.TEAM,)
    assert reached("reports.export", Role.MANAGER) == (Scope.TEAM,)
    for endpoint in ("reports.overview", "reports.people", "reports.export"):
        assert reached(endpoint, Role.EMPLOYEE, Role.INSTRUCTOR) == ()


def test_the_whole_organisation_export_needs_the_export_permission():
    # no role in the table has VIEW_REPORTS without EXPORT_AUDIT: the rule is checked on the permissions
    assert scopes_on("reports.export", frozenset({Permission.VIEW_REPORTS})) == ()
    assert scopes_on("reports.export", frozenset({Permission.VIEW_REPORTS, Permission.EXPORT_AUDIT})) == (Scope.ALL,)


@pytest.mark.parametrize(("scopes", "person", "expected"), [
    ((Scope.SELF,), 7, True), ((Scope.SELF,), 8, False), ((Scope.TEAM, Scope.SELF), 9, True),
    ((Scope.TEAM, Scope.SELF), 8, False), ((Scope.ALL,), 8, True), ((), 7, False),
])
def test_covers(scopes, person, expected):
    assert covers(scopes, person, me=7, team=lambda: {9}) is expected


def test_the_team_is_asked_only_when_it_decides():
    def no_team() -> set[int]:
        raise AssertionError("the team was read")

    assert covers((Scope.ALL, Scope.TEAM), 8, me=7, team=no_team)


def test_a_panel_member_cannot_take_an_exam_while_holding_the_role():
    assert Permission.TAKE_EXAM in permissions_of({Role.EMPLOYEE}, home=True)
    assert Permission.TAKE_EXAM not in permissions_of({Role.EMPLOYEE, Role.PANEL}, home=True)
    assert Permission.RATE_ITEMS in permissions_of({Role.EMPLOYEE, Role.PANEL}, home=True)
