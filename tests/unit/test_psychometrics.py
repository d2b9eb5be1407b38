"""Psychometrics against hand-worked examples and simulations with known parameters (sources per test)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import chi2

from assessments.psychometrics.decisions import cut_points, huynh, kr21, subkoviak
from assessments.psychometrics.dif import DifClass, ets_class, item_dif, mantel_haenszel
from assessments.psychometrics.irt import (
    Exclusion,
    ItemParameters,
    Model,
    TooFewAttempts,
    calibrate,
    theta_for,
)
from assessments.psychometrics.reliability import cronbach_alpha, form_alpha, kr20, lord_csem, sem
from assessments.psychometrics.report import blueprint_quality, dif_by, histogram
from tests.simulated_exam import simulate

# A Guttman-pattern textbook matrix (5 persons × 4 items): p = .8 .6 .4 .2, Σpq = 0.8, totals 4 3 2 1 0
# with population variance 2, so KR-20 = 4/3 · (1 − 0.8/2) = 0.8 (worked by hand, as in Crocker & Algina 1986
# ch. 7 where KR-20 = k/(k−1)·(1 − Σpq/σ²_X)).
GUTTMAN = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]]


def test_kr20_on_a_hand_worked_matrix():
    assert kr20(GUTTMAN) == pytest.approx(0.8)


def test_kr20_refuses_partial_credit_and_alpha_takes_it():
    with pytest.raises(ValueError):
        kr20([[1, 0.5], [0, 1]])
    # item variances 1/6 and 1/18, total variance 7/18 → α = 2·(1 − (4/18)/(7/18)) = 6/7 (by hand)
    assert cronbach_alpha([[1, 0.5], [0.5, 0.5], [0, 0]]) == pytest.approx(6 / 7)


def test_alpha_is_undefined_without_variance_or_with_one_item():
    assert cronbach_alpha([[1, 1], [1, 1]]) is None
    assert cronbach_alpha([[1], [0]]) is None
    with pytest.raises(ValueError):
        form_alpha([[1, 0], [1, 0, 1]])


def test_sem_and_lords_conditional_sem():
    totals = [4, 3, 2, 1, 0]  # sample SD √2.5
    assert sem(totals, 0.8) == pytest.approx(math.sqrt(2.5) * math.sqrt(0.2))
    # Lord: √(x(k − x)/(k − 1)) at x = 14 of k = 20 → √(84/19)
    assert lord_csem(14, 20) == pytest.approx(math.sqrt(84 / 19))
    assert lord_csem(0, 20) == 0.0
    assert cut_points(0.7, 20) == 14 and cut_points(0.72, 20) == 15


def test_decision_consistency_agrees_with_an_independent_parallel_forms_simulation():
    """Two parallel binomial forms per simulated candidate (true scores beta-distributed): the
    one-administration estimates must match the agreement and κ observed between the two forms.
    Huynh's model is exact for these data; Subkoviak's point estimates are known to run a few points low on
    short tests (Subkoviak 1978), hence its wider tolerance."""
    rng = np.random.default_rng(11)
    k, cut, n = 20, 14, 20000
    true = rng.beta(6, 3, n)
    first, second = rng.binomial(k, true), rng.binomial(k, true)
    rho = float(np.corrcoef(first, second)[0, 1])  # parallel-forms reliability
    observed = float(np.mean((first >= cut) == (second >= cut)))
    rate = float(np.mean(first >= cut))
    chance = rate ** 2 + (1 - rate) ** 2
    estimate = huynh(first.tolist(), k, cut)
    assert estimate is not None
    assert estimate.agreement == pytest.approx(observed, abs=0.01)
    assert estimate.kappa == pytest.approx((observed - chance) / (1 - chance), abs=0.02)
    rough = subkoviak((first / k).tolist(), k, cut, rho)
    assert rough.agreement == pytest.approx(observed, abs=0.05)


def test_kr21_by_hand():
    # totals 4 3 2 1 0 on k = 4: μ = 2, σ² = 2 → 4/3·(1 − 2·2/(4·2)) = 2/3
    assert kr21([4, 3, 2, 1, 0], 4) == pytest.approx(2 / 3)
    assert huynh([2, 2, 2], 4, 3) is None


def test_subkoviak_everyone_certain_has_no_kappa():
    result = subkoviak([1.0] * 10, 20, 14, 1.0)
    assert result.agreement == pytest.approx(1.0) and result.kappa is None


def test_mantel_haenszel_on_hand_worked_tables():
    """Two strata with odds ratio 4 each: α_MH = Σ(ad/n)/Σ(bc/n) = 10/2.5 = 4; the MH χ² with continuity
    correction (|Σa − ΣE(a)| − ½)²/ΣVar(a) = (|30 − 22.5| − 0.5)²/(1.93966 + 3.81356) = 8.5170 (by hand)."""
    ratio, _se, p_value = mantel_haenszel([np.array([[10, 5], [5, 10]]), np.array([[20, 10], [10, 20]])])
    assert ratio == pytest.approx(4.0)
    assert p_value == pytest.approx(chi2.sf(49 / (50625 / 26100 + 810000 / 212400), 1), rel=1e-6)
    assert -2.35 * math.log(ratio) == pytest.approx(-3.2578, abs=1e-3)


def test_ets_classes():
    assert ets_class(-0.8, 0.1, 0.001) is DifClass.A  # small
    assert ets_class(-2.0, 0.3, 0.20) is DifClass.A  # not significant
    assert ets_class(-1.2, 0.1, 0.001) is DifClass.B
    assert ets_class(-1.6, 0.5, 0.001) is DifClass.B  # large but not significantly above 1
    assert ets_class(1.8, 0.2, 0.001) is DifClass.C


def test_item_dif_says_too_few_below_the_minimum_group():
    scored = {f"a{i}": i % 2 for i in range(60)}
    groups = {f"a{i}": ("nl" if i < 10 else "en") for i in range(60)}
    result = item_dif("q1", scored, {a: 5 for a in scored}, groups, "en", "nl")
    assert result.too_few and result.delta is None and (result.n_reference, result.n_focal) == (50, 10)


@pytest.fixture(scope="module")
def exam():
    return simulate(n_attempts=800, seed=3)


def test_planted_language_dif_is_class_c_and_clean_items_mostly_a(exam):
    found = dif_by(exam.attempts, reference="en", focal="nl")
    assert found["q00"].dif_class is DifClass.C and found["q00"].harder_for_focal is True
    clean = [d for key, d in found.items() if key != "q00"]
    assert sum(d.dif_class is DifClass.A for d in clean) >= 0.8 * len(clean)
    assert not any(d.dif_class is DifClass.C for d in clean)


def test_dif_by_a_candidate_group_uses_the_groups(exam):
    found = dif_by(exam.attempts, reference="Finance", focal="Legal", grouping="department")
    assert all(d.n_reference + d.n_focal > 0 for d in found.values())
    assert found["q00"].dif_class is not DifClass.C  # the planted DIF is by language, not department


@pytest.mark.parametrize("model", [Model.RASCH, Model.TWO_PL])
def test_girth_recovers_simulated_difficulties(exam, model):
    answers = {a.attempt_id: a.dichotomous() for a in exam.attempts if a.attempt_id.endswith(("0", "2", "4"))}
    result = calibrate(answers, model, min_attempts=100)
    b_hat = np.array([i.difficulty for i in result.items])
    b_true = np.array([exam.difficulty[i.item_key] for i in result.items])
    assert np.corrcoef(b_hat, b_true)[0, 1] > 0.9
    if model is Model.TWO_PL:
        assert np.mean(np.abs(b_hat - b_true)) < 0.35
        a_hat = np.array([i.discrimination for i in result.items])
        assert np.corrcoef(a_hat, [exam.discrimination[i.item_key] for i in result.items])[0, 1] > 0.5
        assert np.median([i.discrimination_se for i in result.items]) < 0.4
    assert all(i.difficulty_se and i.difficulty_se > 0 for i in result.items)
    assert np.median([i.difficulty_se for i in result.items]) < 0.3
    assert 0.6 < (result.marginal_reliability or 0) < 0.95
    thetas = [result.abilities[a] for a in answers]
    assert np.corrcoef(thetas, [exam.theta[a] for a in answers])[0, 1] > 0.8


def test_calibration_minimum_samples_and_misfit():
    rng = np.random.default_rng(5)
    answers = {}
    for n in range(300):
        theta = rng.normal()
        given = {f"i{j:02d}": int(rng.random() < 1 / (1 + math.exp(-(theta - (j - 10) / 5)))) for j in range(20)}
        given["reversed"] = int(rng.random() < 1 / (1 + math.exp(1.5 * theta)))  # the able get it wrong
        if n < 12:
            given["rare"] = 1 if n % 2 else 0
        given["easy"] = 1
        answers[f"a{n}"] = given
    result = calibrate(answers, "rasch")
    assert result.excluded == {"rare": Exclusion.FEW_RESPONSES, "easy": Exclusion.NO_VARIANCE}
    by_key = {i.item_key: i for i in result.items}
    assert by_key["reversed"].misfit and (by_key["reversed"].outfit or 0) > 1.3
    assert sum(i.misfit for i in result.items) <= 2
    with pytest.raises(TooFewAttempts):
        calibrate(dict(list(answers.items())[:99]), "rasch")


def test_theta_at_the_cut_is_where_the_expected_score_meets_the_pass_mark():
    items = [ItemParameters("a", -1.0), ItemParameters("b", 0.0), ItemParameters("c", 1.0)]
    assert theta_for(0.5, items) == pytest.approx(0.0, abs=1e-6)
    assert theta_for(1.0, items) is None


def test_blueprint_quality_reports_nothing_under_the_minimum_sample(exam):
    small = blueprint_quality(exam.attempts[:20], 0.7)
    assert small.reliability is None and small.attempts == 20
    full = blueprint_quality(exam.attempts, 0.6)
    assert full.reliability is not None and 0.6 < full.reliability.alpha < 0.95
    assert full.reliability.decision is not None and 0 < (full.reliability.decision.kappa or 0) < 1
    assert sum(histogram(full.totals, full.items_per_form)) == len(exam.attempts)


def test_calibration_refuses_when_no_question_has_both_right_and_wrong_answers():
    from assessments.psychometrics.irt import TooFewUsableItems, calibrate

    everyone_right = {f"a{n}": {"q1": 1, "q2": 1, "q3": 1} for n in range(120)}
    for model in ("rasch", "2pl"):
        with pytest.raises(TooFewUsableItems) as refused:
            calibrate(everyone_right, model)
        assert refused.value.code == "calibration.too_few_usable_items" and refused.value.params["usable"] == 0
