"""Grade sync control: what the tool holds and sent per learner, what the gradebook holds now,
and the three actions L&D take on a placed exam's gradebook column.

* resend one or all grades: a new score row in the same outbox (``score_outbox``), stamped with the
  time it was asked for, so it replaces what a teacher typed by hand; each form carries a request
  key, so the same form posted twice queues (and sends) each score once;
* recreate a column deleted in the LMS: a new line item, stored on the link, and every grade queued
  again for it;
* stop syncing after a date: scores of attempts submitted after that day (UTC) are held by the
  sender, not sent; lifting the stop (or moving the date) releases them.

Plain Python over a SQLAlchemy session and the AGS client; the views live in ``staff/grade_sync.py``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from assessments.feedback_policy import hides_score

from .catalogue import Catalogue
from .db import grades
from .db.models import Attempt, Person, Platform, ResourceLink, ScoreOutbox, utcnow
from .delivery.shown import gradebook_score_of
from .lti import ags
from .lti.keys import SigningKey
from .lti.services import PlatformServices, ServiceError
from .settings import Settings

#: rows that may still be sent; a resend or a new column supersedes them
UNSENT = ("pending", "failed", "held")
LEARNER_ROLES = ("Learner", "Student")


def stopped_for(stop_after: dt.date | None, submitted_at: dt.datetime | None) -> bool:
    """Whether an attempt submitted at ``submitted_at`` falls after the stop date (end of that day, UTC)."""
    if stop_after is None or submitted_at is None:
        return False
    return submitted_at.astimezone(dt.UTC).date() > stop_after


def held_by_stop(session: Session, row: ScoreOutbox) -> dt.date | None:
    """The stop date that holds this score back, or None when it may be sent."""
    attempt = session.get(Attempt, row.attempt_id) if row.attempt_id else None
    link = session.get(ResourceLink, attempt.resource_link_pk) if attempt else None
    if attempt is None or link is None or not stopped_for(link.sync_stop_after, attempt.submitted_at):
        return None
    return link.sync_stop_after


# --- reading -------------------------------------------------------------------------------------


@dataclass
class Gradebook:
    """The platform's column as read just now: ``ok``, ``missing`` (deleted in the LMS),
    ``unlinked`` (no column known yet) or ``error`` (the platform did not answer usefully)."""

    state: str
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    error: str | None = None
    label: str | None = None


def read_gradebook(platform: Platform, key: SigningKey, settings: Settings, lineitem_url: str | None) -> Gradebook:
    """The line item and its results (AGS ``GET {lineitem}`` and ``GET {lineitem}/results``)."""
    if not lineitem_url:
        return Gradebook("unlinked")
    try:
        with PlatformServices(platform, key, settings) as services:
            item = ags.lineitem(services, lineitem_url)
            if item is None:
                return Gradebook("missing")
            results = ags.results(services, lineitem_url)
    except ServiceError as exc:
        return Gradebook("error", error=str(exc))
    except (ValueError, KeyError, TypeError) as exc:  # a body that is not the JSON AGS promises
        return Gradebook("error", error=f"unreadable answer: {exc}")
    by_user = {str(r.get("userId")): r for r in results if isinstance(r, dict) and r.get("userId")}
    return Gradebook("ok", by_user, label=str(item.get("label") or "") or None)


@dataclass
class LearnerGrade:
    """One learner's line on the grade sync page."""

    person_id: int
    name: str
    subject: str
    attempt_id: str | None = None
    score: float | None = None
    maximum: float | None = None
    submitted_at: dt.datetime | None = None
    last: ScoreOutbox | None = None  #: the newest score row of the attempt (what was last sent or is queued)
    held: bool = False  #: the attempt falls after the stop date
    result: dict[str, Any] | None = None  #: what the gradebook holds now
    gradebook_score: float | None = None  #: what the gradebook should hold (the feedback policy may hide the score)
    state: str = "none"  #: see ``compare``

    @property
    def mismatch(self) -> bool:
        return self.state in ("differs", "outdated", "not_in_gradebook", "only_in_gradebook", "column_missing")


def learner_grades(session: Session, link: ResourceLink, catalogue: Catalogue,
                   now: dt.datetime | None = None) -> list[LearnerGrade]:
    """Every learner of the link's course (and everyone who took its exam), with their latest
    submitted attempt on this link, what the gradebook should hold of it and its newest score row."""
    people: dict[int, LearnerGrade] = {}
    if link.context_pk:
        for member in grades.course_members(session, link.context_pk):
            if any(str(r).rsplit("#", 1)[-1].rsplit("/", 1)[-1] in LEARNER_ROLES for r in member.roles or []):
                person = member.person
                people[person.id] = LearnerGrade(person.id, person.name or person.subject, person.subject)
    latest: dict[int, Attempt] = {}
    for attempt in grades.submitted_attempts(session, link.id):  # oldest first: the latest one wins
        line = people.get(attempt.person_id)
        if line is None:
            person = session.get(Person, attempt.person_id)
            assert person is not None
            line = people[person.id] = LearnerGrade(person.id, person.name or person.subject, person.subject)
        line.attempt_id, line.score, line.maximum = attempt.id, attempt.score_raw, attempt.score_max
        line.submitted_at = attempt.submitted_at
        line.held = stopped_for(link.sync_stop_after, attempt.submitted_at)
        latest[line.person_id] = attempt
    _set_gradebook_scores(session, catalogue, people, latest, now or utcnow())
    by_attempt = {line.attempt_id: line for line in people.values() if line.attempt_id}
    if by_attempt:
        for row in grades.score_rows(session, by_attempt):
            by_attempt[row.attempt_id].last = row  # ordered by id: the newest stays
    return sorted(people.values(), key=lambda li: (li.name.casefold(), li.subject))


def _set_gradebook_scores(session: Session, catalogue: Catalogue, people: dict[int, LearnerGrade],
                          latest: dict[int, Attempt], now: dt.datetime) -> None:
    """What the gradebook is due for each learner's latest attempt; the retake states a feedback policy that hides
    the score needs are read in one query."""
    blueprints = {a.blueprint_version: catalogue.blueprint_version(session, a.blueprint_version)
                  for a in latest.values()}
    hiding = [a for a in latest.values() if hides_score(blueprints[a.blueprint_version].feedback)]
    at_exam: dict[tuple[int, str], list[Attempt]] = defaultdict(list)
    if hiding:
        for attempt in grades.attempts_at_exams(session, {a.person_id for a in hiding}, {a.exam_key for a in hiding}):
            at_exam[(attempt.person_id, attempt.exam_key)].append(attempt)
    for person_id, attempt in latest.items():
        people[person_id].gradebook_score = gradebook_score_of(session, blueprints[attempt.blueprint_version], attempt,
                                                               now, at_exam[(person_id, attempt.exam_key)])


def same_grade(score: float, maximum: float | None, result: dict[str, Any]) -> bool:
    """Whether the gradebook's result is the tool's grade (compared as fractions: platforms scale
    to the column's maximum)."""
    given, result_max = result.get("resultScore"), result.get("resultMaximum")
    if not isinstance(given, (int, float)):
        return False
    if isinstance(result_max, (int, float)) and result_max > 0 and maximum:
        return math.isclose(given / result_max, score / maximum, abs_tol=1e-6)
    return math.isclose(given, score, abs_tol=1e-6)


def _sent_earlier(line: LearnerGrade) -> bool:
    """Whether the gradebook holds what the tool last sent, though another grade is due now (e.g. sent before the
    feedback policy kept the score from the gradebook)."""
    last, result = line.last, line.result
    if last is None or last.status != "sent" or result is None:
        return False
    payload = last.payload or {}
    given, maximum = payload.get("scoreGiven"), payload.get("scoreMaximum")
    return isinstance(given, (int, float)) and same_grade(float(given), maximum, result)


def compare(lines: Sequence[LearnerGrade], gradebook: Gradebook) -> list[LearnerGrade]:
    """Set each line's ``result`` and ``state``, and return the lines plus one for every grade the
    gradebook holds for somebody the tool does not list (by the platform's user id). States:

    ``match``; ``differs`` (the gradebook holds another grade: edited by hand?); ``outdated`` (it holds what the
    tool sent earlier, but another grade is due now: resend); ``not_in_gradebook``;
    ``only_in_gradebook`` (a grade the tool does not hold); ``column_missing`` (deleted in the LMS);
    ``held`` (its latest score is held back: syncing stopped); ``queued`` (not sent yet); ``unknown``
    (the gradebook could not be read); ``none`` (nothing to compare)."""
    for line in lines:
        line.result = gradebook.results.get(line.subject)
        has_grade = line.score is not None
        if line.held and has_grade and (line.last is None or line.last.status != "sent"):
            line.state = "held"
        elif gradebook.state == "missing":
            line.state = "column_missing" if has_grade else "none"
        elif gradebook.state != "ok":
            line.state = "unknown" if has_grade else "none"
        elif not has_grade:
            line.state = "only_in_gradebook" if line.result and line.result.get("resultScore") is not None else "none"
        elif line.result is not None and same_grade(line.gradebook_score or 0.0, line.maximum, line.result):
            line.state = "match"
        elif line.last is not None and line.last.status == "pending":
            line.state = "queued"
        elif line.result is None:
            line.state = "not_in_gradebook"
        elif _sent_earlier(line):
            line.state = "outdated"
        else:
            line.state = "differs"
    known = {line.subject for line in lines}
    extra = [LearnerGrade(0, user_id, user_id, result=result, state="only_in_gradebook")
             for user_id, result in sorted(gradebook.results.items())
             if user_id not in known and result.get("resultScore") is not None]
    return [*lines, *extra]


# --- acting --------------------------------------------------------------------------------------


def queue_resend(session: Session, link: ResourceLink, catalogue: Catalogue, person_ids: Sequence[int] | None,
                 request_key: str, now: dt.datetime | None = None) -> tuple[list[int], int]:
    """Queue the latest grade of each learner (of ``person_ids``, or all) on the link again.

    Returns (new row ids, rows this request key had already queued). Unsent older rows of the same
    attempts are superseded. The caller sends the new rows (``outbox.send_scores(ids=…)``)."""
    now = now or utcnow()
    lines = [li for li in learner_grades(session, link, catalogue, now)
             if li.attempt_id and li.score is not None and (person_ids is None or li.person_id in person_ids)]
    keys = {li.attempt_id: f"{request_key}:{li.attempt_id}" for li in lines}
    done = grades.used_request_keys(session, keys.values())
    todo = [(line, attempt) for line in lines if keys[line.attempt_id] not in done
            and (attempt := session.get(Attempt, line.attempt_id)) is not None]
    new = [ScoreOutbox(platform_id=link.platform_id, attempt_id=attempt.id, lineitem_url=link.lineitem_url or "",
                       user_id=line.subject, next_attempt_at=now, request_key=keys[attempt.id],
                       payload=ags.score(line.subject, line.gradebook_score, attempt.score_max, attempt.passed, now))
           for line, attempt in todo]
    # The new rows first: the same form posted twice at once fails here on the request key, before it has
    # locked (superseded) the other post's rows, which that post's sender would then skip as locked.
    session.add_all(new)
    session.flush()
    ids = {row.id for row in new}
    for _, attempt in todo:
        for old in grades.unsent_rows(session, attempt.id, UNSENT):
            if old.id not in ids:
                old.status = "superseded"
    session.flush()
    return [row.id for row in new], len(done)


def use_lineitem(session: Session, link: ResourceLink, lineitem_url: str) -> str | None:
    """Point the link, and every score of it not yet sent, at a new column; returns the old URL."""
    old = link.lineitem_url
    link.lineitem_url = lineitem_url
    for row in grades.unsent_rows_of_link(session, link.id, UNSENT):
        row.lineitem_url = lineitem_url
    return old


def set_stop(session: Session, link: ResourceLink, stop_after: dt.date | None,
             now: dt.datetime | None = None) -> list[int]:
    """Stop (or, with None, resume) syncing after a date. Held scores the new setting no longer
    holds go back to the outbox; returns their ids so the caller can send them now."""
    now = now or utcnow()
    link.sync_stop_after = stop_after
    released = []
    for row in grades.held_rows_of_link(session, link.id):
        attempt = session.get(Attempt, row.attempt_id)
        if attempt is not None and not stopped_for(stop_after, attempt.submitted_at):
            row.status, row.next_attempt_at, row.last_error = "pending", now, None
            released.append(row.id)
    session.flush()
    return released
