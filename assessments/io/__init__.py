"""Import and export of item records: QTI 3.0 / 2.1 (``qti``), Moodle GIFT (``gift``), CSV/XLSX (``tabular``).

Pure Python, no Flask, no database. Every importer returns an :class:`ImportResult`; imports are
all-or-nothing: as soon as one problem is found, ``records`` is empty and ``errors`` lists *every*
problem (not just the first), each with a location an author can find ("items.csv line 7",
"items/x/nl.xml line 12", "question 3 (line 40)") and a message written for L&D authors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problems import Translate, english, words


@dataclass(frozen=True)
class LineError:
    """One problem in an imported file: where it is and what to do about it."""

    #: a ``problems.Place`` (worded in the reader's language) or, from older readers, plain text
    location: str
    #: a ``problems.Problem`` or, from readers not yet given codes, an English text
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def words(self, translate: Translate = english) -> str:
        return f"{words(self.location, translate)}: {words(self.message, translate)}"


@dataclass
class ImportResult:
    records: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    #: per record key: what the importer assumed (``problems.Problem``), e.g. for a plain Moodle GIFT question
    assumptions: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def result(records: list[dict[str, Any]], cases: list[dict[str, Any]], errors: list[LineError]) -> ImportResult:
    """All-or-nothing: with errors, no records (and no cases) are returned."""
    if errors:
        return ImportResult([], [], list(errors))
    return ImportResult(records, cases, [])


__all__ = ["ImportResult", "LineError", "result"]
