"""Calibration numerics (xent.calibration) against independent references."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import expit, log_expit

from xent import calibration as cal


def test_mean_bce_matches_scipy_log_expit():
    rng = np.random.default_rng(1)
    z = rng.normal(0, 30, size=500)
    y = (rng.random(500) < 0.4).astype(float)
    for t in (0.3, 1.0, 2.5):
        ref = -np.mean(y * log_expit(z / t) + (1 - y) * log_expit(-z / t))
        assert cal.mean_bce(z, y, t) == pytest.approx(ref, rel=1e-12)


def test_mean_bce_finite_for_huge_logits():
    z = np.array([-1e4, 1e4])
    assert cal.mean_bce(z, [1.0, 0.0]) == pytest.approx(1e4, rel=1e-12)


def test_fit_temperature_recovers_the_scale_of_an_overconfident_model():
    # with many samples the fitted T approaches the true overconfidence factor
    e = cal.make_experiment(n=400_000, overconfidence=3.0)
    t = cal.fit_temperature(e.logits_fit, e.labels_fit)
    assert t == pytest.approx(3.0, rel=0.02)
    # and it is a minimum of the objective: nearby temperatures do worse
    f = lambda T: cal.mean_bce(e.logits_fit, e.labels_fit, T)  # noqa: E731
    assert f(t) <= f(t * 1.01) and f(t) <= f(t / 1.01)


def test_fit_temperature_is_stationary_point_by_finite_difference():
    e = cal.make_experiment()
    t = cal.fit_temperature(e.logits_fit, e.labels_fit)
    h = 1e-4
    d = (cal.mean_bce(e.logits_fit, e.labels_fit, t * math.exp(h))
         - cal.mean_bce(e.logits_fit, e.labels_fit, t * math.exp(-h))) / (2 * h)
    assert abs(d) < 1e-7


def test_reliability_bins_against_a_hand_count():
    p = np.array([0.05, 0.07, 0.55, 0.95, 1.0])
    y = np.array([0, 1, 1, 1, 0])
    mean_p, freq, count = cal.reliability_bins(p, y, n_bins=10)
    assert count.tolist() == [2, 1, 2]
    assert mean_p == pytest.approx([0.06, 0.55, 0.975])
    assert freq == pytest.approx([0.5, 1.0, 0.5])


def test_ece_zero_for_calibrated_bins_and_by_definition():
    # every bin's frequency equals its mean prediction -> ECE = 0
    p = np.array([0.25] * 4 + [0.75] * 4)
    y = np.array([1, 0, 0, 0, 1, 1, 1, 0])
    assert cal.expected_calibration_error(p, y) == pytest.approx(0.0, abs=1e-15)
    # a direct loop over bins as the independent reference
    rng = np.random.default_rng(3)
    p = rng.random(1000)
    y = (rng.random(1000) < p ** 2).astype(float)
    ref = 0.0
    for b in range(10):
        m = (p >= b / 10) & (p < (b + 1) / 10)
        if m.any():
            ref += m.sum() / p.size * abs(y[m].mean() - p[m].mean())
    assert cal.expected_calibration_error(p, y) == pytest.approx(ref, rel=1e-12)


def test_temperature_scaling_keeps_the_ranking():
    e = cal.make_experiment()
    t = cal.fit_temperature(e.logits_fit, e.labels_fit)
    before, after = expit(e.logits_test), expit(e.logits_test / t)
    assert (np.argsort(before, kind="stable") == np.argsort(after, kind="stable")).all()


@pytest.mark.parametrize("bad", [dict(n=1), dict(sd=0.0), dict(overconfidence=-1.0)])
def test_bad_experiment_parameters(bad):
    with pytest.raises(ValueError, match="need n"):
        cal.make_experiment(**bad)


def test_bad_probabilities():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        cal.reliability_bins([1.2], [1])


# --- propriety is not calibration: the constant forecast and the calibration-refinement split ---


def test_constant_forecast_is_calibrated_but_scores_worse_than_the_overconfident_model():
    e = cal.make_experiment()
    const = cal.constant_forecast(e.labels_test)
    ybar = e.labels_test.mean()
    assert cal.expected_calibration_error(const, e.labels_test) == pytest.approx(0.0, abs=1e-12)
    # closed form: a constant ȳ on labels with mean ȳ scores H_b(ȳ)
    hb = -(ybar * math.log(ybar) + (1 - ybar) * math.log(1 - ybar))
    assert cal.mean_log_loss_of_probs(const, e.labels_test) == pytest.approx(hb, rel=1e-12)
    assert hb == pytest.approx(math.log(2), abs=1e-4)
    # the over-confident model is miscalibrated (ECE > 0.1) and still scores better
    overconfident = cal.mean_bce(e.logits_test, e.labels_test)
    assert cal.expected_calibration_error(expit(e.logits_test), e.labels_test) > 0.1
    assert overconfident < hb - 0.05
    # the true probabilities σ(s) beat both
    assert cal.mean_bce(e.logits_test / cal.OVERCONFIDENCE, e.labels_test) < overconfident


def test_mean_log_loss_of_probs_matches_logits_version():
    e = cal.make_experiment(n=2000)
    assert cal.mean_log_loss_of_probs(expit(e.logits_test), e.labels_test) == pytest.approx(
        cal.mean_bce(e.logits_test, e.labels_test), rel=1e-9)
    with pytest.raises(ValueError, match="same shape"):
        cal.mean_log_loss_of_probs([0.5, 0.5], [1.0])


def test_propriety_by_brute_force():
    # for each true probability c, the expected loss over a grid of forecasts is smallest at a = c
    grid = np.linspace(0.001, 0.999, 999)
    for c in (0.05, 0.3, 0.5, 0.77):
        expected = -(c * np.log(grid) + (1 - c) * np.log(1 - grid))
        assert grid[np.argmin(expected)] == pytest.approx(c, abs=1e-3)


def test_decomposition_sums_to_the_expected_loss_and_matches_monte_carlo():
    e = cal.make_experiment()
    c = cal.true_probability(e.logits_test)
    assert c == pytest.approx(expit(e.logits_test / cal.OVERCONFIDENCE))
    a = expit(e.logits_test)
    calib, refine = cal.log_loss_decomposition(a, c)
    # closed form of the expected loss given c: c(−ln a) + (1 − c)(−ln(1 − a)), averaged
    expected = np.mean(-(c * log_expit(e.logits_test) + (1 - c) * log_expit(-e.logits_test)))
    assert calib + refine == pytest.approx(expected, rel=1e-10)
    # Monte Carlo: fresh labels drawn from c give the same mean loss
    rng = np.random.default_rng(5)
    draws = [cal.mean_bce(e.logits_test, (rng.random(c.size) < c).astype(float)) for _ in range(200)]
    assert np.mean(draws) == pytest.approx(calib + refine, abs=2e-3)
    # the terms: KL ≥ 0, entropy of σ(s), and calibrated forecasts (a = c) have no calibration term
    assert calib > 0.1
    assert refine == pytest.approx(np.mean(-(c * np.log(c) + (1 - c) * np.log(1 - c))), rel=1e-12)
    assert cal.log_loss_decomposition(c, c) == pytest.approx((0.0, refine), abs=1e-15)


def test_temperature_scaling_changes_only_the_calibration_term():
    e = cal.make_experiment()
    c = cal.true_probability(e.logits_test)
    t = cal.fit_temperature(e.logits_fit, e.labels_fit)
    before = cal.log_loss_decomposition(expit(e.logits_test), c)
    after = cal.log_loss_decomposition(expit(e.logits_test / t), c)
    assert after[1] == before[1]
    assert after[0] < 1e-3 < before[0]
    # the constant forecast: c(a) is the population rate 0.5, so the split is (0, ln 2)
    half = np.full(c.shape, 0.5)
    assert cal.log_loss_decomposition(half, half) == pytest.approx((0.0, math.log(2)), abs=1e-15)


def test_decomposition_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        cal.log_loss_decomposition([0.5, 0.5], [0.5])


# --- temperature scaling across examples when K > 2 -------------------------------------


def _softmax_by_hand(z, t):
    e = [math.exp(v / t) for v in z]
    return [v / sum(e) for v in e]


def test_temperature_swaps_two_examples_probabilities_of_one_class():
    from xent import examples as EX
    from xent import losses

    worked, second = (2.0, 1.0, 0.1), EX.TEMPERATURE_SWAP_LOGITS
    from figures import fig_softmax_example
    assert tuple(worked) == tuple(fig_softmax_example.LOGITS)
    p1 = [_softmax_by_hand(z, 1.0)[0] for z in (worked, second)]
    p2 = [_softmax_by_hand(z, EX.TEMPERATURE)[0] for z in (worked, second)]
    assert p1[0] > p1[1] and p2[0] < p2[1]
    assert losses.softmax(np.array(second) / EX.TEMPERATURE)[0] == pytest.approx(p2[1], rel=1e-12)
    # within each example the order of the classes (and the argmax) is the same for every T
    for z in (worked, second):
        order = np.argsort(z)
        for t in (0.2, 0.5, 1.0, 2.0, 10.0):
            assert (np.argsort(_softmax_by_hand(z, t)) == order).all()


def test_with_two_classes_temperature_never_reorders_examples():
    from xent import losses

    rng = np.random.default_rng(8)
    z = rng.normal(0, 1, size=(300, 2))  # small enough that no probability rounds to 1
    base = np.argsort(losses.softmax(z)[:, 0], kind="stable")
    for t in (0.5, 2.0, 7.0):
        assert (np.argsort(losses.softmax(z / t)[:, 0], kind="stable") == base).all()
    # with three classes some pairs of examples do swap
    z3 = rng.normal(0, 3, size=(300, 3))
    p1, p2 = losses.softmax(z3)[:, 0], losses.softmax(z3 / 2.0)[:, 0]
    swapped = (p1[:, None] > p1[None, :]) & (p2[:, None] < p2[None, :])
    assert swapped.any()


# --- class imbalance: which class the loss comes from --------------------------------------


def test_loss_by_class_closed_forms():
    from xent import losses
    from xent.infotheory import binary_cross_entropy

    pos, neg = losses.expected_loss_by_class(0.1, 0.1)
    assert pos == pytest.approx(0.1 * math.log(10), rel=1e-14)
    assert neg == pytest.approx(0.9 * math.log(1 / 0.9), rel=1e-14)
    assert pos > 2 * neg
    # at a = 0.5 both classes cost ln 2 per example: 9 of 10 parts from the negatives
    pos, neg = losses.expected_loss_by_class(0.1, 0.5)
    assert neg / (pos + neg) == pytest.approx(0.9, rel=1e-14)
    # the parts add up to the cross-entropy H(π, a)
    for pi, a in ((0.1, 0.3), (0.4, 0.9), (0.0, 0.2)):
        assert sum(losses.expected_loss_by_class(pi, a)) == pytest.approx(float(binary_cross_entropy(pi, a)),
                                                                           rel=1e-13)
    with pytest.raises(ValueError, match="a in"):
        losses.expected_loss_by_class(0.1, 1.0)


def test_best_constant_output_is_the_positive_rate_and_the_gradients_cancel():
    from xent import losses

    pi = 0.1
    grid = np.linspace(0.001, 0.999, 999)
    total = [sum(losses.expected_loss_by_class(pi, a)) for a in grid]
    assert grid[int(np.argmin(total))] == pytest.approx(pi, abs=1e-3)
    # finite difference in the bias b (a = σ(b)): the two classes' pulls cancel at a = π
    b, h = math.log(pi / (1 - pi)), 1e-6
    f = lambda v: sum(losses.expected_loss_by_class(pi, expit(v)))  # noqa: E731
    assert abs((f(b + h) - f(b - h)) / (2 * h)) < 1e-8
