"""The command line: registration by hand, keys, outbox status, init."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import select

from lti_tool.db.models import Platform, ToolKey, utcnow
from lti_tool.lti.keys import published_jwks


@pytest.fixture
def runner(tool):
    return tool.app.test_cli_runner()


def test_platform_add_list_remove(runner, tool):
    args = ["platform", "add", "--issuer", "https://moodle.example", "--client-id", "abc",
            "--auth-login-url", "https://moodle.example/mod/lti/auth.php",
            "--token-url", "https://moodle.example/mod/lti/token.php",
            "--jwks-url", "https://moodle.example/mod/lti/certs.php", "--deployment-id", "1"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=[*args[:-1], "2"])  # a second deployment for the same registration
    assert again.exit_code == 0 and "deployments 1, 2" in again.output
    listed = runner.invoke(args=["platform", "list"])
    assert "https://moodle.example  client=abc  deployments=1,2" in listed.output
    removed = runner.invoke(args=["platform", "remove", "--issuer", "https://moodle.example", "--client-id", "abc",
                                  "--yes"])
    assert removed.exit_code == 0
    with tool.svc.db.session() as db:
        assert db.scalars(select(Platform)).first() is None
    missing = runner.invoke(args=["platform", "remove", "--issuer", "https://x", "--client-id", "y", "--yes"])
    assert missing.exit_code != 0 and "no platform" in missing.output


def test_platform_add_requires_the_urls(runner):
    result = runner.invoke(args=["platform", "add", "--issuer", "https://x"])
    assert result.exit_code == 2 and "Missing option" in result.output


def test_keys_rotate_keeps_the_old_key_published_for_the_grace_period(runner, tool):
    before = httpx.get(tool.url + "/lti/jwks.json").json()["keys"]
    assert len(before) == 1 and before[0]["alg"] == "RS256" and "d" not in before[0]
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0 and "retired " + before[0]["kid"] in result.output
    after = httpx.get(tool.url + "/lti/jwks.json").json()["keys"]
    assert {k["kid"] for k in after} == {before[0]["kid"], result.output.split()[3].rstrip(";")}
    with tool.svc.db.session() as db:
        past_grace = utcnow() + dt.timedelta(days=tool.svc.settings.key_grace_days + 1)
        assert [k["kid"] for k in published_jwks(db, tool.svc.settings.key_grace_days, past_grace)["keys"]] == [
            k.kid for k in db.scalars(select(ToolKey).where(ToolKey.retired_at.is_(None)))]
    listed = runner.invoke(args=["keys", "list"])
    assert "active" in listed.output and "retired" in listed.output


def test_init_is_idempotent_and_status_commands_answer(runner):
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0 and "0 new versions, 152 unchanged" in first.output
    for group in ("xapi", "grades"):
        result = runner.invoke(args=[group, "status"])
        assert result.exit_code == 0 and "empty" in result.output
    worker = runner.invoke(args=["worker", "--once"])
    assert worker.exit_code == 0


def test_a_command_refused_ends_in_one_error_line_not_a_traceback(runner, tmp_path):
    """An unregistered platform (a UserError) or a refused domain rule: exit code 1 and an ``Error:`` line that
    says what to do, from every command that looks a platform up."""
    export = tmp_path / "hr.csv"
    export.write_text("employee_number,email\n", encoding="utf-8")
    where = ["--issuer", "https://unregistered.example", "--client-id", "nobody"]
    for args in (["roles", "grant", *where, "--subject", "s", "--role", "panel"],
                 ["roles", "revoke", *where, "--subject", "s", "--role", "panel"],
                 ["roster", "sync", *where, "--context", "c"],
                 ["people-import", *where, str(export)],
                 ["privacy", "export", *where, "--subject", "s"],
                 ["privacy", "erase", *where, "--subject", "s", "--yes"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args, result.output)
        assert isinstance(result.exception, SystemExit), (args, result.exception)
        assert "Error:" in result.output and "https://unregistered.example" in result.output, args
        assert "flask platform add" in result.output and "Traceback" not in result.output
