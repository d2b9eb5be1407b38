"""*My AI diploma* for one person, and a line manager's team at a glance: what is required, by when,
how far they are, where the exam is, what to study, their certificates with their state and the history.

The derivations are the domain's (``assessments.personal_requirement``, ``xapi.certificate_state`` — the same
rule the PDF, badge and verification page use — and ``study_advice``); this module reads what they need in
one read-only session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from assessments.attempts import RetakeDecision, grade_attempt
from assessments.feedback_policy import FeedbackLevel
from assessments.learning_paths import PathStep, counts, learning_path, weak_order
from assessments.personal_requirement import HeldLevel, Required, required_of
from assessments.study_advice import CompetenceAdvice, competence_advice
from assessments.text import LocalizedText
from xapi.certificate_state import CertificateState, Decision, certificate_state, cutting_decision

from ..certification import as_derived
from ..db.models import Attempt, Certificate, Person
from ..delivery.operations import load_view
from ..delivery.shown import levels_shown, seen_by_candidate
from ..learning_paths import operations as paths
from ..organisation import matrix_versions
from ..services import services
from . import queries
from .data import level_ranks


@dataclass(frozen=True)
class RowStanding:
    """A certificate's state as the page words it (from ``xapi.certificate_state.CertificateState``)."""

    state: str  # a ``Standing`` value
    ends_on: dt.date  # the end in force: revocation day, cut-off day or valid-until
    days_left: int | None  # while in force: days until ``ends_on``
    cut_short: bool  # a recertification decision brought its end forward
    in_force: bool

    @classmethod
    def of(cls, state: CertificateState) -> RowStanding:
        ends_on = state.ends_at.date()
        left = (ends_on - state.at.date()).days if state.in_force else None
        return cls(state.standing.value, ends_on, left, state.cut_off_at is not None, state.in_force)


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    standing: RowStanding
    revoked_because: str | None  # the reason given when it was revoked
    decision: Decision | None  # the recertification decision that cut it short


@dataclass(frozen=True)
class PlacedExam:
    title: str | None  # the link's title in the LMS
    course: str | None  # the course's title
    member: bool  # the person is in that course


@dataclass(frozen=True)
class LastAttempt:
    attempt: Attempt
    title: LocalizedText
    passed: bool
    retake: RetakeDecision
    advice: list[CompetenceAdvice] | None  # None: the exam's feedback policy hides it


@dataclass(frozen=True)
class DiplomaPage:
    person: Person
    day: dt.date
    required: Required
    exams: list[PlacedExam]
    last: LastAttempt | None
    certificates: list[CertificateRow]  # newest first
    history: list[Attempt]  # newest first
    model: Any
    path: list[PathStep]  # the learning path for the required level, weak competences first
    path_known: bool  # False: the LRS did not answer, so LMS and e-learning progress is unknown
    scores_shown: frozenset[str] = frozenset()  # the attempts whose score the feedback policy shows now


def state_of(cert: Certificate, now: dt.datetime) -> CertificateState:
    return certificate_state(as_derived(cert, "", ""), now, services().certification.expiring_days)


def held_levels(certs: Sequence[Certificate], now: dt.datetime) -> list[HeldLevel]:
    """The certificates in force at ``now``, as the requirement reads them."""
    return [HeldLevel(c.level, s.ends_at.date()) for c in certs if (s := state_of(c, now)).in_force]


def _revocation_reasons(db: Session, person_id: int) -> dict[str, str]:
    iris = services().iris
    found: dict[str, str] = {}
    for body in queries.revocation_bodies(db, person_id, iris.verb("revoked")):
        extensions = (body.get("context") or {}).get("extensions") or {}
        certificate_id = extensions.get(iris.extension("certificate-id"))
        if certificate_id and certificate_id not in found:
            found[str(certificate_id)] = str(extensions.get(iris.extension("reason")) or "")
    return found


def _decisions(db: Session, platform_id: int) -> list[Decision]:
    return [Decision(tuple(d.levels or ()), d.issued_before, dt.datetime.combine(d.due, dt.time(), tzinfo=dt.UTC),
                     d.reason, tuple(d.clauses or ()))
            for d in queries.recertification_decisions(db, platform_id)]


def _certificate_rows(db: Session, person: Person, certs: Sequence[Certificate],
                      now: dt.datetime) -> list[CertificateRow]:
    reasons = _revocation_reasons(db, person.id) if any(c.revoked_at for c in certs) else {}
    decisions = _decisions(db, person.platform_id) if any(c.cut_off_at for c in certs) else []
    rows = [CertificateRow(c, RowStanding.of(state_of(c, now)), reasons.get(c.id),
                           cutting_decision(as_derived(c, "", ""), decisions)) for c in certs]
    return sorted(rows, key=lambda r: r.certificate.issued_at, reverse=True)


def _exams(db: Session, person: Person, level: str | None) -> list[PlacedExam]:
    if level is None:
        return []
    keys = [b.key for b in services().catalogue.blueprints(db) if b.level == level]
    return [PlacedExam(link.title, context.title if context else None, member)
            for link, context, member in queries.placed_exams(db, person.platform_id, person.id, keys)][:3]


def _last_attempt(db: Session, person: Person, now: dt.datetime) -> LastAttempt | None:
    attempt = queries.last_finished_attempt(db, person.id)
    if attempt is None:
        return None
    catalogue = services().catalogue
    view = load_view(db, catalogue, attempt)
    grade = grade_attempt(view.blueprint, view.slots, view.responses)
    retake, shown = seen_by_candidate(db, catalogue, attempt, now)
    return LastAttempt(attempt, view.blueprint.title, grade.passed, retake,
                       competence_advice(grade.by_competence, view.blueprint.pass_mark, shown))


def requirement_of(person: Person, certs: Sequence[Certificate], now: dt.datetime,
                   ranks: Mapping[str, int], matrices: Sequence[Any]) -> Required:
    return required_of(person, matrices, held_levels(certs, now), now.date(), ranks)


def diploma_page(db: Session, person: Person, now: dt.datetime) -> DiplomaPage:
    """Everything *My AI diploma* shows of ``person`` on ``now``'s day."""
    day = now.date()
    ranks = level_ranks(db)
    certs = queries.certificates_of(db, [person.id]).get(person.id, [])
    required = requirement_of(person, certs, now, ranks, matrix_versions(db, ranks))
    history = [a for a in reversed(queries.attempts_of(db, person))]
    last = _last_attempt(db, person, now)
    catalogue = paths.catalogue(db)
    wanted = {a.tracked_id for a in catalogue.for_level(required.level) if a.tracked_id}
    account = (person.platform.issuer, person.subject)
    progress = paths.lrs_progress(services().settings, [account], wanted)
    done = progress[account] if progress is not None else None
    held = paths.covered_levels([h.level for h in held_levels(certs, now)], ranks)
    path = learning_path(catalogue, required.level, weak_order(last.advice if last else None), done, held)
    shown = levels_shown(db, services().catalogue, history, now)
    return DiplomaPage(person, day, required, _exams(db, person, required.level), last,
                       _certificate_rows(db, person, certs, now), history, services().catalogue.model(db), path,
                       progress is not None,
                       frozenset(a for a, level in shown.items() if level.includes(FeedbackLevel.SCORE)))


@dataclass(frozen=True)
class TeamRow:
    person: Person
    required: Required
    best: CertificateRow | None  # the certificate in force at the highest level, else the newest
    path: tuple[int, int] | None = None  # learning path activities done and in all (None: progress unknown)


def team_rows(db: Session, manager_id: int, now: dt.datetime) -> list[TeamRow]:
    """A line manager's team, by name: what is required of each member and how far they are."""
    ranks = level_ranks(db)
    matrices = matrix_versions(db, ranks)
    members = sorted(queries.team_members(db, manager_id), key=lambda p: (p.name or p.subject).casefold())
    certs = queries.certificates_of(db, [p.id for p in members])
    rows = []
    for person in members:
        own = certs.get(person.id, [])
        standing = [CertificateRow(c, RowStanding.of(state_of(c, now)), None, None) for c in own]
        in_force = [r for r in standing if r.standing.in_force]
        best = max(in_force, key=lambda r: (ranks.get(r.certificate.level, 0), r.standing.ends_on), default=None)
        if best is None and standing:
            best = max(standing, key=lambda r: r.certificate.issued_at)
        rows.append(TeamRow(person, requirement_of(person, own, now, ranks, matrices), best))
    return _with_paths(db, rows, certs, ranks, now)


def _with_paths(db: Session, rows: list[TeamRow], certs: Mapping[int, list[Certificate]], ranks: Mapping[str, int],
                now: dt.datetime) -> list[TeamRow]:
    """Each member's learning path progress as counts (the LRS asked once per member)."""
    catalogue = paths.catalogue(db)
    wanted = {a.tracked_id for row in rows for a in catalogue.for_level(row.required.level) if a.tracked_id}
    accounts = {row.person.id: (row.person.platform.issuer, row.person.subject) for row in rows
                if catalogue.for_level(row.required.level)}
    progress = paths.lrs_progress(services().settings, accounts.values(), wanted)
    counted = []
    for row in rows:
        held = paths.covered_levels([h.level for h in held_levels(certs.get(row.person.id, []), now)], ranks)
        account = accounts.get(row.person.id)
        done = None if progress is None else progress.get(account, set()) if account else set()
        steps = learning_path(catalogue, row.required.level, (), done, held)
        counted.append(TeamRow(row.person, row.required, row.best,
                               None if any(s.done is None for s in steps) else counts(steps)))
    return counted
