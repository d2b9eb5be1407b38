"""The SQL budget of one learner launch (issue 17): OIDC login, the id_token launch, the start page and its
Start button (a new person, a new attempt), counted on PostgreSQL with the launch state in PostgreSQL and in
Redis, over real HTTP against the demo LMS. The launch and the Start POST together may run at most
``BUDGET`` statements besides the login state and session (``kv_entries``, when they are kept in PostgreSQL),
each request in one transaction; the login writes only its state. Run with ``-s`` to see the
statements.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from sqlalchemy import event

from demo_lms.testing import RunningPlatform

from ..conftest import RunningTool, provision_database, running_tool
from ..lti_client import Browser, create_link, csrf_token, new_learner, register, start_launch

#: launch POST + Start POST together: platform and deployment, nonce, person, course and link, membership;
#: principal, the session's rows, exam version, the person's attempts, the level's items, the version's
#: exposure (two while it is young), the attempt and its two statements
BUDGET = 15  # issue 17's target
STATE_STATEMENTS = 3  # in PostgreSQL: the login state taken, the session written, the session read by Start
TRANSACTIONS = 1  # per request (the state store's statements run without one: each is atomic on its own)
ROLLBACKS = 0  # a rollback makes psycopg deallocate its prepared statements
REDIS = os.environ.get("AIDIP_TEST_REDIS", "redis://127.0.0.1:6379/11")


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0
    rollbacks: int = 0

    def show(self, name: str) -> str:
        lines = [f"{name}: {len(self.statements)} statements, {self.transactions} transactions, "
                 f"{self.rollbacks} rollbacks"]
        return "\n".join(lines + ["    " + " ".join(s.split())[:160] for s in self.statements])


class Counter:
    """Counts the SQL, the transactions and the rollbacks on the tool's engine, per step."""

    def __init__(self, tool: RunningTool) -> None:
        self.engine = tool.svc.db.engine
        self.now = Counted()
        self.hooks = {"before_cursor_execute": self._statement, "begin": self._begin, "rollback": self._rollback}

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.now.statements.append(statement)

    def _begin(self, conn: Any) -> None:
        if getattr(conn.connection.dbapi_connection, "autocommit", False):
            return  # PostgreSQL autocommit: no BEGIN on the wire
        self.now.transactions += 1

    def _rollback(self, conn: Any) -> None:
        if getattr(conn.connection.dbapi_connection, "autocommit", False):
            return  # an autocommit session's close: no transaction, nothing on the wire, nothing deallocated
        self.now.rollbacks += 1

    def __enter__(self) -> Counter:
        for name, hook in self.hooks.items():
            event.listen(self.engine, name, hook)
        return self

    def __exit__(self, *_exc: object) -> None:
        for name, hook in self.hooks.items():
            event.remove(self.engine, name, hook)

    def step(self) -> Counted:
        done, self.now = self.now, Counted()
        return done


@pytest.fixture(params=["postgresql", "postgresql+redis"])
def pg_tool(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RunningTool]:
    extra = {"redis_url": REDIS, "rate_limit_prefix": f"stmts-{os.getpid()}-{tmp_path.name}"} \
        if request.param.endswith("redis") else {}
    with provision_database("postgresql", tmp_path) as url, running_tool(url, None, tmp_path / "i", **extra) as tool:
        yield tool


def learner_launch(tool: RunningTool, platform: RunningPlatform, browser: Browser, link_id: str,
                   user: str) -> dict[str, Counted]:
    """login, launch, start page, Start: what each step ran."""
    with Counter(tool) as counter:
        form = start_launch(browser, platform, link_id, user)  # the platform's redirect, the tool's login
        steps = {"login": counter.step()}
        posted = browser.submit_form(form)
        assert posted.status_code == 303, posted.text
        steps["launch"] = counter.step()
        page = browser.get(urljoin(str(posted.url), posted.headers["location"]))
        assert page.status_code == 200 and page.url.path.endswith("/start"), page.text
        steps["start page"] = counter.step()
        started = browser.post(str(page.url), data={"csrf_token": csrf_token(page.text)})
        assert started.status_code == 303 and "/q/1" in started.headers["location"], started.text
        steps["start"] = counter.step()
    return steps


def test_a_learner_launch_stays_within_its_sql_budget(pg_tool: RunningTool, platform: RunningPlatform,
                                                      browser: Browser) -> None:
    reg = register(browser, platform, pg_tool)
    link = create_link(platform, reg.client_id)
    learner_launch(pg_tool, platform, browser, link["id"], new_learner(platform))  # warm: keys, catalogue
    browser.cookies.clear()
    steps = learner_launch(pg_tool, platform, browser, link["id"], new_learner(platform))
    print("\n" + "\n".join(counted.show(name) for name, counted in steps.items()))
    ran = steps["launch"].statements + steps["start"].statements
    state = [s for s in ran if "kv_entries" in s]
    app = len(ran) - len(state)
    assert app <= BUDGET, f"launch + Start ran {app} SQL statements (budget {BUDGET})"
    assert len(state) <= (STATE_STATEMENTS if not pg_tool.svc.settings.redis_url else 0), state
    for name in ("launch", "start"):
        assert steps[name].transactions <= TRANSACTIONS, steps[name].show(name)
    assert sum(c.rollbacks for c in steps.values()) <= ROLLBACKS
    login = steps["login"].statements
    assert len(login) <= 2 and all(s.lstrip().upper().startswith(("SELECT", "INSERT")) for s in login)
