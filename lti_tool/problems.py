"""Problems the domain found (``assessments.problems``), worded in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_babel import gettext

from assessments.problems import words


def problem_text(item: object) -> str:
    """A Problem, a Place or an import's line error in the current locale; other text as it is."""
    return words(item, gettext)


def problem_texts(items: Iterable[object]) -> list[str]:
    return [problem_text(item) for item in items]


def register_problem_filters(app: Flask) -> None:
    app.jinja_env.filters["problem"] = problem_text
