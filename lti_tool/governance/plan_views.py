"""The rollout plan as a form with a preview: fill in the phases, see how many people each phase takes in,
confirm to save a new version; the versions, with rolling back to one. The YAML text and upload stay on
``governance.rollout`` for bulk changes."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.rollout import DIMENSIONS, SCENARIOS, PlanError
from assessments.text import localize

from ..permissions import Permission, require
from ..proposals import hold_proposal, take_proposal
from ..request import current_name, locale
from . import handlers, plan_edit
from .plan_form import form_of, parse_form
from .plan_message_form import message_form_context
from .views import bp


@bp.route("/rollout/edit", methods=["GET", "POST"])
@require(Permission.MANAGE_ROLLOUT)
def plan_edit_form() -> ResponseReturnValue:
    """GET: the form filled with the plan in use. POST: check it; with no problems, show per phase how many
    people it takes in and offer to save it (the proposal waits in the store under a token)."""
    base, vocab, versions = plan_edit.edit_context(session["platform_id"])
    form = form_of(base, vocab.levels) if request.method == "GET" else parse_form(request.form, vocab)
    problems: list[object] = []
    counts = None
    token = ""
    if form.content is not None:
        try:
            counts = plan_edit.preview(session["platform_id"], form.content, dt.date.today())
        except PlanError as exc:
            problems = list(exc.problems)
        else:
            token = hold_proposal("plan", form.content)
    failed = bool(form.errors or problems)
    return render_template("governance/rollout_edit.html", form=form, vocab=vocab, problems=problems,
                           counts=counts, token=token, versions=versions, scenarios=SCENARIOS,
                           dimensions=DIMENSIONS, localize=localize, lang=locale(),
                           **message_form_context()), 400 if failed else 200


@bp.post("/rollout/save")
@require(Permission.MANAGE_ROLLOUT)
def plan_save() -> ResponseReturnValue:
    content = take_proposal("plan", request.form.get("token", ""))
    row = handlers.save_plan(session["platform_id"], content, current_name())
    flash(_("Saved as rollout plan version %(v)d.", v=row.version) if row else _("Nothing changed."))
    return redirect(url_for(".plan_edit_form"), code=303)


@bp.post("/rollout/versions/<int:version>/rollback")
@require(Permission.MANAGE_ROLLOUT)
def plan_rollback(version: int) -> ResponseReturnValue:
    row = plan_edit.rollback(session["platform_id"], version, current_name())
    flash(_("Rolled back: version %(v)d has the content of version %(old)d.", v=row.version, old=version) if row
          else _("Nothing changed: the plan in use already has this content."))
    return redirect(url_for(".plan_edit_form"), code=303)
