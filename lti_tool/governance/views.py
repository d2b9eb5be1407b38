"""Governance pages: role grants, rollout plan and progress, policy register and clause coverage,
recertification decisions, and the flags L&D resolves. Who may do what is in ``permissions``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from assessments.policies import PolicyError, clause_coverage, parse_policy, unknown_references
from assessments.role_matrix import matrix_as_of
from assessments.rollout import PlanError, phase_members, progress
from assessments.text import localize

from ..db.models import PolicyVersion as PolicyRow
from ..errors import UserError
from ..labels import role_label
from ..permissions import (
    GRANTABLE,
    ROLE_PERMISSIONS,
    Permission,
    Role,
    Scope,
    current_roles,
    has,
    require,
    require_to_change,
)
from ..reports.data import ReportInput
from ..reports.params import choice_arg, id_arg, page_arg, text_arg
from ..reports.published import calendar, choose_day, phase_progress
from ..reports.scope import as_of, scope
from ..request import current_name, locale, pull_sid
from . import flag_list, handlers, pages
from . import operations as ops

bp = Blueprint("governance", __name__, url_prefix="/s/<sid>/governance")
bp.url_value_preprocessor(pull_sid)

MAX_UPLOAD = 1024 * 1024


def _yaml_from_request(field: str) -> Any:
    upload = request.files.get("file")
    text = upload.read(MAX_UPLOAD).decode("utf-8-sig", "replace") if upload and upload.filename else \
        request.form.get(field, "")
    try:
        return yaml.safe_load(text), text
    except yaml.YAMLError as exc:
        raise UserError(_("The text is not valid YAML: %(error)s", error=str(exc)), 400) from None


# --- role grants -------------------------------------------------------------------------------


@bp.route("/roles", methods=["GET", "POST"])
@require(Permission.MANAGE_ROLES)
def roles() -> ResponseReturnValue:
    platform_id = session["platform_id"]
    if request.method == "POST":
        try:
            role = Role(request.form.get("role", ""))
        except ValueError:
            raise UserError(_("Choose one of the offered roles."), 400) from None
        if role not in GRANTABLE:
            raise UserError(_("Choose one of the offered roles."), 400)
        try:
            name, added = handlers.grant(platform_id, request.form.get("person", ""), role, current_name())
        except UserError as exc:  # who was meant is unclear: the form again, as typed, the problem at the field
            return _roles_page(platform_id, form=request.form, errors={"person": exc.message}), exc.status
        flash(_("%(name)s now has the role %(role)s.", name=name, role=role_label(role.value)) if added
              else _("%(name)s already had that role.", name=name))
        return redirect(url_for(".roles"), code=303)
    return _roles_page(platform_id)


def _roles_page(platform_id: int, form: Any = None, errors: dict[str, str] | None = None) -> str:
    table = {role: sorted(p.value for p in ROLE_PERMISSIONS[role]) for role in Role}
    return render_template("governance/roles.html", grants=pages.grants(platform_id), roles=GRANTABLE, table=table,
                           permissions=sorted(p.value for p in Permission), form=form or {}, errors=errors or {})


@bp.post("/roles/<int:grant_id>/revoke")
@require(Permission.MANAGE_ROLES)
def revoke_grant(grant_id: int) -> ResponseReturnValue:
    handlers.revoke_grant(session["platform_id"], grant_id)
    flash(_("The role was taken away. The person's open sessions end at once."))
    return redirect(url_for(".roles"), code=303)


# --- rollout -----------------------------------------------------------------------------------


@bp.route("/rollout", methods=["GET", "POST"])
@require(Permission.VIEW_ROLLOUT)
@require_to_change(Permission.MANAGE_ROLLOUT)
def rollout() -> ResponseReturnValue:
    platform_id = session["platform_id"]
    errors: list[str] = []
    text = ""
    if request.method == "POST":
        content, text = _yaml_from_request("plan")
        try:
            saved = handlers.save_plan(platform_id, content, current_name())
        except PlanError as exc:
            errors = exc.problems
        else:
            flash(_("Saved as rollout plan version %(v)d.", v=saved.version) if saved else _("Nothing changed."))
            return redirect(url_for(".rollout"), code=303)
    return _rollout_page(errors=errors, text=text), 400 if errors else 200


def _rollout_page(errors: Sequence[Any] = (), text: str = "", remark_form: Mapping[str, Any] | None = None,
                  remark_error: str = "") -> str:
    """The rollout page; ``remark_form``/``remark_error``: a remark that was refused, kept as typed."""
    platform_id = session["platform_id"]
    kind, min_n = scope("governance.rollout")
    read = pages.rollout_input(platform_id, kind, session["person_id"])
    row, plan, data, remarks = read.row, read.plan, read.data, read.remarks
    ranks = data.level_ranks
    day, notice, ends = _rollout_day(kind, data)
    rows: list[Any] = []
    masked: dict[str, Any] = {}
    pilot_summary = None
    if plan.phases:
        rows = progress(plan, data.people, data.matrices, data.held, day, ranks)
        if kind is Scope.AGGREGATE:
            masked = phase_progress(plan, data, ends, day, rows, min_n)
        if plan.pilot is not None and has(Permission.VIEW_FEEDBACK):
            matrix = matrix_as_of(data.matrices, day) if data.matrices else None
            members = [p.id for p, _t in phase_members(plan.pilot, data.people, matrix, day, ranks)]
            pilot_summary = pages.pilot_feedback(platform_id, members, plan.pilot.start, plan.pilot.end)
    if not text:
        text = yaml.safe_dump(row.content if row else ops.default_plan(), allow_unicode=True, sort_keys=False)
    return render_template("governance/rollout.html", plan=plan, row=row, rows=rows, masked=masked, kind=kind,
                           min_n=min_n, day=day, remarks=remarks, errors=errors, text=text, notice=notice,
                           quarter_ends=ends, remark_form=remark_form or {}, remark_error=remark_error,
                           phase_names={p.key: p.name for p in plan.phases},
                           pilot_summary=pilot_summary, localize=localize, lang=locale())


def _rollout_day(kind: Scope, data: ReportInput) -> tuple[dt.date, str | None, list[dt.date]]:
    """The progress date: a fixed quarter end for aggregate audiences (see ``reports.published``), else any day."""
    if kind is not Scope.AGGREGATE:
        return as_of(), None, []
    ends = calendar(data, dt.date.today())
    day, notice = choose_day(ends)
    return day, notice, ends


#: the role a remark is signed with, first held first (the works council and the board speak as such)
_REMARK_ROLES = (Role.WORKS_COUNCIL, Role.BOARD, Role.AUDITOR, Role.MANAGER, Role.HR, Role.LD, Role.ADMIN)


@bp.post("/rollout/remarks")
@require(Permission.REMARK_ON_ROLLOUT)
def remark() -> ResponseReturnValue:
    phase_key = request.form.get("phase", "")
    text = (request.form.get("text") or "").strip()
    role = next((r.value for r in _REMARK_ROLES if r in current_roles()), "")
    try:
        if not text:
            raise UserError(_("Write the remark before saving it."), 400)
        handlers.add_remark(session["platform_id"], session["person_id"], phase_key, current_name(), role, text)
    except UserError as exc:
        form = {"phase": phase_key, "text": request.form.get("text") or ""}
        return _rollout_page(remark_form=form, remark_error=str(exc.message)), exc.status
    flash(_("Your remark was saved."))
    return redirect(url_for(".rollout") + "#remarks", code=303)


@bp.post("/rollout/remarks/<int:remark_id>/answer")
@require(Permission.MANAGE_ROLLOUT)
def answer_remark(remark_id: int) -> ResponseReturnValue:
    answer = request.form.get("answer") or ""
    try:
        handlers.answer_remark(session["platform_id"], remark_id, current_name(), answer,
                               request.form.get("handled") == "1")
    except UserError as exc:
        if exc.status == 404:
            raise
        form = {"answer_to": remark_id, "answer": answer}
        return _rollout_page(remark_form=form, remark_error=str(exc.message)), exc.status
    flash(_("Your answer was saved."))
    return redirect(url_for(".rollout") + f"#remark-{remark_id}", code=303)


# --- policies ----------------------------------------------------------------------------------


@bp.route("/policies", methods=["GET", "POST"])
@require(Permission.VIEW_POLICIES)
@require_to_change(Permission.MANAGE_POLICIES)
def policies() -> ResponseReturnValue:
    errors: list[str] = []
    text = ""
    if request.method == "POST":
        content, text = _yaml_from_request("policy")
        try:
            saved, changes, flagged = handlers.save_policy(content, current_name())
        except PolicyError as exc:
            errors = exc.problems
        else:
            flash(_("Saved %(policy)s version %(version)s: %(changes)d clauses changed, %(items)d questions "
                    "flagged for review.", policy=saved.policy_key, version=saved.version, changes=len(changes),
                    items=flagged))
            return redirect(url_for(".policy_version", version_id=saved.id), code=303)
    rows, in_force = pages.policy_register()
    by_policy: dict[str, list[PolicyRow]] = {}
    for row in rows:
        by_policy.setdefault(row.policy_key, []).append(row)
    current = {key: next((r for r in reversed(versions) if r.id in in_force), versions[-1])
               for key, versions in by_policy.items()}
    if not text and current:
        example = next(iter(current.values()))
        text = yaml.safe_dump(example.content, allow_unicode=True, sort_keys=False)
    return render_template("governance/policies.html", by_policy=by_policy, current=current,
                           parsed={k: parse_policy(r.content) for k, r in current.items()}, errors=errors,
                           text=text, localize=localize, lang=locale()), 400 if errors else 200


@bp.get("/policies/versions/<int:version_id>")
@require(Permission.VIEW_POLICIES)
def policy_version(version_id: int) -> ResponseReturnValue:
    page = pages.policy_version(version_id, session["platform_id"])
    return render_template("governance/policy_version.html", row=page.row, previous=page.previous,
                           policy=page.policy, changes=page.changes, flags=page.flags, decisions=page.decisions,
                           levels=page.levels,
                           localize=localize, lang=locale(),
                           suggested_due=dt.date.today() + dt.timedelta(days=90))


@bp.post("/policies/versions/<int:version_id>/recertify")
@require(Permission.DECIDE_RECERTIFICATION)
def recertify(version_id: int) -> ResponseReturnValue:
    try:
        due = dt.date.fromisoformat(request.form.get("due", ""))
    except ValueError:
        raise UserError(_("The date must look like 2026-12-31."), 400) from None
    affected = handlers.recertify(session["platform_id"], version_id, request.form.getlist("level"), due,
                                  request.form.get("reason", ""), current_name(),
                                  [c for c in request.form.getlist("clause") if c])
    flash(ngettext("Recertification decided: %(num)d certificate must be renewed by %(date)s.",
                   "Recertification decided: %(num)d certificates must be renewed by %(date)s.", affected,
                   date=due.isoformat()))
    return redirect(url_for(".recertification"), code=303)


@bp.get("/policies/clauses")
@require(Permission.VIEW_POLICIES)
def clauses() -> ResponseReturnValue:
    in_force, model, items = pages.clause_inputs()
    competence_refs = {c.key: list(c.policy_refs) for c in model.competences.values()}
    rows = clause_coverage(in_force, competence_refs, items)
    unknown = unknown_references(in_force, {**{f"competence {k}": v for k, v in competence_refs.items()},
                                            **{f"item {k}": v for k, v in items.items()}})
    return render_template("governance/clauses.html", rows=rows, unknown=unknown, model=model,
                           gaps=[r for r in rows if not r.assessed], localize=localize,
                           lang=locale())


# --- recertification decisions and who they affect ---------------------------------------------


@bp.get("/recertification")
@require(Permission.VIEW_ROLLOUT)
def recertification() -> ResponseReturnValue:
    """Decisions of this platform and whom they affect: names for person-level roles, a manager's
    own team, counts per level (suppressed below the small-group size) for the board and works council."""
    kind, min_n = scope()
    out = pages.recertification_rows(session["platform_id"], kind, session["person_id"], min_n)
    return render_template("governance/recertification.html", rows=out, kind=kind, min_n=min_n)


# --- flagged questions -------------------------------------------------------------------------


@bp.post("/flags/<int:flag_id>/resolve")
@require(Permission.AUTHOR_ITEMS)
def resolve_flag(flag_id: int) -> ResponseReturnValue:
    handlers.resolve_flag(session["platform_id"], flag_id, current_name(), request.form.get("note", ""))
    flash(_("The flag is resolved."))
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for(
        "authoring.items"), code=303)



@bp.get("/flags")
@require(Permission.VIEW_BANK)
def flags() -> ResponseReturnValue:
    """Every flagged question with its stem, reason, who and when: search, filters, sort, pages."""
    q = flag_list.FlagQuery(
        search=text_arg("q"), state=choice_arg("state", flag_list.STATES, "open"),
        source=choice_arg("reason", flag_list.SOURCES, ""), clause=text_arg("clause", 64), item=text_arg("item", 128),
        sort=choice_arg("sort", flag_list.SORTS, "created"),
        descending=choice_arg("order", ("asc", "desc"), "asc") == "desc",
        page=page_arg(), size=int(choice_arg("size", flag_list.SIZES, "50")))
    page = handlers.flag_page(session["platform_id"], q, locale())
    return render_template("governance/flags.html", rows=page.rows, total=page.total, clauses=page.clauses, q=q,
                           pages=-(-page.total // q.size), states=flag_list.STATES, sources=flag_list.SOURCES,
                           sorts=flag_list.SORTS, sizes=flag_list.SIZES)


@bp.post("/flags/resolve")
@require(Permission.AUTHOR_ITEMS)
def resolve_flags() -> ResponseReturnValue:
    """Resolve the selected flags at once (confirmed on the page); a retry resolves nothing twice."""
    raw = request.form.getlist("flag")
    ids = [id_arg(value) for value in raw]
    if not raw or len(raw) > 1000 or None in ids:
        raise UserError(_("Select one or more flags in the list, then choose “Resolve selected”."), 400)
    note = request.form.get("note", "")
    if len(note) > 500:
        raise UserError(_("The note may be at most %(n)d characters.", n=500), 400)
    done, before = handlers.resolve_flags(session["platform_id"], [i for i in ids if i is not None],
                                          current_name(), note)
    flash(_("%(done)d flags resolved; %(before)d were resolved already.", done=done, before=before) if before else
          _("%(done)d flags resolved.", done=done))
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for(".flags"),
                    code=303)
