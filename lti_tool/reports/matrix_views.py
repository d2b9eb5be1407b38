"""The role matrix as a form with a preview: fill in the rows, see who the change affects per unit, confirm
to save a new version; and roll back to an earlier version. The YAML text and upload stay on
``reports.matrix`` (``views.py``) for bulk changes."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.role_matrix import MatrixError

from ..permissions import Permission, require
from ..proposals import hold_proposal, take_proposal
from ..request import current_name
from . import matrix_edit, operations
from .matrix_form import form_of, parse_form
from .views import bp


@bp.route("/matrix/edit", methods=["GET", "POST"])
@require(Permission.MANAGE_ROLE_MATRIX)
def matrix_edit_form() -> ResponseReturnValue:
    """GET: the form filled with the newest version. POST: check the form; with no problems, show who the
    change affects and offer to save it (the proposal waits in the store under a token)."""
    ctx = matrix_edit.edit_context(session["platform_id"])
    if request.method == "GET":
        form = form_of(ctx.base)
        return render_template("reports/matrix_edit.html", form=form, vocab=ctx.vocab, problems=[], change=None)
    form = parse_form(request.form, ctx.vocab, ctx.base, ctx.next_version)
    problems: list[object] = []
    change = current = None
    token = ""
    if form.content is not None:
        try:
            change, current = matrix_edit.preview(session["platform_id"], form.content, dt.date.today())
        except MatrixError as exc:
            problems = list(exc.problems)
        else:
            token = hold_proposal("matrix", form.content)
    failed = bool(form.errors or problems)
    return render_template("reports/matrix_edit.html", form=form, vocab=ctx.vocab, problems=problems,
                           change=change, current=current, token=token,
                           effective=form.values.get("effective_from", "")), 400 if failed else 200


@bp.post("/matrix/save")
@require(Permission.MANAGE_ROLE_MATRIX)
def matrix_save() -> ResponseReturnValue:
    """Save the proposal the preview showed, as a new version."""
    content = take_proposal("matrix", request.form.get("token", ""))
    row = operations.save_matrix(content, current_name())
    flash(_("Saved as role matrix version %(v)d.", v=row.version) if row else _("Nothing changed."))
    return redirect(url_for(".matrix"), code=303)


@bp.post("/matrix/versions/<int:version>/rollback")
@require(Permission.MANAGE_ROLE_MATRIX)
def matrix_rollback(version: int) -> ResponseReturnValue:
    """A new version with the rules of an earlier one (audit-logged)."""
    row = matrix_edit.rollback(version, current_name(), dt.date.today())
    flash(_("Rolled back: version %(v)d has the rules of version %(old)d.", v=row.version, old=version) if row
          else _("Nothing changed: the newest version already has these rules."))
    return redirect(url_for(".matrix"), code=303)
