"""Course staff: place an exam (deep linking), see a placed exam's participants, sync the roster."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from assessments.blueprints import shortfalls
from assessments.text import localize

from ..db.models import Attempt, Context, Platform, ResourceLink, ScoreOutbox
from ..db.repositories import context_members, current_items, outbox_summary
from ..delivery.views import pull_sid
from ..errors import NotFound, UserError
from ..lti.deep_linking import exam_content_item, response_jwt
from ..lti.keys import signing_key
from ..lti.roster import fetch_roster, store_roster
from ..permissions import Permission, require
from ..services import services

bp = Blueprint("staff", __name__, url_prefix="/s/<sid>/staff")
bp.url_value_preprocessor(pull_sid)


@bp.route("/deep-link", methods=["GET", "POST"])
@require(Permission.PLACE_EXAM)
def deep_link() -> ResponseReturnValue:
    svc = services()
    request_info = session.get("deep_link")
    if not request_info:
        raise UserError(_("This page belongs to an \"add activity\" launch. Start it again from the LMS."), 400)
    locale = session.get("locale", "nl")
    with svc.db.transaction() as db:
        exams = [(b, shortfalls(b, current_items(db, b.level))) for b in svc.catalogue.blueprints(db)]
        if request.method == "GET":
            return render_template("staff/deep_link.html", exams=exams, localize=localize, locale=locale,
                                   model=svc.catalogue.model(db))
        key = request.form.get("exam", "")
        chosen = next((b for b, missing in exams if b.key == key and not missing), None)
        if chosen is None:
            raise UserError(_("Choose one of the exams that can be delivered."), 400)
        platform = db.get(Platform, session["platform_id"])
        assert platform is not None
        item = exam_content_item(chosen, svc.settings.base_url + "/lti/launch", locale)
        token = response_jwt(platform, request_info["deployment_id"], request_info["settings"], [item],
                             signing_key(db))
    session.pop("deep_link", None)
    return render_template("staff/deep_link_return.html", action=request_info["settings"]["deep_link_return_url"],
                           jwt=token)


def _link(db) -> ResourceLink:  # type: ignore[no-untyped-def]
    link = db.get(ResourceLink, session.get("link_pk") or 0)
    if link is None or link.platform_id != session["platform_id"]:
        raise NotFound(_("Open this page from an exam placed in your course."))
    return link


@bp.get("/link")
@require(Permission.VIEW_COURSE)
def link() -> ResponseReturnValue:
    svc = services()
    with svc.db.transaction() as db:
        link = _link(db)
        blueprint = svc.catalogue.blueprint(db, link.exam_key)
        context = db.get(Context, link.context_pk) if link.context_pk else None
        members = context_members(db, context.id) if context else []
        attempts = {}
        for attempt in db.scalars(select(Attempt).where(Attempt.resource_link_pk == link.id)
                                  .order_by(Attempt.started_at)):
            attempts[attempt.person_id] = attempt
        scores = outbox_summary(db, ScoreOutbox, session["platform_id"])
        return render_template("staff/link.html", link=link, blueprint=blueprint, context=context,
                               members=members, attempts=attempts, scores=scores, localize=localize,
                               locale=session.get("locale", "nl"))


@bp.post("/roster")
@require(Permission.SYNC_ROSTER)
def roster() -> ResponseReturnValue:
    svc = services()
    with svc.db.transaction() as db:
        context = db.get(Context, session.get("context_pk") or 0)
        platform = db.get(Platform, session["platform_id"])
        if context is None or platform is None or context.platform_id != platform.id:
            raise NotFound(_("Open this page from a course."))
        key = signing_key(db)
        db.expunge(platform)
        db.expunge(context)
    members = fetch_roster(platform, context, key, svc.settings)
    with svc.db.transaction() as db:
        report = store_roster(db, db.merge(context), members)
    flash(_("Roster synchronised: %(n)d members, %(a)d active.", n=report.members, a=report.active))
    return redirect(url_for(".link"), code=303)
