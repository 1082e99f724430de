"""The data behind the information/loss figures agree with independent references.

Each figure's ``compute()`` is checked against SciPy or a closed form, not
against numbers copied from its own output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from scipy.integrate import quad

from figures import fig_binary_entropy
from figures import fig_ce_decomposition
from figures import fig_forward_reverse_kl
from figures import fig_kl_asymmetry
from figures import fig_label_smoothing
from figures import fig_log_sigmoid_stability
from figures import fig_self_information
from figures import fig_softmax_example


def _h2(p):
    """Binary entropy in nats via SciPy."""
    return scipy.stats.entropy([p, 1.0 - p])


# --- self_information ------------------------------------------------------------------------


def test_self_information_data():
    d = fig_self_information.compute()
    np.testing.assert_allclose(d["bits"], [-math.log2(p) for p in d["p"]], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(d["nats"], [-math.log(p) for p in d["p"]], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(d["marks_bits"], [0, 1, 2, 3], atol=1e-15)  # p = 1, 1/2, 1/4, 1/8
    assert d["one_nat"][1] == pytest.approx(1.0, rel=1e-15)
    assert d["p"].min() > 0 and d["p"].max() == 1.0


# --- binary_entropy ------------------------------------------------------------------------------


def test_binary_entropy_data():
    d = fig_binary_entropy.compute()
    np.testing.assert_allclose(d["H"], [_h2(p) for p in d["p"]], rtol=1e-12, atol=1e-15)
    assert d["H"].max() == pytest.approx(math.log(2), rel=1e-12)
    a = d["a"]
    for y, c, h in zip(d["targets"], d["C"], d["minima"]):
        assert h == pytest.approx(_h2(y), rel=1e-12, abs=1e-15)
        np.testing.assert_allclose(c, -(scipy.special.xlogy(y, a) + scipy.special.xlogy(1 - y, 1 - a)),
                                   rtol=1e-12, atol=1e-15)
        assert c.min() >= h - 1e-12  # never below H(y) ...
        i = int(np.argmin(c))  # ... and smallest at the grid point next to a = y
        assert abs(a[i] - y) <= np.max(np.diff(a)) + 1e-12
        assert c[i] == pytest.approx(h, abs=1e-3)


# --- kl_asymmetry ---------------------------------------------------------------------------------


def test_kl_asymmetry_values_are_scipys():
    d = fig_kl_asymmetry.compute()
    assert d["kl_pq"] == pytest.approx(scipy.stats.entropy(d["P"], d["Q"]), rel=1e-12)
    assert d["kl_qp"] == pytest.approx(scipy.stats.entropy(d["Q"], d["P"]), rel=1e-12)
    assert d["terms_pq"].sum() == pytest.approx(d["kl_pq"], rel=1e-12)
    assert d["terms_qp"].sum() == pytest.approx(d["kl_qp"], rel=1e-12)
    # the text's example, by hand: p = (.5, .5), q = (.9, .1): 0.5 ln(5/9) + 0.5 ln 5 and 0.9 ln 1.8 + 0.1 ln 0.2
    np.testing.assert_array_equal(d["P"], [0.5, 0.5])
    np.testing.assert_array_equal(d["Q"], [0.9, 0.1])
    assert d["kl_pq"] == pytest.approx(0.5 * math.log(5 / 9) + 0.5 * math.log(5), rel=1e-12)
    assert d["kl_qp"] == pytest.approx(0.9 * math.log(1.8) + 0.1 * math.log(0.2), rel=1e-12)
    assert round(d["kl_pq"], 3) != round(d["kl_qp"], 3)


# --- forward_reverse_kl -----------------------------------------------------------------------------


def _mixture():
    w, m, s = (np.array(v, dtype=float) for v in
               (fig_forward_reverse_kl.WEIGHTS, fig_forward_reverse_kl.MEANS, fig_forward_reverse_kl.SIGMAS))
    return w, m, s


def _p_pdf(x):
    w, m, s = _mixture()
    return sum(wk * scipy.stats.norm.pdf(x, mk, sk) for wk, mk, sk in zip(w, m, s))


def test_forward_kl_fit_matches_the_mixture_moments():
    w, m, s = _mixture()
    mean = float(w @ m)
    var = float(w @ (s**2 + m**2)) - mean**2  # law of total variance
    f = fig_forward_reverse_kl.compute()["forward"]
    assert f.mu == pytest.approx(mean, abs=1e-7)
    assert f.sigma == pytest.approx(math.sqrt(var), rel=1e-7)


def test_forward_kl_value_by_quadrature():
    f = fig_forward_reverse_kl.compute()["forward"]
    q = scipy.stats.norm(f.mu, f.sigma)
    kl = quad(lambda x: _p_pdf(x) * (math.log(_p_pdf(x)) - q.logpdf(x)), -12, 12, points=[-2, 2], limit=200)[0]
    assert f.kl == pytest.approx(kl, rel=1e-6)


def test_reverse_kl_fit_sits_on_the_heavier_mode():
    w, m, s = _mixture()
    r = fig_forward_reverse_kl.compute()["reverse"]
    k = int(np.argmax(w))
    assert r.mu == pytest.approx(m[k], abs=0.05)
    assert r.sigma == pytest.approx(s[k], rel=0.05)
    # if q were exactly component k, KL(q‖p) ≈ −ln w_k (the other mode is far away)
    assert r.kl == pytest.approx(-math.log(w[k]), abs=0.02)
    q = scipy.stats.norm(r.mu, r.sigma)
    kl = quad(lambda x: q.pdf(x) * (q.logpdf(x) - math.log(_p_pdf(x))), r.mu - 12 * r.sigma, r.mu + 12 * r.sigma,
              limit=200)[0]
    assert r.kl == pytest.approx(kl, rel=1e-6)
    # mode-seeking: narrower than the forward fit and closer to a mode than to the mixture mean
    f = fig_forward_reverse_kl.compute()["forward"]
    assert r.sigma < f.sigma / 2
    assert abs(r.mu - m[k]) < abs(f.mu - m[k]) / 10


# --- ce_decomposition --------------------------------------------------------------------------------


def test_ce_decomposition_data():
    d = fig_ce_decomposition.compute()
    p = d["P"]
    assert d["H"] == pytest.approx(scipy.stats.entropy(p), rel=1e-12)
    for q, kl, ce in zip(d["Q"], d["KL"], d["CE"]):
        assert kl == pytest.approx(scipy.stats.entropy(p, q), rel=1e-9, abs=1e-15)
        assert ce == pytest.approx(-np.sum(p * np.log(q)), rel=1e-12)
        assert ce == pytest.approx(d["H"] + kl, rel=1e-12)
    assert d["KL"][0] == 0.0  # Q₁ = P
    assert np.all(np.diff(d["CE"]) > 0)  # the Q's are ordered from best to worst, as drawn


# --- log_sigmoid_stability --------------------------------------------------------------------------------


def test_log_sigmoid_stability_data():
    d = fig_log_sigmoid_stability.compute()
    # where the naive form breaks, from floating-point facts: exp overflows above ln(DBL_MAX);
    # 1 + e^{-z} rounds to 1 once e^{-z} <= 2^-53, i.e. z >= 53 ln 2
    assert d["z_overflow"] == pytest.approx(-math.log(np.finfo(float).max), abs=1e-9)
    assert d["z_zero"] == pytest.approx(53 * math.log(2), abs=1e-9)
    np.testing.assert_allclose(d["stable_neg"], -scipy.special.log_expit(d["neg"]), rtol=1e-14)
    np.testing.assert_allclose(d["stable_pos"], -scipy.special.log_expit(d["pos"]), rtol=1e-14)
    assert np.all(np.isinf(d["naive_neg"][d["neg"] < d["z_overflow"]]))
    assert np.all(np.isfinite(d["naive_neg"][d["neg"] > d["z_overflow"]]))
    assert np.all(d["naive_pos"][d["pos"] > d["z_zero"]] == 0)
    assert np.all(d["stable_pos"] > 0)
    assert d["neg"].min() == pytest.approx(-1e4) and d["stable_neg"].max() == pytest.approx(1e4)


# --- softmax_example -----------------------------------------------------------------------------------------


def test_softmax_example_data():
    d = fig_softmax_example.compute()
    z = np.array(fig_softmax_example.LOGITS)
    p = scipy.special.softmax(z)
    np.testing.assert_allclose(d["p"], p, rtol=1e-14)
    t = fig_softmax_example.TRUE_CLASS
    assert d["loss"] == pytest.approx(-math.log(p[t]), rel=1e-14)
    y = np.eye(z.size)[t]
    np.testing.assert_allclose(d["grad"], p - y, rtol=1e-13)
    # the numbers printed in the figure (3 decimals), by hand: e^2, e^1, e^0.1 normalised
    e = [math.exp(v) for v in (2.0, 1.0, 0.1)]
    assert [round(v / sum(e), 3) for v in e] == [0.659, 0.242, 0.099]
    assert [f"{v:.3f}" for v in d["p"]] == ["0.659", "0.242", "0.099"]
    assert f"{d['loss']:.3f}" == "0.417"
    assert [f"{v:.3f}" for v in d["grad"]] == ["-0.341", "0.242", "0.099"]


# --- label_smoothing ---------------------------------------------------------------------------------------------


def test_label_smoothing_data():
    d = fig_label_smoothing.compute()
    k, eps = d["k"], d["eps"]
    ys = np.full(k, eps / k)
    ys[0] += 1 - eps
    np.testing.assert_allclose(d["smooth"], ys, rtol=1e-15)
    np.testing.assert_array_equal(d["one_hot"], np.eye(k)[0])
    m = d["m"]
    # closed forms for logits (m, 0, ..., 0): −ln p_0 = ln(1 + (K−1) e^{−m}); each other −ln p_j adds m
    hard = np.log1p((k - 1) * np.exp(-m))
    np.testing.assert_allclose(d["loss_hard"], hard, rtol=1e-12, atol=1e-14)  # z − logsumexp: absolute accuracy
    np.testing.assert_allclose(d["loss_smooth"], hard + eps * (k - 1) / k * m, rtol=1e-12, atol=1e-14)
    # the optimum puts softmax = smoothed target: e^{m*} = (1 − ε + ε/K)/(ε/K)
    assert d["m_opt"] == pytest.approx(math.log((k - eps * (k - 1)) / eps), abs=1e-6)
    assert d["loss_opt"] == pytest.approx(scipy.stats.entropy(ys), rel=1e-10)
    # no smoothing: no finite optimum, the loss keeps decreasing towards 0
    assert np.all(np.diff(d["loss_hard"]) < 0) and d["loss_hard"][-1] < 1e-3


def test_label_smoothing_has_no_optimum_without_smoothing():
    with pytest.raises(ValueError, match=r"no optimal margin"):
        fig_label_smoothing.optimal_margin(0.0)
    d = fig_label_smoothing.compute()
    assert fig_label_smoothing.slope_at_margin(d["m_opt"], d["eps"]) == pytest.approx(0.0, abs=1e-12)
