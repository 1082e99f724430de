"""infotheory.py against independent references: SciPy, closed forms, numerical integration, identities."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.special import rel_entr, xlogy

from xent import infotheory as it

LN2 = math.log(2.0)


# --- strategies ---------------------------------------------------------------


@st.composite
def distributions(draw, k=None, min_size=1, max_size=8, positive=False):
    """A probability vector of length k (or a drawn length); zeros allowed unless ``positive``."""
    if k is None:
        k = draw(st.integers(min_size, max_size))
    lo = 1e-3 if positive else 0.0
    w = np.array(draw(st.lists(st.floats(lo, 1.0), min_size=k, max_size=k)))
    if w.sum() == 0:
        w[0] = 1.0
    return w / w.sum()


@st.composite
def pairs(draw, positive_q=True):
    k = draw(st.integers(1, 8))
    return draw(distributions(k=k)), draw(distributions(k=k, positive=positive_q))


# --- closed forms -----------------------------------------------------------------


def test_fair_coin_is_ln2_nats_and_one_bit():
    assert it.entropy([0.5, 0.5]) == pytest.approx(LN2, rel=1e-15)
    assert it.entropy([0.5, 0.5], base=2) == pytest.approx(1.0, rel=1e-15)
    assert it.binary_entropy(0.5) == pytest.approx(LN2, rel=1e-15)
    assert it.binary_entropy(0.5, base=2) == pytest.approx(1.0, rel=1e-15)


@pytest.mark.parametrize("k", [1, 2, 3, 10, 1000])
def test_uniform_entropy_is_log_k(k):
    u = np.full(k, 1.0 / k)
    assert it.entropy(u) == pytest.approx(math.log(k), rel=1e-12, abs=1e-15)
    assert it.entropy(u, base=2) == pytest.approx(math.log2(k), rel=1e-12, abs=1e-15)


def test_certain_outcome_has_zero_entropy():
    assert it.entropy([0.0, 1.0, 0.0]) == 0.0
    assert it.binary_entropy(0.0) == 0.0 and it.binary_entropy(1.0) == 0.0


def test_self_information_values():
    assert it.self_information(0.5, base=2) == pytest.approx(1.0)
    assert it.self_information(0.125, base=2) == pytest.approx(3.0)
    assert it.self_information(1 / math.e) == pytest.approx(1.0)
    assert it.self_information(1.0) == 0.0 and math.copysign(1, it.self_information(1.0)) == 1
    assert it.self_information(0.0) == math.inf
    np.testing.assert_allclose(it.self_information([0.5, 0.25, 0.1]), [LN2, 2 * LN2, math.log(10)], rtol=1e-15)


def test_base_10_is_hartleys():
    assert it.entropy(np.full(10, 0.1), base=10) == pytest.approx(1.0)


# --- agreement with SciPy ------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(pairs(positive_q=False))
def test_entropy_and_kl_match_scipy(pq):
    p, q = pq
    assert it.entropy(p) == pytest.approx(scipy.stats.entropy(p), rel=1e-12, abs=1e-14)
    assert it.entropy(p, base=2) == pytest.approx(scipy.stats.entropy(p, base=2), rel=1e-12, abs=1e-14)
    ref_kl = float(np.sum(rel_entr(p, q)))
    ref_h = float(-np.sum(xlogy(p, q)))
    kl, h = it.kl_divergence(p, q), it.cross_entropy(p, q)
    if math.isinf(ref_kl):
        assert kl == math.inf and h == math.inf
    else:
        assert kl == pytest.approx(scipy.stats.entropy(p, q), rel=1e-9, abs=1e-12)
        assert kl == pytest.approx(ref_kl, rel=1e-12, abs=1e-14)
        assert h == pytest.approx(ref_h, rel=1e-12, abs=1e-14)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=20))
def test_binary_entropy_matches_scipy(ps):
    got = it.binary_entropy(np.array(ps))
    ref = [scipy.stats.entropy([p, 1 - p]) for p in ps]
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-14)


# --- edge cases: 0 log 0, q = 0 < p -------------------------------------------------


def test_zero_log_zero_is_zero():
    p = [0.0, 0.5, 0.5]
    assert it.entropy(p) == pytest.approx(LN2)
    assert it.kl_divergence(p, [0.0, 0.5, 0.5]) == 0.0
    assert it.cross_entropy(p, [0.0, 0.5, 0.5]) == pytest.approx(LN2)


def test_kl_is_inf_not_nan_where_q_is_zero():
    for f in (it.kl_divergence, it.cross_entropy):
        v = f([0.5, 0.5], [1.0, 0.0])
        assert v == math.inf and not math.isnan(v)
        assert f([0.0, 1.0], [1.0, 0.0]) == math.inf


def test_binary_cross_entropy_edges():
    assert it.binary_cross_entropy(1.0, 0.0) == math.inf
    assert it.binary_cross_entropy(0.0, 1.0) == math.inf
    assert it.binary_cross_entropy(0.0, 0.0) == 0.0
    assert it.binary_cross_entropy(1.0, 1.0) == 0.0
    assert it.binary_cross_entropy(1.0, 0.5) == pytest.approx(LN2)
    # broadcasting y against a; agrees with the textbook formula at interior points
    a = np.array([0.1, 0.5, 0.9])
    np.testing.assert_allclose(it.binary_cross_entropy(0.3, a), -(0.3 * np.log(a) + 0.7 * np.log(1 - a)), rtol=1e-14)


# --- validation -----------------------------------------------------------------------


@pytest.mark.parametrize("bad, match", [
    ([0.5, -0.1, 0.6], r"p has negative entries \(smallest -0.1 at index 1\)"),
    ([0.5, 0.6], r"p sums to 1.1.*not 1 \(tolerance atol=1e-09\)"),
    ([], r"p is empty"),
    ([0.5, float("nan"), 0.5], r"p contains NaN at index 1"),
    ([[0.5, 0.5]], r"p must be 1-D, got shape \(1, 2\)"),
    (0.5, r"p must be 1-D, got shape \(\)"),
    ([0.5, float("inf")], r"p contains an infinite entry at index 1"),
])
def test_validate_distribution_says_what_is_wrong(bad, match):
    with pytest.raises(ValueError, match=match):
        it.validate_distribution(bad)


def test_validate_distribution_tolerance_and_name():
    np.testing.assert_array_equal(it.validate_distribution([0.5, 0.5 + 1e-10]), [0.5, 0.5 + 1e-10])
    with pytest.raises(ValueError, match=r"q sums to .* not 1 \(tolerance atol=1e-12\)"):
        it.validate_distribution([0.5, 0.5 + 1e-10], name="q", atol=1e-12)
    out = it.validate_distribution([1, 0])
    assert out.dtype == float


def test_functions_validate_their_inputs():
    with pytest.raises(ValueError, match=r"q has negative entries"):
        it.kl_divergence([0.5, 0.5], [1.5, -0.5])
    with pytest.raises(ValueError, match=r"len\(p\)=2 and len\(q\)=3"):
        it.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=r"len\(p\)=2 and len\(q\)=3"):
        it.cross_entropy([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=r"p sums to"):
        it.entropy([0.2, 0.2])
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\], got 1.5"):
        it.self_information(1.5)
    with pytest.raises(ValueError, match=r"a must lie in \[0, 1\]"):
        it.binary_cross_entropy(0.5, -0.1)
    with pytest.raises(ValueError, match=r"y contains NaN"):
        it.binary_cross_entropy(float("nan"), 0.5)
    with pytest.raises(ValueError, match=r"base must be"):
        it.entropy([0.5, 0.5], base=1)
    with pytest.raises(ValueError, match=r"sigma2 must be finite and > 0"):
        it.kl_gaussian(0, 1, 0, 0)
    with pytest.raises(ValueError, match=r"sigma1 must be finite and > 0"):
        it.kl_gaussian(0, -1, 0, 1)


# --- identities (property tests) ------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(pairs(positive_q=False))
def test_kl_is_nonnegative(pq):
    p, q = pq
    assert it.kl_divergence(p, q) >= 0.0


@settings(max_examples=200, deadline=None)
@given(distributions())
def test_kl_of_p_with_itself_is_zero(p):
    assert it.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-14)
    assert it.cross_entropy(p, p) == pytest.approx(it.entropy(p), rel=1e-12, abs=1e-14)


@settings(max_examples=200, deadline=None)
@given(pairs(positive_q=True))
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    assert it.cross_entropy(p, q) == pytest.approx(it.entropy(p) + it.kl_divergence(p, q), rel=1e-10, abs=1e-12)
    # same identity in bits
    assert it.cross_entropy(p, q, base=2) == pytest.approx(
        it.entropy(p, base=2) + it.kl_divergence(p, q, base=2), rel=1e-10, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(distributions(positive=True), st.integers(0, 2**32 - 1))
def test_cross_entropy_over_q_is_smallest_at_p(p, seed):
    rng = np.random.default_rng(seed)
    h = it.cross_entropy(p, p)
    for _ in range(20):
        q = np.clip(p + rng.normal(0, 0.05, p.size), 1e-6, None)
        q /= q.sum()
        assert it.cross_entropy(p, q) >= h - 1e-12


def test_kl_is_asymmetric():
    p, q = np.array([0.9, 0.1]), np.array([0.5, 0.5])
    # by hand: 0.9 ln 1.8 + 0.1 ln 0.2 and 0.5 ln(5/9) + 0.5 ln 5
    assert it.kl_divergence(p, q) == pytest.approx(0.9 * math.log(1.8) + 0.1 * math.log(0.2))
    assert it.kl_divergence(q, p) == pytest.approx(0.5 * math.log(5 / 9) + 0.5 * math.log(5))
    assert abs(it.kl_divergence(p, q) - it.kl_divergence(q, p)) > 0.1


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 1.0))
def test_binary_cross_entropy_at_a_equal_y_is_entropy(y):
    assert it.binary_cross_entropy(y, y) == pytest.approx(it.binary_entropy(y), rel=1e-12, abs=1e-15)
    assert it.binary_cross_entropy(y, y) == pytest.approx(scipy.stats.entropy([y, 1 - y]), rel=1e-12, abs=1e-15)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(1e-6, 1 - 1e-6))
def test_binary_cross_entropy_is_two_outcome_cross_entropy(y, a):
    assert it.binary_cross_entropy(y, a) == pytest.approx(
        -(xlogy(y, a) + xlogy(1 - y, 1 - a)), rel=1e-12, abs=1e-15)
    assert it.binary_cross_entropy(y, a) >= it.binary_entropy(y) - 1e-12


# --- Gaussians ---------------------------------------------------------------------------


def _kl_by_quadrature(mu1, s1, mu2, s2):
    p = scipy.stats.norm(mu1, s1)
    q = scipy.stats.norm(mu2, s2)
    lo, hi = mu1 - 12 * s1, mu1 + 12 * s1
    return quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), lo, hi, epsabs=1e-13, epsrel=1e-11, limit=200)[0]


@pytest.mark.parametrize("mu1, s1, mu2, s2", [
    (0, 1, 0, 1), (0, 1, 1, 1), (0, 1, 0, 2), (1.5, 0.3, -2, 4), (-3, 2, 0.5, 0.7),
])
def test_kl_gaussian_matches_quadrature(mu1, s1, mu2, s2):
    assert it.kl_gaussian(mu1, s1, mu2, s2) == pytest.approx(_kl_by_quadrature(mu1, s1, mu2, s2), rel=1e-8, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.floats(-3, 3), st.floats(0.3, 3), st.floats(-3, 3), st.floats(0.3, 3))
def test_kl_gaussian_property(mu1, s1, mu2, s2):
    kl = it.kl_gaussian(mu1, s1, mu2, s2)
    assert kl >= -1e-15
    assert kl == pytest.approx(_kl_by_quadrature(mu1, s1, mu2, s2), rel=1e-6, abs=1e-9)


def test_gaussian_mixture_pdf_against_scipy():
    x = np.linspace(-6, 6, 101)
    w, m, s = [0.3, 0.7], [-1.0, 2.0], [0.5, 1.2]
    ref = 0.3 * scipy.stats.norm.pdf(x, -1, 0.5) + 0.7 * scipy.stats.norm.pdf(x, 2, 1.2)
    np.testing.assert_allclose(it.gaussian_mixture_pdf(x, w, m, s), ref, rtol=1e-12)
    assert quad(lambda t: it.gaussian_mixture_pdf(t, w, m, s), -np.inf, np.inf)[0] == pytest.approx(1.0)
    # far tails: the log-density stays finite where the density underflows
    assert np.isfinite(it.gaussian_mixture_logpdf(1e3, w, m, s))


def test_kl_on_grid_matches_closed_form():
    x = np.linspace(-15, 15, 3001)
    lp, lq = it.gaussian_logpdf(x, 0.5, 1.0), it.gaussian_logpdf(x, -1.0, 2.0)
    assert it.kl_on_grid(x, lp, lq) == pytest.approx(it.kl_gaussian(0.5, 1.0, -1.0, 2.0), rel=1e-9)


MIX = dict(weights=[0.3, 0.7], means=[-2.5, 1.5], sigmas=[0.8, 0.6])


def _mixture_moments(weights, means, sigmas):
    """Mean and standard deviation of a Gaussian mixture (law of total variance)."""
    w, m, s = map(np.asarray, (weights, means, sigmas))
    mean = float(w @ m)
    return mean, math.sqrt(float(w @ (s**2 + m**2)) - mean**2)


def test_forward_kl_fit_is_moment_matching():
    x = np.linspace(-12, 12, 2401)
    fit = it.fit_gaussian_forward_kl(x, it.gaussian_mixture_logpdf(x, **MIX))
    mean, sd = _mixture_moments(**MIX)
    assert fit.mu == pytest.approx(mean, abs=1e-7)
    assert fit.sigma == pytest.approx(sd, rel=1e-7)
    assert fit.kl > 0


def test_reverse_kl_fit_sits_on_a_mode():
    x = np.linspace(-12, 12, 2401)
    lp = it.gaussian_mixture_logpdf(x, **MIX)
    fit = it.fit_gaussian_reverse_kl(x, lp, starts=[(-2.5, 0.8), (1.5, 0.6)])
    # the heavier, well separated mode: q ≈ that component, KL ≈ −ln 0.7
    assert fit.mu == pytest.approx(1.5, abs=0.05)
    assert fit.sigma == pytest.approx(0.6, rel=0.05)
    assert fit.kl == pytest.approx(-math.log(0.7), abs=0.02)
    # the reported KL is the grid KL of the fitted Gaussian, and no start does better
    assert fit.kl == pytest.approx(it.kl_on_grid(x, it.gaussian_logpdf(x, fit.mu, fit.sigma), lp), rel=1e-9)
    other = it.fit_gaussian_reverse_kl(x, lp, starts=[(-2.5, 0.8)])
    assert other.mu == pytest.approx(-2.5, abs=0.05) and other.kl > fit.kl


def test_grid_validation():
    x = np.linspace(-1, 1, 101)
    with pytest.raises(ValueError, match=r"p integrates to .* widen the grid"):
        it.fit_gaussian_forward_kl(x, it.gaussian_logpdf(x, 0, 1))
    with pytest.raises(ValueError, match=r"constant step"):
        it.kl_on_grid(np.array([0.0, 1.0, 3.0]), np.zeros(3), np.zeros(3))
    x = np.linspace(-10, 10, 201)
    with pytest.raises(ValueError, match=r"starts is empty"):
        it.fit_gaussian_reverse_kl(x, it.gaussian_logpdf(x, 0, 1), starts=[])
