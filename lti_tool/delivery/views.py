"""The exam pages an employee sees after a launch: start page, questions, review, the submit confirmation,
result; and the staff preview."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from assessments.attempts import AttemptStatus
from assessments.errors import AttemptClosed
from assessments.feedback_policy import FeedbackLevel
from assessments.text import localize

from ..certification import issue_certificate
from ..db.models import Attempt, Person, utcnow
from ..db.repositories import lock_attempt
from ..errors import NotFound, UserError, wants_json
from ..governance.operations import flag_question, rate_exam
from ..metrics import count
from ..permissions import Permission, has, require, require_session
from ..request import LOCALES, locale, pull_sid
from ..services import services
from . import queries
from .operations import AttemptView, autosave, exam_context, load_view, save_answer, submit, time_out
from .shown import seen_by_candidate
from .start import Launched, begin, first_open, preview_rules, rules_for, sample_form
from .times import from_now, moment

bp = Blueprint("delivery", __name__, url_prefix="/s/<sid>")


bp.url_value_preprocessor(pull_sid)


@bp.context_processor
def _times() -> dict[str, Any]:
    return {"from_now": from_now, "moment": moment}


def _launched(db: Session) -> Launched:
    """The session's person and the exam link it was launched from."""
    rows = queries.launch_rows(db, session["platform_id"], session["person_id"], session.get("link_pk") or 0)
    if rows is None:
        raise NotFound(_("This session was not opened from an exam. Open the exam from your course in the LMS."))
    platform, person, link, context, extra = rows
    return Launched(platform, person, link, context, session.get("xapi_session") or str(link.id), extra)


@bp.route("/start", methods=["GET", "POST"])
@require(Permission.TAKE_EXAM)
def start() -> ResponseReturnValue:
    """The exam's rules; Start (POST) draws and stores the attempt, and its time counts from then."""
    svc = services()
    with svc.db.transaction() as db:
        who = _launched(db)
        now = utcnow()
        if request.method == "POST":
            attempt, created = begin(db, svc, who, locale(), now)
            if created:
                count("attempts", "started")
            if attempt.status == AttemptStatus.IN_PROGRESS:
                return redirect(url_for(".question", attempt_id=attempt.id, position=first_open(attempt)), code=303)
            return redirect(url_for(".start"), code=303)  # no attempt allowed now: the page says why
        rules = rules_for(db, svc, who, now)
        running = rules.open_attempt
        if running is not None:  # back from an open attempt: straight in, nothing journaled
            return redirect(url_for(".question", attempt_id=running.id, position=first_open(running)), code=303)
        return render_template("delivery/start.html", rules=rules, localize=localize, locale=locale(),
                               levels=FeedbackLevel)


@bp.get("/preview")
@require(Permission.PREVIEW_EXAM)
def preview() -> ResponseReturnValue:
    """Staff see the exam's rules and, if they may read the bank, a sample form; nothing is stored."""
    svc = services()
    with svc.db.session() as db:
        link = _launched(db).link
        rules = preview_rules(db, svc, link)
        sample = sample_form(db, rules.blueprint) if has(Permission.VIEW_BANK) else []
        return render_template("delivery/preview.html", rules=rules, sample=sample, localize=localize,
                               cases=svc.catalogue.seed.cases, locale=locale(), levels=FeedbackLevel)


def _attempt(db: Session, attempt_id: str) -> Attempt:
    attempt = lock_attempt(db, attempt_id, session["person_id"])
    if attempt is None or attempt.platform_id != session["platform_id"]:
        raise NotFound(_("This attempt does not exist or is not yours."))
    return attempt


def _context(db: Session, attempt: Attempt, view: AttemptView):  # type: ignore[no-untyped-def]
    svc = services()
    platform, person, link, context = queries.statement_context(db, attempt)
    ctx = exam_context(svc.iris, platform, person, link, context, attempt, view.blueprint,
                       session.get("xapi_session", attempt.id))
    return ctx, link, person


def _certifier(db: Session, person: Person, now: Any):  # type: ignore[no-untyped-def]
    """Issue the certificate of a passed attempt (same unit of work)."""
    svc = services()

    def certify(attempt: Attempt, blueprint: Any) -> None:
        model = svc.catalogue.model(db)
        platform = queries.platform_of(db, attempt)
        level = model.levels.get(blueprint.level)
        issue_certificate(db, svc.derivation(db), platform, person, blueprint.level, now, registration=attempt.id,
                          blueprint_version=attempt.blueprint_version, model_version=model.version,
                          level_name=level.name if level else None)

    return certify


def _close_if_expired(db: Session, view: AttemptView) -> bool:
    """Time out an attempt whose time ran out (answers given so far count)."""
    now = utcnow()
    if not view.domain.has_run_out(now):
        return False
    ctx, link, person = _context(db, view.attempt, view)
    return time_out(db, view, ctx, link, person, now, certify=_certifier(db, person, now))


@bp.route("/attempt/<attempt_id>/q/<int:position>", methods=["GET", "POST"])
@require(Permission.TAKE_EXAM)
def question(attempt_id: str, position: int) -> ResponseReturnValue:
    svc = services()
    if request.method == "POST":  # the autosave and "Save and next": a read and one atomic write
        now = utcnow()
        saved = autosave(svc.db, svc.catalogue, svc.iris, (session["platform_id"], session["person_id"]),
                         attempt_id, position, request.form.getlist("answer"), now, session.get("locale"),
                         request.form.get("flagged") == "1", session.get("xapi_session"))
        if saved is not None:
            return _saved(attempt_id, position, now, len(saved.slots))
    with svc.db.transaction() as db:  # else: locked, and it times out, says why, or changes the flag
        attempt = _attempt(db, attempt_id)
        view = load_view(db, svc.catalogue, attempt)
        slot = view.slot(position)
        closed = _close_if_expired(db, view) or not view.domain.is_open
        if not closed and request.method == "POST":
            ctx, _link, _person = _context(db, attempt, view)
            now = utcnow()
            save_answer(db, view, ctx, position, request.form.getlist("answer"), now, session.get("locale"),
                        flagged=request.form.get("flagged") == "1")
            return _saved(attempt_id, position, now, len(attempt.layout))
        if not closed:
            case = svc.catalogue.seed.cases.get(slot.item.content.get("case") or "")
            due = view.due
            left = None if due is None else max(0, math.ceil((due - utcnow()).total_seconds() / 60))
            return render_template("delivery/question.html", view=view, slot=slot, localize=localize, case=case,
                                   item=slot.item, response=view.responses.get(position, []),
                                   locale=locale(), minutes_left=left)
        status = attempt.status
    # closed (the deadline may just have been passed and the attempt graded: that is committed)
    if request.method == "POST" and wants_json():
        raise AttemptClosed(_("The time for this attempt has run out.") if status == AttemptStatus.TIMED_OUT
                            else _("This attempt has been submitted."))
    return redirect(url_for(".result", attempt_id=attempt_id), code=303)


def _saved(attempt_id: str, position: int, now: Any, count: int) -> ResponseReturnValue:
    """The answer to a saved answer: JSON for the autosave, else on to the page the form asked for."""
    if wants_json():
        return jsonify(saved=True, position=position, saved_at=now.isoformat())
    return redirect(_next_url(attempt_id, count, position,
                              request.form.get("go", "next")), code=303)


def _next_url(attempt_id: str, count: int, position: int, go: str) -> str:
    if go == "review":
        return url_for(".review", attempt_id=attempt_id)
    if go == "prev":
        target = max(1, position - 1)
    elif go.isdigit():
        target = min(max(1, int(go)), count)
    else:
        target = position + 1
        if target > count:
            return url_for(".review", attempt_id=attempt_id)
    return url_for(".question", attempt_id=attempt_id, position=target)


def _open_view(db: Session, attempt_id: str) -> AttemptView | None:
    """The person's attempt while it is still open (a passed deadline closes and grades it first); None once
    it is closed, for the result page."""
    attempt = _attempt(db, attempt_id)
    view = load_view(db, services().catalogue, attempt)
    return None if _close_if_expired(db, view) or not view.domain.is_open else view


@bp.get("/attempt/<attempt_id>/review")
@require(Permission.TAKE_EXAM)
def review(attempt_id: str) -> ResponseReturnValue:
    with services().db.transaction() as db:
        view = _open_view(db, attempt_id)
        if view is None:
            return redirect(url_for(".result", attempt_id=attempt_id), code=303)
        answered = sum(1 for s in view.slots if view.responses.get(s.position))
        return render_template("delivery/review.html", view=view, localize=localize, answered=answered,
                               unanswered=view.domain.unanswered(), flagged=sorted(view.domain.flagged),
                               locale=locale())


@bp.get("/attempt/<attempt_id>/confirm")
@require(Permission.TAKE_EXAM)
def confirm(attempt_id: str) -> ResponseReturnValue:
    """Before an irreversible submit with questions unanswered or flagged: which ones, and submit anyway?"""
    with services().db.transaction() as db:
        view = _open_view(db, attempt_id)
        if view is None:
            return redirect(url_for(".result", attempt_id=attempt_id), code=303)
        return render_template("delivery/confirm.html", view=view, unanswered=view.domain.unanswered(),
                               flagged=sorted(view.domain.flagged), localize=localize, locale=locale())


@bp.post("/attempt/<attempt_id>/submit")
@require(Permission.TAKE_EXAM)
def submit_attempt(attempt_id: str) -> ResponseReturnValue:
    svc = services()
    with svc.db.transaction() as db:
        attempt = _attempt(db, attempt_id)
        view = load_view(db, svc.catalogue, attempt)
        if not _close_if_expired(db, view):
            if view.domain.is_open and request.form.get("confirmed") != "1" and (
                    view.domain.unanswered() or view.domain.flagged):
                return redirect(url_for(".confirm", attempt_id=attempt_id), code=303)
            ctx, link, person = _context(db, attempt, view)
            now = utcnow()
            submit(db, view, ctx, link, person, now, certify=_certifier(db, person, now))
            count("attempts", "submitted")
    return redirect(url_for(".result", attempt_id=attempt_id), code=303)


@bp.get("/attempt/<attempt_id>/result")
@require(Permission.TAKE_EXAM)
def result(attempt_id: str) -> ResponseReturnValue:
    svc = services()
    with svc.db.transaction() as db:
        attempt = _attempt(db, attempt_id)
        view = load_view(db, svc.catalogue, attempt)
        _close_if_expired(db, view)
        if view.domain.is_open:
            return redirect(url_for(".review", attempt_id=attempt.id), code=303)
        grade = view.domain.grade()
        retake, shown = seen_by_candidate(db, svc.catalogue, attempt, utcnow())
        rated = queries.has_feedback(db, attempt.id)
        return render_template("delivery/result.html", view=view, grade=grade, localize=localize, retake=retake,
                               model=svc.catalogue.model(db), locale=locale(), rated=rated, shown=shown,
                               levels=FeedbackLevel)


@bp.post("/attempt/<attempt_id>/feedback")
@require(Permission.TAKE_EXAM)
def feedback(attempt_id: str) -> ResponseReturnValue:
    """The employee rates clarity and relevance of the exam they finished (once)."""
    def rating(name: str) -> int:
        raw = request.form.get(name, "")
        if not raw.isdigit():
            raise UserError(_("Choose a rating from 1 to 5 for clarity and for relevance."), 400)
        return int(raw)

    with services().db.transaction() as db:
        attempt = _attempt(db, attempt_id)
        stored = rate_exam(db, attempt, rating("clarity"), rating("relevance"), request.form.get("comment", ""))
    flash(_("Thank you for your feedback.") if stored else _("You had already rated this exam."))
    return redirect(url_for(".result", attempt_id=attempt_id) + "#feedback", code=303)


@bp.post("/attempt/<attempt_id>/flag")
@require(Permission.TAKE_EXAM)
def flag(attempt_id: str) -> ResponseReturnValue:
    """The employee flags a question of their finished exam for L&D, saying what is wrong."""
    with services().db.transaction() as db:
        attempt = _attempt(db, attempt_id)
        flag_question(db, attempt, request.form.get("item", ""), request.form.get("comment", ""))
    flash(_("Thank you: L&D will look at the question."))
    return redirect(url_for(".result", attempt_id=attempt_id) + "#feedback", code=303)


@bp.post("/language")
@require_session
def language() -> ResponseReturnValue:
    lang = request.form.get("lang")
    if lang in LOCALES:
        session["locale"] = lang
    target = request.form.get("next", "")
    if not target.startswith(f"/s/{g.sid}/"):
        target = url_for("staff.link") if "link_pk" in session else url_for("web.index")
    return redirect(target, code=303)
