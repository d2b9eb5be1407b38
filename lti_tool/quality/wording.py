"""The report's plain-language flags and the names of groups, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _

from assessments.psychometrics.dif import Dif, DifClass
from assessments.psychometrics.samples import FIT_RANGE

from .report import ItemRow


def language_name(code: str) -> str:
    return {"nl": _("Dutch"), "en": _("English")}.get(code, code)


def item_flags(row: ItemRow, reference: str | None = None, focal: str | None = None) -> list[str]:
    """What a reviewer should look at, in words (empty: nothing stands out)."""
    flags = []
    if row.irt is not None and row.irt.misfit:
        low, high = FIT_RANGE
        flags.append(_("The answers fit the model poorly (infit or outfit outside %(low)s–%(high)s): candidates of "
                       "the same ability answer it more erratically, or more predictably, than the model expects. "
                       "Check for ambiguity or a clue in the wording.", low=low, high=high))
    if row.classical.n >= 30 and (row.classical.discrimination or 0) < 0:
        flags.append(_("Stronger candidates do worse on this question than weaker ones: check the key."))
    flags += _dif_flags(row.dif_language, language_name("nl"), language_name("en"), language=True)
    if row.dif_group is not None and reference and focal:
        flags += _dif_flags(row.dif_group, focal, reference, language=False)
    return flags


def _dif_flags(dif: Dif, focal: str, reference: str, language: bool) -> list[str]:
    if dif.dif_class not in (DifClass.B, DifClass.C) or dif.harder_for_focal is None:
        return []
    harder, easier = (focal, reference) if dif.harder_for_focal else (reference, focal)
    if language:
        if dif.dif_class is DifClass.C:
            return [_("Candidates answering in %(harder)s find this question harder than those of the same ability "
                      "answering in %(easier)s (class C): check the translation.", harder=harder, easier=easier)]
        return [_("Candidates answering in %(harder)s find this question somewhat harder at the same ability "
                  "(class B): compare the two language versions.", harder=harder)]
    if dif.dif_class is DifClass.C:
        return [_("Candidates in %(harder)s find this question harder than candidates in %(easier)s of the same "
                  "ability (class C): check for knowledge or wording that depends on the group.",
                  harder=harder, easier=easier)]
    return [_("Candidates in %(harder)s find this question somewhat harder at the same ability (class B).",
              harder=harder)]
