"""Equal forms: difficulty-matched assembly with exposure control (``assessments.assembly``)."""

from __future__ import annotations

import dataclasses
import math
import random
import statistics
from collections import Counter

import pytest

from assessments import assembly
from assessments.assembly import (
    Exposure,
    ItemParameters,
    assemble,
    cut_ability,
    difficulty_from_facility,
    expected_score,
    parameters,
    profile,
)
from assessments.blueprints import Blueprint, blueprint_record, draw, parse_blueprint
from assessments.errors import BankError, BlueprintUnsatisfiable
from assessments.items import DEFAULT_FACILITY, Item, item_from_record
from tests.factories import blueprint, choice_record

COUNTS = {"c1": 5, "c2": 4, "c3": 3}


def planted_pool(per_need: int = 3, seed: int = 11) -> list[Item]:
    """``per_need`` × the blueprint's count per competence, with author facilities spread 0.25–0.95."""
    rng = random.Random(seed)
    items, n = [], 0
    for comp, need in COUNTS.items():
        for i in range(need * per_need):
            n += 1
            record = {**choice_record(f"{comp}-{i:03d}", comp), "expected_facility": round(rng.uniform(0.25, 0.95), 2)}
            items.append(item_from_record(record, 1, n))
    return items


def form_difficulty(form: list[Item], calibrated: dict[str, ItemParameters] | None = None) -> float:
    """The expected score of an average candidate (θ = 0) on a form."""
    return expected_score([parameters(i, calibrated or {}) for i in form], 0.0)


def test_forms_are_at_least_twice_as_equal_as_the_random_draw():
    pool, bp = planted_pool(), blueprint(COUNTS)
    assembled = [form_difficulty(assemble(bp, pool, seed)) for seed in range(300)]
    drawn = [form_difficulty(draw(bp, pool, seed)) for seed in range(300)]
    assert statistics.pstdev(assembled) <= 0.5 * statistics.pstdev(drawn)
    # and centred where the whole pool is: equal forms are not just easy (or hard) forms
    assert abs(statistics.mean(assembled) - statistics.mean(drawn)) < 0.02


def test_every_form_keeps_the_blueprint_counts_without_repeats():
    pool, bp = planted_pool(), blueprint(COUNTS)
    for seed in range(50):
        form = assemble(bp, pool, seed)
        assert Counter(i.competence for i in form) == COUNTS
        assert len({i.key for i in form}) == len(form)


@pytest.mark.parametrize("limit", [0.34, 0.5])
def test_exposure_stays_within_the_limit_over_2000_attempts(limit):
    pool, bp = planted_pool(per_need=3), dataclasses.replace(blueprint(COUNTS), max_exposure_rate=limit)
    shown: Counter[str] = Counter()
    for attempt in range(2000):
        form = assemble(bp, pool, seed=attempt, exposure=Exposure(attempt, dict(shown)))
        shown.update(i.key for i in form)
        ceiling = math.ceil(limit * (attempt + 1) - 1e-9)
        assert max(shown.values()) <= ceiling, (attempt, shown.most_common(3))
    assert max(shown.values()) / 2000 <= limit


def test_without_exposure_counts_the_same_pool_goes_over_the_limit():
    """The counts are what keep the exposure in check (the test above could fail)."""
    pool, bp = planted_pool(per_need=3), dataclasses.replace(blueprint(COUNTS), max_exposure_rate=0.34)
    free: Counter[str] = Counter()
    for attempt in range(2000):
        free.update(i.key for i in assemble(bp, pool, seed=attempt))
    assert max(free.values()) / 2000 > 0.34


def test_a_pool_too_small_for_the_limit_still_gives_full_forms_least_shown_first():
    pool, bp = planted_pool(per_need=1), dataclasses.replace(blueprint(COUNTS), max_exposure_rate=0.3)
    form = assemble(bp, pool, 1, exposure=Exposure(10, {i.key: 10 for i in pool}))
    assert sorted(i.key for i in form) == sorted(i.key for i in pool)


def test_a_retake_gets_none_of_the_previous_items_when_the_bank_allows():
    pool, bp = planted_pool(per_need=2), blueprint(COUNTS)
    for seed in range(30):
        first = assemble(bp, pool, seed)
        second = assemble(bp, pool, seed + 1000, avoid=[i.key for i in first])
        assert not {i.key for i in first} & {i.key for i in second}


def test_previous_items_come_before_the_exposure_limit_and_repeat_only_where_needed():
    pool = planted_pool(per_need=2)
    bp = dataclasses.replace(blueprint({**COUNTS, "c3": 3}), max_exposure_rate=0.5)
    first = assemble(bp, pool, 4)
    fresh = [i.key for i in pool if i.key not in {f.key for f in first}]
    # every fresh item is "over the limit": a retaker still gets them rather than their old questions
    exposure = Exposure(4, {key: 4 for key in fresh})
    second = assemble(bp, pool, 5, avoid=[i.key for i in first], exposure=exposure)
    assert sorted(i.key for i in second) == sorted(fresh)
    small = [*planted_pool(per_need=1), item_from_record(choice_record("c1-extra", "c1"), 1, 999)]
    retake = assemble(bp, small, 6, avoid=[i.key for i in small if i.competence == "c1"][:5])
    assert "c1-extra" in {i.key for i in retake}  # the one new c1 item is taken, four old ones repeat


def test_the_same_seed_gives_the_same_exam_and_seeds_vary():
    pool, bp = planted_pool(), blueprint(COUNTS)
    exposure = Exposure(7, {"c1-001": 7, "c2-003": 3})
    assert assemble(bp, pool, 42, exposure=exposure) == assemble(bp, pool, 42, exposure=exposure)
    assert len({tuple(i.key for i in assemble(bp, pool, s)) for s in range(20)}) > 10


def test_author_estimates_until_a_calibration_replaces_them():
    item = item_from_record(choice_record("x"), 1, 1)
    assert item.content.get("expected_facility") is None
    assert parameters(item, {}).b == pytest.approx(difficulty_from_facility(DEFAULT_FACILITY))
    assert difficulty_from_facility(0.7) == pytest.approx(-1.03, abs=0.01)
    assert difficulty_from_facility(0.5) == pytest.approx(0.0)
    assert difficulty_from_facility(0.9) < difficulty_from_facility(0.6) < difficulty_from_facility(0.3)
    assert parameters(item, {"x": ItemParameters(1.5, 1.2)}) == ItemParameters(1.5, 1.2)


def test_calibrated_difficulty_is_what_the_forms_are_matched_on():
    """All author estimates equal (the 0.7 default), the calibration spreads them: matching on it
    makes the forms equal on the calibrated scale; matching on the defaults cannot."""
    rng = random.Random(3)
    pool = [item_from_record(choice_record(f"{c}-{i:03d}", c), 1, n)
            for n, (c, i) in enumerate(((c, i) for c, need in COUNTS.items() for i in range(3 * need)), 1)]
    calibrated = {i.key: ItemParameters(rng.uniform(-2.5, 1.5)) for i in pool}
    bp = blueprint(COUNTS)
    with_calibration = [form_difficulty(assemble(bp, pool, s, calibrated=calibrated), calibrated) for s in range(200)]
    without = [form_difficulty(assemble(bp, pool, s), calibrated) for s in range(200)]
    assert statistics.pstdev(with_calibration) <= 0.5 * statistics.pstdev(without)


def test_the_cut_ability_is_where_the_reference_test_expects_the_pass_mark():
    block = [ItemParameters(b) for b in (-2.0, -1.0, 0.0, 0.5)]
    theta = cut_ability([(3, profile(block))], 0.7)
    assert expected_score(block, theta) == pytest.approx(0.7, abs=1e-4)
    assert cut_ability([(3, profile(block))], 0.999) == 6.0  # beyond what the pool can reach: clamped


def test_too_small_a_pool_is_unsatisfiable_as_before():
    pool = [i for i in planted_pool(per_need=1) if i.key != "c2-000"]
    with pytest.raises(BlueprintUnsatisfiable, match="c2: 3 of 4"):
        assemble(blueprint(COUNTS), pool, 1)


def test_random_mode_is_the_stratified_draw():
    pool = planted_pool()
    bp = dataclasses.replace(blueprint(COUNTS), assembly="random")
    assert assemble(bp, pool, 9, avoid=["c1-000"]) == draw(bp, pool, 9, avoid=["c1-000"])


def _raw(**extra: object) -> dict[str, object]:
    return {**blueprint_record(blueprint(COUNTS)), **extra}


def test_blueprint_reads_and_records_assembly_and_exposure_limit():
    default = parse_blueprint(_raw())
    assert (default.assembly, default.max_exposure_rate) == ("equal_forms", 0.5)
    assert "assembly" not in blueprint_record(default)  # exams stored before keep their content hash
    custom = parse_blueprint(_raw(assembly="random", max_exposure_rate="0.25"))
    assert (custom.assembly, custom.max_exposure_rate) == ("random", 0.25)
    assert parse_blueprint(blueprint_record(custom)) == custom


@pytest.mark.parametrize("extra, message", [
    ({"assembly": "adaptive"}, "assembly must be one of equal_forms, random"),
    ({"max_exposure_rate": 0}, "max_exposure_rate must be above 0 and at most 1"),
    ({"max_exposure_rate": 1.5}, "max_exposure_rate must be above 0 and at most 1"),
    ({"max_exposure_rate": "half"}, "max_exposure_rate must be above 0 and at most 1"),
])
def test_blueprint_refuses_an_unknown_mode_or_limit(extra, message):
    with pytest.raises(BankError, match=message):
        parse_blueprint(_raw(**extra))


def test_blueprint_default_fields_match_the_dataclass():
    assert Blueprint.__dataclass_fields__["assembly"].default == "equal_forms"


def _fresh_draws(bp: Blueprint, pool: list[Item], seeds: range, **kwargs: object) -> list[list[Item]]:
    """Draws with an empty survey cache: what every draw would give without one."""
    saved = assembly._SURVEYS
    assembly._SURVEYS = assembly._RecentSurveys()
    try:
        return [assemble(bp, pool, s, **kwargs) for s in seeds]  # type: ignore[arg-type]
    finally:
        assembly._SURVEYS = saved


def test_a_cached_survey_gives_exactly_the_draws_of_a_fresh_one():
    pool, bp = planted_pool(), blueprint(COUNTS)
    calibrated = {"c1-001": ItemParameters(2.0, 1.3)}
    for kwargs in ({}, {"calibrated": calibrated}, {"avoid": ["c1-000"], "exposure": Exposure(5, {"c2-001": 5})}):
        assemble(bp, pool, 0, **kwargs)  # type: ignore[arg-type]  # cached now
        assert [assemble(bp, list(pool), s, **kwargs) for s in range(30)] == _fresh_draws(bp, pool, range(30),
                                                                                           **kwargs)


def test_a_changed_bank_blueprint_or_calibration_is_surveyed_again():
    pool, bp = planted_pool(), blueprint(COUNTS)
    assemble(bp, pool, 1)
    # new parsed versions (other facilities) of the same keys, possibly at the addresses of freed ones
    del pool
    reparsed = planted_pool(seed=12)
    assert [assemble(bp, reparsed, s) for s in range(30)] == _fresh_draws(bp, reparsed, range(30))
    smaller = blueprint({"c1": 2, "c2": 1, "c3": 1})
    assert Counter(i.competence for i in assemble(smaller, reparsed, 1)) == {"c1": 2, "c2": 1, "c3": 1}
    spread = {i.key: ItemParameters(b) for i, b in zip(reparsed, [-2.0, 2.0] * 30, strict=False)}
    assert [assemble(bp, reparsed, s, calibrated=spread) for s in range(30)] == _fresh_draws(
        bp, reparsed, range(30), calibrated=spread)


def test_the_survey_cache_keeps_only_the_recent_banks():
    surveys = assembly._RecentSurveys(size=3)
    bp = blueprint(COUNTS)
    pools = [planted_pool(seed=s) for s in range(5)]
    for pool in pools:
        surveys.of(bp, pool, {})
    assert len(surveys._recent) == 3
    assert surveys.of(bp, pools[-1], {}) is surveys.of(bp, list(pools[-1]), {})
