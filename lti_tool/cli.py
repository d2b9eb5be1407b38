"""Command line: ``flask --app wsgi <group> <command>``."""

from __future__ import annotations

import json
import time

import click
from flask import Flask
from flask.cli import AppGroup

from .audit import record
from .db.models import ScoreOutbox, Statement, utcnow
from .db.queries import (
    all_tool_keys,
    course_by_id,
    journaled_bodies,
    person_by_subject,
    role_grant_rows,
    unsent_scores,
)
from .db.repositories import add_role_grant, delete_role_grant, outbox_summary, upsert_person
from .errors import UserError
from .lti import keys as tool_keys
from .lti.platforms import (
    add_platform,
    find_platform,
    find_platforms,
    list_platforms,
    remove_platform,
    update_platform,
)
from .lti.roster import fetch_roster, store_roster
from .outbox import send_scores, send_statements
from .permissions import GRANTABLE
from .services import Services


def _svc(app: Flask) -> Services:
    return app.extensions["aidiploma"]  # type: ignore[no-any-return]


def register_cli(app: Flask) -> None:
    db_cli = AppGroup("db", help="Database schema.")
    platform_cli = AppGroup("platform", help="Registered LMS platforms.")
    keys_cli = AppGroup("keys", help="The tool's signing keys.")
    xapi_cli = AppGroup("xapi", help="Statement journal and delivery to the LRS.")
    grades_cli = AppGroup("grades", help="Scores for the LMS gradebooks (AGS).")
    roster_cli = AppGroup("roster", help="Course rosters (NRPS).")
    bank_cli = AppGroup("bank", help="The item bank.")

    @db_cli.command("upgrade")
    def db_upgrade() -> None:
        """Apply all database migrations."""
        _svc(app).db.upgrade()
        click.echo("database is at the newest migration")

    @app.cli.command("init")
    def init() -> None:
        """Migrate the database, load the seed bank and create the signing key (idempotent)."""
        svc = _svc(app)
        svc.db.upgrade()
        with svc.db.transaction() as db:
            seeded = svc.catalogue.seed_database(db)
            key = tool_keys.ensure_key(db)
        click.echo(f"database ready; items: {seeded['items_added']} new versions, {seeded['items_unchanged']} "
                   f"unchanged; blueprints: {seeded['blueprint_versions']} new versions; competence model: "
                   f"{seeded['model_versions']} new version; policies: {seeded['policy_versions']} new versions; "
                   f"signing key {key.kid}")

    @bank_cli.command("load")
    def bank_load() -> None:
        """Store the seed bank from config/ (changed items become new versions)."""
        svc = _svc(app)
        with svc.db.transaction() as db:
            seeded = svc.catalogue.seed_database(db)
        click.echo(f"{seeded['items_added']} new item versions, {seeded['items_unchanged']} unchanged, "
                   f"{seeded['blueprint_versions']} new blueprint versions")

    @platform_cli.command("invite")
    @click.option("--expires", "validity", default="7d", show_default=True,
                  help="how long it may be used: 30m, 12h, 7d")
    @click.option("--note", default="", help="for whom (kept with the invitation and in the audit log)")
    @click.option("--home", is_flag=True, help="the platform that registers with it becomes the home platform")
    def platform_invite(validity: str, note: str, home: bool) -> None:
        """Print a one-time registration URL to paste into the LMS (Dynamic Registration)."""
        from .lti.invitations import create_invitation, home_platform, parse_validity, registration_url

        try:
            delta = parse_validity(validity)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--expires") from exc
        svc = _svc(app)
        with svc.db.transaction() as db:
            if home and (current := home_platform(db)) is not None:
                raise click.ClickException(f"{current.issuer} is already the home platform; move it with "
                                           "`platform update --home` once the new platform is registered")
            token, row = create_invitation(db, delta, note, home, "command line")
            # not in the audit log: an invitation belongs to no platform yet, and every platform's auditors
            # would read its note; the registration that spends it is logged with the platform
            expires = row.expires_at
        click.echo(registration_url(svc.settings.base_url, token))
        click.echo(f"one platform may register with it until {expires:%Y-%m-%d %H:%M} UTC", err=True)

    @platform_cli.command("add")
    @click.option("--issuer", required=True)
    @click.option("--client-id", required=True)
    @click.option("--auth-login-url", required=True, help="the platform's OIDC authorization endpoint")
    @click.option("--token-url", required=True, help="the platform's OAuth2 token endpoint")
    @click.option("--jwks-url", required=True, help="the platform's public key set")
    @click.option("--deployment-id", "deployment_ids", multiple=True, required=True)
    @click.option("--audience", default=None, help="token audience, when not the token URL")
    @click.option("--name", default="")
    @click.option("--home", is_flag=True, help="the organisation's home platform (changes shared content)")
    def platform_add(issuer: str, client_id: str, auth_login_url: str, token_url: str, jwks_url: str,
                     deployment_ids: tuple[str, ...], audience: str | None, name: str, home: bool) -> None:
        """Register a platform by hand (or add deployments to it)."""
        with _svc(app).db.transaction() as db:
            try:
                platform = add_platform(db, issuer=issuer, client_id=client_id, auth_login_url=auth_login_url,
                                        auth_token_url=token_url, key_set_url=jwks_url,
                                        deployment_ids=deployment_ids, auth_audience=audience, name=name, home=home)
            except UserError as exc:
                raise click.ClickException(exc.message) from exc
            record(db, "platform.added", f"{issuer} {client_id}", after={
                "key_set_url": jwks_url, "auth_login_url": auth_login_url, "auth_token_url": token_url,
                "deployments": list(deployment_ids), "home": platform.is_home},
                platform_id=platform.id, actor="command line")
            click.echo(f"platform {platform.id}: {issuer} client {client_id}, deployments "
                       f"{', '.join(d.deployment_id for d in platform.deployments)}"
                       + (" (home platform)" if platform.is_home else ""))

    @platform_cli.command("update")
    @click.option("--issuer", required=True)
    @click.option("--client-id", required=True)
    @click.option("--auth-login-url", default=None)
    @click.option("--token-url", default=None)
    @click.option("--jwks-url", default=None)
    @click.option("--audience", default=None)
    @click.option("--name", default=None)
    @click.option("--deployment-id", "deployment_ids", multiple=True)
    @click.option("--home/--not-home", default=None, help="make it (or stop it being) the home platform")
    def platform_update(issuer: str, client_id: str, auth_login_url: str | None, token_url: str | None,
                        jwks_url: str | None, audience: str | None, name: str | None,
                        deployment_ids: tuple[str, ...], home: bool | None) -> None:
        """Change a registration's keys, URLs, name or home flag (audit-logged)."""
        with _svc(app).db.transaction() as db:
            platform = next(iter(find_platforms(db, issuer, client_id)), None)
            if platform is None:
                raise click.ClickException(f"no platform {issuer} with client id {client_id}")
            before, after = update_platform(db, platform, {
                "auth_login_url": auth_login_url, "auth_token_url": token_url, "key_set_url": jwks_url,
                "auth_audience": audience, "name": name, "is_home": home}, deployment_ids)
            if after or before:
                record(db, "platform.updated", f"{issuer} {client_id}", before=before, after=after,
                       platform_id=platform.id, actor="command line")
        click.echo("changed: " + ", ".join(sorted(after)) if after else "nothing changed")

    @platform_cli.command("list")
    @click.option("--json", "as_json", is_flag=True)
    def platform_list(as_json: bool) -> None:
        """Show registered platforms (and open invitations)."""
        from .lti.invitations import list_invitations

        with _svc(app).db.session() as db:
            rows = [{"id": p.id, "issuer": p.issuer, "client_id": p.client_id, "name": p.name, "home": p.is_home,
                     "deployments": [d.deployment_id for d in p.deployments]} for p in list_platforms(db)]
            invitations = [{"id": i.id, "note": i.note, "home": i.home, "expires_at": i.expires_at.isoformat(),
                            "used": i.used_at is not None} for i in list_invitations(db)]
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

    @platform_cli.command("remove")
    @click.option("--issuer", required=True)
    @click.option("--client-id", required=True)
    @click.confirmation_option(prompt="Remove the platform and everything recorded for it?")
    def platform_remove(issuer: str, client_id: str) -> None:
        """Remove a registration and its data."""
        with _svc(app).db.transaction() as db:
            if not remove_platform(db, issuer, client_id):
                raise click.ClickException(f"no platform {issuer} with client id {client_id}")
        click.echo("removed")

    @keys_cli.command("rotate")
    def keys_rotate() -> None:
        """Make a new signing key; the old one stays published for the grace period."""
        svc = _svc(app)
        with svc.db.transaction() as db:
            new, retired = tool_keys.rotate(db)
            click.echo(f"new signing key {new.kid}; retired {', '.join(k.kid for k in retired) or 'none'} "
                       f"(published {svc.settings.key_grace_days} more days)")

    @keys_cli.command("list")
    def keys_list() -> None:
        with _svc(app).db.session() as db:
            for key in all_tool_keys(db):
                state = "active" if key.retired_at is None else f"retired {key.retired_at:%Y-%m-%d}"
                click.echo(f"{key.kid}  created {key.created_at:%Y-%m-%d %H:%M}  {state}")

    def _loop(step, interval: float) -> None:  # type: ignore[no-untyped-def]
        while True:
            step()
            if interval <= 0:
                return
            time.sleep(interval)

    @xapi_cli.command("send")
    @click.option("--loop", "interval", default=0.0, help="keep sending every N seconds")
    def xapi_send(interval: float) -> None:
        """Send pending statements to the LRS."""
        svc = _svc(app)

        def step() -> None:
            report = send_statements(svc.db, svc.settings)
            click.echo(f"sent {report.sent}, failed {report.failed}" +
                       (f" — {report.errors[-1]}" if report.errors else ""))
        _loop(step, interval)

    @xapi_cli.command("status")
    def xapi_status() -> None:
        with _svc(app).db.session() as db:
            _print_summary(outbox_summary(db, Statement))

    @grades_cli.command("send")
    @click.option("--loop", "interval", default=0.0, help="keep sending every N seconds")
    def grades_send(interval: float) -> None:
        """Send pending scores to the platforms."""
        svc = _svc(app)

        def step() -> None:
            report = send_scores(svc.db, svc.settings)
            click.echo(f"sent {report.sent}, failed {report.failed}" +
                       (f" — {report.errors[-1]}" if report.errors else ""))
        _loop(step, interval)

    @grades_cli.command("status")
    def grades_status() -> None:
        with _svc(app).db.session() as db:
            _print_summary(outbox_summary(db, ScoreOutbox))
            for row in unsent_scores(db, 50):
                click.echo(f"  #{row.id} {row.status} user={row.user_id} tries={row.tries} "
                           f"last={row.last_status} {row.last_error or ''}")

    @app.cli.command("worker")
    @click.option("--interval", default=5.0, help="seconds between rounds")
    @click.option("--once", is_flag=True)
    def worker(interval: float, once: bool) -> None:
        """Deliver statements and scores in a loop (run one or more of these next to the web workers)."""
        svc = _svc(app)

        def step() -> None:
            from .certification import record_expiries

            with svc.db.transaction() as db:
                record_expiries(db, svc.derivation(db), utcnow())
            s = send_statements(svc.db, svc.settings)  # the outbox engine counts failed deliveries
            g = send_scores(svc.db, svc.settings)
            if s.sent or s.failed or g.sent or g.failed:
                click.echo(f"{utcnow():%H:%M:%S} statements sent {s.sent} failed {s.failed}; "
                           f"scores sent {g.sent} failed {g.failed}")
        _loop(step, 0 if once else interval)

    @roster_cli.command("sync")
    @click.option("--issuer", required=True)
    @click.option("--client-id", default=None)
    @click.option("--context", "context_id", required=True, help="the LMS course (context) id")
    def roster_sync(issuer: str, client_id: str | None, context_id: str) -> None:
        """Fetch a course's members from the platform (all pages)."""
        svc = _svc(app)
        with svc.db.transaction() as db:
            platform = find_platform(db, issuer, client_id)
            context = course_by_id(db, platform.id, context_id)
            if context is None:
                raise click.ClickException("that course has not launched the tool yet, so its roster URL "
                                           "is unknown; launch once from the course first")
            key = tool_keys.signing_key(db)
            db.expunge_all()
        members = fetch_roster(platform, context, key, svc.settings)
        with svc.db.transaction() as db:
            report = store_roster(db, db.merge(context), members)
        click.echo(f"{report.members} members, {report.active} active")

    roles_cli = AppGroup("roles", help="Tool roles granted to people (e.g. ciso).")

    @roles_cli.command("grant")
    @click.option("--issuer", required=True)
    @click.option("--client-id", default=None)
    @click.option("--subject", required=True, help="the person's LTI subject (sub)")
    @click.option("--role", required=True, type=click.Choice([r.value for r in GRANTABLE]))
    def roles_grant(issuer: str, client_id: str | None, subject: str, role: str) -> None:
        """Grant an organisation role (the first tool administrator is made this way); it applies from the
        person's next launch."""
        with _svc(app).db.transaction() as db:
            platform = find_platform(db, issuer, client_id)
            person = upsert_person(db, platform.id, subject)
            if add_role_grant(db, platform.id, person.id, role, "cli"):
                record(db, "role.granted", subject, after={"role": role}, platform_id=platform.id,
                       actor="command line")
        click.echo(f"{subject} has role {role} on {issuer}")

    @roles_cli.command("revoke")
    @click.option("--issuer", required=True)
    @click.option("--client-id", default=None)
    @click.option("--subject", required=True, help="the person's LTI subject (sub)")
    @click.option("--role", required=True, type=click.Choice([r.value for r in GRANTABLE]))
    def roles_revoke(issuer: str, client_id: str | None, subject: str, role: str) -> None:
        """Withdraw a granted role; the person's open sessions end at their next request."""
        with _svc(app).db.transaction() as db:
            platform = find_platform(db, issuer, client_id)
            if not delete_role_grant(db, platform.id, subject, role):
                raise click.ClickException(f"{subject} has no granted role {role} on {issuer}")
            record(db, "role.revoked", subject, before={"role": role}, platform_id=platform.id,
                   actor="command line")
        click.echo(f"{subject} no longer has role {role} on {issuer}")

    @roles_cli.command("list")
    def roles_list() -> None:
        with _svc(app).db.session() as db:
            for issuer, subject, name, role in role_grant_rows(db):
                click.echo(f"{issuer}  {subject}  {name or ''}  {role}")

    cert_cli = AppGroup("certification", help="Certificates derived from statements.")

    @cert_cli.command("rebuild")
    @click.option("--from", "source", type=click.Choice(["journal", "lrs"]), default="journal")
    @click.option("--since", default=None, help="only certificates in force since this date (YYYY-MM-DD)")
    def certification_rebuild(source: str, since: str | None) -> None:
        """Recompute the certificate projection from the statement journal or the LRS."""
        import datetime as dt

        from xapi.lrs_client import LrsClient

        from .certification import certificate_verbs, rebuild
        from .egress import egress_transport

        svc = _svc(app)
        start = dt.datetime.fromisoformat(since).replace(tzinfo=dt.UTC) if since else None
        with svc.db.transaction() as db:
            config = svc.derivation(db)
            if source == "journal":
                statements = journaled_bodies(db, certificate_verbs(config.iris))
            else:
                if not svc.settings.lrs_endpoint:
                    raise click.ClickException("no LRS configured (AIDIP_LRS_ENDPOINT)")
                with LrsClient(svc.settings.lrs_endpoint, svc.settings.lrs_username, svc.settings.lrs_password,
                               timeout=svc.settings.lrs_timeout,
                               transport=egress_transport(svc.settings, svc.settings.lrs_timeout)) as client:
                    statements = []
                    verbs = certificate_verbs(config.iris)
                    for verb in verbs:
                        statements.extend(client.iter_statements({"verb": verb, "limit": 100}))
                    for activity in config.accepted_activities:
                        statements.extend(client.iter_statements({"activity": activity, "limit": 100}))
            report = rebuild(db, config, statements, start)
        click.echo(f"rebuilt from {source}: {report['certificates']} certificates for {report['people']} people")

    @cert_cli.command("expire")
    def certification_expire() -> None:
        """Journal 'expired' statements for certificates that have run out (run daily; the worker does)."""
        from .certification import record_expiries

        svc = _svc(app)
        with svc.db.transaction() as db:
            count = record_expiries(db, svc.derivation(db), utcnow())
        click.echo(f"{count} certificates recorded as expired")

    @app.cli.command("people-import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--issuer", required=True)
    @click.option("--client-id", default=None)
    @click.option("--dry-run", is_flag=True)
    def people_import(path: str, issuer: str, client_id: str | None, dry_run: bool) -> None:
        """Import an HR export (CSV or XLSX): all or nothing, line-level errors."""
        from pathlib import Path

        from .organisation import apply_hr_import
        from .people import parse_hr_file

        svc = _svc(app)
        data = Path(path).read_bytes()
        with svc.db.transaction() as db:
            platform = find_platform(db, issuer, client_id)
            result = parse_hr_file(db, platform.id, Path(path).name, data)
            if result.errors:
                for error in result.errors:
                    click.echo(f"{error.location}: {error.message}", err=True)
                raise click.ClickException(f"nothing imported: {len(result.errors)} problems")
            counts = apply_hr_import(db, platform.id, result.people)
            record(db, "people.imported", Path(path).name, after=counts, platform_id=platform.id,
                   actor="command line")
            if dry_run:
                db.rollback()
        click.echo(("dry run: " if dry_run else "") + ", ".join(f"{v} {k}" for k, v in counts.items()))

    privacy_cli = AppGroup("privacy", help="GDPR: access requests, erasure, retention.")

    def _person(db, issuer: str, client_id: str | None, subject: str):  # type: ignore[no-untyped-def]
        platform = find_platform(db, issuer, client_id)
        person = person_by_subject(db, platform.id, subject)
        if person is None:
            raise click.ClickException(f"nobody with subject {subject} on {issuer}")
        return person

    @privacy_cli.command("export")
    @click.option("--issuer", required=True)
    @click.option("--client-id", default=None)
    @click.option("--subject", required=True)
    def privacy_export(issuer: str, client_id: str | None, subject: str) -> None:
        """Everything the tool holds about a person, as JSON (access request)."""
        from .privacy import access_export

        with _svc(app).db.session() as db:
            click.echo(json.dumps(access_export(db, _person(db, issuer, client_id, subject)), indent=2,
                                  ensure_ascii=False, default=str))

    @privacy_cli.command("erase")
    @click.option("--issuer", required=True)
    @click.option("--client-id", default=None)
    @click.option("--subject", required=True)
    @click.confirmation_option(prompt="Pseudonymise this person?")
    def privacy_erase(issuer: str, client_id: str | None, subject: str) -> None:
        """Pseudonymise a person; reports and certificate checks stay consistent."""
        from .privacy import erase

        with _svc(app).db.transaction() as db:
            result = erase(db, _person(db, issuer, client_id, subject), "command line", utcnow())
        click.echo(f"erased {result['subject']}: cleared {', '.join(result['fields_cleared']) or 'nothing'}")

    @privacy_cli.command("purge")
    def privacy_purge() -> None:
        """Apply the retention periods (AIDIP_RETENTION_*)."""
        from .certification import certificate_verbs
        from .privacy import purge

        svc = _svc(app)
        with svc.db.transaction() as db:
            counts = purge(db, answers_days=svc.settings.retention_answers_days,
                           journal_days=svc.settings.retention_journal_days,
                           leavers_days=svc.settings.retention_leavers_days, now=utcnow(),
                           keep_verbs=certificate_verbs(svc.iris))
        click.echo(f"purged answers of {counts['answers']} questions, {counts['statements']} statements; "
                   f"pseudonymised {counts['leavers']} leavers")

    for group in (privacy_cli, cert_cli, roles_cli, db_cli, platform_cli, keys_cli, xapi_cli, grades_cli,
                  roster_cli, bank_cli):
        app.cli.add_command(group)


def _print_summary(summary: dict) -> None:  # type: ignore[type-arg]
    if not summary:
        click.echo("empty")
    for status, info in sorted(summary.items()):
        click.echo(f"{status:>8}: {info['count']} (oldest {info['oldest']:%Y-%m-%d %H:%M})")
