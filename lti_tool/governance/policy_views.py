"""A policy version as a form with a preview: fill in the policy and its clauses, see which clauses change and
which questions would be flagged for review, confirm to save a new version; the policy's versions, with
rolling back to one. A new policy can be started here too. The YAML text and upload stay on
``governance.policies`` for bulk changes."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.policies import PolicyError
from assessments.text import localize

from ..errors import NotFound, UserError
from ..permissions import Permission, require
from ..proposals import hold_proposal, take_proposal
from ..request import current_name, locale
from . import handlers, policy_edit
from .policy_form import KEY_MAX, LIMITS, form_of, parse_form
from .views import bp


@bp.route("/policies/edit", methods=["GET", "POST"])
@require(Permission.MANAGE_POLICIES)
def policy_edit_form() -> ResponseReturnValue:
    """GET: the form filled with the newest version of ``?policy=`` (empty without: a new policy). POST: check
    it; with no problems, show what the new version changes and offer to save it (the proposal waits in the
    store under a token)."""
    source = request.form if request.method == "POST" else request.args
    policy_key = (source.get("base") if request.method == "POST" else source.get("policy")) or ""
    policy_key = policy_key.strip()[:KEY_MAX + 1]
    if request.method == "GET":
        ctx = policy_edit.edit_context(policy_key or None)
        form = form_of(ctx.base, ctx.vocab, dt.date.today())
    else:  # a policy that is not (or no longer) in the register is worded at the key field
        try:
            ctx = policy_edit.edit_context(policy_key or None)
        except NotFound:
            ctx = policy_edit.edit_context(None)
        form = parse_form(request.form, ctx.vocab)
    problems: list[object] = []
    change = None
    token = ""
    if form.content is not None:
        try:
            change = policy_edit.preview(form.content)
        except PolicyError as exc:
            problems = list(exc.problems)
        else:
            token = hold_proposal("policy", form.content)
    failed = bool(form.errors or problems)
    return render_template("governance/policy_edit.html", form=form, ctx=ctx, problems=problems, change=change,
                           token=token, limits=LIMITS, localize=localize, lang=locale()), 400 if failed else 200


@bp.post("/policies/save")
@require(Permission.MANAGE_POLICIES)
def policy_save() -> ResponseReturnValue:
    """Save the proposal the preview showed, as a new version (once: the token is used up)."""
    content = take_proposal("policy", request.form.get("token", ""))
    try:
        row, changes, flagged = handlers.save_policy(content, current_name())
    except PolicyError:
        raise UserError(_("Meanwhile another version with this number was saved. Fill in the form again."),
                        409) from None
    flash(_("Saved %(policy)s version %(version)s: %(changes)d clauses changed, %(items)d questions "
            "flagged for review.", policy=row.policy_key, version=row.version, changes=len(changes), items=flagged))
    return redirect(url_for(".policy_version", version_id=row.id), code=303)


@bp.post("/policies/versions/<int:version_id>/rollback")
@require(Permission.MANAGE_POLICIES)
def policy_rollback(version_id: int) -> ResponseReturnValue:
    """A new version with the content of an earlier one (audit-logged as ``policy.rolled_back``)."""
    done = policy_edit.rollback(version_id, current_name(), dt.date.today())
    if done is None:
        flash(_("Nothing changed: the newest version already has this content."))
        return redirect(url_for(".policies"), code=303)
    row, changes, flagged = done
    flash(_("Rolled back: version %(version)s of %(policy)s has the content of an earlier version; %(changes)d "
            "clauses changed, %(items)d questions flagged for review.", version=row.version,
            policy=row.policy_key, changes=len(changes), items=flagged))
    return redirect(url_for(".policy_edit_form", policy=row.policy_key), code=303)
