"""The per-item table of the quality report as CSV and XLSX (numbers as numbers; empty under the minimum
sample)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

from ..reports.spreadsheet import workbook
from .report import QualityReport
from .wording import item_flags


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def table(report: QualityReport) -> tuple[list[str], list[list[Any]]]:
    header = [_("Question"), _("Answers"), _("Facility"), _("Discrimination (item-rest)"), _("Difficulty b"),
              _("SE of b"), _("Discrimination a"), _("SE of a"), _("Infit"), _("Outfit"),
              _("DIF Dutch/English delta"), _("DIF Dutch/English class"), _("Answers in English"),
              _("Answers in Dutch")]
    groups = report.groups
    if groups.reference and groups.focal:
        header += [_("DIF %(focal)s/%(reference)s delta", focal=groups.focal, reference=groups.reference),
                   _("DIF class"), groups.reference, groups.focal]
    header.append(_("Flags"))
    rows = []
    for row in report.rows:
        irt, lang = row.irt, row.dif_language
        line: list[Any] = [row.key, row.classical.n, _r(row.classical.facility), _r(row.classical.discrimination),
                           _r(irt.difficulty) if irt else None, _r(irt.difficulty_se) if irt else None,
                           _r(irt.discrimination) if irt else None, _r(irt.discrimination_se) if irt else None,
                           _r(irt.infit) if irt else None, _r(irt.outfit) if irt else None,
                           _r(lang.delta, 2), lang.dif_class.value if lang.dif_class else None,
                           lang.n_reference, lang.n_focal]
        if groups.reference and groups.focal:
            dif = row.dif_group
            line += ([_r(dif.delta, 2), dif.dif_class.value if dif.dif_class else None, dif.n_reference, dif.n_focal]
                     if dif else [None] * 4)
        line.append(" ".join(item_flags(row, groups.reference, groups.focal)))
        rows.append(line)
    return header, rows


def xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]], title: str) -> bytes:
    return workbook(header, rows, title)
