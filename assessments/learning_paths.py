"""Learning paths per role: L&D's offer (LMS courses and modules, e-learning, in-company sessions, testing)
mapped to the competence model's (competence, level), as a versioned catalogue.

A person's path is the activities for the level their role requires, the competences they were weak in on
their last attempt first. An activity is *done* when the LRS holds a ``completed`` or ``passed`` statement by
the person for its tracked id (``tracked_id``); a ``testing`` activity is done by the tool's own results (a
certificate at that level). Pure: no I/O. What a check finds is a ``Problem``; the edge words it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .competences import CompetenceModel
from .errors import ProblemsError
from .problems import Problem
from .text import LANGUAGES, LocalizedText

KINDS = ("lms_course", "lms_module", "e_learning", "in_company", "testing")
NEEDS_URL = frozenset({"lms_course", "lms_module"})
FIELDS = ("key", "kind", "competence", "level", "title_nl", "title_en", "url", "activity_id", "starts", "ends",
          "place")
MAX_LENGTH = {"key": 64, "title_nl": 200, "title_en": 200, "url": 1000, "activity_id": 1000, "place": 200}
MAX_ACTIVITIES = 500
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Activity:
    key: str
    kind: str
    competence: str
    level: str
    title: LocalizedText
    url: str = ""  # where to follow it (an LMS course or module, an e-learning's launch page)
    activity_id: str = ""  # the xAPI activity id (IRI) its statements are about
    starts: dt.datetime | None = None  # in-company: when and where
    ends: dt.datetime | None = None
    place: str = ""

    @property
    def tracked_id(self) -> str:
        """The activity id whose ``completed``/``passed`` statements mark it done ('' for testing)."""
        return "" if self.kind == "testing" else (self.activity_id or self.url)


@dataclass(frozen=True)
class LearningPathCatalogue:
    version: int
    activities: tuple[Activity, ...]

    def for_level(self, level: str | None) -> list[Activity]:
        return [a for a in self.activities if a.level == level]


@dataclass(frozen=True)
class PathStep:
    activity: Activity
    weak: bool  # a competence below the pass mark on the last attempt
    done: bool | None  # None: unknown (the LRS did not answer)


def _absolute(url: str, schemes: Collection[str]) -> bool:
    parts = urlsplit(url)
    return parts.scheme in schemes and bool(parts.netloc) and not any(c.isspace() for c in url)


def _moment(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _text(raw: Mapping[str, Any], name: str) -> str:
    return str(raw.get(name) or "").strip()


def _identity_problems(raw: Mapping[str, Any], model: CompetenceModel) -> dict[str, Problem]:
    found: dict[str, Problem] = {}
    key, kind, competence, level = (_text(raw, n) for n in ("key", "kind", "competence", "level"))
    if not _KEY.match(key):
        found["key"] = Problem("path.key", key=key)
    if kind not in KINDS:
        found["kind"] = Problem("path.unknown_kind", kind=kind)
    if competence not in model.competences:
        found["competence"] = Problem("path.unknown_competence", competence=competence)
    if level not in model.levels:
        found["level"] = Problem("path.unknown_level", level=level)
    elif competence in model.competences and level not in model.competences[competence].levels:
        found["level"] = Problem("path.level_of_competence", competence=competence, level=level)
    for lang in LANGUAGES:
        if not _text(raw, f"title_{lang}"):
            found[f"title_{lang}"] = Problem(f"path.title_{lang}")
    return found


def _where_problems(raw: Mapping[str, Any]) -> dict[str, Problem]:
    found: dict[str, Problem] = {}
    kind, url, iri = _text(raw, "kind"), _text(raw, "url"), _text(raw, "activity_id")
    if url and not _absolute(url, ("https", "http")):
        found["url"] = Problem("path.bad_url", url=url)
    elif kind in NEEDS_URL and not url:
        found["url"] = Problem("path.url_needed")
    if iri and not _absolute(iri, ("https", "http", "urn")) and not iri.startswith("urn:"):
        found["activity_id"] = Problem("path.bad_iri", iri=iri)
    elif kind == "e_learning" and not iri:
        found["activity_id"] = Problem("path.iri_needed")
    if kind == "in_company":
        starts, ends = _text(raw, "starts"), _text(raw, "ends")
        begin, end = _moment(starts), _moment(ends)
        if begin is None:
            found["starts"] = Problem("path.bad_moment", text=starts) if starts else Problem("path.moment_needed")
        if end is None:
            found["ends"] = Problem("path.bad_moment", text=ends) if ends else Problem("path.moment_needed")
        elif begin is not None and end <= begin:
            found["ends"] = Problem("path.end_before_start")
        if not _text(raw, "place"):
            found["place"] = Problem("path.place_needed")
    return found


def check_activity(raw: Mapping[str, Any], model: CompetenceModel) -> dict[str, Problem]:
    """What is wrong with one activity row, by field (empty: nothing)."""
    found = {name: Problem("path.too_long", length=len(_text(raw, name)), max=limit)
             for name, limit in MAX_LENGTH.items() if len(_text(raw, name)) > limit}
    for name, problem in {**_identity_problems(raw, model), **_where_problems(raw)}.items():
        found.setdefault(name, problem)
    return found


def activity_of(raw: Mapping[str, Any]) -> Activity:
    """An activity from a checked row."""
    kind = _text(raw, "kind")
    dated = kind == "in_company"
    return Activity(_text(raw, "key"), kind, _text(raw, "competence"), _text(raw, "level"),
                    {lang: _text(raw, f"title_{lang}") for lang in LANGUAGES}, _text(raw, "url"),
                    _text(raw, "activity_id"), _moment(_text(raw, "starts")) if dated else None,
                    _moment(_text(raw, "ends")) if dated else None, _text(raw, "place") if dated else "")


def row_of(activity: Activity) -> dict[str, str]:
    """An activity's stored (and form) form: text per field."""
    row = {"key": activity.key, "kind": activity.kind, "competence": activity.competence, "level": activity.level,
           "url": activity.url, "activity_id": activity.activity_id, "place": activity.place,
           "starts": activity.starts.isoformat(timespec="minutes") if activity.starts else "",
           "ends": activity.ends.isoformat(timespec="minutes") if activity.ends else ""}
    row.update({f"title_{lang}": str(activity.title.get(lang, "")) for lang in LANGUAGES})
    return row


def check_catalogue(rows: Sequence[Mapping[str, Any]], model: CompetenceModel) -> list[dict[str, Problem]]:
    """Each row's problems by field (a repeated key is a problem of the later row)."""
    seen: set[str] = set()
    found = []
    for raw in rows:
        problems = check_activity(raw, model)
        key = _text(raw, "key")
        if key in seen and "key" not in problems:
            problems["key"] = Problem("path.key_repeated", key=key)
        seen.add(key)
        found.append(problems)
    return found


def parse_catalogue(data: Mapping[str, Any], model: CompetenceModel, version: int = 0) -> LearningPathCatalogue:
    """The catalogue from its stored (or YAML) form; every problem at once, placed at its activity."""
    rows = data.get("activities") or []
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise ProblemsError([Problem("path.not_a_list")])
    if len(rows) > MAX_ACTIVITIES:
        raise ProblemsError([Problem("path.too_many", count=len(rows), max=MAX_ACTIVITIES)])
    problems = [p.within("path_activity", n=index, key=_text(row, "key"))
                for index, (row, found) in enumerate(zip(rows, check_catalogue(rows, model), strict=True), start=1)
                for p in found.values()]
    if problems:
        raise ProblemsError(problems)
    return LearningPathCatalogue(version, tuple(activity_of(r) for r in rows))


def stored_catalogue(data: Mapping[str, Any] | None, version: int) -> LearningPathCatalogue:
    """A stored version as it is (checked when it was saved; a later competence model may have dropped one of
    its competences, which then simply matches no one's level)."""
    rows = (data or {}).get("activities") or []
    return LearningPathCatalogue(version, tuple(activity_of(r) for r in rows if isinstance(r, Mapping)))


def weak_order(advice: Sequence[Any] | None) -> list[str]:
    """The competences to study again from the last attempt's advice, weakest first."""
    return [a.competence for a in sorted((a for a in advice or () if a.study), key=lambda a: a.fraction)]


def learning_path(catalogue: LearningPathCatalogue, level: str | None, weak: Sequence[str],
                  done_ids: Collection[str] | None, held_levels: Collection[str]) -> list[PathStep]:
    """The activities for ``level``, weak competences first (weakest first), each with whether it is done.
    ``done_ids``: the tracked ids with a completed/passed statement (None: unknown); ``held_levels``: the
    levels of the person's certificates in force (a ``testing`` activity is done by one at its level)."""
    rank = {competence: index for index, competence in enumerate(weak)}
    ordered = sorted(catalogue.for_level(level), key=lambda a: rank.get(a.competence, len(rank)))
    return [PathStep(a, a.competence in rank, _done(a, done_ids, held_levels)) for a in ordered]


def _done(activity: Activity, done_ids: Collection[str] | None, held_levels: Collection[str]) -> bool | None:
    if activity.kind == "testing":
        return activity.level in held_levels
    return None if done_ids is None else activity.tracked_id in done_ids


def counts(steps: Sequence[PathStep]) -> tuple[int, int]:
    """How many of a path's activities are done, and how many there are."""
    return sum(1 for s in steps if s.done), len(steps)
