"""Grade sync control for L&D (routes on the staff blueprint): per placed exam of the course, what
the tool holds and sent for every learner against what the gradebook holds now, and the actions
resend, recreate the column, stop syncing after a date (and lift the stop).

Every action is a CSRF-protected POST, audit-logged, and goes through the score outbox.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessments.text import localize

from ..db.models import utcnow
from ..errors import NotFound, UserError
from ..grade_sync import compare, read_gradebook
from ..lti import ags
from ..lti.services import PlatformServices, ServiceError
from ..outbox import ScoreReport, send_scores
from ..permissions import Permission, require
from ..request import locale
from ..services import services
from . import handlers
from .handlers import LinkRef
from .views import bp

#: what each comparison state means, in words (the page never relies on colour alone)
STATE = {
    "match": _l("matches"),
    "differs": _l("the gradebook holds another grade (edited by hand?)"),
    "outdated": _l("the gradebook holds what the tool sent earlier; another grade is due now (resend it)"),
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


def _ref() -> LinkRef:
    """The placed exam asked for (``link``; default the session's) and what the launch allows."""
    return LinkRef(_form_int("link") or session.get("link_pk") or 0, session["platform_id"],
                   session.get("context_pk"), session.get("link_pk"))


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
    read = handlers.grade_sync_input(_ref())
    link = read.link
    gradebook = read_gradebook(read.platform, read.key, services().settings, link.lineitem_url)
    lines = compare(read.lines, gradebook)
    return render_template(
        "staff/grade_sync.html", link=link, context=read.context, blueprint=read.blueprint, siblings=read.siblings,
        lines=lines, gradebook=gradebook, states=STATE, row_status=ROW_STATUS,
        mismatches=sum(1 for line in lines if line.mismatch), request_key=secrets.token_urlsafe(16),
        today=utcnow().date(), localize=localize, locale=locale())


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
    link_pk, ids, repeated = handlers.queue_grades(_ref(), person, request_key, now)
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
    read = handlers.column_input(_ref(), locale())
    link, platform, context, blueprint, label, key = (read.link, read.platform, read.context, read.blueprint,
                                                      read.label, read.key)
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
    ids = handlers.use_new_column(link.id, new_url, label, now)
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
    link_pk, released = handlers.change_stop(_ref(), stop_after, now)
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
