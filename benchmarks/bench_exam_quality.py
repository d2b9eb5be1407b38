"""Benchmark: how well an exam form classifies candidates, how equal the forms are, how often an
item is shown — the plain stratified random draw (baseline) against equal-forms assembly, same run.

    .venv/bin/python -m benchmarks.bench_exam_quality [--candidates 10000] [--spread] [--calibration FILE]

The simulation: ``--candidates`` people with known ability θ ~ N(0, 1) each sit one form of every
blueprint level of the seed bank (``config/``), answering under a 2PL model of the real items: b from
each item's ``expected_facility`` (``assessments.assembly.difficulty_from_facility``; 0.7 when the item
has none), a drawn uniformly in 1.0–1.5 with a fixed seed — or both from ``--calibration`` (JSON
``{"item-key": {"b": …, "a": …}}``). ``--spread`` plants author facilities uniformly in 0.35–0.95
(fixed seed) instead of the bank's, for while the bank has none or all alike. The assembly itself
sees only what it would see in production: the author's facility (a = 1) and the exposure counted
over the newest ``EXPOSURE_WINDOW`` attempts.

Figures per level, for each method:

* classification accuracy at the pass mark: a true pass is an expected score on the reference test
  (every eligible item, weighted by the blueprint's count per competence) at or above the pass mark;
  an observed pass is the simulated score on the form drawn at or above it;
* form difficulty SD: the SD over forms of the expected score of an average candidate (θ = 0);
* maximum item exposure: the largest share of attempts that showed one item.

* the score of each cue-only strategy (``assessments.cue_strategies``) on the forms drawn, against chance
  (blind guessing on the same forms).

Targets: accuracy ≥ 0.90 (as a ratio to 0.90), form SD ≤ half the random draw's, max exposure ≤ the
blueprint's ``max_exposure_rate`` — or, where a competence's pool is too small for that (it asks n of
m items: every item is shown at least n/m of the time), that floor plus one showing in the counted
window; every cue-only strategy at most 10 points above chance. Runs in well under two minutes (about
20 s here).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from assessments.assembly import Exposure, ItemParameters, assemble, difficulty_from_facility, facility
from assessments.bank import load_seed_bank
from assessments.blueprints import Blueprint, draw, eligible
from assessments.cue_strategies import LANGUAGES, STRATEGIES, item_scores
from assessments.items import Item, item_from_record
from benchmarks.harness import result
from lti_tool.delivery.queries import EXPOSURE_WINDOW

CONFIG = Path(__file__).resolve().parent.parent / "config"
#: how far above chance a cue-only strategy may score (issue 13: within 10 points)
NEAR_CHANCE = 0.10
Draw = Callable[[Blueprint, Sequence[Item], int, Exposure], list[Item]]


@dataclass(frozen=True)
class Figures:
    accuracy: float
    form_sd: float
    max_exposure: float


def true_parameters(items: Sequence[Item], calibration: Mapping[str, Mapping[str, float]]) -> dict[str, ItemParameters]:
    """The generating model: a calibration's parameters where given, else b from the author's facility
    and a ~ U(1.0, 1.5) (seeded per item key, so every run and method sees the same bank)."""
    found = {}
    for item in items:
        given = calibration.get(item.key)
        if given:
            found[item.key] = ItemParameters(float(given["b"]), float(given.get("a", 1.0)))
        else:
            a = random.Random(f"a:{item.key}").uniform(1.0, 1.5)
            found[item.key] = ItemParameters(difficulty_from_facility(facility(item)), a)
    return found


def reference_score(blueprint: Blueprint, pools: Mapping[str, Sequence[Item]],
                    params: Mapping[str, ItemParameters], theta: float) -> float:
    total = sum(blueprint.items_per_competence.values())
    return sum(n * statistics.fmean(params[i.key].p(theta) for i in pools[c])
               for c, n in blueprint.items_per_competence.items()) / total


def forms(blueprint: Blueprint, items: Sequence[Item], method: Draw, count: int) -> Iterator[list[Item]]:
    """``count`` forms in launch order, each drawn with the exposure of the newest ``EXPOSURE_WINDOW``."""
    window: deque[list[str]] = deque()
    recent: Counter[str] = Counter()
    for n in range(count):
        form = method(blueprint, items, n, Exposure(len(window), dict(recent)))
        keys = [i.key for i in form]
        window.append(keys)
        recent.update(keys)
        if len(window) > EXPOSURE_WINDOW:
            recent.subtract(window.popleft())
        yield form


def simulate(blueprint: Blueprint, items: Sequence[Item], params: Mapping[str, ItemParameters],
             thetas: Sequence[float], method: Draw) -> Figures:
    pools = eligible(blueprint, items)
    rng = random.Random(2024)
    total: Counter[str] = Counter()
    correct = 0
    difficulty = []
    for theta, form in zip(thetas, forms(blueprint, items, method, len(thetas)), strict=True):
        keys = [i.key for i in form]
        total.update(keys)
        score = sum(rng.random() < params[k].p(theta) for k in keys) / len(keys)
        observed = score + 1e-9 >= blueprint.pass_mark
        true = reference_score(blueprint, pools, params, theta) >= blueprint.pass_mark
        correct += observed == true
        difficulty.append(statistics.fmean(params[k].p(0.0) for k in keys))
    return Figures(correct / len(thetas), statistics.pstdev(difficulty), max(total.values()) / len(thetas))


def random_draw(blueprint: Blueprint, items: Sequence[Item], seed: int, _exposure: Exposure) -> list[Item]:
    return draw(blueprint, items, seed)


def equal_forms(blueprint: Blueprint, items: Sequence[Item], seed: int, exposure: Exposure) -> list[Item]:
    return assemble(blueprint, items, seed, exposure=exposure)


def exposure_floor(blueprint: Blueprint, items: Sequence[Item]) -> float:
    """The least maximum exposure the bank allows: a competence asking n of its m items shows each n/m."""
    pools = eligible(blueprint, items)
    return max(n / len(pools[c]) for c, n in blueprint.items_per_competence.items())


def level_report(blueprint: Blueprint, items: Sequence[Item], params: Mapping[str, ItemParameters],
                 thetas: Sequence[float]) -> None:
    base = simulate(replace(blueprint, assembly="random"), items, params, thetas, random_draw)
    new = simulate(blueprint, items, params, thetas, equal_forms)
    floor = exposure_floor(blueprint, items)
    # where the bank is too small for the limit, the least shown are taken: the floor, give or take one
    # showing in the counted window
    limit = blueprint.max_exposure_rate if floor <= blueprint.max_exposure_rate else floor + 1 / EXPOSURE_WINDOW
    print(f"{blueprint.level}: {blueprint.item_count} questions, pass mark {blueprint.pass_mark}, "
          f"exposure limit {blueprint.max_exposure_rate} (bank floor {floor:.2f})")
    for name, f in (("random draw", base), ("equal forms", new)):
        print(f"  {name:12} accuracy {f.accuracy:.4f}  form SD {f.form_sd:.4f}  max exposure {f.max_exposure:.3f}")
    level = blueprint.level
    result(f"exam_quality_{level}_accuracy", new.accuracy, base.accuracy, limit=0.90)
    result(f"exam_quality_{level}_form_sd", new.form_sd, base.form_sd, 0.5, higher_is_better=False)
    result(f"exam_quality_{level}_max_exposure", new.max_exposure, base.max_exposure, higher_is_better=False,
           limit=limit)


def cue_scores(blueprint: Blueprint, items: Sequence[Item], method: Draw, count: int) -> dict[str, float]:
    """Each cue-only strategy's mean score on ``count`` forms drawn by ``method`` — in the language where it
    does best — and ``chance``: what blind guessing scores on the same forms."""
    per_item = {i.key: {lang: item_scores(i.content, lang) for lang in LANGUAGES} for i in items}
    chance = {i.key: i.kind.chance(i.content) for i in items}
    strategies = sorted(STRATEGIES)
    sums = {(name, lang): 0.0 for name in strategies for lang in LANGUAGES}
    guessed = 0.0
    for form in forms(blueprint, items, method, count):
        guessed += statistics.fmean(chance[i.key] for i in form)
        for name in strategies:
            for lang in LANGUAGES:
                sums[name, lang] += statistics.fmean(per_item[i.key][lang][name] for i in form)
    best = {name: max(sums[name, lang] for lang in LANGUAGES) / count for name in strategies}
    return {**best, "chance": guessed / count}


def cue_strategy_report(blueprints: Sequence[Blueprint], items: Sequence[Item], count: int = 2_000) -> None:
    """How far a candidate gets without reading the content (``assessments.cue_strategies``: longest option,
    stem overlap, absolute words, …), on the forms each method draws. RESULT per strategy and level:
    value = its score on equal forms, baseline = chance on those forms, target = chance + 10 points."""
    for blueprint in blueprints:
        base = cue_scores(replace(blueprint, assembly="random"), items, random_draw, count)
        new = cue_scores(blueprint, items, equal_forms, count)
        chance = new.pop("chance")
        base.pop("chance")
        print(f"{blueprint.level}: cue-only strategies on {count} forms (chance {chance:.1%}, pass mark "
              f"{blueprint.pass_mark:.0%}); random draw → equal forms")
        for name, score in sorted(new.items(), key=lambda kv: -kv[1]):
            print(f"  {name:24} {base[name]:6.1%} → {score:6.1%}")
        for name, score in sorted(new.items()):
            result(f"exam_quality_{blueprint.level}_cue_{name}", score, chance, higher_is_better=False,
                   limit=chance + NEAR_CHANCE)


def bank_items(spread: bool) -> list[Item]:
    bank = load_seed_bank(CONFIG)
    items = []
    for n, record in enumerate(bank.items, start=1):
        if spread:
            record = {**record, "expected_facility": round(random.Random(f"p:{record['key']}").uniform(0.35, 0.95), 2)}
        items.append(item_from_record(record, 1, n))
    return items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--spread", action="store_true", help="plant author facilities in 0.35–0.95")
    parser.add_argument("--calibration", type=Path, help="JSON: item key → {b, a}")
    args = parser.parse_args()
    started = time.perf_counter()
    items = bank_items(args.spread)
    calibration = json.loads(args.calibration.read_text()) if args.calibration else {}
    params = true_parameters(items, calibration)
    rng = random.Random(7)
    thetas = [rng.gauss(0.0, 1.0) for _ in range(args.candidates)]
    blueprints = load_seed_bank(CONFIG).blueprints
    with_facility = sum(1 for i in items if "expected_facility" in i.content)
    print(f"bank: {len(items)} items ({with_facility} with expected_facility"
          f"{', planted' if args.spread else ''}); candidates: {len(thetas)}")
    for blueprint in blueprints:
        level_report(blueprint, items, params, thetas)
    cue_strategy_report(blueprints, items)
    print(f"took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
