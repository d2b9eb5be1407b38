"""Authoring pages for L&D: the item bank, review workflow, blueprints, competences,
imports/exports, item statistics and accommodations."""

from __future__ import annotations

import random
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from assessments.blueprints import parse_blueprint, shortfalls
from assessments.errors import BankError
from assessments.feedback_policy import DEFAULT_POLICY, MOMENTS, FeedbackLevel, feedback_record
from assessments.item_checks import level_balance
from assessments.items import item_from_record
from assessments.text import localize
from assessments.workflow import ItemStatus

from ..audit import record
from ..db.repositories import current_items
from ..errors import NotFound, UserError
from ..governance.operations import open_flags
from ..labels import TYPE
from ..permissions import Permission, require, require_to_change
from ..reports.params import choice_arg, page_arg, text_arg
from ..request import current_name, locale, pull_sid
from ..services import services
from . import item_list, queries, repositories
from . import operations as ops
from .findings import finding_text, findings_of, severity_label
from .forms import MAX_OPTIONS, MAX_PAIRS, flatten, form_from_record, record_from_form
from .statistics import collect, item_flags, item_meta, stats_for_item

bp = Blueprint("authoring", __name__, url_prefix="/s/<sid>/authoring")
bp.url_value_preprocessor(pull_sid)
bp.add_app_template_global(finding_text)
bp.add_app_template_global(severity_label)
STATUSES = tuple(status.value for status in ItemStatus)


def actor() -> ops.Actor:
    principal = g.principal
    return ops.Actor(principal.person_id, principal.name, frozenset(principal.roles), principal.home)


# --- the item bank -----------------------------------------------------------------------


def _item_query(model: Any) -> item_list.ItemQuery:
    return item_list.ItemQuery(
        search=text_arg("q"), lang=choice_arg("lang", ("nl", "en"), ""),
        competence=choice_arg("competence", list(model.competences), ""),
        level=choice_arg("level", list(model.levels), ""), item_type=choice_arg("type", list(TYPE), ""),
        status=choice_arg("status", STATUSES, ""), author=text_arg("author"),
        usage=choice_arg("usage", item_list.USAGES, ""), sort=choice_arg("sort", item_list.SORTS, "level"),
        descending=choice_arg("order", ("asc", "desc"), "asc") == "desc", page=page_arg(),
        size=int(choice_arg("size", item_list.SIZES, "50")))


@bp.get("/items")
@require(Permission.VIEW_BANK)
def items() -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        model = svc.catalogue.model(db)
        q = _item_query(model)
        rows = queries.newest_item_versions(db, q.exact(), q.author)
        if q.search:
            rows = [r for r in rows if item_list.matches(r, q.search.casefold(), q.lang)]
        usage = queries.usage_counts(db)
        flags = item_flags(db)  # items the statistics flag as possibly broken (see the statistics page)
        findings = {r.item_key: findings_of(r.content) for r in rows}  # item-writing checks (cues)
        keep = {"unused": lambda r: not usage.get(r.item_key), "used": lambda r: bool(usage.get(r.item_key)),
                "flagged": lambda r: bool(flags.get(r.item_key)), "cues": lambda r: bool(findings[r.item_key])}
        if q.usage:
            rows = [r for r in rows if keep[q.usage](r)]
        rows = item_list.ordered(rows, q)
        total, start = len(rows), (q.page - 1) * q.size
        open_count = len(open_flags(db, session["platform_id"]))
        balance = [level_balance(level, [i.content for i in current_items(db, level)]) for level in model.levels]
        return render_template("authoring/items.html", rows=rows[start:start + q.size], total=total, q=q,
                               pages=-(-total // q.size), model=model, usage=usage, flags=flags, statuses=STATUSES,
                               types=list(TYPE), sorts=item_list.SORTS, sizes=item_list.SIZES, localize=localize,
                               lang=locale(), open_count=open_count, findings=findings,
                               with_findings=sum(1 for f in findings.values() if f), balance=balance)


@bp.post("/items/retire")
@require(Permission.AUTHOR_ITEMS)
def retire_selected() -> ResponseReturnValue:
    """Retire the selected questions (confirmed on the page): all of them, or none with the reason per question."""
    keys = request.form.getlist("key")
    if not keys or len(keys) > item_list.MOST_SELECTED or any(not k or len(k) > 128 for k in keys):
        raise UserError(_("Select one or more questions in the list, then choose “Retire selected”."), 400)
    comment = request.form.get("comment", "")
    if len(comment) > 500:
        raise UserError(_("The comment may be at most %(n)d characters.", n=500), 400)
    refusals = item_list.retire_selected(list(dict.fromkeys(keys)), actor(), comment)
    if refusals:
        flash(_("Nothing was retired: %(n)d of the selected questions cannot be retired.", n=len(refusals)), "error")
        for key, reason in refusals:
            flash(_("%(key)s: %(reason)s", key=key, reason=reason), "error")
    else:
        flash(ngettext("%(num)d question retired: it is no longer drawn in new exams.",
                       "%(num)d questions retired: they are no longer drawn in new exams.", len(set(keys))))
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for(".items"),
                    code=303)


@bp.route("/items/new", methods=["GET", "POST"])
@require(Permission.AUTHOR_ITEMS)
def new_item() -> ResponseReturnValue:
    return _editor(None)


@bp.route("/items/<key>/edit", methods=["GET", "POST"])
@require(Permission.AUTHOR_ITEMS)
def edit_item(key: str) -> ResponseReturnValue:
    return _editor(key)


def _editor(key: str | None) -> ResponseReturnValue:
    svc = services()
    with svc.db.transaction() as db:
        model = svc.catalogue.model(db)
        if request.method == "POST":
            record, errors = record_from_form(request.form, model, current_name())
            if key is not None and record["key"] != key:
                errors.append(_("The key of an existing question cannot change; make a new question instead."))
            if key is None and queries.item_key_exists(db, record["key"]):
                errors.append(_("A question with this key exists already: choose another key."))
            if not errors:
                version = ops.save_item(db, record, actor())
                flash(_("Saved as version %(v)d (draft). Send it for review when it is ready.", v=version.version))
                return redirect(url_for(".item", key=version.item_key), code=303)
            form, status, findings = request.form.to_dict(), 400, findings_of(record)
        else:
            errors, status, findings = [], 200, []
            if key is None:
                form = {"type": "single_choice", "level": "basic"}
            else:
                content = ops.versions(db, key)[-1].content
                form, findings = form_from_record(content), findings_of(content)
        return render_template("authoring/edit.html", form=form, errors=errors, key=key, model=model,
                               cases=svc.catalogue.seed.cases, max_options=MAX_OPTIONS, max_pairs=MAX_PAIRS,
                               lang=locale(), localize=localize, findings=findings), status


@bp.post("/preview")
@require(Permission.AUTHOR_ITEMS)
def preview() -> ResponseReturnValue:
    """The live preview: the question as an employee will see it, in both languages."""
    svc = services()
    with svc.db.session() as db:
        record, errors = record_from_form(request.form, svc.catalogue.model(db), current_name())
    return render_template("authoring/_preview.html", record=record, errors=errors,
                           cases=svc.catalogue.seed.cases, **_preview_context(record, errors))


def _preview_context(record: dict[str, Any], errors: list[str]) -> dict[str, Any]:
    if errors:
        return {"item": None, "slot": None, "findings": []}
    item = item_from_record(record)
    layout = item.kind.present(item.content, random.Random(0), False)
    return {"item": item, "slot": type("PreviewSlot", (), {"layout": layout, "position": 0})(), "response": [],
            "localize": localize, "findings": findings_of(record)}


@bp.get("/items/<key>")
@require(Permission.VIEW_BANK)
def item(key: str) -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        rows = ops.versions(db, key)
        trail = queries.review_history(db, [r.id for r in rows])
        newest = rows[-1]
        context = _preview_context(dict(newest.content), [])
        stats = stats_for_item(db, key)
        return render_template("authoring/item.html", versions=rows, newest=newest, trail=trail,
                               model=svc.catalogue.model(db), usage=queries.usage_counts(db).get(key, 0),
                               cases=svc.catalogue.seed.cases, stats=stats, record=newest.content, lang=locale(),
                               approvable=ops.approvable_items(rows, actor()), **context)


def _workflow(key: str, version_id: int, action: str) -> ResponseReturnValue:
    svc = services()
    comment = request.form.get("comment", "")
    with svc.db.transaction() as db:
        row = queries.item_version(db, version_id)
        if row is None or row.item_key != key:
            raise NotFound(_("This question version does not exist."))
        {"submit": ops.submit_for_review, "approve": ops.approve, "reject": ops.reject}[action](
            db, version_id, actor(), comment)
    messages = {"submit": _("Sent for review."), "approve": _("Approved: the question can now be drawn in exams."),
                "reject": _("Rejected and returned to the author as a draft.")}
    flash(messages[action])
    return redirect(url_for(".item", key=key), code=303)


@bp.post("/items/<key>/versions/<int:version_id>/submit")
@require(Permission.AUTHOR_ITEMS)
def submit(key: str, version_id: int) -> ResponseReturnValue:
    return _workflow(key, version_id, "submit")


@bp.post("/items/<key>/versions/<int:version_id>/approve")
@require(Permission.REVIEW_ITEMS)
def approve(key: str, version_id: int) -> ResponseReturnValue:
    return _workflow(key, version_id, "approve")


@bp.post("/items/<key>/versions/<int:version_id>/reject")
@require(Permission.REVIEW_ITEMS)
def reject(key: str, version_id: int) -> ResponseReturnValue:
    return _workflow(key, version_id, "reject")


@bp.post("/items/<key>/retire")
@require(Permission.AUTHOR_ITEMS)
def retire(key: str) -> ResponseReturnValue:
    with services().db.transaction() as db:
        ops.retire(db, key, actor(), request.form.get("comment", ""))
    flash(_("Retired: the question is no longer drawn in new exams."))
    return redirect(url_for(".item", key=key), code=303)


@bp.get("/items/<key>/compare")
@require(Permission.VIEW_BANK)
def compare(key: str) -> ResponseReturnValue:
    with services().db.session() as db:
        rows = {r.version: r for r in ops.versions(db, key)}
    try:
        older = rows[int(request.args.get("from", min(rows)))]
        newer = rows[int(request.args.get("to", max(rows)))]
    except (KeyError, ValueError):
        raise UserError(_("Choose two existing versions to compare."), 400) from None
    before, after = flatten(older.content), flatten(newer.content)
    changes = [(name, before.get(name), after.get(name)) for name in sorted(set(before) | set(after))
               if before.get(name) != after.get(name)]
    return render_template("authoring/compare.html", key=key, older=older, newer=newer, changes=changes,
                           versions=sorted(rows))


# --- blueprints --------------------------------------------------------------------------


@bp.get("/blueprints")
@require(Permission.VIEW_BANK)
def blueprints() -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        current = svc.catalogue.blueprints(db)
        checks = {b.key: shortfalls(b, current_items(db, b.level)) for b in current}
        drafts = queries.blueprint_drafts(db)
        return render_template("authoring/blueprints.html", blueprints=current, checks=checks, drafts=drafts,
                               approvable=ops.approvable_blueprints(drafts, actor()),
                               model=svc.catalogue.model(db), lang=locale(), localize=localize)


@bp.route("/blueprints/<key>/edit", methods=["GET", "POST"])
@require(Permission.MANAGE_BLUEPRINTS)
def edit_blueprint(key: str) -> ResponseReturnValue:
    svc = services()
    with svc.db.transaction() as db:
        model = svc.catalogue.model(db)
        current = next((b for b in svc.catalogue.blueprints(db) if b.key == key), None)
        if current is None and key != "new":
            raise NotFound(_("There is no exam %(exam)s.", exam=repr(key)))
        errors: list[str] = []
        missing: dict[str, tuple[int, int]] = {}
        form: dict[str, Any] = request.form.to_dict() if request.method == "POST" else {}
        if request.method == "POST":
            try:
                draft = parse_blueprint(_blueprint_from_form(request.form, key, current))
            except (BankError, ValueError, KeyError) as exc:
                errors.extend(getattr(exc, "problems", None) or [str(exc)])
            else:
                missing = shortfalls(draft, current_items(db, draft.level))
                if not missing:
                    row = ops.save_blueprint_draft(db, svc.catalogue, draft, actor())
                    flash(_("Saved as version %(v)d (draft); another L&D member approves it.", v=row.version))
                    return redirect(url_for(".blueprints"), code=303)
        return render_template("authoring/blueprint_edit.html", blueprint=current, key=key, model=model, form=form,
                               errors=errors, missing=missing, history=queries.blueprint_history(db, key),
                               lang=locale(), localize=localize, feedback_levels=list(FeedbackLevel),
                               feedback_now=feedback_record(current.feedback if current else DEFAULT_POLICY)),\
            400 if errors or missing else 200


def _blueprint_from_form(form: Any, key: str, current: Any = None) -> dict[str, Any]:
    """The blueprint record of the edit form; a pass mark left as it was keeps its basis (a standard
    setting round), a changed one is set by L&D."""
    counts = {name[len("count_"):]: int(value) for name, value in form.items()
              if name.startswith("count_") and value.strip() not in ("", "0")}

    def optional_int(name: str) -> int | None:
        value = (form.get(name) or "").strip()
        return int(value) if value else None

    return {
        "key": (form.get("key") or key).strip().lower(), "level": form.get("level", ""),
        "title": {"nl": form.get("title_nl", "").strip(), "en": form.get("title_en", "").strip()},
        "description": {"nl": form.get("description_nl", "").strip(), "en": form.get("description_en", "").strip()},
        "items_per_competence": counts, "pass_mark": float(form.get("pass_mark", "70").replace(",", ".")) / 100,
        "time_limit_minutes": optional_int("time_limit_minutes"), "max_attempts": optional_int("max_attempts"),
        "retake_wait_days": optional_int("retake_wait_days") or 0,
        "shuffle_items": form.get("shuffle_items") == "on", "shuffle_options": form.get("shuffle_options") == "on",
        "languages": [lang for lang in ("nl", "en") if form.get(f"language_{lang}") == "on"] or ["nl", "en"],
        "function_group": (form.get("function_group") or "").strip() or None,
        "assembly": form.get("assembly") or "equal_forms",
        "max_exposure_rate": float(form.get("max_exposure_rate", "50").replace(",", ".") or "50") / 100,
        "feedback": {moment: form.get(f"feedback_{moment}") or None for moment in MOMENTS},
        "pass_mark_basis": _kept_basis(current, float(form.get("pass_mark", "70").replace(",", ".")) / 100),
    }


def _kept_basis(current: Any, pass_mark: float) -> Any:
    unchanged = current is not None and round(current.pass_mark * 100) == round(pass_mark * 100)
    return current.pass_mark_basis if unchanged else None


@bp.post("/blueprints/versions/<int:version_id>/approve")
@require(Permission.MANAGE_BLUEPRINTS)
def approve_blueprint(version_id: int) -> ResponseReturnValue:
    with services().db.transaction() as db:
        ops.approve_blueprint(db, version_id, actor())
    flash(_("Exam version approved: new attempts use it."))
    return redirect(url_for(".blueprints"), code=303)


# --- accommodations ----------------------------------------------------------------------


@bp.route("/accommodations", methods=["GET", "POST"])
@require(Permission.MANAGE_ACCOMMODATIONS)
def accommodations() -> ResponseReturnValue:
    svc = services()
    platform_id = session["platform_id"]
    with svc.db.transaction() as db:
        if request.method == "POST":
            who = (request.form.get("person") or "").strip()
            note = (request.form.get("note") or "").strip()
            try:
                minutes = int(request.form.get("extra_minutes", ""))
            except ValueError:
                minutes = -1
            person = queries.person_named(db, platform_id, who) if who else None
            errors = {}  # at the field, and the form keeps what was typed
            if person is None:
                errors["person"] = _("Nobody with that name, e-mail or LTI id has used the tool on this platform "
                                     "yet; fetch the course roster first.")
            if not 0 <= minutes <= 240:
                errors["extra_minutes"] = _("Extra time is a number of minutes between 0 and 240.")
            if len(note) > 500:
                errors["note"] = _("Your text is %(n)d characters long; shorten it to %(max)d characters or fewer.",
                                   n=len(note), max=500)
            if errors:
                return render_template("authoring/accommodations.html", rows=queries.accommodations(db, platform_id),
                                       form=request.form, errors=errors), 400
            repositories.set_accommodation(db, platform_id, person, minutes, note, current_name())
            flash(_("Extra time saved: %(m)d minutes for %(name)s, from their next attempt.", m=minutes,
                    name=person.name or person.subject))
            return redirect(url_for(".accommodations"), code=303)
        rows = queries.accommodations(db, platform_id)
        return render_template("authoring/accommodations.html", rows=rows, form={}, errors={})


# --- competence model --------------------------------------------------------------------


@bp.route("/competences", methods=["GET", "POST"])
@require(Permission.VIEW_BANK)
@require_to_change(Permission.MANAGE_COMPETENCES)
def competences() -> ResponseReturnValue:
    svc = services()
    with svc.db.transaction() as db:
        model = svc.catalogue.model(db)
        errors: list[str] = []
        if request.method == "POST":
            content = _model_from_form(request.form, model)
            try:
                row = svc.catalogue.store_model(db, content, current_name())
            except BankError as exc:
                errors.extend(getattr(exc, "problems", None) or [str(exc)])
            else:
                if row is not None:
                    record(db, "competence_model.changed", f"v{row.version}", after={"content": row.content})
                flash(_("Saved as competence model version %(v)d.", v=row.version) if row
                      else _("Nothing changed."))
                return redirect(url_for(".competences"), code=303)
        history = queries.competence_model_history(db)
        return render_template("authoring/competences.html", model=model, errors=errors, history=history,
                               policy_areas=POLICY_AREAS, lang=locale(), localize=localize), 400 if errors else 200


POLICY_AREAS = ("information-security", "privacy", "code-of-conduct", "ai-tool-policy")


def _model_from_form(form: Any, model: Any) -> dict[str, Any]:
    """The model's YAML form from the page: existing competences, plus one new one when filled in."""
    levels = [{"key": lvl.key, "rank": lvl.rank, "name": dict(lvl.name), "description": dict(lvl.description)}
              for lvl in sorted(model.levels.values(), key=lambda lvl: lvl.rank)]
    keys = [c.key for c in model.competences.values()]
    if (form.get("new_key") or "").strip():
        keys.append(form["new_key"].strip().lower())
    competences = []
    for index, key in enumerate(keys):
        prefix = f"c{index}_" if index < len(model.competences) else "new_"
        if form.get(prefix + "remove") == "on":
            continue
        competences.append({
            "key": key,
            "levels": [lvl["key"] for lvl in levels if form.get(f"{prefix}level_{lvl['key']}") == "on"],
            "policy_area": form.get(prefix + "policy_area", ""),
            "policy_refs": [r.strip() for r in (form.get(prefix + "policy_refs") or "").split(",") if r.strip()],
            "name": {"nl": (form.get(prefix + "name_nl") or "").strip(),
                     "en": (form.get(prefix + "name_en") or "").strip()},
            "description": {"nl": (form.get(prefix + "description_nl") or "").strip(),
                            "en": (form.get(prefix + "description_en") or "").strip()},
        })
    return {"levels": levels, "competences": competences}


# --- statistics --------------------------------------------------------------------------


@bp.get("/statistics")
@require(Permission.VIEW_ITEM_STATS)
def statistics() -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        stats = collect(db, min_n=int(request.args.get("min_n", 20)) if request.args.get("min_n", "").isdigit()
                        else 20)
        meta = item_meta(db, list(stats.overall))
        rows = sorted(stats.overall.values(), key=lambda s: (not (s.flags - {"low_n"}), s.item_key))
        return render_template("authoring/statistics.html", stats=stats, rows=rows, meta=meta,
                               model=svc.catalogue.model(db), lang=locale(), localize=localize)
