"""Exports for the HR cycle: one employee's AI-diploma dossier for appraisal and development
conversations, and a manager's team overview. XLSX (text cells only, never formulas).

Who may download: HR, L&D and auditors anyone of their platform; a line manager their own team;
an employee their own dossier (the permission table's ``ROUTE_SCOPES``)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.attempts import AttemptStatus, grade_attempt
from assessments.feedback_policy import FeedbackLevel
from assessments.role_matrix import matrix_as_of, requirement
from assessments.text import localize

from ..certification import person_states
from ..db.models import Attempt, Person, utcnow
from ..delivery.operations import load_view
from ..delivery.shown import levels_shown
from ..errors import NotFound
from ..labels import attempt_status_label, cert_status_label, level_label
from ..organisation import matrix_versions
from ..permissions import Permission, covers, reach, refuse, require, require_session
from ..request import locale
from ..services import services
from . import queries
from .data import reading
from .downloads import download
from .params import id_arg
from .views import bp


def _sheet(book: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.cell.cell import TYPE_STRING

    sheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:  # numbers stay numbers (a spreadsheet sums them); everything else is text
        sheet.append(["" if v is None else v if isinstance(v, int | float) and not isinstance(v, bool) else str(v)
                      for v in row])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula


def _book() -> Any:
    from openpyxl import Workbook  # slow to import (≈0.2 s) and only needed for XLSX

    book = Workbook()
    book.remove(book.active)
    return book


def _save(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _may_see(db: Any, person: Person) -> None:
    if person.platform_id != session["platform_id"]:
        raise NotFound(_("There is no such person on this platform."))
    me = session["person_id"]
    if not covers(reach(), person.id, me, lambda: set(queries.team_ids(db, me))):
        raise refuse()


def _person(db: Any, person_id: str) -> Person:
    """The person of the address, if the user may see them; not a number is the same 404 as nobody."""
    number = id_arg(person_id)
    person = db.get(Person, number) if number is not None else None
    if person is None:
        raise NotFound(_("There is no such person on this platform."))
    _may_see(db, person)
    return person


def _requirement(db: Any, person: Person, day: dt.date) -> Any:
    svc = services()
    ranks = {k: lvl.rank for k, lvl in svc.catalogue.model(db).levels.items()}
    matrix = matrix_as_of(matrix_versions(db, ranks), day)
    return requirement(matrix, person, ranks) if matrix else None, ranks


@dataclass(frozen=True)
class _Dossier:
    person: Person
    need: Any
    ranks: dict[str, int]
    states: dict[str, Any]
    certificates: list[Any]
    attempts: list[Attempt]
    results: list[list[Any]]
    score_hidden: frozenset[str]  # attempts whose score the feedback policy keeps from the candidate downloading


def _read_dossier(person_id: str, lang: str, now: dt.datetime) -> _Dossier:
    """Everything one person's dossier shows, if the user may see them (404 / 403 otherwise)."""
    svc = services()
    with reading() as db:
        person = _person(db, person_id)
        model = svc.catalogue.model(db)
        need, ranks = _requirement(db, person, now.date())
        states = person_states(db, svc.derivation(db), person, now)
        certs = queries.certificates_of(db, [person.id]).get(person.id, [])
        attempts = queries.attempts_of(db, person)
        # the candidate's own dossier shows what their feedback policy shows; HR, L&D and managers see it all
        levels = levels_shown(db, svc.catalogue, attempts, now) if person.id == session["person_id"] else {}
        results = []
        for attempt in attempts:
            if attempt.status == AttemptStatus.IN_PROGRESS:
                continue
            if attempt.id in levels and not levels[attempt.id].includes(FeedbackLevel.COMPETENCES):
                continue
            view = load_view(db, svc.catalogue, attempt)
            grade = grade_attempt(view.blueprint, view.slots, view.responses)
            for c in grade.by_competence:
                name = localize(model.competences[c.competence].name, lang) if c.competence in model.competences \
                    else c.competence
                day = (attempt.submitted_at or attempt.started_at).date().isoformat()
                results.append([level_label(attempt.exam_key), day, name, round(c.earned, 2), c.possible,
                                f"{round(c.fraction * 100)}%"])
        hidden = frozenset(a for a, level in levels.items() if not level.includes(FeedbackLevel.SCORE))
        return _Dossier(person, need, ranks, states, certs, attempts, results, hidden)


@bp.get("/people/<person_id>/dossier.xlsx")
@require_session
def dossier(person_id: str) -> ResponseReturnValue:
    now = utcnow()
    read = _read_dossier(person_id, locale(), now)
    person, need, ranks, states = read.person, read.need, read.ranks, read.states
    certs, attempts, results = read.certificates, read.attempts, read.results
    held = [s for s in states.values() if s.status.value in ("valid", "expiring")]
    best = max(held, key=lambda s: ranks.get(s.level, 0)) if held else None
    next_deadline = ""
    if need is not None and (best is None or ranks.get(best.level, 0) < need.rank):
        next_deadline = need.deadline.isoformat()
    elif best is not None and best.certificate is not None:
        next_deadline = best.certificate.ends_at().date().isoformat()  # renew before it ends
    book = _book()
    _sheet(book, _("status"), [_("field"), _("value")], [
        [_("generated"), now.isoformat(timespec="seconds")], [_("name"), person.name],
        [_("employee number"), person.employee_number], [_("department"), person.department],
        [_("location"), person.location], [_("function group"), person.function_group],
        [_("risk class"), person.risk_class],
        [_("required level"), level_label(need.level) if need else _("none")],
        [_("deadline for the required level"), need.deadline.isoformat() if need else ""],
        [_("highest valid level"), level_label(best.level) if best else _("none")],
        [_("next deadline"), next_deadline],
        *[[_("level %(level)s", level=level_label(level)), cert_status_label(state.status.value)]
          for level, state in states.items()],
    ])
    _sheet(book, _("certificates"), [_("certificate id"), _("level"), _("issued"), _("valid until"), _("revoked"),
                                     _("cut short to"), _("competence model version"), _("exam version")],
           [[c.id, level_label(c.level), c.issued_at.date().isoformat(), c.valid_until.date().isoformat(),
             c.revoked_at.date().isoformat() if c.revoked_at else "",
             c.cut_off_at.date().isoformat() if c.cut_off_at else "", c.model_version, c.blueprint_version]
            for c in certs])
    _sheet(book, _("attempts"), [_("exam"), _("started"), _("submitted"), _("status"), _("score"),
                                 _("maximum score"), _("passed")],
           [[level_label(a.exam_key), a.started_at.isoformat(timespec="minutes"),
             a.submitted_at.isoformat(timespec="minutes") if a.submitted_at else "", attempt_status_label(a.status),
             *_score_cells(a, a.id in read.score_hidden),
             "" if a.passed is None else (_("yes") if a.passed else _("no"))] for a in attempts])
    _sheet(book, _("competences"), [_("exam"), _("date"), _("competence"), _("earned"), _("possible"), _("share")],
           results)
    name = (person.employee_number or str(person.id)).replace('"', "")
    return download(_save(book), f"ai-diploma-{name}.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _meets(person: Person, need: Any, covered: bool, day: dt.date) -> str:
    """Whether a team member meets the requirement, as the People list says it: a leaver is not late."""
    if person.left_on is not None and person.left_on < day:
        return _("left the organisation")
    return _("yes") if covered else (_("late") if need and day > need.deadline else _("not yet"))


def _score_cells(attempt: Attempt, hidden: bool) -> list[Any]:
    """Score and maximum as numbers (rounded as the pages show them), or why the score is not shown."""
    if hidden:
        return [_("not shown (feedback policy)"), ""]
    if attempt.score_raw is None or not attempt.score_max:
        return ["", ""]
    return [round(attempt.score_raw, 2), attempt.score_max]


@bp.get("/team.xlsx")
@require(Permission.VIEW_TEAM)
def team_export() -> ResponseReturnValue:
    """A line manager's team: status, level, deadline and last result per member."""
    reach()  # the table's scope rule: the manager's own team
    rows = _team_rows(session["person_id"], utcnow())
    book = _book()
    _sheet(book, _("team"), [_("employee number"), _("name"), _("department"), _("function group"),
                             _("required level"), _("deadline"), _("highest valid level"), _("status"),
                             _("valid until"), _("meets the requirement"), _("last exam")], rows)
    return download(_save(book), "ai-diploma-team.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _team_rows(manager_id: int, now: dt.datetime) -> list[list[Any]]:
    """Status, level, deadline and last result of each member of the manager's team, by name."""
    svc = services()
    with reading() as db:
        members = queries.team_members(db, manager_id)
        rows = []
        for person in sorted(members, key=lambda p: p.name or ""):
            need, ranks = _requirement(db, person, now.date())
            states = person_states(db, svc.derivation(db), person, now)
            held = [s for s in states.values() if s.status.value in ("valid", "expiring")]
            best = max(held, key=lambda s: ranks.get(s.level, 0)) if held else None
            covered = need is not None and best is not None and ranks.get(best.level, 0) >= need.rank
            last = queries.last_finished_attempt(db, person.id)
            rows.append([person.employee_number, person.name, person.department, person.function_group,
                         level_label(need.level) if need else "", need.deadline.isoformat() if need else "",
                         level_label(best.level) if best else "", cert_status_label(best.status.value) if best else "",
                         best.certificate.ends_at().date().isoformat() if best and best.certificate else "",
                         _meets(person, need, covered, now.date()),
                         f"{last.exam_key} {last.submitted_at.date().isoformat()} "
                         f"{'✓' if last.passed else '✗'}" if last and last.submitted_at else ""])
    return rows
