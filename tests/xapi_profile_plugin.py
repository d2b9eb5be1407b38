"""pytest plugin: every xAPI statement the tool writes during the test session must follow its profile.

Enabled from tests/conftest.py with ``pytest_plugins = ["tests.xapi_profile_plugin"]``.

It captures each statement body when the tool journals it (an SQLAlchemy ``before_insert`` listener on
the ``Statement`` model: the journal is the outbox, so this is every statement the tool emits, on
SQLite and PostgreSQL, from the tool's server thread, the CLI or a worker in this process) and each
body the tool posts to an LRS (``LrsClient.post_json_texts``). At the end of the session every
captured statement is checked against the profile of the deployment that made it — the profile is
found from the statement's category (``<base>/xapi/profile``) and built with ``build_profile`` — and
the session fails if any statement names no profile, matches no statement template, breaks a rule
of a template it matches, or carries an undeclared or misplaced extension.

Only single statements are checked here: several tests move certificates or attempts in time inside
the database, which makes sequences that the tool would never produce, so the patterns are checked
by tests/e2e/test_xapi_profile.py on flows it controls. Statements that tests write straight to the
LRS (another source's statements) do not pass through either hook and are not checked.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

CATEGORY_SUFFIX = "/xapi/profile/v2"  # the current version; see xapi/profile.py
_captured: dict[str, tuple[str, dict[str, Any]]] = {}  # statement id → (where, body)
_lock = threading.Lock()


def capture(where: str, body: Mapping[str, Any]) -> None:
    copy = json.loads(json.dumps(body, default=str))
    with _lock:
        _captured.setdefault(str(copy.get("id")), (where, copy))


def captured() -> list[tuple[str, dict[str, Any]]]:
    with _lock:
        return list(_captured.values())


def _on_insert(_mapper: Any, _connection: Any, target: Any) -> None:
    capture("journal", target.body)


def pytest_configure(config: pytest.Config) -> None:
    from sqlalchemy import event

    from lti_tool.db.models import Statement
    from xapi.lrs_client import LrsClient

    event.listen(Statement, "before_insert", _on_insert)
    original = LrsClient.post_json_texts

    def post_json_texts(self: LrsClient, statements: Sequence[str]) -> list[str]:
        for text in statements:
            capture("LRS post", json.loads(text))
        return original(self, statements)

    LrsClient.post_json_texts = post_json_texts  # type: ignore[method-assign]
    config.stash[_ORIGINAL] = original


_ORIGINAL = pytest.StashKey[Any]()


def pytest_unconfigure(config: pytest.Config) -> None:
    from sqlalchemy import event

    from lti_tool.db.models import Statement
    from xapi.lrs_client import LrsClient

    if event.contains(Statement, "before_insert", _on_insert):
        event.remove(Statement, "before_insert", _on_insert)
    if _ORIGINAL in config.stash:
        LrsClient.post_json_texts = config.stash[_ORIGINAL]  # type: ignore[method-assign]


def check(statements: Sequence[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """What is wrong with these statements, one line (or block) per statement."""
    from tests.xapi_profile_check import ProfileChecker
    from xapi.profile import build_profile
    from xapi.vocabulary import ToolIris

    checkers: dict[str, ProfileChecker] = {}
    problems = []
    for where, statement in statements:
        categories = [a.get("id", "") for a in
                      ((statement.get("context") or {}).get("contextActivities") or {}).get("category") or []]
        bases = [c[: -len(CATEGORY_SUFFIX)] for c in categories if c.endswith(CATEGORY_SUFFIX)]
        label = f"{(statement.get('verb') or {}).get('id')} {statement.get('id')} ({where})"
        if not bases:
            problems.append(f"{label}: names no version of the tool's profile in its category")
            continue
        checker = checkers.get(bases[0])
        if checker is None:
            checker = checkers[bases[0]] = ProfileChecker(build_profile(ToolIris(bases[0])))
        verdict = checker.validate(statement)
        if not verdict.ok:
            problems.append(f"{label}: {verdict.explain()}")
    return problems


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    statements = captured()
    failures = check(statements) if statements else []
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller judges the whole run
        workeroutput["xapi_profile"] = {"count": len(statements), "failures": failures}
        return
    _tally(session.config, len(statements), failures)
    if session.config.stash.get(_FAILURES, []):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_COUNT = pytest.StashKey[int]()
_FAILURES = pytest.StashKey[list[str]]()


def _tally(config: pytest.Config, count: int, failures: Sequence[str]) -> None:
    config.stash[_COUNT] = config.stash.get(_COUNT, 0) + count
    config.stash[_FAILURES] = [*config.stash.get(_FAILURES, []), *failures]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist: a worker finished; add what it checked to the run's tally."""
    result = getattr(node, "workeroutput", {}).get("xapi_profile")
    if result:
        _tally(node.config, result["count"], result["failures"])


def pytest_terminal_summary(terminalreporter: Any) -> None:
    config = terminalreporter.config
    count, failures = config.stash.get(_COUNT, 0), config.stash.get(_FAILURES, [])
    if not count:
        return
    if failures:
        terminalreporter.section("xAPI profile", red=True)
        terminalreporter.write_line(f"{len(failures)} of {count} statements the tool wrote do not follow "
                                    "its xAPI profile (xapi/profile.py):")
        for line in failures[:30]:
            terminalreporter.write_line(line)
        if len(failures) > 30:
            terminalreporter.write_line(f"... and {len(failures) - 30} more")
    else:
        terminalreporter.write_line(f"xAPI profile: all {count} statements the tool wrote follow its profile")
