"""Faults during a deadline-day load: a dozen employees take the exam at once (threads of scripted
browsers that retry a failed request, as a person would) while the LRS stops, the platform's score
service fails, PostgreSQL restarts, or web workers and sender processes are killed. Afterwards
every attempt is whole and every statement and every score has been delivered exactly once —
counted at the LRS (by statement id), on the wire, and at the platform (per user and line item).

All on PostgreSQL, the production database (SKIP LOCKED senders); see test_outages.py for the
single-user outage cases on both databases.
"""

from __future__ import annotations

import datetime as dt
import time

import httpx
from sqlalchemy import select, text

from lti_tool.db.models import Platform, ScoreOutbox, Statement, utcnow
from lti_tool.outbox import send_scores, send_statements
from tests.conftest import free_port, make_tool, provision_database, running_tool
from tests.e2e.exam_load import (
    LoadStats,
    SenderLoop,
    add_employees,
    assert_attempts_whole,
    assert_scores_once_at_platform,
    assert_statements_once_at_lrs,
    run_load,
    tool_view,
)
from tests.e2e.fault_rigs import Gunicorn, RecordingLrsProxy, SenderProcess, private_postgres, tool_environment
from tests.lti_client import Browser, create_link, csrf_token, launch, register, state

EMPLOYEES = 12


def install(tool, platform) -> dict:
    with Browser() as browser:
        registration = register(browser, platform, tool)
    return create_link(platform, registration.client_id)


def platform_id(svc, issuer: str) -> int:
    with svc.db.session() as db:
        return db.scalars(select(Platform.id).where(Platform.issuer == issuer)).one()


def drain(svc) -> None:
    """After the fault: deliver what is left, as the senders will once the backoff has passed."""
    later = utcnow() + dt.timedelta(hours=3)  # past every backoff and lease
    for _ in range(10):
        statements = send_statements(svc.db, svc.settings, now=later)
        scores = send_scores(svc.db, svc.settings, now=later)
        assert statements.failed == scores.failed == 0, (statements.errors, scores.errors)
        if statements.sent == scores.sent == 0:
            return
    raise AssertionError("the outboxes did not drain")


def assert_delivered_once(svc, lrs, platform, stats: LoadStats, keys: list[str], resends_allowed: bool = False
                          ) -> None:
    tenant = platform_id(svc, platform.url)
    with svc.db.session() as db:
        assert_attempts_whole(db, tenant, stats, keys)
        assert_statements_once_at_lrs(db, lrs, platform.url, tenant)
        assert_scores_once_at_platform(db, platform, tenant, resends_allowed)


def wait_connected(svc, names: set[str], timeout: float = 90) -> None:
    """Until processes with these PostgreSQL application names are connected to the database."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with svc.db.session() as db:
            if names <= set(db.scalars(text("SELECT application_name FROM pg_stat_activity "
                                            "WHERE datname = current_database()"))):
                return
        time.sleep(0.1)
    raise AssertionError(f"{names} did not connect")


def senders(svc, seen: list) -> SenderLoop:
    def step() -> None:
        seen.append(("statements", send_statements(svc.db, svc.settings)))
        seen.append(("scores", send_scores(svc.db, svc.settings)))
    return SenderLoop(step)


def test_lrs_stopped_and_started_during_the_load(lrs, platform, tmp_path):
    with provision_database("postgresql", tmp_path) as url, running_tool(url, lrs, tmp_path / "tool") as tool:
        link = install(tool, platform)
        keys = add_employees(platform, EMPLOYEES)
        seen: list = []
        fault: dict = {}

        def outage(stats: LoadStats) -> None:
            assert stats.wait_for("answers_saved", EMPLOYEES * 3)
            lrs.stop()
            try:
                fault["exams_done_at_stop"] = stats.exams_done
                deadline = time.monotonic() + 60  # down until the senders have hit it and half the exams are in
                while time.monotonic() < deadline and not (
                        stats.exams_done >= EMPLOYEES // 2 and
                        any(kind == "statements" and r.failed for kind, r in seen)):
                    time.sleep(0.05)
            finally:
                lrs.start()

        with senders(tool.svc, seen):
            stats = run_load(platform, link["id"], tool, keys, outage)
        assert not stats.retries  # the LRS is not on the employees' path
        failed = [r for kind, r in seen if kind == "statements" and r.failed]
        assert failed and "unreachable" in failed[0].errors[0]  # the senders did meet the outage
        assert fault["exams_done_at_stop"] < EMPLOYEES  # … while employees were still at it
        drain(tool.svc)
        assert_delivered_once(tool.svc, lrs, platform, stats, keys)


def test_score_service_failing_and_recovering_during_the_load(lrs, platform, tmp_path):
    with provision_database("postgresql", tmp_path) as url, running_tool(url, lrs, tmp_path / "tool") as tool:
        link = install(tool, platform)
        keys = add_employees(platform, EMPLOYEES)
        seen: list = []

        def failing_gradebook(stats: LoadStats) -> None:
            assert stats.wait_for("submits_started", 1)
            httpx.post(platform.url + "/_control/faults", json={"scores_status": 503})
            try:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and not (
                        stats.exams_done >= EMPLOYEES // 2 and
                        any(kind == "scores" and r.failed for kind, r in seen)):
                    time.sleep(0.05)
            finally:
                httpx.post(platform.url + "/_control/faults", json={"scores_status": None})

        with senders(tool.svc, seen):
            stats = run_load(platform, link["id"], tool, keys, failing_gradebook)
        assert not stats.retries  # nor is the gradebook
        assert any(s["outcome"] == "fault 503" for s in state(platform)["scores"])  # the fault was met
        with tool.svc.db.session() as db:  # backed off, not given up
            assert {r.status for r in db.scalars(select(ScoreOutbox))} <= {"pending", "sent"}
        drain(tool.svc)
        assert_delivered_once(tool.svc, lrs, platform, stats, keys)


def test_postgresql_restarted_during_the_load(lrs, platform, tmp_path):
    """A private cluster (the machine's shared server is left alone), ``pg_ctl restart -m fast``
    while employees save answers and submit: requests in flight fail and are retried."""
    with private_postgres() as cluster, running_tool(cluster.url, lrs, tmp_path / "tool") as tool:
        link = install(tool, platform)
        keys = add_employees(platform, EMPLOYEES)
        seen: list = []
        restarts: list[int] = []

        def restart(stats: LoadStats) -> None:
            assert stats.wait_for("answers_saved", EMPLOYEES * 4)
            restarts.append(stats.answers_saved)
            cluster.restart()
            assert stats.wait_for("submits_started", 1)
            restarts.append(stats.answers_saved)
            cluster.restart()  # again while the first submissions are being written

        with senders(tool.svc, seen) as loop:
            stats = run_load(platform, link["id"], tool, keys, restart)
        assert restarts[0] < EMPLOYEES * 20  # the first restart came while answers were being saved
        assert stats.retries or loop.failures  # … and was met
        drain(tool.svc)
        assert_delivered_once(tool.svc, lrs, platform, stats, keys)
        # what the employees met: "the database cannot be reached, try again" (503), never a 500
        assert {failure.split()[-1] for failure in stats.retries} <= {"503"}, stats.retries


def test_pages_say_503_retry_while_the_database_is_down_and_work_after(lrs, platform, tmp_path):
    with private_postgres() as cluster, running_tool(cluster.url, lrs, tmp_path / "tool") as tool, \
            Browser() as browser:
        link = install(tool, platform)
        page = launch(browser, platform, link["id"], "sanne")
        cluster.stop()
        try:
            down = browser.get(str(page.url))  # the session itself cannot be read
            assert down.status_code == 503 and down.headers["Retry-After"] == "5"
            assert "cannot be reached" in down.text or "niet bereikbaar" in down.text
            saving = browser.post(str(page.url), data={"csrf_token": csrf_token(page.text), "answer": []},
                                  headers={"Accept": "application/json"})
            assert saving.status_code == 503 and saving.json()["status"] == 503
        finally:
            cluster.start()
        again = browser.get(str(page.url))  # the same session: nothing was lost or overwritten
        assert again.status_code == 200 and "/q/1" in str(again.url)


def test_web_workers_and_the_sender_killed_during_submissions(lrs, platform, tmp_path):
    """The tool under gunicorn (3 workers); every worker SIGKILLed while submissions are in
    flight, twice, and the ``flask worker`` sender SIGKILLed mid-load and started again."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with provision_database("postgresql", tmp_path) as url:
        app, _ = make_tool(url, lrs, tmp_path / "tool", base_url=base)
        svc = app.extensions["aidiploma"]
        env = tool_environment(url, tmp_path / "tool", base, lrs.url, lrs)
        web = Gunicorn(env, port, workers=3, log=tmp_path / "gunicorn.log")
        sender = SenderProcess(env, tmp_path / "worker.log")
        try:
            link = install(app, platform)
            keys = add_employees(platform, EMPLOYEES)
            killed: list[list[int]] = []

            def kill(stats: LoadStats) -> None:
                nonlocal sender
                assert stats.wait_for("answers_saved", EMPLOYEES * 8)
                sender.kill()  # mid-load, perhaps mid-batch: its leases run out and others resend
                sender = SenderProcess(env, tmp_path / "worker.log")
                for wave in (1, EMPLOYEES // 2):
                    assert stats.wait_for("submits_started", wave)
                    killed.append(web.kill_workers())
                    web.wait_ready(3)

            stats = run_load(platform, link["id"], tool_view(url), keys, kill)
        finally:
            web.stop()
            sender.stop()
        assert len(killed) == 2 and all(len(pids) == 3 for pids in killed)
        # the killed workers' requests failed on the wire and were retried; nothing answered 5xx
        assert not [failure for failure in stats.retries if failure.split()[-1].isdigit()], stats.retries
        drain(svc)
        # the killed sender may have posted a batch without recording it: the LRS stores a
        # statement once per id and the platform ignores a score that is not newer
        assert_delivered_once(svc, lrs, platform, stats, keys, resends_allowed=True)
        svc.db.dispose()


def test_two_sender_processes_never_send_a_statement_or_score_twice(lrs, platform, tmp_path):
    """Two ``flask worker`` processes on one PostgreSQL database during a load: counted on the
    wire (an LRS proxy) and at the platform, each statement and score goes out exactly once."""
    proxy = RecordingLrsProxy(lrs.url)
    with provision_database("postgresql", tmp_path) as url, running_tool(url, lrs, tmp_path / "tool") as tool:
        env = tool_environment(url, tmp_path / "tool", tool.url, proxy.url, lrs)
        link = install(tool, platform)
        keys = add_employees(platform, 8)
        workers = [SenderProcess({**env, "AIDIP_DATABASE_URL": f"{url}?application_name=sender-{n}"},
                                 tmp_path / f"worker-{n}.log", interval=0.05) for n in (1, 2)]
        try:
            wait_connected(tool.svc, {"sender-1", "sender-2"})  # both polling before the load begins
            stats = run_load(platform, link["id"], tool, keys, lambda stats: None)
            assert not stats.retries
            deadline = time.monotonic() + 60  # the two workers deliver everything between them
            while time.monotonic() < deadline:
                with tool.svc.db.session() as db:
                    pending = db.scalars(select(Statement.id).where(Statement.status != "sent")).first() or \
                        db.scalars(select(ScoreOutbox.id).where(ScoreOutbox.status != "sent")).first()
                if pending is None:
                    break
                time.sleep(0.2)
        finally:
            for worker in workers:
                worker.stop()
            proxy.close()
        assert all(w.process.returncode is not None for w in workers)
        logs = [(tmp_path / f"worker-{n}.log").read_text() for n in (1, 2)]
        assert all("statements sent" in log for log in logs), logs  # both took part
        assert_delivered_once(tool.svc, lrs, platform, stats, keys)
        with tool.svc.db.session() as db:
            journal = set(db.scalars(select(Statement.id)))
        assert set(proxy.accepted) == journal
        assert max(proxy.accepted.values()) == 1, [i for i, n in proxy.accepted.items() if n > 1]
