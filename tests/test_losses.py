"""losses.py: finite differences for every gradient, naive formulas where they work, exact values where they fail."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xent import losses as L

# --- references ------------------------------------------------------------------


def naive_softmax_ce(z, y):
    """−Σ y log(exp(z) / Σ exp(z)) written out directly (fine for moderate logits)."""
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return -(y * np.log(p)).sum(axis=1)


def naive_bce(z, y):
    a = 1.0 / (1.0 + np.exp(-z))
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def one_hot(t, k):
    y = np.zeros((len(t), k))
    y[np.arange(len(t)), t] = 1.0
    return y


def central_difference(f, z, h=1e-6):
    """∂f/∂z by central differences, one coordinate at a time."""
    z = np.array(z, dtype=float)
    g = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[i] += h
        zm[i] -= h
        g[i] = (f(zp) - f(zm)) / (2 * h)
    return g


RNG = np.random.default_rng(20240601)
Z = RNG.normal(0, 2, (5, 4))
T = np.array([0, 3, 1, 1, 2])
P = RNG.dirichlet(np.ones(4), 5)


# --- logsumexp, softmax -----------------------------------------------------------------


def test_logsumexp_matches_scipy():
    for z in (Z, Z * 1e3, np.array([[1e4, -1e4, 0.0]]), np.array([[-1e4, -1e4]])):
        np.testing.assert_allclose(L.logsumexp(z), scipy.special.logsumexp(z, axis=-1), rtol=1e-14)
        np.testing.assert_allclose(L.logsumexp(z, axis=0, keepdims=True),
                                   scipy.special.logsumexp(z, axis=0, keepdims=True), rtol=1e-14)
    assert L.logsumexp(np.array([-np.inf, -np.inf])) == -np.inf
    assert L.logsumexp(np.array([1e4, 1e4])) == pytest.approx(1e4 + math.log(2), rel=1e-15)


def test_softmax_matches_naive_and_scipy():
    naive = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(L.softmax(Z), naive, rtol=1e-13)
    np.testing.assert_allclose(L.softmax(Z), scipy.special.softmax(Z, axis=-1), rtol=1e-13)
    np.testing.assert_allclose(L.log_softmax(Z), np.log(naive), rtol=1e-13)
    np.testing.assert_allclose(L.log_softmax(Z * 100), scipy.special.log_softmax(Z * 100, axis=-1), rtol=1e-13,
                               atol=1e-13 * 100 * np.abs(Z).max())  # entries near 0 are differences of large numbers


def test_softmax_with_huge_logits():
    z = np.array([1e4, 0.0, -1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(L.softmax(z), [1.0, 0.0, 0.0])
        np.testing.assert_allclose(L.log_softmax(z), [0.0, -1e4, -2e4], rtol=1e-15)
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isnan(np.exp(z) / np.exp(z).sum()).any()  # the naive formula fails here


@settings(max_examples=200, deadline=None)
@given(arrays(float, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=st.floats(-1e4, 1e4)),
       st.floats(-1e3, 1e3))
def test_softmax_properties(z, c):
    s = L.softmax(z)
    assert np.all(s >= 0) and np.all(np.isfinite(s))
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(L.softmax(z + c), s, atol=1e-12)  # shift invariance
    assert np.all(L.log_softmax(z) <= 1e-12)


# --- softmax cross-entropy -------------------------------------------------------------------


def test_worked_example_by_hand():
    z = np.array([[2.0, 1.0, 0.1]])
    loss = -2.0 + math.log(math.exp(2.0) + math.exp(1.0) + math.exp(0.1))
    assert L.softmax_cross_entropy(z, np.array([0])) == pytest.approx(loss, rel=1e-15)
    assert L.softmax_cross_entropy(z, np.array([0])) == pytest.approx(0.41703, abs=1e-5)
    e = np.exp([2.0, 1.0, 0.1])
    np.testing.assert_allclose(L.softmax_cross_entropy_grad(z, np.array([0])), [e / e.sum() - [1, 0, 0]], rtol=1e-14)


def test_index_targets_match_naive_and_one_hot():
    ref = naive_softmax_ce(Z, one_hot(T, 4))
    np.testing.assert_allclose(L.softmax_cross_entropy(Z, T, reduction="none"), ref, rtol=1e-13)
    np.testing.assert_allclose(L.softmax_cross_entropy(Z, one_hot(T, 4), reduction="none"), ref, rtol=1e-13)
    assert L.softmax_cross_entropy(Z, T) == pytest.approx(ref.mean(), rel=1e-13)


def test_probability_targets_match_naive():
    np.testing.assert_allclose(L.softmax_cross_entropy(Z, P, reduction="none"), naive_softmax_ce(Z, P), rtol=1e-13)


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.3, 1.0])
def test_label_smoothing_against_hand_built_target(eps):
    k = 4
    y = np.full((5, k), eps / k)
    y[np.arange(5), T] += 1 - eps  # 1 − ε + ε/K on the true class, ε/K elsewhere
    got = L.softmax_cross_entropy(Z, T, label_smoothing=eps, reduction="none")
    np.testing.assert_allclose(got, naive_softmax_ce(Z, y), rtol=1e-13)
    # PyTorch's form: (1 − ε)·NLL + ε·(mean over classes of −log p)
    logp = np.log(np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))
    torch_form = (1 - eps) * -logp[np.arange(5), T] + eps * -logp.mean(axis=1)
    np.testing.assert_allclose(got, torch_form, rtol=1e-13)
    np.testing.assert_allclose(L.smoothed_target(Z, T, eps), y, rtol=1e-15)
    # smoothing a probability target works the same way
    np.testing.assert_allclose(L.softmax_cross_entropy(Z, P, label_smoothing=eps, reduction="none"),
                               naive_softmax_ce(Z, (1 - eps) * P + eps / k), rtol=1e-13)


@pytest.mark.parametrize("target", [T, P], ids=["indices", "probabilities"])
@pytest.mark.parametrize("eps", [0.0, 0.2])
def test_reductions_are_consistent(target, eps):
    none = L.softmax_cross_entropy(Z, target, eps, reduction="none")
    assert none.shape == (5,)
    assert L.softmax_cross_entropy(Z, target, eps, reduction="sum") == pytest.approx(none.sum(), rel=1e-14)
    assert L.softmax_cross_entropy(Z, target, eps, reduction="mean") == pytest.approx(none.mean(), rel=1e-14)
    g_sum = L.softmax_cross_entropy_grad(Z, target, eps, reduction="sum")
    np.testing.assert_allclose(L.softmax_cross_entropy_grad(Z, target, eps, reduction="mean"), g_sum / 5, rtol=1e-15)
    np.testing.assert_array_equal(L.softmax_cross_entropy_grad(Z, target, eps, reduction="none"), g_sum)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("eps", [0.0, 0.1])
@pytest.mark.parametrize("target", [T, P], ids=["indices", "probabilities"])
def test_softmax_ce_gradient_by_finite_differences(reduction, eps, target):
    f = lambda z: L.softmax_cross_entropy(z, target, eps, reduction)  # noqa: E731
    g = L.softmax_cross_entropy_grad(Z, target, eps, reduction)
    np.testing.assert_allclose(g, central_difference(f, Z), rtol=1e-6, atol=1e-8)


def test_softmax_ce_gradient_none_is_per_sample():
    g = L.softmax_cross_entropy_grad(Z, T, 0.1, reduction="none")
    for i in range(Z.shape[0]):
        f = lambda zi, i=i: L.softmax_cross_entropy(zi[None, :], T[i:i + 1], 0.1, "sum")  # noqa: E731
        np.testing.assert_allclose(g[i], central_difference(f, Z[i]), rtol=1e-6, atol=1e-8)


def test_softmax_ce_with_huge_logits():
    z = np.array([[1e4, 0.0, -1e4], [1e4, 0.0, -1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = L.softmax_cross_entropy(z, np.array([0, 2]), reduction="none")
        grad = L.softmax_cross_entropy_grad(z, np.array([0, 2]), reduction="sum")
    # exact: −log softmax = logsumexp − z_t, and logsumexp = 1e4 + log(1 + e^{−1e4} + e^{−2e4}) = 1e4
    np.testing.assert_array_equal(loss, [0.0, 2e4])
    np.testing.assert_array_equal(grad, [[0, 0, 0], [1, 0, -1]])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        assert not np.isfinite(naive_softmax_ce(z, one_hot([0, 2], 3))).all()


@settings(max_examples=150, deadline=None)
@given(arrays(float, st.tuples(st.integers(1, 4), st.integers(2, 6)), elements=st.floats(-50, 50)),
       st.data(), st.floats(0.0, 1.0))
def test_softmax_ce_properties(z, data, eps):
    n, k = z.shape
    t = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    loss = L.softmax_cross_entropy(z, t, eps, reduction="none")
    y = L.smoothed_target(z, t, eps)
    h = -scipy.special.xlogy(y, y).sum(axis=1)  # entropy of the smoothed target
    assert np.all(loss >= h - 1e-9)  # Gibbs: H(y, p) ≥ H(y)
    np.testing.assert_allclose(L.softmax_cross_entropy(z + 7.0, t, eps, reduction="none"), loss, rtol=1e-9, atol=1e-9)
    g = L.softmax_cross_entropy_grad(z, t, eps, reduction="sum")
    np.testing.assert_allclose(g.sum(axis=1), 0.0, atol=1e-12)  # softmax and y_smooth both sum to 1
    assert np.all(np.abs(g) <= 1 + 1e-12)


@pytest.mark.parametrize("kwargs, match", [
    (dict(logits=Z, target=T, reduction="avg"), r"reduction must be one of 'mean', 'sum', 'none', got 'avg'"),
    (dict(logits=Z, target=np.array([0, 1, 2, 3, 4])), r"class indices must lie in \[0, 4\), got 4"),
    (dict(logits=Z, target=np.array([0, 1])), r"class indices must have shape \(n,\) = \(5,\), got \(2,\)"),
    (dict(logits=Z, target=T.astype(float)), r"probability targets must have the shape of logits"),
    (dict(logits=Z, target=P * 2), r"probability target row 0 sums to .*, not 1 \(tolerance atol=1e-09\)"),
    (dict(logits=Z, target=P - P + np.array([1.5, -0.5, 0, 0])), r"must be non-negative"),
    (dict(logits=Z, target=T, label_smoothing=1.5), r"label_smoothing must lie in \[0, 1\], got 1.5"),
    (dict(logits=Z[0], target=T[:1]), r"logits must have shape \(n, K\), got shape \(4,\)"),
    (dict(logits=np.array([[0.0, np.nan]]), target=np.array([0])), r"logits must be finite"),
])
def test_softmax_ce_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        L.softmax_cross_entropy(**kwargs)
    with pytest.raises(ValueError, match=match):
        L.softmax_cross_entropy_grad(**kwargs)


# --- log sigmoid ----------------------------------------------------------------------------


def test_log_sigmoid_matches_scipy_everywhere():
    z = np.concatenate([-np.logspace(-3, 4, 200), [0.0], np.logspace(-3, 4, 200)])
    np.testing.assert_allclose(L.log_sigmoid(z), scipy.special.log_expit(z), rtol=1e-14, atol=0)


def test_log_sigmoid_exact_asymptotics():
    # log σ(−x) = −x − log(1 + e^{−x}) → −1e4 (the correction e^{−1e4} is far below one ulp)
    assert L.log_sigmoid(-1e4) == -1e4
    assert L.log_sigmoid(-1e3) == -1e3
    assert L.log_sigmoid(-40.0) == pytest.approx(-40.0 - math.exp(-40.0), rel=1e-16)
    # log σ(x) = −log(1 + e^{−x}) ≈ −e^{−x} (1 − e^{−x}/2) for large x
    for x in (40.0, 100.0, 700.0):
        assert L.log_sigmoid(x) == pytest.approx(-math.exp(-x), rel=1e-15)
    assert L.log_sigmoid(1e4) == 0.0


def test_naive_log_sigmoid_agrees_for_moderate_z_and_fails_beyond():
    z = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(L.naive_log_sigmoid(z), L.log_sigmoid(z), rtol=1e-10, atol=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warnings are silenced inside
        bad = L.naive_log_sigmoid(np.array([-1e4, -1e3, -710.0, 40.0, 1e4]))
    np.testing.assert_array_equal(bad, [-np.inf, -np.inf, -np.inf, 0.0, 0.0])
    assert L.naive_log_sigmoid(-709.0) == pytest.approx(-709.0, rel=1e-12)  # just below overflow: still right
    assert np.all(np.isfinite(L.log_sigmoid(np.array([-1e4, -1e3, -710.0]))))


# --- binary / multi-label cross-entropy with logits -------------------------------------------------

ZB = RNG.normal(0, 3, (6, 3))
YB = RNG.uniform(0, 1, (6, 3))
YB[0] = [0, 1, 1]


def test_bce_matches_naive_and_infotheory():
    from xent import infotheory

    np.testing.assert_allclose(L.binary_cross_entropy_with_logits(ZB, YB, "none"), naive_bce(ZB, YB), rtol=1e-12)
    a = scipy.special.expit(ZB)
    np.testing.assert_allclose(L.binary_cross_entropy_with_logits(ZB, YB, "none"),
                               infotheory.binary_cross_entropy(YB, a), rtol=1e-12)


def test_bce_reductions():
    none = L.binary_cross_entropy_with_logits(ZB, YB, "none")
    assert none.shape == ZB.shape
    assert L.binary_cross_entropy_with_logits(ZB, YB) == pytest.approx(none.mean(), rel=1e-14)
    assert L.binary_cross_entropy_with_logits(ZB, YB, "mean") == pytest.approx(none.sum() / 18, rel=1e-14)
    assert L.binary_cross_entropy_with_logits(ZB, YB, "mean_samples") == pytest.approx(
        none.sum(axis=1).mean(), rel=1e-14)
    assert L.binary_cross_entropy_with_logits(ZB, YB, "sum") == pytest.approx(none.sum(), rel=1e-14)
    z1, y1 = ZB[:, 0], YB[:, 0]  # (n,) binary samples: mean_samples = mean
    assert L.binary_cross_entropy_with_logits(z1, y1, "mean_samples") == pytest.approx(
        L.binary_cross_entropy_with_logits(z1, y1, "mean"), rel=1e-14)


@pytest.mark.parametrize("reduction", ["mean", "mean_samples", "sum"])
@pytest.mark.parametrize("shape", [(6, 3), (6,)])
def test_bce_gradient_by_finite_differences(reduction, shape):
    z, y = ZB.reshape(-1)[:np.prod(shape)].reshape(shape), YB.reshape(-1)[:np.prod(shape)].reshape(shape)
    f = lambda v: L.binary_cross_entropy_with_logits(v, y, reduction)  # noqa: E731
    g = L.binary_cross_entropy_with_logits_grad(z, y, reduction)
    np.testing.assert_allclose(g, central_difference(f, z), rtol=1e-6, atol=1e-9)


def test_bce_gradient_none_is_elementwise():
    g = L.binary_cross_entropy_with_logits_grad(ZB, YB, "none")
    h = 1e-6
    up, down = (L.binary_cross_entropy_with_logits(ZB + s, YB, "none") for s in (h, -h))
    fd = (up - down) / (2 * h)
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(g, scipy.special.expit(ZB) - YB, rtol=1e-14, atol=1e-16)


def test_bce_with_huge_logits():
    z = np.array([1e4, -1e4, 1e4, -1e4, 50.0, -50.0])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = L.binary_cross_entropy_with_logits(z, y, "none")
        grad = L.binary_cross_entropy_with_logits_grad(z, y, "none")
    # exact: softplus(z) − z y; softplus(−50) = log1p(e^{−50}) ≈ e^{−50}
    np.testing.assert_allclose(loss, [0.0, 0.0, 1e4, 1e4, math.exp(-50), math.exp(-50)], rtol=1e-15, atol=0)
    np.testing.assert_allclose(grad, [0.0, 0.0, 1.0, -1.0, -math.exp(-50), math.exp(-50)], rtol=1e-15, atol=0)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        assert not np.isfinite(naive_bce(z[:4], y[:4])).all()


@settings(max_examples=200, deadline=None)
@given(arrays(float, st.tuples(st.integers(1, 4), st.integers(1, 4)), elements=st.floats(-1e4, 1e4)),
       st.floats(0.0, 1.0))
def test_bce_properties(z, y0):
    y = np.full_like(z, y0)
    loss = L.binary_cross_entropy_with_logits(z, y, "none")
    assert np.all(np.isfinite(loss))
    h = -(scipy.special.xlogy(y0, y0) + scipy.special.xlogy(1 - y0, 1 - y0))
    assert np.all(loss >= h - 1e-9 * (1 + np.abs(z)))  # ≥ H(y), equality at σ(z) = y
    np.testing.assert_allclose(loss, -(y * scipy.special.log_expit(z) + (1 - y) * scipy.special.log_expit(-z)),
                               rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("args, match", [
    ((ZB, YB, "average"), r"reduction must be one of 'mean', 'mean_samples', 'sum', 'none'"),
    ((ZB, YB[:, :2], "mean"), r"targets must have the shape of logits \(6, 3\), got \(6, 2\)"),
    ((ZB, YB + 1, "mean"), r"targets must lie in \[0, 1\]"),
    ((np.array([np.inf]), np.array([1.0]), "mean"), r"logits must be finite"),
])
def test_bce_validation(args, match):
    with pytest.raises(ValueError, match=match):
        L.binary_cross_entropy_with_logits(*args)
    with pytest.raises(ValueError, match=match):
        L.binary_cross_entropy_with_logits_grad(*args)
