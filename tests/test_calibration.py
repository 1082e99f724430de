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
