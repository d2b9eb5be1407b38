"""Standard-setting pages: L&D opens a round, invites the panel, reads the results and adopts the cut;
a panel member rates the items of their rounds and answers the Hofstee questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_percent
from flask_babel import gettext as _

from assessments.standard_setting import DISAGREEMENT_SD, MIN_PANEL
from assessments.text import localize

from ..authoring.operations import Actor
from ..errors import COMMENT_MAX, UserError, rule_message
from ..labels import HOFSTEE_OUTCOME
from ..permissions import Permission, require
from ..request import current_name, locale, pull_sid
from . import handlers
from .chart import hofstee_svg
from .forms import read_sheet, typed

bp = Blueprint("standards", __name__, url_prefix="/s/<sid>/standards")
bp.url_value_preprocessor(pull_sid)


def _actor() -> Actor:
    principal = g.principal
    return Actor(principal.person_id, principal.name, frozenset(principal.roles), principal.home)


def _closing_date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(_("Give the closing date as a date (YYYY-MM-DD)."), 400) from None
    if day < dt.date.today():
        raise UserError(_("The closing date cannot be in the past."), 400)
    return day


# --- L&D -----------------------------------------------------------------------------------


@bp.route("/rounds", methods=["GET", "POST"])
@require(Permission.MANAGE_STANDARD_SETTING)
def rounds() -> ResponseReturnValue:
    platform_id = session["platform_id"]
    if request.method == "POST":
        closes_on = _closing_date(request.form.get("closes_on", ""))
        row = handlers.open_round(platform_id, request.form.get("exam", ""), closes_on, current_name())
        flash(_("Round opened: invite the panel members now."))
        return redirect(url_for(".round_page", round_id=row.id), code=303)
    found, exams = handlers.overview(platform_id)
    return render_template("standards/rounds.html", rounds=found, exams=exams, localize=localize, lang=locale(),
                           default_close=(dt.date.today() + dt.timedelta(days=14)).isoformat())


def _description(found: handlers.RoundResults) -> str:
    parts = [_("Observed fail rates from %(n)d finished attempts.", n=found.attempts)]
    if found.hofstee is not None:
        b = found.hofstee.bounds
        parts.append(_("Acceptable pass mark %(a)s to %(b)s, acceptable fail rate %(c)s to %(d)s.",
                       a=format_percent(b.min_cut), b=format_percent(b.max_cut), c=format_percent(b.min_fail),
                       d=format_percent(b.max_fail)))
        parts.append(_("Hofstee cut: %(cut)s.", cut=format_percent(found.hofstee.cut) if found.hofstee.cut is not None
                       else str(HOFSTEE_OUTCOME[found.hofstee.outcome])))
    if found.angoff is not None:
        parts.append(_("Angoff cut: %(cut)s.", cut=format_percent(found.angoff.cut, "#,##0.0%")))
    return " ".join(parts)


def _chart(found: handlers.RoundResults) -> str:
    labels = {"title": _("Hofstee compromise"), "x": _("Pass mark"), "y": _("Fail rate"),
              "curve": _("observed fail rate"), "line": _("compromise line"), "angoff": _("Angoff cut")}
    cut = found.angoff.cut if found.angoff else None
    return hofstee_svg(found.curve, found.attempts, found.hofstee, cut, labels, _description(found))


@bp.get("/rounds/<int:round_id>")
@require(Permission.MANAGE_STANDARD_SETTING)
def round_page(round_id: int) -> ResponseReturnValue:
    found = handlers.results(session["platform_id"], round_id)
    return render_template("standards/round.html", r=found, chart=_chart(found), min_panel=MIN_PANEL,
                           disagreement=DISAGREEMENT_SD, localize=localize, lang=locale())


@bp.post("/rounds/<int:round_id>/invite")
@require(Permission.MANAGE_STANDARD_SETTING)
def invite(round_id: int) -> ResponseReturnValue:
    name, added = handlers.invite(session["platform_id"], round_id, request.form.get("person", ""), current_name())
    flash(_("%(name)s is on the panel.", name=name) if added else _("%(name)s was already on the panel.", name=name))
    return redirect(url_for(".round_page", round_id=round_id), code=303)


@bp.post("/rounds/<int:round_id>/close")
@require(Permission.MANAGE_STANDARD_SETTING)
def close(round_id: int) -> ResponseReturnValue:
    handlers.close_round(session["platform_id"], round_id)
    flash(_("The round is closed: the ratings no longer change."))
    return redirect(url_for(".round_page", round_id=round_id), code=303)


@bp.post("/rounds/<int:round_id>/adopt")
@require(Permission.MANAGE_STANDARD_SETTING)
def adopt(round_id: int) -> ResponseReturnValue:
    version = handlers.adopt(session["platform_id"], round_id, request.form.get("reason", ""), _actor())
    flash(_("The cut is saved as version %(v)d of the exam (draft); another L&D member approves it.",
            v=version.version))
    return redirect(url_for(".round_page", round_id=round_id), code=303)


# --- the panel member ----------------------------------------------------------------------


@bp.get("/panel")
@require(Permission.RATE_ITEMS)
def panel() -> ResponseReturnValue:
    found = handlers.my_rounds(session["platform_id"], session["person_id"])
    return render_template("standards/panel.html", rounds=found)


def _render_sheet(sheet: handlers.RatingSheet, form: dict[str, Any], problems: list[str], status: int
                  ) -> ResponseReturnValue:
    return render_template("standards/rate.html", sheet=sheet, form=form, problems=problems, localize=localize,
                           lang=locale(), closed=rule_message(sheet.closed) if sheet.closed else None), status


@bp.route("/panel/<int:round_id>", methods=["GET", "POST"])
@require(Permission.RATE_ITEMS)
def rate(round_id: int) -> ResponseReturnValue:
    platform_id, person_id = session["platform_id"], session["person_id"]
    today = dt.date.today()
    sheet = handlers.rating_sheet(platform_id, person_id, round_id, today)
    if request.method == "GET":
        return _render_sheet(sheet, {}, [], 200)
    if sheet.closed is not None:
        raise sheet.closed  # 409, worded by the error handler
    entered = read_sheet(request.form, sheet.item_keys)
    if entered.wrong:
        return _render_sheet(sheet, typed(request.form), [_(
            "Give each rating and each Hofstee answer as a percentage from 0 to 100 (%(n)d fields are not).",
            n=len(entered.wrong))], 400)
    if long := [k for k, text in entered.comments.items() if len(text) > COMMENT_MAX]:
        return _render_sheet(sheet, typed(request.form), [_(
            "Shorten the comments on %(keys)s to %(max)d characters or fewer.", keys=", ".join(long),
            max=COMMENT_MAX)], 400)
    submit = request.form.get("action") == "submit"
    refused = handlers.save_ratings(platform_id, person_id, round_id, entered.ratings, entered.comments,
                                    entered.hofstee, submit, today)
    if refused is not None:
        return _render_sheet(handlers.rating_sheet(platform_id, person_id, round_id, today), typed(request.form),
                             [rule_message(refused)], 400)
    flash(_("Your ratings are submitted. Thank you.") if submit else _("Your ratings are saved."))
    return redirect(url_for(".rate", round_id=round_id), code=303)
