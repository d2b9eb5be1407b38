"""Reports for HR, L&D, the board, the works council, managers and auditors; employees' own status.

Who sees what: HR, L&D and auditors see everything; a line manager sees their own team; the board
and the works council see aggregates only, with every cell for fewer than N people suppressed
(and complementary cells, so nothing can be recovered by subtracting totals); an employee sees
their own status. The rules are the permission table's ``ROUTE_SCOPES``; each page asks ``scope()``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import replace
from typing import Any

import yaml
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from assessments.coverage import ALL, lag_rows, level_parts, trend_series
from assessments.role_matrix import MatrixError
from assessments.suppression import suppress_coverage, suppress_mix, suppress_trend
from assessments.text import localize

from ..db.models import utcnow
from ..errors import NotFound, UserError, bounded
from ..labels import AUDIT_ACTION, CERT_STANDING, PATH_KIND, PROGRESS
from ..mail import sending_on
from ..permissions import Permission, Scope, has, may_reach, require, require_session, require_to_change
from ..request import current_name, locale, pull_sid
from ..services import services
from . import audit_list, charts, operations, people_list, queries
from .audit_list import AuditQuery
from .audit_words import change_lines
from .data import (
    ReportFigures,
    export_choices,
    matrix_page,
    reading,
    report_figures,
    report_input,
)
from .diploma import diploma_page
from .downloads import csv_response
from .params import choice_arg, date_arg, page_arg, text_arg
from .published import aggregate_view, calendar, choose_day
from .reminder_list import REASONS, ReminderFilter, due_reminders, reminder_page, reminder_rows_of
from .reminder_mail import LANGUAGES, OWN
from .reminder_sending import queue_reminder_mails, reminder_mail_page, send_failed_again
from .scope import as_of, scope

bp = Blueprint("reports", __name__, url_prefix="/s/<sid>/reports")
bp.url_value_preprocessor(pull_sid)
DIMENSIONS = ("department", "location", "business_unit", "function_group", "risk_class")
MIX_DIMENSIONS = ("risk_class", "critical_process")


def _person_level_view(figures: ReportFigures, parts: list[str], min_n: int) -> tuple[Any, Any, list[Any], list[Any]]:
    """The figures of a person-level reader with the small-group rule applied to the result."""
    return (suppress_coverage(figures.rows, min_n), suppress_mix(figures.mix, min_n, parts),
            suppress_trend(figures.points, min_n), lag_rows(figures.rows))


def _visible_lag(lag: list[Any], cov: Any) -> list[Any]:
    """Late groups as far as the suppressed coverage table shows them; "most days late" is one person's
    figure, so aggregate audiences do not get it."""
    shown = {r.group: r for r in cov.rows}
    return [replace(row, max_days_late=None) for row in lag
            if shown.get(row.group) is not None and shown[row.group].late is not None]


@bp.get("/")
@require_session
def overview() -> ResponseReturnValue:
    kind, min_n = scope()
    by = choice_arg("by", DIMENSIONS, "department")
    mix_by = choice_arg("mix_by", MIX_DIMENSIONS, "risk_class")
    ends: list[dt.date] = []
    notice = None
    if kind is Scope.AGGREGATE:  # the small-group rule across quarter ends needs the people behind each cell
        data, model = report_input(session["platform_id"], kind, session["person_id"])
        parts = level_parts(data.level_ranks)
        ends = calendar(data, dt.date.today())
        day, notice = choose_day(ends)
        view = aggregate_view(data, ends, day, by, mix_by, parts, min_n)
        cov, mix, points, lag = view.cov, view.mix, view.points, lag_rows(view.rows)
    else:
        day = as_of()
        figures = report_figures(session["platform_id"], kind, session["person_id"], day, by, mix_by)
        model, parts = figures.model, level_parts(figures.level_ranks)
        cov, mix, points, lag = _person_level_view(figures, parts, min_n)
    names = {k: localize(lvl.name, locale()) for k, lvl in model.levels.items()}
    names["none"] = _("none")
    lag_visible = _visible_lag(lag, cov) if kind is Scope.AGGREGATE else list(lag)
    return render_template(
        "reports/overview.html", kind=kind, min_n=min_n, day=day, by=by, mix_by=mix_by, cov=cov, mix=mix,
        lag=lag_visible, lag_hidden=len(lag) - len(lag_visible) if kind is not Scope.AGGREGATE else 0, parts=parts,
        names=names, dimensions=DIMENSIONS, mix_dimensions=MIX_DIMENSIONS, points=points, quarter_ends=ends,
        notice=notice, may_export=may_reach("reports.export"), level_names=names,
        choices=export_choices(session["platform_id"]) if kind is Scope.ALL and may_reach("reports.export") else {},
        **_charts(cov, mix, points, parts, names, min_n, kind is Scope.AGGREGATE))


def hidden_reason(min_n: int, aggregate: bool) -> str:
    """Why a chart shows no figure for a group: the table's "—" in words, true for this audience."""
    if aggregate:  # hidden across quarter ends too (reports/published.py), not only for small groups
        return _("hidden (fewer than %(n)d people, or a figure they could be worked out from)", n=min_n)
    return _("no one required")  # person-level readers see every group with anyone in it (``scope``: N = 1)


def _charts(cov: Any, mix: Any, points: list[Any], parts: list[str], names: dict[str, str],
            min_n: int, aggregate: bool) -> dict[str, str]:
    hidden_text = hidden_reason(min_n, aggregate)
    series = trend_series(points)
    return {
        "coverage_chart": charts.bar_chart([(str(r.group) if r.group is not None else _("unknown"), r.share)
                                            for r in cov.rows],
                                           _("Share with a valid diploma at the required level"),
                                           none_text=hidden_text),
        "mix_chart": charts.stacked_bar([(str(r.group) if r.group is not None else _("not in a critical process"),
                                          {p: r.counts.get(p) for p in parts}) for r in mix.rows],
                                        parts, _("Levels held"), part_labels=names, none_text=hidden_text,
                                        total_word=_("total")),
        "trend_chart": charts.line_chart({_("all employees"): series.get(ALL, [])} if series else {},
                                         _("Coverage at each quarter end"), none_text=hidden_text),
    }


@bp.get("/people")
@require_session
def people() -> ResponseReturnValue:
    kind, _min_n = scope()
    day = as_of()
    levels = people_list.levels()
    q = people_list.ListQuery(
        search=text_arg("q"), department=text_arg("department", 255), location=text_arg("location", 255),
        function_group=text_arg("function_group", 255), status=choice_arg("status", people_list.STATUSES, ""),
        level=choice_arg("level", levels, ""), sort=choice_arg("sort", people_list.SORTS, "name"),
        descending=choice_arg("order", ("asc", "desc"), "asc") == "desc",
        page=page_arg(), size=int(choice_arg("size", people_list.SIZES, "50")))
    page = people_list.people_page(session["platform_id"], kind, session["person_id"], q, day)
    return render_template("reports/people.html", rows=page.rows, total=page.total, choices=page.choices,
                           q=q, pages=-(-page.total // q.size), day=day, kind=kind,
                           levels=levels, statuses=people_list.STATUSES, sizes=people_list.SIZES)


@bp.post("/certificates/<certificate_id>/revoke")
@require(Permission.REVOKE_CERTIFICATES)
def revoke(certificate_id: str) -> ResponseReturnValue:
    reason = bounded(request.form.get("reason") or "")
    if not reason:
        raise UserError(_("Give the reason for revoking the certificate."), 400)
    operations.revoke(session["platform_id"], certificate_id, reason)
    flash(_("The certificate was revoked; its credential now shows as revoked."))
    return redirect(url_for(".people"), code=303)


@bp.get("/reminders")
@require_session
def reminders() -> ResponseReturnValue:
    kind, _min_n = scope()
    day = as_of()
    window = services().certification.expiring_days
    wanted = ReminderFilter.from_args()
    found = due_reminders(session["platform_id"], kind, session["person_id"], wanted, day, window)
    if choice_arg("format", ("html", "csv"), "html") == "csv":
        rows = reminder_rows_of(found, found.groups)  # one row per reminder, ready for a mail merge
        header = [_("manager"), _("manager's e-mail"), _("employee number"), _("name"), _("e-mail"),
                  _("department"), _("reason"), _("date")]
        return csv_response("reminders.csv", header, [[r["manager"], r["manager_email"] or "",
                                                       r["person"].employee_number or "",
                                                       r["person"].name or r["person"].subject,
                                                       r["person"].email or "", r["person"].department or "",
                                                       r["reason"], r["date"].isoformat()] for r in rows],
                            {_("as of"): day.isoformat(), _("expiring window (days)"): str(window)})
    listed = reminder_page(found, page_arg())
    mail = reminder_mail_page(listed.groups, day) if has(Permission.SEND_REMINDERS) else None
    return render_template("reports/reminders.html", listed=listed, groups=listed.groups, day=day, window=window,
                           mail=mail, wanted=wanted, here={**wanted.as_args(), "as_of": day.isoformat()},
                           reasons=REASONS)


@bp.post("/reminders/send")
@require(Permission.SEND_REMINDERS)
def send_reminders() -> ResponseReturnValue:
    """Queue one reminder mail per manager (the worker delivers them); the same press twice a day queues
    nothing new."""
    if not sending_on(services().settings):
        raise UserError(_("Sending is off: no mail server is configured (AIDIP_SMTP_HOST, AIDIP_SMTP_FROM). "
                          "Download the CSV for a mail merge instead."), 409)
    lang = request.form.get("lang") or OWN
    if lang not in (*LANGUAGES, OWN):
        raise UserError(_("Choose the language of the reminder mails."), 400)
    day = as_of()
    queued, already = queue_reminder_mails(session["platform_id"], session["person_id"], lang, day, current_name(),
                                           ReminderFilter.from_form(request.form), request.form.getlist("shown"),
                                           request.form.getlist("manager"))
    flash(_("%(queued)d reminder mails queued; the worker sends them. %(already)d were already queued today.",
            queued=queued, already=already))
    return redirect(url_for(".reminders", as_of=day.isoformat()), code=303)


@bp.post("/reminders/retry")
@require(Permission.SEND_REMINDERS)
def retry_reminders() -> ResponseReturnValue:
    """Queue the mails the server refused for good once more (after the mail server was fixed)."""
    count = send_failed_again(session["platform_id"], current_name())
    flash(ngettext("%(num)d failed mail queued again; the worker sends it.",
                   "%(num)d failed mails queued again; the worker sends them.", count))
    return redirect(url_for(".reminders", as_of=as_of().isoformat()), code=303)


# --- an employee's own status -------------------------------------------------------------

own = Blueprint("me", __name__, url_prefix="/s/<sid>/me")
own.url_value_preprocessor(pull_sid)


@own.get("/")
@require(Permission.VIEW_OWN_STATUS)
def status() -> ResponseReturnValue:
    with reading() as db:
        person = queries.person_on(db, session["platform_id"], session["person_id"])
        if person is None:
            raise NotFound(_("There is no such person on this platform."))
        page = diploma_page(db, person, utcnow())
    return render_template("reports/me.html", page=page, own=True, localize=localize, lang=locale(),
                           state_label=CERT_STANDING, progress_label=PROGRESS, path_kind=PATH_KIND)


# --- HR import and role matrix ----------------------------------------------------------------


@bp.route("/hr-import", methods=["GET", "POST"])
@require(Permission.MANAGE_PEOPLE)
def hr_import() -> ResponseReturnValue:
    """Upload an HR export: a dry run shows what would change; confirming applies all or nothing."""
    svc = services()
    if request.method == "GET":
        return render_template("reports/hr_import.html", result=None, counts=None, token="")
    token = request.form.get("token", "")
    if token:
        stored = svc.store.pop(f"hr-import:{session['person_id']}:{token}")
        if stored is None:
            raise UserError(_("This import preview has expired or was already imported. Upload the file again."),
                            409)
        data, filename = bytes.fromhex(stored["data"]), stored["filename"]
    else:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise UserError(_("Choose a file to import."), 400)
        data, filename = upload.read(20 * 1024 * 1024 + 1), upload.filename
        if len(data) > 20 * 1024 * 1024:
            raise UserError(_("The file is larger than 20 MB."), 400)
    result, counts = operations.import_people(session["platform_id"], filename, data, apply=bool(token))
    if counts is None:
        return render_template("reports/hr_import.html", result=result, counts=None, token=""), 400
    if not token:  # dry run: show what would change, store the file for the confirmation
        new_token = secrets.token_urlsafe(24)
        svc.store.set(f"hr-import:{session['person_id']}:{new_token}",
                      {"data": data.hex(), "filename": filename}, 1800)
        return render_template("reports/hr_import.html", result=result, counts=counts, token=new_token)
    flash(_("HR import done: %(created)d new, %(updated)d updated, %(unchanged)d unchanged, %(left)d marked as "
            "left.", **counts))
    return redirect(url_for(".people"), code=303)


@bp.route("/matrix", methods=["GET", "POST"])
@require(Permission.VIEW_REPORTS)
@require_to_change(Permission.MANAGE_ROLE_MATRIX)
def matrix() -> ResponseReturnValue:
    """The role matrix: who must reach which level by when. Saving makes a new version."""
    errors: list[str] = []
    if request.method == "POST":
        upload = request.files.get("file")
        text = upload.read(1024 * 1024).decode("utf-8-sig") if upload and upload.filename else \
            request.form.get("matrix", "")
        try:
            row = operations.save_matrix(yaml.safe_load(text), current_name())
        except yaml.YAMLError as exc:
            errors.append(_("The text is not valid YAML: %(error)s", error=str(exc)))
        except (MatrixError, ValueError) as exc:
            errors.extend(getattr(exc, "problems", None) or [str(exc)])
        else:
            flash(_("Saved as role matrix version %(v)d.", v=row.version) if row else _("Nothing changed."))
            return redirect(url_for(".matrix"), code=303)
    versions, current = matrix_page()
    text = request.form.get("matrix") if errors else (yaml.safe_dump(current.content, allow_unicode=True,
                                                                       sort_keys=False) if current else "")
    return render_template("reports/matrix.html", versions=versions, text=text, errors=errors,
                           today=dt.date.today()), 400 if errors else 200


@bp.get("/audit")
@require(Permission.VIEW_AUDIT_LOG)
def audit_log() -> ResponseReturnValue:
    """The append-only log of administrative changes (this platform's and organisation-wide ones)."""
    fmt = choice_arg("format", ("html", "csv"), "html")
    q = AuditQuery(action=text_arg("action"), who=text_arg("who"), subject=text_arg("subject"),
                   since=date_arg("since"), until=date_arg("until"), page=page_arg(),
                   size=int(choice_arg("size", audit_list.SIZES, "50")))
    if fmt == "csv":
        return audit_list.audit_csv(session["platform_id"], q)
    entries, total = audit_list.audit_page(session["platform_id"], q)
    actions = sorted(((code, str(label)) for code, label in AUDIT_ACTION.items()), key=lambda pair: pair[1])
    return render_template("reports/audit.html", entries=entries, total=total, q=q, pages=-(-total // q.size),
                           actions=actions, sizes=audit_list.SIZES, change_lines=change_lines)
