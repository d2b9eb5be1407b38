"""Run Ralph 5.1.0's LRS (``ralph.api:app``) in-process with the ``fs`` backend.

Ralph reads its settings from the environment *when ``ralph.conf`` is imported*,
so :func:`serve` sets every ``RALPH_*`` variable first, then applies the
monkeypatches, and only then imports ``ralph.api``. Nothing in this module
imports ``ralph`` at module level.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

AUTH_FILE_NAME = "auth.json"
HISTORY_FILE_NAME = "history.json"
STATEMENTS_FILE_NAME = "fs_lrs.jsonl"
PASSWORD_ENV = "DEMO_LRS_PASSWORD"  # noqa: S105 - the variable's name, not a password
AGENT_HOME_PAGE = "http://demo-lrs.localhost"

# Scopes granted to the demo user. Scope checks are only enforced when
# RALPH_LRS_RESTRICT_BY_SCOPES=true (off by default), but we grant what a
# reading/writing client needs so the file stays valid if that is switched on.
USER_SCOPES = ("statements/write", "statements/read")


def configure_environment(data_dir: Path) -> None:
    """Set the ``RALPH_*`` variables; must run before ``ralph`` is imported."""
    if "ralph.conf" in sys.modules:
        raise RuntimeError("ralph was imported before its environment was set")
    data_dir = data_dir.resolve()
    os.environ.update(
        {
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_RUNSERVER_AUTH_BACKENDS": "basic",
            "RALPH_AUTH_FILE": str(data_dir / AUTH_FILE_NAME),
            # The fs backend logs every file read/write to this JSON file.
            "RALPH_HISTORY_FILE": str(data_dir / HISTORY_FILE_NAME),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data_dir),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_LRS_FILE": STATEMENTS_FILE_NAME,
        }
    )


def write_auth_file(path: Path, username: str, password: str) -> None:
    """Write Ralph's Basic-auth file: a JSON list of users with bcrypt hashes.

    Format (``ralph.api.auth.basic.ServerUsersCredentials``): each entry has
    ``username``, ``hash`` (bcrypt), ``scopes`` and ``agent`` (the xAPI agent
    used as the ``authority`` of statements this user stores); ``target`` is
    optional.
    """
    import bcrypt

    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode()
    users = [
        {
            "username": username,
            "hash": hashed,
            "scopes": list(USER_SCOPES),
            "agent": {
                "objectType": "Agent",
                "account": {"homePage": AGENT_HOME_PAGE, "name": username},
            },
        }
    ]
    path.write_text(json.dumps(users, indent=2), encoding="utf-8")


def _str_filter(original: Callable[..., None]) -> Callable[..., None]:
    """Wrap an fs filter builder so its IRI argument is compared as ``str``."""

    def patched(filters: list[Any], iri: Any, *args: Any) -> None:
        original(filters, None if iri is None else str(iri), *args)

    patched.__doc__ = original.__doc__
    patched.__demo_lrs_patched__ = True  # type: ignore[attr-defined]
    return patched


def apply_patches() -> None:
    """Work around two Ralph 5.1.0 fs-backend bugs (idempotent)."""
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    # Ralph bug 1: FSDataBackend.default_operation_type is CREATE, which refuses
    # to write to an existing file, so every POST/PUT after the first one fails
    # with 500 "Statements bulk indexation failed". Append to the JSONL instead.
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND

    # Ralph bug 2: GET /xAPI/statements coerces `verb`/`activity` to an `IRI`
    # RootModel and the fs filters compare that model with the stored *string*
    # (`"http://..." == IRI("http://...")` is False), so the filters never
    # match. Coerce the value back to `str` before the filter is built.
    for name in ("_add_filter_by_verb", "_add_filter_by_activity"):
        original = getattr(FSLRSBackend, name)
        if not getattr(original, "__demo_lrs_patched__", False):
            setattr(FSLRSBackend, name, staticmethod(_str_filter(original)))


def serve(host: str, port: int, data_dir: Path, username: str, password: str) -> None:
    """Configure Ralph for ``data_dir`` and serve it with uvicorn (blocking)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    configure_environment(data_dir)
    write_auth_file(data_dir / AUTH_FILE_NAME, username, password)
    apply_patches()

    import uvicorn
    from ralph.api import app

    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the ``python -m demo_lrs`` command line."""
    parser = argparse.ArgumentParser(
        prog="python -m demo_lrs",
        description="Run a local Ralph LRS (fs backend) for the demo and tests.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--username", default="demo")
    parser.add_argument(
        "--password",
        default=os.environ.get(PASSWORD_ENV),
        help=f"Basic-auth password (default: ${PASSWORD_ENV})",
    )
    args = parser.parse_args(argv)
    if not args.password:
        parser.error(f"--password or ${PASSWORD_ENV} is required")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``python -m demo_lrs``."""
    args = parse_args(argv)
    serve(args.host, args.port, args.data_dir, args.username, args.password)
