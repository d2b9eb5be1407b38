"""Who is asking: the launch session, checked against the database on every request.

The session keeps only what the launch established — platform, person, the course roles the LTI
launch gave in that course — and a snapshot of the organisation roles the person held then.
Organisation roles (grants, and line manager from the HR file) are read again on every request, so
a withdrawn grant, an erased person or a removed platform ends the session at once, and the name
shown is always the current one (never a copy kept in the session).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, session
from sqlalchemy.orm import Session

from .db.principals import PrincipalRow, principal_row
from .permissions import Role, permissions_of
from .services import services


@dataclass(frozen=True)
class Principal:
    platform_id: int
    person_id: int
    name: str
    roles: frozenset[Role]
    home: bool


def organisation_roles(row: PrincipalRow) -> set[Role]:
    """Granted roles plus *manager* when the HR file names the person as someone's manager."""
    known = {r.value for r in Role}
    roles = {Role(r) for r in row.grants if r in known}
    if row.manages_someone:
        roles.add(Role.MANAGER)
    return roles


def roles_for(course: set[Role], row: PrincipalRow) -> set[Role]:
    return course | organisation_roles(row)


def end_reason(db: Session) -> str | None:
    """Why the current session may no longer be used (None: it may)."""
    row = principal_row(db, int(session["platform_id"]), int(session["person_id"]))
    if row is None:
        return "gone"  # the platform was removed, or the person with it
    if row.erased_at is not None and row.erased_at.timestamp() >= float(session.get("since", 0)):
        return "erased"  # pseudonymised after this session began
    current = organisation_roles(row)
    if set(session.get("org_roles", ())) - {str(r) for r in current}:
        return "roles"  # a grant was withdrawn (or the HR file no longer names them as a manager)
    course = {Role(r) for r in session.get("course_roles", ())}
    roles = roles_for(course, row)
    g.principal = Principal(row.platform_id, row.person_id, row.name, frozenset(roles), row.home)
    g.roles = frozenset(roles)
    g.permissions = permissions_of(roles, row.home)
    return None


def load() -> None:
    """Before every request with a launch session: resolve its roles, or end it."""
    if "person_id" not in session:
        return
    with services().db.autocommit() as db:  # one statement: no transaction round trips
        reason = end_reason(db)
    if reason is not None:
        session.clear()
        session.modified = True  # deletes it from the store
        g.session_ended = reason
