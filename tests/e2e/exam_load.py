"""A small deadline-day load for fault tests: employees taking the exam at once, in threads,
each as a browser that retries a request that failed (a dropped connection or a 5xx answer);
and the checks that afterwards nothing was lost, half-written or delivered twice.

Not a test module: the fault tests in ``test_faults_under_load.py`` use it.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin

import httpx
from sqlalchemy import select

from demo_lms.seed import PERSONAS
from demo_lms.testing import RunningPlatform, parse_autosubmit_form
from lti_tool.db import Database
from lti_tool.db.models import Attempt, Certificate, Person, ScoreOutbox, Statement
from tests.e2e.test_exam_flow import correct_answers, lrs_statements
from tests.lti_client import COURSE, Browser, csrf_token, press_start, state

#: how long one request may keep failing before the employee gives up (generous: a slow machine)
RETRY_FOR = 90.0


def add_employees(platform: RunningPlatform, count: int, prefix: str = "emp") -> list[str]:
    """Personas ``emp01``… (subjects ``lt-0001``…) in the platform's course, as extra learners."""
    store = platform.app.extensions["demo_lms"].store
    template = next(p for p in PERSONAS if p["key"] == "sanne")
    keys = []
    with store.lock:
        members = store.courses[COURSE]["members"]
        for n in range(1, count + 1):
            key, subject = f"{prefix}{n:02d}", f"lt-{n:04d}"
            persona = copy.deepcopy(template)
            persona.update(key=key, user_id=subject, given_name="Medewerker", family_name=f"{n:02d}",
                           name=f"Medewerker {n:02d}", email=f"{key}@voorbeeldgroep.nl",
                           employee_number=f"LT-{n:05d}")
            store.personas[key] = persona
            store.users_by_id[subject] = persona
            members.append({"user_id": subject, "roles": list(persona["course_roles"]), "status": "Active",
                            "name": persona["name"], "given_name": persona["given_name"],
                            "family_name": persona["family_name"], "email": persona["email"]})
            keys.append(key)
    return keys


def tool_view(database_url: str) -> Any:
    """What ``correct_answers`` needs (``.svc.db``) for a tool running in another process."""
    return SimpleNamespace(svc=SimpleNamespace(db=Database(database_url)))


@dataclass
class LoadStats:
    """What the employees saw, shared by their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    answers_saved: int = 0
    submits_started: int = 0
    exams_done: int = 0
    retries: Counter[str] = field(default_factory=Counter)  # what failed, e.g. "POST /submit 500"
    saved_at: list[float] = field(default_factory=list)  # monotonic time of every saved answer
    done_at: list[float] = field(default_factory=list)  # monotonic time of every finished exam
    attempts: dict[str, str] = field(default_factory=dict)  # persona key → attempt id
    errors: list[str] = field(default_factory=list)  # employees who gave up, and why
    submit_started: threading.Condition = field(default_factory=threading.Condition)

    def bump(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)
            if name == "answers_saved":
                self.saved_at.append(time.monotonic())
            elif name == "exams_done":
                self.done_at.append(time.monotonic())
        if name == "submits_started":
            with self.submit_started:
                self.submit_started.notify_all()

    def wait_for(self, name: str, at_least: int, timeout: float = RETRY_FOR) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if getattr(self, name) >= at_least:
                return True
            time.sleep(0.02)
        return False


class Employee:
    """One browser taking the exam; every request is retried (as a person pressing reload would)
    while the connection drops or the tool answers 5xx."""

    def __init__(self, key: str, platform: RunningPlatform, link_id: str, tool: Any, stats: LoadStats,
                 tool_url: str | None = None) -> None:
        self.key, self.platform, self.link_id, self.tool, self.stats = key, platform, link_id, tool, stats
        self.tool_url = tool_url

    def _retry(self, label: str, call: Callable[[], httpx.Response], ok: Callable[[httpx.Response], bool]
               ) -> httpx.Response:
        deadline = time.monotonic() + RETRY_FOR
        while True:
            try:
                response = call()
                if ok(response):
                    return response
                if response.status_code < 500:
                    raise AssertionError(f"{self.key}: {label} answered {response.status_code}: "
                                         f"{response.text[:300]}")
                failure = f"{label} {response.status_code}"
            except httpx.TransportError as exc:
                failure = f"{label} {type(exc).__name__}"
            with self.stats.lock:
                self.stats.retries[failure] += 1
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.key}: {label} kept failing ({failure})")
            time.sleep(0.1)

    def _launch(self, browser: Browser) -> httpx.Response:
        """The whole launch again from the LMS when any step of it failed."""

        def attempt() -> httpx.Response:
            response = browser.get(f"{self.platform.url}/launch/{self.link_id}", params={"user": self.key})
            login = browser.get(response.headers["location"])
            if login.status_code != 302:
                return login
            auth = browser.get(login.headers["location"])
            action, fields = parse_autosubmit_form(auth.text)
            posted = browser.post(urljoin(str(auth.url), action), data=fields)
            if posted.status_code != 303:
                return posted
            return press_start(browser, browser.follow(posted))  # a retried launch resumes the attempt

        return self._retry("launch", attempt, lambda r: r.status_code == 200 and "/attempt/" in str(r.url))

    def take_exam(self) -> None:
        with Browser() as browser:
            page = self._launch(browser)
            attempt_id = page.url.path.split("/attempt/")[1].split("/")[0]
            with self.stats.lock:
                self.stats.attempts[self.key] = attempt_id
            answers = self._answers(attempt_id)
            token = csrf_token(page.text)
            base = str(page.url).rsplit("/q/", 1)[0]
            start = int(str(page.url).rsplit("/q/", 1)[1]) if "/q/" in str(page.url) else 1
            for position in range(start, len(answers) + 1):
                saved = self._retry(f"POST /q/{position}", lambda p=position: browser.post(
                    f"{base}/q/{p}", data={"csrf_token": token, "answer": answers[p], "go": "next"}),
                    lambda r: r.status_code == 303)
                self.stats.bump("answers_saved")
                target = urljoin(str(saved.url), saved.headers["location"])
                page = self._retry("GET next", lambda t=target: browser.get(t), lambda r: r.status_code == 200)
            self.stats.bump("submits_started")
            submitted = self._retry("POST /submit", lambda: browser.post(
                f"{base}/submit", data={"csrf_token": csrf_token(page.text)}), lambda r: r.status_code == 303)
            target = urljoin(str(submitted.url), submitted.headers["location"])
            result = self._retry("GET /result", lambda: browser.get(target), lambda r: r.status_code == 200)
            assert "/result" in str(result.url)
            self.stats.bump("exams_done")

    def _answers(self, attempt_id: str) -> dict[int, list[str]]:
        deadline = time.monotonic() + RETRY_FOR
        while True:
            try:
                return correct_answers(self.tool, attempt_id)
            except Exception:  # the database may be restarting just now
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def run(self) -> None:
        try:
            self.take_exam()
        except BaseException as exc:  # reported by run_load, in the test's thread
            with self.stats.lock:
                self.stats.errors.append(f"{self.key}: {exc!r}")


def run_load(platform: RunningPlatform, link_id: str, tool: Any, keys: list[str],
             during: Callable[[LoadStats], None]) -> LoadStats:
    """All employees take the exam at once while ``during(stats)`` (the fault) runs in this thread."""
    stats = LoadStats()
    threads = [threading.Thread(target=Employee(key, platform, link_id, tool, stats).run, name=f"employee-{key}")
               for key in keys]
    for thread in threads:
        thread.start()
    try:
        during(stats)
    finally:
        for thread in threads:
            thread.join(RETRY_FOR * 3)
    assert not [t.name for t in threads if t.is_alive()], "employees still busy"
    assert not stats.errors, stats.errors
    assert stats.exams_done == len(keys)
    # a fault may cost a retry (503, a dropped connection), but the tool never fails with a 500
    assert not [failure for failure in stats.retries if failure.endswith(" 500")], stats.retries
    return stats


class SenderLoop:
    """The outbox senders running next to the web workers (as ``flask worker`` would), in a thread."""

    def __init__(self, step: Callable[[], Any], interval: float = 0.2) -> None:
        self.step, self.interval = step, interval
        self.rounds, self.failures = 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sender-loop", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.step()
            except Exception:  # e.g. the database restarting: the next round tries again
                self.failures += 1
            self.rounds += 1

    def __enter__(self) -> SenderLoop:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(30)


# --- afterwards: nothing lost, nothing half-written, everything delivered once ----------------


def assert_attempts_whole(db_session: Any, platform_id: int, stats: LoadStats, keys: list[str]) -> list[Attempt]:
    """One attempt per employee (a retried launch resumes it), each submitted with a grade, all its
    answers, its score in the outbox once, and its statements in the journal."""
    attempts = list(db_session.scalars(select(Attempt).where(Attempt.platform_id == platform_id)))
    assert len(attempts) == len(keys), [a.id for a in attempts]
    assert {a.id for a in attempts} == set(stats.attempts.values())
    for attempt in attempts:
        assert attempt.status == "submitted", (attempt.id, attempt.status)
        assert attempt.submitted_at is not None and attempt.score_max == 20
        assert {r.position for r in attempt.responses} == {e["position"] for e in attempt.layout}
        assert all(r.response for r in attempt.responses)
        assert attempt.score_raw == 20 and attempt.passed  # every employee answered correctly
        scores = list(db_session.scalars(select(ScoreOutbox).where(ScoreOutbox.attempt_id == attempt.id)))
        assert len(scores) == 1 and scores[0].payload["scoreGiven"] == 20
        verbs = Counter(s.verb.rsplit("/", 1)[-1] for s in db_session.scalars(
            select(Statement).where(Statement.person_id == attempt.person_id)))
        assert (verbs["passed"], verbs["terminated"], verbs["earned"]) == (1, 1, 1), verbs
        assert verbs["answered"] >= 20 and verbs["launched"] >= 1, verbs
        certificates = list(db_session.scalars(select(Certificate).where(Certificate.person_id == attempt.person_id)))
        assert len(certificates) == 1 and certificates[0].registration == attempt.id
    return attempts


def assert_statements_once_at_lrs(db_session: Any, lrs: Any, issuer: str, platform_id: int) -> int:
    """Every journalled statement is marked sent and stored at the LRS exactly once (by id),
    and the LRS holds nothing else for these people."""
    rows = list(db_session.execute(select(Statement.id, Statement.status, Person.subject)
                                   .join(Person, Person.id == Statement.person_id)
                                   .where(Statement.platform_id == platform_id)))
    assert rows and {r.status for r in rows} == {"sent"}, Counter(r.status for r in rows)
    journal: dict[str, set[str]] = {}
    for row in rows:
        journal.setdefault(row.subject, set()).add(row.id)
    for subject, ids in journal.items():
        at_lrs = Counter(s["id"] for s in lrs_statements(lrs, issuer, subject))
        assert set(at_lrs) == ids, (subject, set(at_lrs) ^ ids)
        assert max(at_lrs.values()) == 1, [i for i, n in at_lrs.items() if n > 1]
    return len(rows)


def assert_scores_once_at_platform(db_session: Any, platform: RunningPlatform, platform_id: int,
                                   resends_allowed: bool = False) -> None:
    """Every score is marked sent and applied at the platform exactly once per user and line item.
    Receipts that failed by an injected fault do not count. ``resends_allowed``: a sender killed
    after posting but before recording it resends after its lease; the platform then ignores the
    identical, not newer score, and that is the only kind of second receipt allowed."""
    rows = list(db_session.scalars(select(ScoreOutbox).where(ScoreOutbox.platform_id == platform_id)))
    assert rows and {r.status for r in rows} == {"sent"}, Counter(r.status for r in rows)
    received = [s for s in state(platform)["scores"] if not s["outcome"].startswith("fault")]
    by_user: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in received:
        by_user.setdefault((entry["lineitem_id"], entry["payload"]["userId"]), []).append(entry)
    assert sorted(user for _item, user in by_user) == sorted(r.user_id for r in rows)
    for (_item, user), entries in by_user.items():
        applied = [e for e in entries if e["outcome"] == "applied"]
        assert len(applied) == 1, (user, [e["outcome"] for e in entries])
        if resends_allowed:
            assert all(e["outcome"].startswith("ignored") and e["payload"] == applied[0]["payload"]
                       for e in entries if e is not applied[0]), (user, entries)
        else:
            assert len(entries) == 1, (user, [e["outcome"] for e in entries])
    results = state(platform)["results"]
    assert sum(len(users) for users in results.values()) == len(rows)
    assert {r["scoreGiven"] for users in results.values() for r in users.values()} == {20}
