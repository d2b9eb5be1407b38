"""``flask platform``: registered LMS platforms (invitations, registration by hand, changes, removal)."""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from ..audit import record
from ..errors import UserError
from ..lti.invitations import create_invitation, home_platform, list_invitations, parse_validity, registration_url
from ..lti.platforms import add_platform, find_platforms, list_platforms, remove_platform, update_platform
from .common import ACTOR, services

platform = AppGroup("platform", help="Registered LMS platforms.")


@platform.command("invite")
@click.option("--expires", "validity", default="7d", show_default=True,
              help="how long it may be used: 30m, 12h, 7d")
@click.option("--note", default="", help="for whom (kept with the invitation and in the audit log)")
@click.option("--home", is_flag=True, help="the platform that registers with it becomes the home platform")
def invite(validity: str, note: str, home: bool) -> None:
    """Print a one-time registration URL to paste into the LMS (Dynamic Registration)."""
    try:
        delta = parse_validity(validity)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--expires") from exc
    svc = services()
    with svc.db.transaction() as db:
        if home and (current := home_platform(db)) is not None:
            raise click.ClickException(f"{current.issuer} is already the home platform; move it with "
                                       "`platform update --home` once the new platform is registered")
        token, row = create_invitation(db, delta, note, home, ACTOR)
        # not in the audit log: an invitation belongs to no platform yet, and every platform's auditors
        # would read its note; the registration that spends it is logged with the platform
        expires = row.expires_at
    click.echo(registration_url(svc.settings.base_url, token))
    click.echo(f"one platform may register with it until {expires:%Y-%m-%d %H:%M} UTC", err=True)


@platform.command("add")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--auth-login-url", required=True, help="the platform's OIDC authorization endpoint")
@click.option("--token-url", required=True, help="the platform's OAuth2 token endpoint")
@click.option("--jwks-url", required=True, help="the platform's public key set")
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True)
@click.option("--audience", default=None, help="token audience, when not the token URL")
@click.option("--name", default="")
@click.option("--home", is_flag=True, help="the organisation's home platform (changes shared content)")
def add(issuer: str, client_id: str, auth_login_url: str, token_url: str, jwks_url: str,
        deployment_ids: tuple[str, ...], audience: str | None, name: str, home: bool) -> None:
    """Register a platform by hand (or add deployments to it)."""
    with services().db.transaction() as db:
        try:
            added = add_platform(db, issuer=issuer, client_id=client_id, auth_login_url=auth_login_url,
                                 auth_token_url=token_url, key_set_url=jwks_url,
                                 deployment_ids=deployment_ids, auth_audience=audience, name=name, home=home)
        except UserError as exc:
            raise click.ClickException(exc.message) from exc
        record(db, "platform.added", f"{issuer} {client_id}", after={
            "key_set_url": jwks_url, "auth_login_url": auth_login_url, "auth_token_url": token_url,
            "deployments": list(deployment_ids), "home": added.is_home},
            platform_id=added.id, actor=ACTOR)
        click.echo(f"platform {added.id}: {issuer} client {client_id}, deployments "
                   f"{', '.join(d.deployment_id for d in added.deployments)}"
                   + (" (home platform)" if added.is_home else ""))


@platform.command("update")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--auth-login-url", default=None)
@click.option("--token-url", default=None)
@click.option("--jwks-url", default=None)
@click.option("--audience", default=None)
@click.option("--name", default=None)
@click.option("--deployment-id", "deployment_ids", multiple=True)
@click.option("--home/--not-home", default=None, help="make it (or stop it being) the home platform")
def update(issuer: str, client_id: str, auth_login_url: str | None, token_url: str | None,
           jwks_url: str | None, audience: str | None, name: str | None,
           deployment_ids: tuple[str, ...], home: bool | None) -> None:
    """Change a registration's keys, URLs, name or home flag (audit-logged)."""
    with services().db.transaction() as db:
        found = next(iter(find_platforms(db, issuer, client_id)), None)
        if found is None:
            raise click.ClickException(f"no platform {issuer} with client id {client_id}")
        before, after = update_platform(db, found, {
            "auth_login_url": auth_login_url, "auth_token_url": token_url, "key_set_url": jwks_url,
            "auth_audience": audience, "name": name, "is_home": home}, deployment_ids)
        if after or before:
            record(db, "platform.updated", f"{issuer} {client_id}", before=before, after=after,
                   platform_id=found.id, actor=ACTOR)
    click.echo("changed: " + ", ".join(sorted(after)) if after else "nothing changed")


def _listing(db: Session) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The registered platforms and all invitations, as ``platform list --json`` prints them."""
    platforms = [{"id": p.id, "issuer": p.issuer, "client_id": p.client_id, "name": p.name, "home": p.is_home,
                  "deployments": [d.deployment_id for d in p.deployments]} for p in list_platforms(db)]
    invitations = [{"id": i.id, "note": i.note, "home": i.home, "expires_at": i.expires_at.isoformat(),
                    "used": i.used_at is not None} for i in list_invitations(db)]
    return platforms, invitations


@platform.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_registrations(as_json: bool) -> None:
    """Show registered platforms (and open invitations)."""
    with services().db.session() as db:
        rows, invitations = _listing(db)
    if as_json:
        click.echo(json.dumps({"platforms": rows, "invitations": invitations}, indent=2))
        return
    for row in rows:
        home_mark = "  [home]" if row["home"] else ""
        click.echo(f"{row['id']:>4}  {row['issuer']}  client={row['client_id']}  "
                   f"deployments={','.join(row['deployments'])}  {row['name']}{home_mark}")
    if not rows:
        click.echo("no platforms registered")
    for inv in invitations:
        if not inv["used"]:
            click.echo(f"invitation {inv['id']} open until {inv['expires_at']}  {inv['note']}"
                       + ("  [home]" if inv["home"] else ""))


@platform.command("remove")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.confirmation_option(prompt="Remove the platform and everything recorded for it?")
def remove(issuer: str, client_id: str) -> None:
    """Remove a registration and its data."""
    with services().db.transaction() as db:
        if not remove_platform(db, issuer, client_id):
            raise click.ClickException(f"no platform {issuer} with client id {client_id}")
    click.echo("removed")
