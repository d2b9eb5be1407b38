"""A problem found in a document, an upload or an item: a code with parameters and where it was found.

The domain never words a problem for a person: it returns or raises a :class:`Problem` (``code``, ``params``,
``where``) and the edge words it in the reader's language (``lti_tool.problems.problem_text``). The English
wording of every code is in ``problem_texts`` (also the catalogue's msgids). A Problem *is* its English text
(a ``str``), so logs, the English CLI and code that joins or compares problems read it as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .problem_texts import PLACES, TEXTS

Translate = Callable[[str], str]


def english(text: str) -> str:
    return text


def format_params(params: Mapping[str, Any], translate: Translate = english) -> dict[str, str]:
    """Parameter values as the wording shows them: lists joined with commas, a Place, a Problem or a Term
    in words, the rest as text."""
    return {name: ", ".join(words(v, translate) for v in value) if isinstance(value, list | tuple | set | frozenset)
            else words(value, translate) for name, value in params.items()}


class Term(str):
    """A word the catalogue translates, as a parameter (an item type's name: "single choice")."""

    def words(self, translate: Translate) -> str:
        return translate(str(self))


class Place(str):
    """Where a problem is: one or more parts such as ``("file_line", {"file": "hr.csv", "line": 7})`` or
    ``("rule", {"n": 3})``, outermost first; its text is the English ("hr.csv line 7: …")."""

    parts: tuple[tuple[str, Mapping[str, Any]], ...]

    def __new__(cls, *parts: tuple[str, Mapping[str, Any]]) -> Place:
        self = super().__new__(cls, place_text(parts, english))
        self.parts = tuple(parts)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Place, self.parts)

    def within(self, kind: str, **params: Any) -> Place:
        return Place((kind, params), *self.parts)

    def words(self, translate: Translate) -> str:
        return place_text(self.parts, translate)


def place(kind: str, **params: Any) -> Place:
    return Place((kind, params))


def place_text(parts: Iterable[tuple[str, Mapping[str, Any]]], translate: Translate) -> str:
    return ": ".join(translate(PLACES[kind]) % format_params(params, translate) for kind, params in parts)


class Problem(str):
    """A problem as a code with parameters (and optionally where it is); its text is the English wording."""

    code: str
    params: Mapping[str, Any]
    where: Place | None

    def __new__(cls, code: str, where: Place | None = None, **params: Any) -> Problem:
        self = super().__new__(cls, problem_words(code, params, where, english))
        self.code, self.params, self.where = code, params, where
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.code, self.where, dict(self.params)))

    def within(self, kind: str, **params: Any) -> Problem:
        """The same problem inside an outer place (a rule inside version 2 of the role matrix)."""
        where = self.where.within(kind, **params) if self.where is not None else place(kind, **params)
        return Problem(self.code, where, **self.params)

    def words(self, translate: Translate) -> str:
        return problem_words(self.code, self.params, self.where, translate)


def missing_in(code: str, missing: Iterable[str], where: Place | None = None, **params: Any) -> Problem:
    """``code`` for the languages that are missing: ``<code>_nl``, ``<code>_en`` or ``<code>_en_nl`` (each worded
    with the language names, which an adjective in Dutch has to agree with)."""
    return Problem(f"{code}_{'_'.join(sorted(missing))}", where, **params)


def _rebuild(code: str, where: Place | None, params: dict[str, Any]) -> Problem:
    return Problem(code, where, **params)


def problem_words(code: str, params: Mapping[str, Any], where: Place | None, translate: Translate) -> str:
    template = TEXTS.get(code)
    text = translate(template) % format_params(params, translate) if template else code
    return f"{where.words(translate)}: {text}" if where else text


def words(item: object, translate: Translate = english) -> str:
    """Any problem-like value in words: a Problem, a Place or a value that holds them (an import's line
    error) is translated; anything else is shown as it is."""
    worded = getattr(item, "words", None)
    return worded(translate) if callable(worded) else str(item)


__all__ = ["Place", "Problem", "Term", "Translate", "english", "missing_in", "place", "words"]
