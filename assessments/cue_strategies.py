"""Cue-only strategies: what a candidate scores who knows nothing but the surface of the items.

Each strategy answers every item from its texts alone (in one language) and is scored with the item
type's own ``grade``; ties are split (the expected grade over the tied options). Where a strategy has
nothing to go on (a typed answer, a cue that does not apply to the type), the candidate guesses: the
item scores its chance (``ItemType.chance``: the expected grade of a uniformly random valid response).
The exam score of a strategy weights each competence as a blueprint draws it (``items_per_competence``,
the mean over the level's approved pool in that competence), next to chance and the pass mark.

Positional strategies (``first``, ``last``) read the authored order: they matter where options are not
shuffled (exports, print, a blueprint with ``shuffle_options: false``).
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .blueprints import Blueprint
from .item_types.base import ItemType
from .item_types.cues import content_words, has_absolute, has_hedge, text_in
from .item_types.registry import ITEM_TYPES
from .text import LANGUAGES

Content = Mapping[str, Any]
#: (content, type, language) → expected grade, or None when the strategy has nothing to go on
Answer = Callable[[Content, ItemType, str], "float | None"]
LAYOUT_DRAWS = 200  # presentations averaged for "as listed" (seeded: the same figures every run)


def _texts(content: Content, lang: str) -> list[tuple[str, str]]:
    return [(str(o.get("key")), text_in(o.get("text"), lang)) for o in content.get("options") or []]


def _mean_grade(content: Content, kind: ItemType, responses: Sequence[list[str]]) -> float:
    return sum(kind.grade(content, r) for r in responses) / len(responses)


def _best_one(score: Callable[[str, list[tuple[str, str]]], float]) -> Answer:
    """Single choice: the option(s) with the highest score; a tie is split."""
    def answer(content: Content, kind: ItemType, lang: str) -> float | None:
        texts = _texts(content, lang)
        if not texts:
            return None
        scores = {key: score(text, texts) for key, text in texts}
        top = max(scores.values())
        return _mean_grade(content, kind, [[k] for k, s in scores.items() if s == top])
    return answer


def _upper_half(score: Callable[[str, list[tuple[str, str]]], float]) -> Answer:
    """Multiple response: every option scoring at least the median ("pick the longer half", …)."""
    def answer(content: Content, kind: ItemType, lang: str) -> float | None:
        texts = _texts(content, lang)
        if not texts:
            return None
        scores = {key: score(text, texts) for key, text in texts}
        median = statistics.median(scores.values())
        return kind.grade(content, sorted(k for k, s in scores.items() if s >= median))
    return answer


def _filtered(keep: Callable[[str, str], bool], many: bool) -> Answer:
    """The options passing ``keep`` (text, language): one of them at random, or all of them (``many``);
    with no option passing, the candidate guesses."""
    def answer(content: Content, kind: ItemType, lang: str) -> float | None:
        chosen = sorted(k for k, text in _texts(content, lang) if keep(text, lang))
        if not chosen:
            return None
        return kind.grade(content, chosen) if many else _mean_grade(content, kind, [[k] for k in chosen])
    return answer


def _at(index: int) -> Answer:
    def answer(content: Content, kind: ItemType, lang: str) -> float | None:
        keys = [k for k, _t in _texts(content, lang)]
        return kind.grade(content, [keys[index]]) if keys else None
    return answer


def _judge(truth: str, when: Callable[[str, str], bool] | None = None) -> Answer:
    """True/false: answer ``truth`` (always, or only when the statement shows the cue ``when``)."""
    def answer(content: Content, kind: ItemType, lang: str) -> float | None:
        if when is not None and not when(text_in(content.get("stem"), lang), lang):
            return None
        return kind.grade(content, [truth])
    return answer


def _as_listed(content: Content, kind: ItemType, lang: str) -> float | None:
    """Ordering and matching: the answer as the page lists it (the steps in the order shown; each left
    item with the right item on its line), averaged over the type's own random presentations."""
    rng, total = random.Random(0), 0.0
    for _ in range(LAYOUT_DRAWS):
        layout = kind.present(content, rng, True)
        targets = layout.get("targets")
        if targets is None:
            listed = list(layout["order"])
        else:
            listed = sorted(f"{a}={b}" for a, b in zip(layout["order"], targets, strict=True))
        total += kind.grade(content, listed)
    return total / LAYOUT_DRAWS


def _length(text: str, _texts: list[tuple[str, str]]) -> float:
    return len(text)


def _short(text: str, _texts: list[tuple[str, str]]) -> float:
    return -len(text)


def _middle(text: str, texts: list[tuple[str, str]]) -> float:
    return -abs(len(text) - statistics.median(len(t) for _k, t in texts))


def _overlap_with(stem: str, lang: str) -> Callable[[str, list[tuple[str, str]]], float]:
    words = content_words(stem, lang)
    return lambda text, _texts: len(words & content_words(text, lang))


def _convergence(lang: str) -> Callable[[str, list[tuple[str, str]]], float]:
    def score(text: str, texts: list[tuple[str, str]]) -> float:
        mine = content_words(text, lang)
        return sum(len(mine & content_words(t, lang)) for _k, t in texts if t != text)
    return score


def _per_item(make: Callable[[Content, str], Answer]) -> Answer:
    """A strategy whose scoring depends on the item itself (the stem, the language)."""
    return lambda content, kind, lang: make(content, lang)(content, kind, lang)


def _no_absolute(text: str, lang: str) -> bool:
    return not has_absolute(text, lang)


#: strategy → answer shape (``ItemType.answer_shape``) → how it answers
STRATEGIES: dict[str, dict[str, Answer]] = {
    "longest": {"one": _best_one(_length), "many": _upper_half(_length)},
    "shortest": {"one": _best_one(_short), "many": _upper_half(_short)},
    "middle_length": {"one": _best_one(_middle)},
    "stem_overlap": {
        "one": _per_item(lambda c, lang: _best_one(_overlap_with(text_in(c.get("stem"), lang), lang))),
        "many": _per_item(lambda c, lang: _upper_half(_overlap_with(text_in(c.get("stem"), lang), lang)))},
    "convergence": {"one": _per_item(lambda c, lang: _best_one(_convergence(lang))),
                    "many": _per_item(lambda c, lang: _upper_half(_convergence(lang)))},
    "avoid_absolute": {"one": _filtered(_no_absolute, False), "many": _filtered(_no_absolute, True),
                       "judge": _judge("false", has_absolute)},
    "prefer_hedge": {"one": _filtered(has_hedge, False), "many": _filtered(has_hedge, True),
                     "judge": _judge("true", has_hedge)},
    "first": {"one": _at(0), "judge": _judge("true")},
    "last": {"one": _at(-1), "judge": _judge("false")},
    "always_true": {"judge": _judge("true")},
    "always_false": {"judge": _judge("false")},
    "pick_all": {"many": _filtered(lambda _t, _l: True, True)},
    "as_listed": {"order": _as_listed, "match": _as_listed},
}


def item_scores(content: Content, lang: str) -> dict[str, float]:
    """Each strategy's expected grade on one item in ``lang`` (chance where it has nothing to go on)."""
    kind = ITEM_TYPES[str(content["type"])]
    chance = kind.chance(content)
    scores = {}
    for name, shapes in STRATEGIES.items():
        answer = shapes.get(kind.answer_shape)
        score = answer(content, kind, lang) if answer is not None else None
        scores[name] = chance if score is None else score
    return scores


@dataclass(frozen=True)
class ExamCues:
    """Expected exam scores (0–1) of every strategy per language, next to chance and the pass mark."""

    blueprint: str
    level: str
    pass_mark: float
    chance: float
    scores: dict[str, dict[str, float]]  # strategy → language → expected exam score
    items: int  # items in the pools the figures average over


def _weighted(blueprint: Blueprint, pools: Mapping[str, list[float]]) -> float:
    weights = {c: n for c, n in blueprint.items_per_competence.items() if pools.get(c)}
    total = sum(weights.values())
    return sum(n * statistics.fmean(pools[c]) for c, n in weights.items()) / total if total else 0.0


def exam_cues(blueprint: Blueprint, records: Iterable[Content]) -> ExamCues:
    """Every strategy's expected score on ``blueprint`` over the approved items of its level."""
    pool = [r for r in records if r.get("level") == blueprint.level and str(r.get("type")) in ITEM_TYPES
            and r.get("competence") in blueprint.items_per_competence
            and r.get("status", "approved") == "approved"]
    chance: dict[str, list[float]] = {}
    per: dict[tuple[str, str], dict[str, list[float]]] = {}
    for record in pool:
        comp = str(record["competence"])
        chance.setdefault(comp, []).append(ITEM_TYPES[str(record["type"])].chance(record))
        for lang in LANGUAGES:
            for name, score in item_scores(record, lang).items():
                per.setdefault((name, lang), {}).setdefault(comp, []).append(score)
    scores: dict[str, dict[str, float]] = {}
    for (name, lang), pools in per.items():
        scores.setdefault(name, {})[lang] = _weighted(blueprint, pools)
    return ExamCues(blueprint.key, blueprint.level, blueprint.pass_mark, _weighted(blueprint, chance), scores,
                    len(pool))
