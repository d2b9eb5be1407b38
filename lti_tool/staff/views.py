"""Course staff: place an exam (deep linking), see a placed exam's participants, sync the roster."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.text import localize

from ..errors import UserError
from ..permissions import Permission, require
from ..request import locale, pull_sid
from . import handlers

bp = Blueprint("staff", __name__, url_prefix="/s/<sid>/staff")
bp.url_value_preprocessor(pull_sid)


@bp.route("/deep-link", methods=["GET", "POST"])
@require(Permission.PLACE_EXAM)
def deep_link() -> ResponseReturnValue:
    request_info = session.get("deep_link")
    if not request_info:
        raise UserError(_("This page belongs to an \"add activity\" launch. Start it again from the LMS."), 400)
    lang = locale()
    if request.method == "GET":
        exams, model = handlers.placeable_exams()
        return render_template("staff/deep_link.html", exams=exams, localize=localize, locale=lang, model=model)
    token = handlers.deep_link_response(session["platform_id"], request.form.get("exam", ""), request_info, lang)
    session.pop("deep_link", None)
    return render_template("staff/deep_link_return.html", action=request_info["settings"]["deep_link_return_url"],
                           jwt=token)


@bp.get("/link")
@require(Permission.VIEW_COURSE)
def link() -> ResponseReturnValue:
    page = handlers.link_page(session["platform_id"], session.get("link_pk"))
    return render_template("staff/link.html", link=page.link, blueprint=page.blueprint, context=page.context,
                           members=page.members, attempts=page.attempts, scores=page.scores, localize=localize,
                           locale=locale())


@bp.post("/roster")
@require(Permission.SYNC_ROSTER)
def roster() -> ResponseReturnValue:
    report = handlers.sync_roster(session["platform_id"], session.get("context_pk"))
    flash(_("Roster synchronised: %(n)d members, %(a)d active.", n=report.members, a=report.active))
    return redirect(url_for(".link"), code=303)
