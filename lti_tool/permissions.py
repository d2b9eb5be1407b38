"""Who may do what: one table, checked by ``@require`` on every view.

Two sources of roles, never mixed up:

* **Course roles** come from the launch and count in that course only: an LTI Learner is an
  *employee* (takes the exam, sees their own status), an LTI Instructor, teaching assistant,
  content developer or course Administrator is *instructor* (places exams in the course, sees its
  people, syncs its roster and grades). No LTI role gives an organisation power.
* **Organisation roles** (L&D, HR, CISO, board, works council, auditor, tool administrator) come
  only from explicit grants (``roles grant`` on the command line for the first administrator, then
  Governance → Roles), and *line manager* from the HR file's manager relation. They are read from
  the database on every request (``principal.py``): a withdrawn grant ends the session at once.

What all platforms share (the bank, exams, competence model, role matrix and policies) is changed
only from the organisation's home platform (``HOME_ONLY``).

Whose people a page shows is a *scope* (``Scope``): the whole platform, aggregates only, a line
manager's own team, or oneself. ``SCOPES`` says which permission gives which scope, ``ROUTE_SCOPES``
which scopes each report page serves; views ask ``reach()`` and never test permissions themselves.

The tables below are the single source of truth; a test walks every route with every role and
compares the answers with them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import g, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .errors import Forbidden, UserError


class Role(enum.StrEnum):
    EMPLOYEE = "employee"
    INSTRUCTOR = "instructor"  # course staff: their own course only
    LD = "ld"
    CISO = "ciso"  # CISO / privacy / security: reviews high-risk assessment content
    HR = "hr"
    MANAGER = "manager"  # line manager: their own team
    BOARD = "board"  # aggregates only
    WORKS_COUNCIL = "works_council"  # aggregates only, small groups suppressed
    AUDITOR = "auditor"
    ADMIN = "admin"
    PANEL = "panel"  # standard-setting panel member: rates the items of the rounds they are invited to


class Permission(enum.StrEnum):
    TAKE_EXAM = "take_exam"
    PREVIEW_EXAM = "preview_exam"  # the rules of a placed exam (and a sample form with VIEW_BANK), no attempt
    PLACE_EXAM = "place_exam"
    VIEW_COURSE = "view_course"
    SYNC_ROSTER = "sync_roster"
    VIEW_OUTBOX = "view_outbox"
    RETRY_OUTBOX = "retry_outbox"
    VIEW_BANK = "view_bank"
    AUTHOR_ITEMS = "author_items"
    REVIEW_ITEMS = "review_items"
    REVIEW_HIGH_RISK = "review_high_risk"
    MANAGE_BLUEPRINTS = "manage_blueprints"
    MANAGE_COMPETENCES = "manage_competences"
    IMPORT_EXPORT = "import_export"
    VIEW_ITEM_STATS = "view_item_stats"
    MANAGE_ACCOMMODATIONS = "manage_accommodations"
    VIEW_OWN_STATUS = "view_own_status"
    VIEW_REPORTS = "view_reports"  # person-level reports for the whole organisation
    VIEW_AGGREGATES = "view_aggregates"  # aggregate reports (small groups suppressed unless VIEW_REPORTS)
    VIEW_TEAM = "view_team"  # a line manager's own team
    EXPORT_AUDIT = "export_audit"
    MANAGE_PEOPLE = "manage_people"  # HR import
    MANAGE_ROLE_MATRIX = "manage_role_matrix"
    REVOKE_CERTIFICATES = "revoke_certificates"
    SEND_REMINDERS = "send_reminders"  # mail the reminders to every manager (whole organisation: HR)
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_ROLES = "manage_roles"  # grant tool roles to people of the platform
    VIEW_ROLLOUT = "view_rollout"  # rollout plan and progress per phase (aggregates, suppressed like reports)
    MANAGE_ROLLOUT = "manage_rollout"
    REMARK_ON_ROLLOUT = "remark_on_rollout"  # managers, auditors, the works council and the board comment on a phase
    VIEW_FEEDBACK = "view_feedback"  # employees' ratings and flagged questions
    VIEW_POLICIES = "view_policies"  # policy register and which clauses the assessment covers
    MANAGE_POLICIES = "manage_policies"  # new policy versions
    DECIDE_RECERTIFICATION = "decide_recertification"
    MANAGE_GRADE_SYNC = "manage_grade_sync"  # compare and resend grades, recreate or stop a gradebook column
    CALIBRATE_BANK = "calibrate_bank"  # fit IRT parameters to the bank (the draw reads them): home platform only
    MANAGE_STANDARD_SETTING = "manage_standard_setting"  # open rounds, invite the panel, adopt the cut
    RATE_ITEMS = "rate_items"  # a panel member rates the items (with their key) of the rounds they are invited to


_AUTHORING = {Permission.VIEW_BANK, Permission.AUTHOR_ITEMS, Permission.REVIEW_ITEMS, Permission.MANAGE_BLUEPRINTS,
              Permission.MANAGE_COMPETENCES, Permission.IMPORT_EXPORT, Permission.VIEW_ITEM_STATS,
              Permission.MANAGE_ACCOMMODATIONS}

_REPORTS = {Permission.VIEW_REPORTS, Permission.VIEW_AGGREGATES, Permission.EXPORT_AUDIT}

#: what course staff may do in their own course (every such page checks the session's course)
_COURSE = {Permission.PLACE_EXAM, Permission.VIEW_COURSE, Permission.SYNC_ROSTER, Permission.MANAGE_GRADE_SYNC}

#: what every role but the employee's holds: their own status, and a look at an exam they open without taking it
_STAFF = {Permission.VIEW_OWN_STATUS, Permission.PREVIEW_EXAM}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.EMPLOYEE: frozenset({Permission.TAKE_EXAM, Permission.VIEW_OWN_STATUS}),
    Role.INSTRUCTOR: frozenset({*_COURSE, *_STAFF}),
    Role.LD: frozenset({Permission.TAKE_EXAM, *_STAFF, Permission.VIEW_ROLLOUT,
                        Permission.MANAGE_ROLLOUT, Permission.VIEW_FEEDBACK, Permission.VIEW_POLICIES,
                        Permission.MANAGE_POLICIES, Permission.DECIDE_RECERTIFICATION, Permission.VIEW_OUTBOX,
                        Permission.CALIBRATE_BANK, Permission.MANAGE_STANDARD_SETTING, *_AUTHORING, *_REPORTS}),
    Role.CISO: frozenset({Permission.VIEW_BANK, Permission.REVIEW_ITEMS, Permission.REVIEW_HIGH_RISK,
                          Permission.VIEW_POLICIES, Permission.MANAGE_POLICIES,
                          Permission.VIEW_ITEM_STATS, Permission.VIEW_AGGREGATES, *_STAFF}),
    Role.HR: frozenset({*_REPORTS, Permission.MANAGE_PEOPLE, Permission.MANAGE_ROLE_MATRIX, Permission.VIEW_ROLLOUT,
                        Permission.MANAGE_ROLLOUT, Permission.VIEW_POLICIES, Permission.MANAGE_POLICIES,
                        Permission.REVOKE_CERTIFICATES, Permission.SEND_REMINDERS, *_STAFF,
                        Permission.VIEW_AUDIT_LOG}),
    Role.MANAGER: frozenset({Permission.VIEW_TEAM, *_STAFF, Permission.VIEW_ROLLOUT,
                             Permission.REMARK_ON_ROLLOUT}),
    Role.BOARD: frozenset({Permission.VIEW_AGGREGATES, *_STAFF, Permission.VIEW_ROLLOUT,
                           Permission.REMARK_ON_ROLLOUT, Permission.VIEW_POLICIES}),
    Role.WORKS_COUNCIL: frozenset({Permission.VIEW_AGGREGATES, *_STAFF, Permission.VIEW_ROLLOUT,
                                   Permission.REMARK_ON_ROLLOUT, Permission.VIEW_POLICIES}),
    Role.AUDITOR: frozenset({*_REPORTS, *_STAFF, Permission.VIEW_AUDIT_LOG, Permission.VIEW_ROLLOUT,
                             Permission.REMARK_ON_ROLLOUT, Permission.VIEW_POLICIES, Permission.VIEW_FEEDBACK}),
    Role.ADMIN: frozenset(Permission),
    Role.PANEL: frozenset({Permission.RATE_ITEMS, *_STAFF}),
}

#: roles only an explicit grant gives (never an LTI role); the manager role comes from the HR file
GRANTABLE: tuple[Role, ...] = (Role.LD, Role.HR, Role.CISO, Role.BOARD, Role.WORKS_COUNCIL, Role.AUDITOR, Role.ADMIN,
                               Role.PANEL)

#: changes to what every platform shares, and the full answer key: only from the home platform
HOME_ONLY = frozenset({Permission.AUTHOR_ITEMS, Permission.REVIEW_ITEMS, Permission.REVIEW_HIGH_RISK,
                       Permission.MANAGE_BLUEPRINTS, Permission.MANAGE_COMPETENCES, Permission.IMPORT_EXPORT,
                       Permission.MANAGE_ROLE_MATRIX, Permission.MANAGE_POLICIES, Permission.CALIBRATE_BANK,
                       Permission.MANAGE_STANDARD_SETTING, Permission.RATE_ITEMS})


class Scope(enum.StrEnum):
    """Whose people a page shows."""

    ALL = "all"  # every person of the platform
    AGGREGATE = "aggregate"  # aggregates only, cells of fewer than N people suppressed
    TEAM = "team"  # a line manager's own team
    SELF = "self"  # the person themselves


#: the scope each permission gives, broadest first (a board member who also manages a team has
#: AGGREGATE before TEAM: on pages that show one scope they see aggregates only)
SCOPES: tuple[tuple[Scope, Permission], ...] = (
    (Scope.ALL, Permission.VIEW_REPORTS),
    (Scope.AGGREGATE, Permission.VIEW_AGGREGATES),
    (Scope.TEAM, Permission.VIEW_TEAM),
    (Scope.SELF, Permission.VIEW_OWN_STATUS),
)


@dataclass(frozen=True)
class ScopeRule:
    """The scope rule of one route. ``scopes``: the scopes it serves, each with the permission it
    needs besides (None: nothing more). ``broadest``: only the principal's broadest report scope
    counts (ALL, AGGREGATE, TEAM; one answer); otherwise every scope held counts (a dossier: oneself,
    or anyone in a scope held). ``refusal``: the 403 sentence when a scope is held but not served;
    holding no report scope at all is ``NO_REPORTS``."""

    scopes: Mapping[Scope, Permission | None]
    refusal: Any
    broadest: bool = True


NO_REPORTS = _l("Your role has no access to reports.")
_AGGREGATES_ONLY = _l("Your role sees aggregates only.")
_REPORT = {Scope.ALL: None, Scope.AGGREGATE: None, Scope.TEAM: None}
_PERSON_LEVEL = {Scope.ALL: None, Scope.TEAM: None}
_MONITORING = {Scope.ALL: None, Scope.AGGREGATE: None}  # needs VIEW_AGGREGATES: L&D, HR, auditors; board, council

#: every scope rule, by endpoint
ROUTE_SCOPES: dict[str, ScopeRule] = {
    "reports.overview": ScopeRule(_REPORT, NO_REPORTS),
    "reports.people": ScopeRule(_PERSON_LEVEL, _AGGREGATES_ONLY),
    "reports.reminders": ScopeRule(_PERSON_LEVEL, _AGGREGATES_ONLY),
    "reports.export": ScopeRule({Scope.ALL: Permission.EXPORT_AUDIT, Scope.TEAM: None},
                            _l("Your role may not export person-level data.")),
    "reports.dossier": ScopeRule({Scope.SELF: None, Scope.ALL: None, Scope.TEAM: None},
                             _l("You may download the dossier of your own team members only."), broadest=False),
    "reports.team_export": ScopeRule({Scope.TEAM: None}, NO_REPORTS, broadest=False),
    "reports.team": ScopeRule({Scope.TEAM: None}, NO_REPORTS, broadest=False),
    "reports.person_diploma": ScopeRule({Scope.SELF: None, Scope.ALL: None, Scope.TEAM: None},
                                    _l("You may open the diploma page of your own team members only."),
                                    broadest=False),
    "reports.monitoring_page": ScopeRule(_MONITORING, NO_REPORTS),
    "reports.monitoring_csv": ScopeRule(_MONITORING, NO_REPORTS),
    "reports.board": ScopeRule({Scope.ALL: None, Scope.AGGREGATE: None},
                           _l("The board summary covers the whole organisation; your role sees your own team only.")),
    "governance.rollout": ScopeRule(_REPORT, NO_REPORTS),
    "governance.recertification": ScopeRule(_REPORT, NO_REPORTS),
}


def held_scopes(permissions: frozenset[Permission], broadest: bool) -> tuple[Scope, ...]:
    """The scopes ``permissions`` give, broadest first; with ``broadest`` only the broadest report scope."""
    held = tuple(scope for scope, permission in SCOPES if permission in permissions)
    if broadest:
        return tuple(s for s in held if s is not Scope.SELF)[:1]
    return held


def scopes_on(endpoint: str, permissions: frozenset[Permission]) -> tuple[Scope, ...]:
    """The scopes ``permissions`` reach on ``endpoint`` by ``ROUTE_SCOPES`` (empty: a 403)."""
    rule = ROUTE_SCOPES[endpoint]
    return tuple(s for s in held_scopes(permissions, rule.broadest)
                 if s in rule.scopes and (rule.scopes[s] is None or rule.scopes[s] in permissions))


def reach(endpoint: str | None = None) -> tuple[Scope, ...]:
    """The scopes the request's principal reaches on ``endpoint`` (default: the request's), broadest
    first — one for a ``broadest`` route; 403 when none."""
    name = endpoint or str(request.endpoint)
    permissions = g.get("permissions", frozenset())
    found = scopes_on(name, permissions)
    if not found:
        rule = ROUTE_SCOPES[name]
        raise Forbidden(str(rule.refusal if not rule.broadest or held_scopes(permissions, True) else NO_REPORTS))
    return found


def may_reach(endpoint: str) -> bool:
    """Whether the request's principal reaches a scope on ``endpoint`` (so a page may offer it)."""
    return bool(scopes_on(endpoint, g.get("permissions", frozenset())))


def covers(scopes: Iterable[Scope], person_id: int, me: int, team: Callable[[], set[int]]) -> bool:
    """Whether one of ``scopes`` (of the principal ``me``) includes the person ``person_id`` of the
    same platform; ``team`` gives the principal's team, asked only when it decides."""
    for scope in scopes:
        if scope is Scope.ALL or (scope is Scope.SELF and person_id == me) or (
                scope is Scope.TEAM and person_id in team()):
            return True
    return False


def refuse(endpoint: str | None = None) -> Forbidden:
    """The 403 of ``endpoint``'s scope rule (default: the request's), for a person no scope covers."""
    return Forbidden(str(ROUTE_SCOPES[endpoint or str(request.endpoint)].refusal))


_COURSE_STAFF = ("Instructor", "ContentDeveloper", "TeachingAssistant", "Administrator", "SysAdmin")


def course_roles(lti_roles: Iterable[str]) -> list[Role]:
    """The course roles a launch gives (context roles; sub-roles such as
    ``Instructor#TeachingAssistant`` count by their last part). Institution and system roles are
    ignored here too: being an LMS administrator gives no power over the organisation's evidence."""
    roles: set[Role] = set()
    for uri in lti_roles:
        if "/institution/" in uri or "/system/" in uri:
            continue
        short = uri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if short in _COURSE_STAFF:
            roles.add(Role.INSTRUCTOR)
        elif short in ("Learner", "Student"):
            roles.add(Role.EMPLOYEE)
    return sorted(roles)


#: what a role takes away whatever else is held: a standard-setting panel member reads the answer key, so while
#: they hold the role they cannot take (or go on with) an exam
ROLE_EXCLUDES: dict[Role, frozenset[Permission]] = {Role.PANEL: frozenset({Permission.TAKE_EXAM})}


def permissions_of(roles: Iterable[Role], home: bool) -> frozenset[Permission]:
    """Everything ``roles`` may do on a platform (``home``: the organisation's home platform)."""
    roles = list(roles)
    granted = frozenset().union(*(ROLE_PERMISSIONS[r] for r in roles)) if roles else frozenset()
    granted = granted.difference(*(ROLE_EXCLUDES.get(r, frozenset()) for r in roles))
    return granted if home else granted - HOME_ONLY


def current_roles() -> set[Role]:
    """The request's roles, as ``principal.load`` resolved them from the session and the grants."""
    return set(g.get("roles", ()))


def has(permission: Permission, roles: Iterable[Role] | None = None, home: bool | None = None) -> bool:
    """Whether the request (or ``roles`` on a platform that is ``home`` or not) may do ``permission``."""
    if roles is None:
        return permission in g.get("permissions", frozenset())
    return permission in permissions_of(list(roles), bool(home))


F = TypeVar("F", bound=Callable[..., Any])


def _require_session() -> None:
    ended = g.get("session_ended")
    if ended == "roles":
        raise UserError(_("Your session has ended because your roles in the AI diploma changed."), status=401,
                        hint=_("Open the AI diploma again from your course in the LMS."))
    if ended is not None:
        raise UserError(_("Your session has ended: this account or its platform is no longer registered "
                          "with the AI diploma."), status=401,
                        hint=_("Ask the tool administrator of your organisation if you think this is wrong."))
    if "person_id" not in session or g.get("principal") is None:
        raise UserError(_("Your session has expired or was never started."), status=401,
                        hint=_("Open the AI diploma again from your course in the LMS."))


def require_session(view: F) -> F:
    """Any launched user (no particular permission)."""
    view.required_permission = None  # type: ignore[attr-defined]

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _require_session()
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def require(permission: Permission) -> Callable[[F], F]:
    """Refuse the view unless the launch session's roles grant ``permission``."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            _require_session()
            if not has(permission):
                raise Forbidden(_("Your role in this course does not allow this."))
            return view(*args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def require_to_change(permission: Permission) -> Callable[[F], F]:
    """A page everyone with the route's permission may read, but only ``permission`` may POST to.
    Put it under ``@require``: the walk test reads ``method_permissions``."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if request.method == "POST" and not has(permission):
                raise Forbidden(_("Your role does not allow this change."))
            return view(*args, **kwargs)

        wrapper.method_permissions = {"POST": permission}  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
