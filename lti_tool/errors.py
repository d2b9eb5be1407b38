"""Errors users and platforms can cause, each mapped once to a 4xx page or JSON answer."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from assessments.errors import (
    AssessmentError,
    AttemptClosed,
    BankError,
    BlueprintUnsatisfiable,
    Incomplete,
    InvalidResponse,
    NotKnown,
    NotPermitted,
    ProblemsError,
    RuleBroken,
    WrongState,
)

from .kept_input import keep_for_return
from .kv import StoreUnavailable
from .labels import ROUND_STATUS, STATUS
from .lti.services import ServiceError
from .metrics import count
from .problems import problem_texts


class UserError(Exception):
    """A problem the user or the platform can fix; ``message`` says what and how."""

    def __init__(self, message: str, status: int = 400, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.hint = hint


#: the longest comment, remark or reason a person may leave (the columns hold more; a limit keeps exports readable)
COMMENT_MAX = 4000


def bounded(text: str, limit: int = COMMENT_MAX) -> str:
    """``text`` without surrounding spaces; a 400 that says how long it is when it is over ``limit`` (it was
    cut silently before, losing what the person wrote)."""
    text = text.strip()
    if len(text) > limit:
        raise UserError(_("Your text is %(n)d characters long; shorten it to %(max)d characters or fewer.",
                          n=len(text), max=limit), 400)
    return text


class NotFound(UserError):
    def __init__(self, message: str) -> None:
        super().__init__(message, 404)


class Forbidden(UserError):
    def __init__(self, message: str) -> None:
        super().__init__(message, 403)


#: status and a translated lead-in for each domain error; the error's own text is the detail
DOMAIN_ERRORS: dict[type[AssessmentError], tuple[int, Any]] = {
    InvalidResponse: (400, _l("This answer does not fit the question (%(detail)s).")),
    AttemptClosed: (409, _l("This attempt no longer accepts answers: %(detail)s.")),
    BlueprintUnsatisfiable: (409, _l("This exam cannot be put together from the question bank yet: %(detail)s. "
                                     "Ask L&D to approve more questions.")),
    BankError: (400, _l("The question bank is not valid: %(detail)s.")),
    NotPermitted: (403, None),
    WrongState: (409, None),
    Incomplete: (400, None),
    NotKnown: (404, None),
}

#: what each broken domain rule (``RuleBroken.code``) says; its parameters fill the text
RULE_MESSAGES: dict[str, Any] = {
    "role.author": _l("Your role does not allow editing questions."),
    "role.review": _l("Your role does not allow reviewing questions."),
    "role.manage_blueprints": _l("Your role does not allow changing exams."),
    "item.unknown_version": _l("This question version does not exist."),
    "item.submit_needs_draft": _l("Only a draft can be sent for review; this version is %(status)s."),
    "item.approve_needs_review": _l("Only a version in review can be approved; this version is %(status)s."),
    "item.reject_needs_review": _l("Only a version in review can be rejected; this version is %(status)s."),
    "item.four_eyes": _l("A question is approved by someone other than its author."),
    "item.high_risk_reviewer": _l("This question is marked high-risk: a reviewer with the CISO/privacy role must "
                                  "approve it."),
    "item.submit_has_problems": _l("The item-writing checks found %(count)d problems (cues that give the answer "
                                   "away). Solve them in a new draft, then send it for review."),
    "item.reject_needs_reason": _l("Say why the question is rejected, so the author can improve it."),
    "item.retire_needs_approved": _l("Only an approved question can be retired."),
    "blueprint.approve_needs_draft": _l("Only a draft exam version can be approved; this version is %(status)s."),
    "blueprint.four_eyes": _l("An exam version is approved by someone other than the person who made it."),
    "calibration.too_few_attempts": _l("Too few finished attempts to calibrate this level: %(attempts)d, at least "
                                       "%(needed)d are needed for stable item parameters."),
    "calibration.too_few_usable_items": _l("Only %(usable)d questions have both right and wrong answers; at least "
                                           "%(needed)d are needed to calibrate. Wait for more varied answers."),
    "standard.rating_range": _l("Give each rating as a percentage from 0 to 100."),
    "standard.round_not_open": _l("This standard-setting round no longer takes ratings (now: %(status)s)."),
    "standard.round_past_closing": _l("This standard-setting round closed for ratings on %(date)s."),
    "standard.already_submitted": _l("You have submitted your ratings; they can no longer be changed."),
    "standard.unrated_items": _l("Rate every question before you submit: %(n)d still have no rating."),
    "standard.hofstee_incomplete": _l("Answer the four questions about the acceptable pass mark and fail rate "
                                      "before you submit."),
    "standard.hofstee_range": _l("Give the acceptable pass marks and fail rates as percentages from 0 to 100."),
    "standard.hofstee_order": _l("The lowest acceptable pass mark and fail rate cannot be higher than the highest."),
    "standard.no_ratings": _l("No panel member has submitted ratings yet."),
    "standard.adopt_needs_closed": _l("Close the round before adopting its cut (now: %(status)s)."),
    "standard.form_changed": _l("The panel rated %(rated)s, but %(newest)s, the exam's newest version, draws its "
                                "questions otherwise (level, function group or questions per competence), so the cut "
                                "does not hold for it. Open a new round for %(newest)s."),
    "standard.small_panel_needs_reason": _l("The panel has %(n)d members who submitted, fewer than the %(minimum)d "
                                            "advised: say why the cut may be adopted anyway."),
    "standard.not_a_panel_member": _l("This person has no standard-setting panel role; grant it under "
                                      "Governance → Roles first."),
}


def rule_message(exc: RuleBroken) -> str:
    """The broken rule in the reader's language (the code itself when it has no wording yet)."""
    text = RULE_MESSAGES.get(exc.code)
    if text is None:
        return exc.code
    return str(text) % _worded(exc.code, exc.params) if exc.params else str(text)


def _worded(code: str, params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as the reader reads them: a status as its label, an ISO date in their locale's form."""
    words = dict(params)
    status, date = words.get("status"), words.get("date")
    if isinstance(status, str):
        words["status"] = str((ROUND_STATUS if code.startswith("standard.") else STATUS).get(status, status))
    if isinstance(date, str):
        with contextlib.suppress(ValueError):  # not an ISO date: shown as given
            words["date"] = format_date(dt.date.fromisoformat(date), "medium")
    return words


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.is_json or best == "application/json" or request.path.startswith("/api/")


def error_response(status: int, message: str, hint: str | None = None) -> tuple[Any, int]:
    if wants_json():
        body: dict[str, Any] = {"error": message, "status": status}
        if hint:
            body["hint"] = hint
        return jsonify(body), status
    typed, back = keep_for_return() if request.method == "POST" and status not in (401, 403, 413, 503) \
        else ({}, None)
    return render_template("error.html", status=status, message=message, hint=hint, typed=typed,
                           back=back), status


def _store_text() -> str:
    return _("The tool's session store cannot be reached just now. What you saved before is kept; try again "
             "in a moment.")


def store_unavailable_body() -> tuple[str, str]:
    """The 503 page (or JSON) for an answer whose session could not be saved."""
    rendered = error_response(503, _store_text())[0]
    response = make_response(rendered)
    return response.get_data(as_text=True), response.mimetype or "text/html"


#: what Werkzeug's own refusals say, in the reader's language (routing, methods, body size)
HTTP_TEXTS = {
    400: _l("The request could not be read. Go back and try again."),
    404: _l("There is nothing at this address. Open the tool again from your course in the LMS."),
    405: _l("This address does not take this kind of request."),
    413: _l("What was sent is too large: at most 10 MB."),
}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(UserError)
    def _user_error(exc: UserError) -> Response:
        if request.endpoint == "lti.launch":
            count("refused")
        response = make_response(error_response(exc.status, exc.message, exc.hint))
        retry_after = getattr(exc, "retry_after", None)  # rate limits: when to come back
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(AssessmentError)
    def _domain_error(exc: AssessmentError) -> tuple[Any, int]:
        status, lead = DOMAIN_ERRORS.get(type(exc), (400, None))
        if isinstance(exc, RuleBroken):
            return error_response(status, rule_message(exc))
        detail = "; ".join(problem_texts(exc.problems if isinstance(exc, ProblemsError) else exc.args[:1] or [exc]))
        return error_response(status, str(lead) % {"detail": detail} if lead else detail)

    @app.errorhandler(ServiceError)
    def _platform_service(exc: ServiceError) -> tuple[Any, int]:
        return error_response(424, _("The LMS did not answer as expected: %(error)s", error=str(exc)),
                              _("Try again in a moment. If it persists, check the tool's registration "
                                "and services in the LMS."))

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> tuple[Any, int]:
        return error_response(400, _("The form has expired or was not sent by this page (CSRF check failed)."),
                              _("Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response | tuple[Any, int]:
        if exc.code is None or exc.code < 400:
            return exc.get_response()
        text = exc.description
        if not text or text == type(exc).description:  # Werkzeug's own words are English: the reader's instead
            text = str(HTTP_TEXTS.get(exc.code, _l("This request cannot be handled.")))
        return error_response(exc.code, text)

    @app.errorhandler(OperationalError)
    def _database_unavailable(exc: OperationalError) -> Response:
        """The database restarting or unreachable: a passing condition, so 503 (retry), not 500."""
        app.logger.warning("database unavailable: %s", exc.orig or exc)
        response = make_response(error_response(503, _("The database cannot be reached just now. What you "
                                                       "saved before is kept; try again in a moment.")))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(StoreUnavailable)
    def _store_unavailable(exc: StoreUnavailable) -> Response:
        """Redis (sessions, launch state) unreachable: 503 with Retry-After, like the database."""
        app.logger.warning("shared store unavailable: %s", exc)
        response = make_response(error_response(503, _store_text()))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Any, int]:
        app.logger.exception("unhandled error")
        return error_response(500, _("Something went wrong on our side. Your answers are saved; "
                                     "try again in a moment."))
