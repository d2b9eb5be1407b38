"""What is pending or failed in the outboxes, and retrying it — per platform (tenant)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db.models import ScoreOutbox, Statement, utcnow
from ..db.outboxes import outbox_summary, requeue_failed
from ..outbox import send_scores, send_statements
from ..permissions import Permission, require
from ..request import pull_sid
from ..services import services
from .queries import undelivered

bp = Blueprint("admin", __name__, url_prefix="/s/<sid>/admin")
bp.url_value_preprocessor(pull_sid)


@bp.get("/outbox")
@require(Permission.VIEW_OUTBOX)
def outbox() -> ResponseReturnValue:
    svc = services()
    platform_id = session["platform_id"]
    with svc.db.session() as db:
        statements = outbox_summary(db, Statement, platform_id)
        scores = outbox_summary(db, ScoreOutbox, platform_id)
        failed_scores = undelivered(db, ScoreOutbox, platform_id)
        failed_statements = undelivered(db, Statement, platform_id)
    return render_template("admin/outbox.html", statements=statements, scores=scores,
                           failed_scores=failed_scores, failed_statements=failed_statements,
                           lrs_configured=bool(svc.settings.lrs_endpoint))


@bp.post("/outbox/retry")
@require(Permission.RETRY_OUTBOX)
def retry() -> ResponseReturnValue:
    svc = services()
    platform_id = session["platform_id"]
    now = utcnow()
    with svc.db.transaction() as db:
        requeued = requeue_failed(db, Statement, now, platform_id) + requeue_failed(db, ScoreOutbox, now, platform_id)
    statements = send_statements(svc.db, svc.settings, now)
    scores = send_scores(svc.db, svc.settings, now)
    flash(_("%(r)d failed items queued again; sent now: %(s)d statements, %(g)d grades.",
            r=requeued, s=statements.sent, g=scores.sent))
    return redirect(url_for(".outbox"), code=303)
