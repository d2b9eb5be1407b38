"""The board summary page and its one-page PDF (``reports.board``; what it shows: ``reports.board``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import render_template, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.text import localize

from ..db.models import utcnow
from ..labels import DIMENSION
from ..permissions import require_session
from ..request import current_name, locale
from ..services import services
from .board import UNITS, BoardSummary, board_summary
from .data import board_input
from .downloads import download
from .params import choice_arg
from .published import calendar, choose_day
from .scope import scope
from .views import bp


@bp.get("/board")
@require_session
def board() -> ResponseReturnValue:
    scope()  # 403 unless the table gives this role a scope here
    min_n = services().certification.min_group_size  # an aggregate view for every audience
    fmt = choice_arg("format", ("html", "pdf"), "html")
    data, spans, plan = board_input(session["platform_id"])
    ends = calendar(data, dt.date.today())
    day, notice = choose_day(ends)
    summary = board_summary(data, spans, plan, ends, day, min_n)
    if fmt == "pdf":
        return download(board_pdf(summary), f"ai-diploma-board-{day.isoformat()}.pdf", "application/pdf")
    return render_template("reports/board.html", s=summary, day=day, notice=notice, quarter_ends=ends,
                           units=UNITS, min_n=min_n, localize=localize, lang=locale())


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def number(value: int | None) -> str:
    return "—" if value is None else str(value)


def board_pdf(s: BoardSummary) -> bytes:
    """The summary on one A4 page: the same figures as the page."""
    from .pdf_layout import heading, new_pdf, pairs

    pdf = new_pdf("AI-diploma board summary")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    heading(pdf, _("AI diploma — board summary"))
    pairs(pdf, [(_("organisation"), services().settings.organisation_name or "–"), (_("quarter end"),
                s.day.isoformat()), (_("generated"), f"{utcnow().isoformat(timespec='seconds')} ({current_name()})"),
                (_("small groups"), _("numbers for groups smaller than %(n)d people are hidden (—)", n=s.min_n))], 8)
    _section(pdf, _("Overall coverage"), [(_("required"), number(s.total.required)),
                                          (_("valid diploma"), number(s.total.covered)),
                                          (_("share"), percent(s.total.share)), (_("late"), number(s.total.late))])
    for by in UNITS:
        ranked = s.units[by]
        lines = [(str(r.group or "–"), _row_text(r)) for r in ranked.rows] or [("–", _("no group can be shown"))]
        if ranked.hidden:
            lines.append((_("hidden"), _("%(n)d groups", n=ranked.hidden)))
        _section(pdf, _("Lowest coverage per %(dim)s", dim=str(DIMENSION[by])), lines)
    _section(pdf, _("Per risk class, highest risk first"), [(str(r.group or "–"), _row_text(r)) for r in s.risk])
    _section(pdf, _("Trend"), [(p.day.isoformat(), f"{percent(p.share)} ({number(p.covered)} / "
                                                   f"{number(p.required)})") for p in s.trend])
    _section(pdf, _("Due %(start)s to %(end)s", start=s.next_start.isoformat(), end=s.next_end.isoformat()),
             due_lines(s))
    return bytes(pdf.output())


def _row_text(r: Any) -> str:
    return _("%(share)s valid (%(covered)s of %(required)s), %(late)s late", share=percent(r.share),
             covered=number(r.covered), required=number(r.required), late=number(r.late))


def due_lines(s: BoardSummary) -> list[tuple[str, str]]:
    lines = [(_("diplomas expiring"), number(s.expiring)), (_("deadlines falling due"), number(s.due))]
    lines += [(_("rollout phase ends"), f"{localize(p.name, locale())} ({p.end.isoformat()})") for p in s.phases]
    return lines


def _section(pdf: Any, title: str, lines: list[tuple[str, str]]) -> None:
    from .pdf_layout import heading, pairs

    pdf.ln(1.5)
    heading(pdf, title, 10)
    pairs(pdf, lines, 8)
