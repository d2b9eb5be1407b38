"""Audit exports per role, team and period: CSV, XLSX and PDF. Every row is traceable to its
statements (statement ids), exam and item-bank versions; generation time and filters are printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from flask import session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db.models import utcnow
from ..labels import level_label, pass_mark_basis_text
from ..permissions import require_session
from ..request import current_name
from ..services import services
from ..standards.handlers import pass_mark_bases
from .data import PersonLevelInput, person_level_input
from .downloads import csv_response, download
from .params import BadParameter, choice_arg, date_arg, text_arg
from .rows import person_rows
from .scope import as_of, scope
from .spreadsheet import workbook
from .views import bp

#: the person attributes the audit export can be narrowed to (query parameter → person attribute)
NARROWING = {"department": "department", "location": "location", "function_group": "function_group",
             "manager": "manager_employee_number"}


def audit_rows(loaded: PersonLevelInput, day: dt.date, start: dt.date | None,
               bases: Mapping[str, str] | None = None, narrow: Mapping[str, str] | None = None,
               level: str = "") -> tuple[list[str], list[list[Any]]]:
    """The audit export's header and rows: one per person (a period export: per certificate issued in it).
    ``bases``: how each exam version's pass mark was set, by ``key@version``; ``narrow``: only people whose
    attribute (``NARROWING``) equals the value; ``level``: only people required to hold that level."""
    header = [_("employee number"), _("name"), _("department"), _("location"), _("business unit"),
              _("function group"), _("risk class"), _("required level"), _("deadline"), _("status"),
              _("days late"), _("certificate"), _("level"), _("issued"), _("valid until"), _("cut short to"),
              _("revoked"),
              _("exam version"), _("pass mark basis"), _("competence model version"), _("item versions"),
              _("statement ids")]
    layouts = loaded.layouts
    label = _labels()
    out: list[list[Any]] = []
    for row in person_rows(loaded.data, loaded.certificates, day):
        person, need, cert = row["person"], row["need"], row["certificate"]
        if any(getattr(person, NARROWING[k]) != v for k, v in (narrow or {}).items()) or \
                (level and (need is None or need.level != level)):
            continue
        if start is not None and (cert is None or not start <= cert.issued_at.date() <= day):
            continue  # a period export lists the certificates issued in that period
        status = label[row["status"]]
        layout = layouts.get(cert.registration or "") if cert is not None else None
        out.append([
            person.employee_number or "", person.name or person.subject, person.department or "",
            person.location or "", person.business_unit or "", person.function_group or "", person.risk_class or "",
            label[need.level] if need else "", need.deadline if need else None, status,
            row["days_late"] or None, cert.id if cert else "", label[cert.level] if cert else "",
            cert.issued_at.date() if cert else None,
            cert.valid_until.date() if cert else None,
            cert.cut_off_at.date() if cert and cert.cut_off_at else None,  # a recertification decision's end
            cert.revoked_at.date() if cert and cert.revoked_at else None,
            cert.blueprint_version or "" if cert else "",
            (bases or {}).get(cert.blueprint_version or "", "") if cert else "",
            cert.model_version or "" if cert else "",
            " ".join(f"{e['item_key']}@{e['item_version_id']}" for e in layout) if layout else "",
            " ".join(cert.statement_ids) if cert else "",
        ])
    return header, out


class _Labels(dict[str, str]):
    """The status words and level names of the rows, each translated once rather than once per row."""

    def __missing__(self, code: str) -> str:
        self[code] = level_label(code)
        return self[code]


def _labels() -> _Labels:
    return _Labels(left=_("left the organisation"), not_required=_("not required"), valid=_("valid"),
                   late=_("late"), on_track=_("on track"))


@bp.get("/export")
@require_session
def export() -> ResponseReturnValue:
    kind, _min_n = scope()
    fmt = choice_arg("format", ("csv", "xlsx", "pdf"), "csv")
    day = as_of()
    start = date_arg("from")
    if start is not None and start > day:
        raise BadParameter("from_after_as_of", start=start.isoformat(), day=day.isoformat())
    narrow = {k: v for k in NARROWING if (v := text_arg(k, 255))}
    loaded = person_level_input(session["platform_id"], kind, session["person_id"], for_export=True,
                                narrow={NARROWING[k]: v for k, v in narrow.items()})
    level = choice_arg("level", list(loaded.data.level_ranks), "")
    labels = {c.blueprint_version for certs in loaded.certificates.values() for c in certs if c.blueprint_version}
    header, rows = audit_rows(loaded, day, start, {label: pass_mark_basis_text(basis)
                                                   for label, basis in pass_mark_bases(labels).items()}, narrow, level)
    filters = {_("as of"): day.isoformat(), _("from"): start.isoformat() if start else "–",
               _("scope"): {"all": _("whole organisation"), "team": _("own team")}[kind],
               _("department"): narrow.get("department", "–"), _("location"): narrow.get("location", "–"),
               _("function group"): narrow.get("function_group", "–"), _("manager"): narrow.get("manager", "–"),
               _("required level"): level_label(level) if level else "–",
               _("rows"): str(len(rows)), _("certificates in the projection"): str(loaded.certificate_count)}
    name = f"ai-diploma-audit-{day.isoformat()}"
    if fmt == "csv":
        return csv_response(name + ".csv", header, rows, filters)
    if fmt == "xlsx":
        return download(_xlsx(header, rows, filters), name + ".xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return download(_pdf(header, rows, filters), name + ".pdf", "application/pdf")


def _xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]], filters: Mapping[str, str]) -> bytes:
    about = {_("generated"): utcnow().replace(microsecond=0, tzinfo=None).isoformat(" "), **filters}
    return workbook(header, rows, "audit", about, _("export"), freeze="C2")  # number and name stay in view


def _text(value: Any) -> str:
    return "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)


def _pdf(header: Sequence[str], rows: Sequence[Sequence[Any]], filters: Mapping[str, str]) -> bytes:
    """The audit PDF: a summary page first (organisation, period and filters, who generated it when, totals),
    then the key columns (CSV/XLSX carry all), sized from their content, the header on every page."""
    from .pdf_layout import heading, new_pdf, pairs, printable, table_layout, write_table

    def make(landscape: bool) -> Any:
        return new_pdf("AI-diploma audit export", landscape)

    pdf = make(False)
    head = [printable(pdf, header[i]) for i in PDF_COLUMNS]
    body = [[printable(pdf, _text(_pdf_cell(row, i))) for i in PDF_COLUMNS] for row in rows]
    pdf, widths, size = table_layout(make, head, body)
    pdf.add_page()
    heading(pdf, _("AI diploma — audit export"))
    pairs(pdf, [(_("organisation"), services().settings.organisation_name or "–"),
                (_("generated"), utcnow().isoformat(timespec="seconds")), (_("generated by"), current_name() or "–"),
                *filters.items()])
    pdf.ln(3)
    heading(pdf, _("Totals"), 11)
    pairs(pdf, summary_totals(rows))
    pdf.add_page()
    write_table(pdf, head, body, widths, size)
    return bytes(pdf.output())


#: the columns of ``audit_rows`` the PDF shows; its "valid until" is the end in force (``_pdf_cell``)
PDF_COLUMNS = (0, 1, 2, 7, 8, 9, 11, 13, 14, 17)
VALID_UNTIL, CUT_SHORT_TO = 14, 15


def _pdf_cell(row: Sequence[Any], index: int) -> Any:
    """A PDF cell: the end a recertification decision brought forward stands in for the original one (the PDF has
    no room for both; CSV and XLSX carry both)."""
    if index == VALID_UNTIL and row[CUT_SHORT_TO]:
        return row[CUT_SHORT_TO]
    return row[index]


def summary_totals(rows: Sequence[Sequence[Any]]) -> list[tuple[str, str]]:
    """The totals of the export's rows: people, required, covered (valid), late, and per required level."""
    valid, late, left, free = _("valid"), _("late"), _("left the organisation"), _("not required")
    required = [r for r in rows if r[9] not in (left, free)]
    out = [(_("people in scope"), str(sum(1 for r in rows if r[9] != left))), (_("required"), str(len(required))),
           (_("covered"), str(sum(1 for r in required if r[9] == valid))),
           (_("late"), str(sum(1 for r in required if r[9] == late)))]
    for level in sorted({r[7] for r in required}):
        mine = [r for r in required if r[7] == level]
        out.append((_("level %(level)s", level=level),
                    _("%(required)d required, %(covered)d covered, %(late)d late", required=len(mine),
                      covered=sum(1 for r in mine if r[9] == valid), late=sum(1 for r in mine if r[9] == late))))
    return out
