"""The registry of platforms (issuer + client id) and their deployments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..db.models import Deployment, Platform
from ..errors import UserError


def find_platforms(session: Session, issuer: str) -> list[Platform]:
    return list(session.scalars(select(Platform).where(Platform.issuer == issuer)))


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
) -> Platform:
    """Create or update a registration; add deployments that are new. Idempotent."""
    platform = session.scalars(
        select(Platform).where(Platform.issuer == issuer, Platform.client_id == client_id)
        .options(selectinload(Platform.deployments))
    ).first()
    if platform is None:
        platform = Platform(issuer=issuer, client_id=client_id, deployments=[])
        session.add(platform)
    platform.name = name or platform.name or issuer
    platform.auth_login_url = auth_login_url
    platform.auth_token_url = auth_token_url
    platform.key_set_url = key_set_url
    platform.auth_audience = auth_audience
    if registration is not None:
        platform.registration = registration
    known = {d.deployment_id for d in platform.deployments}
    for deployment_id in deployment_ids:
        if deployment_id and deployment_id not in known:
            platform.deployments.append(Deployment(deployment_id=deployment_id))
            known.add(deployment_id)
    session.flush()
    return platform


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


def has_deployment(session: Session, platform: Platform, deployment_id: str) -> bool:
    return session.scalar(
        select(Deployment.id).where(
            Deployment.platform_id == platform.id, Deployment.deployment_id == deployment_id
        )
    ) is not None
