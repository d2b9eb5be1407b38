"""The registry of platforms (issuer + client id) and their deployments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from ..db.models import Deployment, Platform
from ..errors import UserError


def find_platforms(session: Session, issuer: str, client_id: str | None = None) -> list[Platform]:
    query = select(Platform).where(Platform.issuer == issuer)
    if client_id is not None:
        query = query.where(Platform.client_id == client_id)
    return list(session.scalars(query))


def find_platform(session: Session, issuer: str, client_id: str | None) -> Platform:
    """The platform for a login or launch. With several client ids per issuer the client id
    decides; a platform that sends none must then be told to send one."""
    platforms = find_platforms(session, issuer)
    if client_id:
        platforms = [p for p in platforms if p.client_id == client_id]
    if not platforms:
        raise UserError(
            _("The platform %(issuer)s (client id %(client)s) is not registered with this tool. Ask your LMS "
              "administrator to install the tool (dynamic registration) or to register it with "
              "`flask platform add`.", issuer=repr(issuer), client=repr(client_id or "-")),
            status=400,
        )
    if len(platforms) > 1:
        raise UserError(
            _(
                "Several registrations exist for %(issuer)s; the login request must include client_id.",
                issuer=repr(issuer)),
            status=400,
        )
    return platforms[0]


URL_FIELDS = ("auth_login_url", "auth_token_url", "key_set_url", "auth_audience")


def add_platform(
    session: Session,
    *,
    issuer: str,
    client_id: str,
    auth_login_url: str,
    auth_token_url: str,
    key_set_url: str,
    deployment_ids: Iterable[str] = (),
    name: str = "",
    auth_audience: str | None = None,
    registration: dict[str, Any] | None = None,
    home: bool = False,
) -> Platform:
    """Create a registration, or add deployments to an existing one (idempotent). An existing
    registration's keys and URLs are never changed here (``update_platform`` does, audit-logged)."""
    platform = session.scalars(
        select(Platform).where(Platform.issuer == issuer, Platform.client_id == client_id)
        .options(selectinload(Platform.deployments))
    ).first()
    wanted = {"auth_login_url": auth_login_url, "auth_token_url": auth_token_url, "key_set_url": key_set_url,
              "auth_audience": auth_audience}
    if platform is None:
        platform = Platform(issuer=issuer, client_id=client_id, deployments=[], name=name or issuer,
                            registration=registration or {}, **wanted)
        session.add(platform)
    elif any(getattr(platform, k) != v for k, v in wanted.items()):
        raise UserError(_("%(issuer)s (client id %(client)s) is already registered with other URLs or keys; "
                          "change them with `flask platform update`.", issuer=issuer, client=client_id), 409)
    _add_deployments(platform, deployment_ids)
    session.flush()
    if home:
        set_home(session, platform)
    return platform


def _add_deployments(platform: Platform, deployment_ids: Iterable[str]) -> None:
    known = {d.deployment_id for d in platform.deployments}
    for deployment_id in deployment_ids:
        if deployment_id and deployment_id not in known:
            platform.deployments.append(Deployment(deployment_id=deployment_id))
            known.add(deployment_id)


def set_home(session: Session, platform: Platform) -> Platform | None:
    """Make ``platform`` the organisation's home platform; returns the one it replaces."""
    previous = session.scalars(select(Platform).where(Platform.is_home.is_(True), Platform.id != platform.id)).first()
    if previous is not None:
        previous.is_home = False
    platform.is_home = True
    session.flush()
    return previous


def update_platform(session: Session, platform: Platform, changes: dict[str, Any],
                    deployment_ids: Iterable[str] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    """Change a registration's URLs, name or home flag; returns (before, after) of what changed."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in changes.items():
        if value is None or getattr(platform, key) == value:
            continue
        before[key], after[key] = getattr(platform, key), value
        if key == "is_home":
            if value:
                previous = set_home(session, platform)
                if previous is not None:
                    before["home_was"] = f"{previous.issuer} {previous.client_id}"
            else:
                platform.is_home = False
        else:
            setattr(platform, key, value)
    new = [d for d in deployment_ids if d not in {x.deployment_id for x in platform.deployments}]
    if new:
        _add_deployments(platform, new)
        after["deployments_added"] = new
    session.flush()
    return before, after


def remove_platform(session: Session, issuer: str, client_id: str) -> bool:
    platform = session.scalars(
        select(Platform).where(Platform.issuer == issuer, Platform.client_id == client_id)
    ).first()
    if platform is None:
        return False
    session.delete(platform)
    return True


def list_platforms(session: Session) -> list[Platform]:
    return list(
        session.scalars(select(Platform).options(selectinload(Platform.deployments)).order_by(Platform.id))
    )


def platform_with_deployment(session: Session, platform_id: int, deployment_id: str) -> tuple[Platform, bool] | None:
    """A launch's platform and whether ``deployment_id`` is one of its deployments, in one statement (None: the
    platform is gone)."""
    known = exists().where(Deployment.platform_id == Platform.id, Deployment.deployment_id == deployment_id)
    row = session.execute(select(Platform, known).where(Platform.id == platform_id)).first()
    return None if row is None else (row[0], bool(row[1]))


def has_deployment(session: Session, platform: Platform, deployment_id: str) -> bool:
    return session.scalar(
        select(Deployment.id).where(
            Deployment.platform_id == platform.id, Deployment.deployment_id == deployment_id
        )
    ) is not None
