"""``flask roles``: tool roles granted to people (the first administrator is made this way)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..audit import record
from ..db.queries import role_grant_rows
from ..db.repositories import add_role_grant, delete_role_grant, upsert_person
from ..lti.platforms import find_platform
from ..permissions import GRANTABLE
from .common import ACTOR, services

roles = AppGroup("roles", help="Tool roles granted to people (e.g. ciso).")

ROLE_CHOICE = click.Choice([r.value for r in GRANTABLE])


@roles.command("grant")
@click.option("--issuer", required=True)
@click.option("--client-id", default=None)
@click.option("--subject", required=True, help="the person's LTI subject (sub)")
@click.option("--role", required=True, type=ROLE_CHOICE)
def grant(issuer: str, client_id: str | None, subject: str, role: str) -> None:
    """Grant an organisation role (the first tool administrator is made this way); it applies from the
    person's next launch."""
    with services().db.transaction() as db:
        platform = find_platform(db, issuer, client_id)
        person = upsert_person(db, platform.id, subject)
        if add_role_grant(db, platform.id, person.id, role, "cli"):
            record(db, "role.granted", subject, after={"role": role}, platform_id=platform.id, actor=ACTOR)
    click.echo(f"{subject} has role {role} on {issuer}")


@roles.command("revoke")
@click.option("--issuer", required=True)
@click.option("--client-id", default=None)
@click.option("--subject", required=True, help="the person's LTI subject (sub)")
@click.option("--role", required=True, type=ROLE_CHOICE)
def revoke(issuer: str, client_id: str | None, subject: str, role: str) -> None:
    """Withdraw a granted role; the person's open sessions end at their next request."""
    with services().db.transaction() as db:
        platform = find_platform(db, issuer, client_id)
        if not delete_role_grant(db, platform.id, subject, role):
            raise click.ClickException(f"{subject} has no granted role {role} on {issuer}")
        record(db, "role.revoked", subject, before={"role": role}, platform_id=platform.id, actor=ACTOR)
    click.echo(f"{subject} no longer has role {role} on {issuer}")


@roles.command("list")
def list_roles() -> None:  # no docstring: it would become the command's help text, which has none
    with services().db.session() as db:
        for issuer, subject, name, role in role_grant_rows(db):
            click.echo(f"{issuer}  {subject}  {name or ''}  {role}")
