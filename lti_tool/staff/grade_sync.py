"""Grade sync control for L&D (routes on the staff blueprint): per placed exam of the course, what
the tool holds and sent for every learner against what the gradebook holds now, and the actions
resend, recreate the column, stop syncing after a date (and lift the stop).

Every action is a CSRF-protected POST, audit-logged, and goes through the score outbox.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assessments.text import localize

from ..audit import record
from ..db.models import Context, Platform, ResourceLink, utcnow
from ..errors import NotFound, UserError
from ..grade_sync import compare, learner_grades, queue_resend, read_gradebook, set_stop, use_lineitem
from ..lti import ags
from ..lti.keys import signing_key
from ..lti.services import PlatformServices, ServiceError
from ..outbox import ScoreReport, send_scores
from ..permissions import Permission, require
from ..services import services
from .views import bp

#: what each comparison state means, in words (the page never relies on colour alone)
STATE = {
    "match": _l("matches"),
    "differs": _l("the gradebook holds another grade (edited by hand?)"),
    "not_in_gradebook": _l("not in the gradebook"),
    "only_in_gradebook": _l("in the gradebook, but the tool holds no grade"),
    "column_missing": _l("the column was deleted in the LMS"),
    "held": _l("not sent: syncing stopped"),
    "queued": _l("queued, not sent yet"),
    "unknown": _l("gradebook could not be read"),
    "none": _l("no grade yet"),
}
ROW_STATUS = {"pending": _l("queued"), "sent": _l("sent"), "failed": _l("failed"), "held": _l("held back"),
              "superseded": _l("replaced")}


def _form_int(name: str) -> int | None:
    value = (request.form.get(name) if request.method == "POST" else request.args.get(name)) or ""
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise NotFound(_("There is no such placed exam or learner here."))
    return int(value)


def _link(db: Session) -> ResourceLink:
    """The placed exam asked for (``link``; default the session's), if it belongs to the launch's course."""
    pk = _form_int("link") or session.get("link_pk") or 0
    link = db.get(ResourceLink, pk)
    own = session.get("context_pk")
    if (link is None or link.platform_id != session["platform_id"]
            or (link.context_pk != own if own else link.id != session.get("link_pk"))):
        raise NotFound(_("Open this page from an exam placed in your course."))
    return link


def _back(link_pk: int) -> ResponseReturnValue:
    return redirect(url_for("staff.grades", link=link_pk), code=303)


def _report(report: ScoreReport) -> None:
    flash(_("Sent now: %(s)d, failed: %(f)d, held back (syncing stopped): %(h)d.",
            s=report.sent, f=report.failed, h=report.held))
    for error in report.errors[:3]:
        flash(error)


@bp.get("/grades")
@require(Permission.MANAGE_GRADE_SYNC)
def grades() -> ResponseReturnValue:
    svc = services()
    with svc.db.transaction() as db:
        link = _link(db)
        platform = db.get(Platform, link.platform_id)
        context = db.get(Context, link.context_pk) if link.context_pk else None
        blueprint = svc.catalogue.blueprint(db, link.exam_key)
        siblings = list(db.scalars(select(ResourceLink).where(ResourceLink.context_pk == link.context_pk)
                                   .order_by(ResourceLink.id))) if link.context_pk else [link]
        lines = learner_grades(db, link)
        key = signing_key(db)
        assert platform is not None
        db.expunge_all()
    gradebook = read_gradebook(platform, key, svc.settings, link.lineitem_url)
    lines = compare(lines, gradebook)
    return render_template(
        "staff/grade_sync.html", link=link, context=context, blueprint=blueprint, siblings=siblings,
        lines=lines, gradebook=gradebook, states=STATE, row_status=ROW_STATUS,
        mismatches=sum(1 for line in lines if line.mismatch), request_key=secrets.token_urlsafe(16),
        today=utcnow().date(), localize=localize, locale=session.get("locale", "nl"))


@bp.post("/grades/resend")
@require(Permission.MANAGE_GRADE_SYNC)
def resend() -> ResponseReturnValue:
    """Queue one learner's grade (``person``) or all grades again, and send them now."""
    svc = services()
    request_key = request.form.get("request_key", "")
    if not 8 <= len(request_key) <= 64 or not request_key.replace("-", "").replace("_", "").isalnum():
        raise UserError(_("This form is out of date. Open the grade sync page again."), 400)
    person = _form_int("person")
    now = utcnow()
    link_pk = 0
    try:
        with svc.db.transaction() as db:
            link = _link(db)
            link_pk, title = link.id, link.title or link.exam_key
            ids, repeated = queue_resend(db, link, [person] if person else None, request_key, now)
            if ids:
                record(db, "grades.resent", title, after={"link_pk": link.id, "person_id": person,
                                                          "scores": len(ids), "request_key": request_key})
    except IntegrityError:  # the same form posted twice at the same moment: the other post queued it
        ids, repeated = [], 1
    if not ids:
        flash(_("Nothing queued: this request was already handled.") if repeated
              else _("There is no grade to send."))
        return _back(link_pk)
    _report(send_scores(svc.db, svc.settings, now, ids=ids))
    return _back(link_pk)


@bp.post("/grades/recreate")
@require(Permission.MANAGE_GRADE_SYNC)
def recreate() -> ResponseReturnValue:
    """Create the column again when the LMS no longer has it, and send every grade to it."""
    svc = services()
    with svc.db.transaction() as db:
        link = _link(db)
        platform = db.get(Platform, link.platform_id)
        context = db.get(Context, link.context_pk) if link.context_pk else None
        blueprint = svc.catalogue.blueprint(db, link.exam_key)
        label = link.title or localize(blueprint.title, session.get("locale", "nl"))
        key = signing_key(db)
        assert platform is not None
        db.expunge_all()
    if context is None or not context.lineitems_url:
        raise UserError(_("The LMS gave no gradebook service for this course; the column cannot be created "
                          "from here."), 409)
    try:
        with PlatformServices(platform, key, svc.settings) as client:
            if link.lineitem_url and ags.lineitem(client, link.lineitem_url) is not None:
                flash(_("The gradebook column still exists in the LMS; nothing was created."))
                return _back(link.id)
            new_url = ags.create_lineitem(client, context.lineitems_url, link.resource_link_id, label,
                                          float(blueprint.item_count), link.exam_key, tag="ai-diploma")
    except (ServiceError, ValueError, KeyError, TypeError) as exc:  # refused, or an answer that is not AGS JSON
        flash(_("The LMS did not create the column: %(e)s", e=str(exc)))
        return _back(link.id)
    now = utcnow()
    with svc.db.transaction() as db:
        stored = db.get(ResourceLink, link.id)
        assert stored is not None
        old = use_lineitem(db, stored, new_url)
        ids, _repeated = queue_resend(db, stored, None, "column-" + hashlib.sha256(new_url.encode()).hexdigest()[:40],
                                      now)
        record(db, "grade_column.recreated", label, before={"lineitem_url": old},
               after={"lineitem_url": new_url, "link_pk": stored.id, "scores": len(ids)})
    flash(_("The gradebook column was created again; %(n)d grades queued for it.", n=len(ids)))
    if ids:
        _report(send_scores(svc.db, svc.settings, now, ids=ids))
    return _back(link.id)


def _stop_date() -> dt.date:
    raw = request.form.get("stop_after", "").strip()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UserError(_("Give the date as year-month-day, for example 2026-12-31."), 400) from None


def _change_stop(stop_after: dt.date | None) -> ResponseReturnValue:
    svc = services()
    now = utcnow()
    with svc.db.transaction() as db:
        link = _link(db)
        before = link.sync_stop_after
        released = set_stop(db, link, stop_after, now)
        link_pk = link.id
        record(db, "grade_sync.stopped" if stop_after else "grade_sync.resumed", link.title or link.exam_key,
               before={"sync_stop_after": before.isoformat() if before else None},
               after={"sync_stop_after": stop_after.isoformat() if stop_after else None, "link_pk": link.id,
                      "released": len(released)})
    if stop_after:
        flash(_("Grades of attempts submitted after %(d)s are no longer sent.", d=stop_after.isoformat()))
    else:
        flash(_("Syncing resumed: every grade is sent again."))
    if released:
        _report(send_scores(svc.db, svc.settings, now, ids=released))
    return _back(link_pk)


@bp.post("/grades/stop")
@require(Permission.MANAGE_GRADE_SYNC)
def stop() -> ResponseReturnValue:
    return _change_stop(_stop_date())


@bp.post("/grades/resume")
@require(Permission.MANAGE_GRADE_SYNC)
def resume() -> ResponseReturnValue:
    return _change_stop(None)
