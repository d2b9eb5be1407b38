"""A reasoned pass mark: the modified Angoff method with the Hofstee compromise as a check.

Modified Angoff (Cizek & Bunch 2007, *Standard Setting*, ch. 6): each panel member judges, per
item, the probability that a *minimally competent* employee answers it correctly (for a partial
credit item: the expected score), as a fraction 0–1. A member's cut is their mean rating; since
the exam is drawn per competence, the mean is weighted like the blueprint's form: per competence
the mean rating of its items times the number of items the form draws from it, summed and divided
by the form's length. The panel's cut is the mean of the members' cuts, with its standard error
SD/√N (Cizek & Bunch 2007, p. 98).

Hofstee (1983, "The case for compromise in educational selection and grading"; Cizek & Bunch 2007,
ch. 12): each member also names the lowest and highest acceptable pass mark (k_min, k_max) and the
lowest and highest acceptable fail rate (f_min, f_max). Averaged over the panel they span a
rectangle; the compromise cut is where the line from (k_min, f_max) to (k_max, f_min) meets the
observed fail rate curve F(c) (the share of submitted attempts scoring below c). The curve rises
and the line falls, so they meet at most once; when the curve passes above or below the whole line
there is no compromise within the rectangle, and the result says which.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .blueprints import Blueprint
from .errors import Incomplete, WrongState

#: the smallest panel whose cut is adopted without a stated reason (Cizek & Bunch advise 5–10 or more)
MIN_PANEL = 5
#: items whose ratings spread this much (SD, as a fraction) are shown for discussion
DISAGREEMENT_SD = 0.15


class RoundStatus(StrEnum):
    OPEN = "open"  # panel members rate
    CLOSED = "closed"  # ratings fixed; L&D reads the results
    ADOPTED = "adopted"  # the cut became a new exam version


@dataclass(frozen=True)
class HofsteeAnswers:
    """One member's (or the panel's mean) Hofstee judgements, all fractions 0–1."""

    min_cut: float
    max_cut: float
    min_fail: float
    max_fail: float

    def problems(self) -> list[str]:
        """Codes of what is wrong (``standard.hofstee_range``, ``standard.hofstee_order``)."""
        values = (self.min_cut, self.max_cut, self.min_fail, self.max_fail)
        if any(not 0 <= v <= 1 for v in values):
            return ["standard.hofstee_range"]
        if self.min_cut > self.max_cut or self.min_fail > self.max_fail:
            return ["standard.hofstee_order"]
        return []


def check_rating(value: float) -> None:
    if not 0 <= value <= 1 or math.isnan(value):
        raise Incomplete("standard.rating_range")


# --- modified Angoff -----------------------------------------------------------------------


def member_cut(ratings: Mapping[str, float], competence_of: Mapping[str, str],
               items_per_competence: Mapping[str, int]) -> float:
    """One member's cut: per competence the mean rating of its rated items, weighted by the items the
    form draws from it. Competences without rated items do not count."""
    by_competence: dict[str, list[float]] = {}
    for item, rating in ratings.items():
        by_competence.setdefault(competence_of[item], []).append(rating)
    weights = {c: n for c, n in items_per_competence.items() if by_competence.get(c)}
    total = sum(weights.values())
    if not total:
        raise Incomplete("standard.unrated_items", n=len(competence_of))
    return sum(n * statistics.fmean(by_competence[c]) for c, n in weights.items()) / total


@dataclass(frozen=True)
class ItemSummary:
    item_key: str
    mean: float
    sd: float
    n: int

    @property
    def disagreement(self) -> bool:
        return self.sd >= DISAGREEMENT_SD


@dataclass(frozen=True)
class AngoffResult:
    member_cuts: Mapping[Any, float]
    cut: float
    sd: float
    se: float | None  # None for a panel of one
    items: Sequence[ItemSummary] = field(default_factory=list)

    @property
    def panel_size(self) -> int:
        return len(self.member_cuts)

    @property
    def small_panel(self) -> bool:
        return self.panel_size < MIN_PANEL

    @property
    def disagreements(self) -> list[ItemSummary]:
        return [i for i in self.items if i.disagreement]


def _sd(values: Sequence[float]) -> float:
    return statistics.stdev(values) if len(values) > 1 else 0.0


def angoff(ratings: Mapping[Any, Mapping[str, float]], competence_of: Mapping[str, str],
           items_per_competence: Mapping[str, int]) -> AngoffResult:
    """The panel's cut from the ratings of its members (member → item → rating)."""
    if not ratings:
        raise Incomplete("standard.no_ratings")
    cuts = {m: member_cut(r, competence_of, items_per_competence) for m, r in ratings.items()}
    values = list(cuts.values())
    sd = _sd(values)
    per_item: dict[str, list[float]] = {}
    for member_ratings in ratings.values():
        for item, rating in member_ratings.items():
            per_item.setdefault(item, []).append(rating)
    items = [ItemSummary(k, statistics.fmean(v), _sd(v), len(v)) for k, v in sorted(per_item.items())]
    return AngoffResult(cuts, statistics.fmean(values), sd, sd / math.sqrt(len(values)) if len(values) > 1 else None,
                        items)


# --- Hofstee -------------------------------------------------------------------------------


def fail_rate(scores: Sequence[float], cut: float) -> float:
    """The share of ``scores`` (scaled 0–1) below ``cut``: who fails at that pass mark."""
    return sum(1 for s in scores if s < cut) / len(scores) if scores else 0.0


def mean_answers(answers: Sequence[HofsteeAnswers]) -> HofsteeAnswers:
    if not answers:
        raise Incomplete("standard.no_ratings")
    return HofsteeAnswers(*(statistics.fmean(getattr(a, name) for a in answers)
                            for name in ("min_cut", "max_cut", "min_fail", "max_fail")))


@dataclass(frozen=True)
class HofsteeResult:
    bounds: HofsteeAnswers  # the panel's mean answers
    cut: float | None
    outcome: str  # "intersection", "curve_above", "curve_below" or "no_data"
    attempts: int

    def line(self, cut: float) -> float:
        """The compromise line's fail rate at ``cut``."""
        b = self.bounds
        if b.max_cut == b.min_cut:
            return b.max_fail
        return b.max_fail + (b.min_fail - b.max_fail) * (cut - b.min_cut) / (b.max_cut - b.min_cut)


def hofstee(bounds: HofsteeAnswers, scores: Sequence[float]) -> HofsteeResult:
    """Where the fail rate curve of ``scores`` meets the compromise line of ``bounds``."""
    if not scores:
        return HofsteeResult(bounds, None, "no_data", 0)
    found = HofsteeResult(bounds, None, "", len(scores))
    k_min, k_max = bounds.min_cut, bounds.max_cut
    if k_max == k_min:
        at = fail_rate(scores, k_min)
        outcome = "curve_above" if at > bounds.max_fail else "curve_below" if at < bounds.min_fail else "intersection"
        return HofsteeResult(bounds, k_min if outcome == "intersection" else None, outcome, len(scores))
    if fail_rate(scores, k_min) > found.line(k_min):
        return HofsteeResult(bounds, None, "curve_above", len(scores))
    points = [k_min, *sorted({s for s in scores if k_min < s < k_max}), k_max]
    for a, b in itertools.pairwise(points):
        level = sum(1 for s in scores if s <= a) / len(scores)  # F on (a, b]
        if level >= found.line(a):  # the curve jumps over the line at a
            return HofsteeResult(bounds, a, "intersection", len(scores))
        if bounds.max_fail > bounds.min_fail:
            where = k_min + (bounds.max_fail - level) * (k_max - k_min) / (bounds.max_fail - bounds.min_fail)
            if where <= b:
                return HofsteeResult(bounds, where, "intersection", len(scores))
    return HofsteeResult(bounds, None, "curve_below", len(scores))


def inside_rectangle(cut: float, result: HofsteeResult, scores: Sequence[float]) -> bool:
    """Whether a cut is acceptable by the panel's Hofstee answers: within the pass mark range, and
    (when there are attempts) with a fail rate within the acceptable range."""
    b = result.bounds
    if not b.min_cut <= cut <= b.max_cut:
        return False
    return not scores or b.min_fail <= fail_rate(scores, cut) <= b.max_fail


def fail_curve(scores: Sequence[float], steps: int = 100) -> list[tuple[float, float]]:
    """The observed fail rate at every pass mark 0, 1/steps, …, 1 (for the plot)."""
    return [(i / steps, fail_rate(scores, i / steps)) for i in range(steps + 1)]


# --- the round -----------------------------------------------------------------------------


@dataclass
class Round:
    """A standard-setting round of one exam version: open while members rate, then closed, then its
    cut adopted as a new exam version."""

    status: RoundStatus
    closes_on: dt.date

    def check_open(self) -> None:
        """Raise unless the round is open (panel members may be invited and rate)."""
        if self.status is not RoundStatus.OPEN:
            raise WrongState("standard.round_not_open", status=self.status.value)

    def check_rating(self, today: dt.date, submitted: bool) -> None:
        """Raise unless a member may still change their ratings."""
        self.check_open()
        if today > self.closes_on:
            raise WrongState("standard.round_past_closing", date=self.closes_on.isoformat())
        if submitted:
            raise WrongState("standard.already_submitted")

    def rating_closed(self, today: dt.date, submitted: bool) -> WrongState | None:
        """Why a member may no longer change their ratings (None while they may). From then on their sheet shows
        no questions, keys or rationale: the items are, or will be, in use in exams."""
        try:
            self.check_rating(today, submitted)
        except WrongState as closed:
            return closed
        return None

    def check_submission(self, item_keys: Sequence[str], ratings: Mapping[str, float | None],
                         answers: HofsteeAnswers | None) -> None:
        """Raise unless every item is rated and the Hofstee answers are complete and in order."""
        unrated = [k for k in item_keys if ratings.get(k) is None]
        if unrated:
            raise Incomplete("standard.unrated_items", n=len(unrated))
        if answers is None:
            raise Incomplete("standard.hofstee_incomplete")
        for problem in answers.problems():
            raise Incomplete(problem)

    def close(self) -> None:
        self.check_open()
        self.status = RoundStatus.CLOSED

    def adopt(self, panel_size: int, reason: str) -> None:
        """Adopt the cut: a closed round with ratings; a panel below ``MIN_PANEL`` needs a reason."""
        if self.status is not RoundStatus.CLOSED:
            raise WrongState("standard.adopt_needs_closed", status=self.status.value)
        if panel_size == 0:
            raise Incomplete("standard.no_ratings")
        if panel_size < MIN_PANEL and not reason.strip():
            raise Incomplete("standard.small_panel_needs_reason", n=panel_size, minimum=MIN_PANEL)
        self.status = RoundStatus.ADOPTED


def check_same_form(rated: Blueprint, newest: Blueprint) -> None:
    """The cut belongs to the form the panel rated: its pool (level, function group) and its weights (questions per
    competence). A newer version that draws its questions the same way may take it; one that draws them otherwise
    needs a round of its own."""
    def form(blueprint: Blueprint) -> tuple[Any, ...]:
        return blueprint.level, blueprint.function_group, dict(blueprint.items_per_competence)

    if form(rated) != form(newest):
        raise WrongState("standard.form_changed", rated=rated.version_label, newest=newest.version_label)


def pass_mark(cut: float) -> float:
    """The adopted pass mark: the cut rounded to a whole percent."""
    return max(0.01, min(1.0, round(cut * 100) / 100))


def pass_mark_basis(round_id: int, day: dt.date, result: AngoffResult, compromise: HofsteeResult | None,
                    reason: str = "") -> dict[str, Any]:
    """What the exam version records about how its pass mark was set."""
    basis: dict[str, Any] = {
        "method": "modified_angoff", "round_id": round_id, "date": day.isoformat(),
        "panel_size": result.panel_size, "cut": round(result.cut, 4),
        "se": round(result.se, 4) if result.se is not None else None,
        "hofstee_cut": round(compromise.cut, 4) if compromise and compromise.cut is not None else None,
    }
    if reason.strip():
        basis["reason"] = reason.strip()[:1000]
    return basis
