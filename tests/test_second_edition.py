"""Numerics added for the second edition: error rate, softmax squared error and Hessian,
class weights, conditional entropy and mutual information, perplexity — against
finite differences, SciPy and direct definitions."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from scipy.optimize import minimize_scalar
from scipy.special import expit, log_expit

from xent import examples as E
from xent import infotheory as it
from xent import losses as L


def fd_grad(f, z, h=1e-6):
    z = np.asarray(z, dtype=float)
    g = np.zeros_like(z)
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = h
        g[j] = (f(z + e) - f(z - e)) / (2 * h)
    return g


def test_error_rate_counts_ties_as_errors():
    assert L.error_rate([(0.5, 0.5)], [0]) == 1.0
    assert L.error_rate([(0.6, 0.4), (0.3, 0.7)], [0, 0]) == 0.5
    with pytest.raises(ValueError, match="targets"):
        L.error_rate([(0.6, 0.4)], [0, 1])
    with pytest.raises(ValueError, match="class index"):
        L.error_rate([(0.6, 0.4)], [2])


def test_mean_log_loss_bits_against_log2():
    q, t = E.ERROR_RATE_MODELS["B"], E.ERROR_RATE_TARGETS
    ref = -(math.log2(q[0][t[0]]) + math.log2(q[1][t[1]])) / 2
    assert L.mean_log_loss(q, t, base=2) == pytest.approx(ref, rel=1e-14)


def test_error_rate_example_contradicts_cross_entropy_ranking():
    """The article's point: B has the lower cross-entropy but the higher error rate; the bound holds for both."""
    t = E.ERROR_RATE_TARGETS
    a, b = E.ERROR_RATE_MODELS["A"], E.ERROR_RATE_MODELS["B"]
    assert L.mean_log_loss(b, t, 2) < L.mean_log_loss(a, t, 2)
    assert L.error_rate(b, t) > L.error_rate(a, t)
    for m in (a, b):
        assert L.error_rate(m, t) <= L.mean_log_loss(m, t, 2)


@pytest.mark.parametrize("seed", range(5))
def test_softmax_squared_error_grad_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 3, size=4)
    y = np.eye(4)[rng.integers(4)]
    g = L.softmax_squared_error_grad(z, y)
    assert g == pytest.approx(fd_grad(lambda v: L.softmax_squared_error(v, y), z), abs=1e-8)
    # the printed form (eq:softmax-se-grad): p_j ((p_j − y_j) − Σ_k p_k (p_k − y_k))
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    assert g == pytest.approx(p * ((p - y) - np.sum(p * (p - y))), abs=1e-14)


@pytest.mark.parametrize("seed", range(5))
def test_softmax_jacobian_is_cross_entropy_hessian_and_psd(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, size=5)
    y = rng.dirichlet(np.ones(5))
    H = L.softmax_jacobian(z)
    # Hessian by finite differences of the cross-entropy gradient p − y
    grad = lambda v: L.softmax_cross_entropy_grad(v[None, :], y[None, :], reduction="sum")[0]  # noqa: E731
    fd = np.column_stack([fd_grad(lambda v, j=j: grad(v)[j], z) for j in range(5)])
    assert H == pytest.approx(fd, abs=1e-7)
    assert np.linalg.eigvalsh(H).min() > -1e-15
    assert H @ np.ones(5) == pytest.approx(np.zeros(5), abs=1e-15)


def test_saturated_softmax_squared_error_gradient_is_small():
    z, y = np.array(E.SOFTMAX_SE_LOGITS), np.array(E.SOFTMAX_SE_TARGET)
    ce = np.linalg.norm(L.softmax(z) - y)
    se = np.linalg.norm(L.softmax_squared_error_grad(z, y))
    assert se < ce / 50


@pytest.mark.parametrize("w", [0.3, 1.0, 9.0])
def test_weighted_bce_against_log_expit_and_finite_differences(w):
    rng = np.random.default_rng(7)
    z = rng.normal(0, 5, size=30)
    y = (rng.random(30) < 0.5).astype(float)
    ref = -(w * y * log_expit(z) + (1 - y) * log_expit(-z))
    assert L.weighted_binary_cross_entropy_with_logits(z, y, w) == pytest.approx(ref, rel=1e-12)
    g = L.weighted_binary_cross_entropy_with_logits_grad(z, y, w)
    for i in range(30):
        f = lambda v, i=i: L.weighted_binary_cross_entropy_with_logits(  # noqa: E731
            np.where(np.arange(30) == i, v, z), y, w)[i]
        assert g[i] == pytest.approx((f(z[i] + 1e-6) - f(z[i] - 1e-6)) / 2e-6, abs=1e-7)


def test_weighted_bce_finite_at_huge_logits():
    z = np.array([-1e4, 1e4, -1e4, 1e4])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    out = L.weighted_binary_cross_entropy_with_logits(z, y, 9.0)
    assert np.isfinite(out).all() and out == pytest.approx([9e4, 1e4, 0, 0], abs=1e-12)


@pytest.mark.parametrize("pi,w", [(0.1, 9.0), (0.3, 2.0), (0.5, 1.0), (0.8, 0.25)])
def test_pos_weight_optimum_minimises_expected_loss(pi, w):
    f = lambda a: -w * pi * math.log(a) - (1 - pi) * math.log(1 - a)  # noqa: E731
    r = minimize_scalar(f, bounds=(1e-9, 1 - 1e-9), method="bounded", options={"xatol": 1e-12})
    assert L.pos_weight_optimum(pi, w) == pytest.approx(r.x, abs=1e-7)
    with pytest.raises(ValueError, match="pos_weight"):
        L.pos_weight_optimum(pi, 0.0)


def test_class_weighted_mean_denominator_is_the_weight_sum():
    losses, t, w = np.array([1.0, 2.0, 4.0]), np.array([0, 1, 1]), np.array([3.0, 1.0])
    assert L.class_weighted_mean(losses, t, w) == pytest.approx((3 * 1 + 2 + 4) / (3 + 1 + 1))
    with pytest.raises(ValueError, match="class indices"):
        L.class_weighted_mean(losses, np.array([0, 1, 2]), w)


def joint_tables():
    rng = np.random.default_rng(11)
    yield np.array(E.JOINT_XY)
    for _ in range(5):
        yield rng.dirichlet(np.ones(6)).reshape(2, 3)
    yield np.outer([0.3, 0.7], [0.2, 0.5, 0.3])  # independent


def test_conditional_entropy_and_mutual_information_by_definition():
    for j in joint_tables():
        px, py = j.sum(axis=1), j.sum(axis=0)
        h_y_x = -sum(j[a, b] * math.log(j[a, b] / px[a]) for a in range(j.shape[0]) for b in range(j.shape[1]) if j[a, b] > 0)
        assert it.conditional_entropy(j) == pytest.approx(h_y_x, rel=1e-12, abs=1e-15)
        mi = float(scipy.stats.entropy(j.ravel(), np.outer(px, py).ravel()))
        assert it.mutual_information(j) == pytest.approx(mi, rel=1e-12, abs=1e-15)
        assert it.mutual_information(j) == pytest.approx(scipy.stats.entropy(py) - h_y_x, abs=1e-13)
        assert it.conditional_entropy(j, base=2) == pytest.approx(h_y_x / math.log(2), rel=1e-12, abs=1e-15)


def test_perplexity():
    assert it.perplexity(math.log(10)) == pytest.approx(10, rel=1e-14)
    assert it.perplexity(np.log([2.0, 4.0])) == pytest.approx([2.0, 4.0])
    with pytest.raises(ValueError, match=">= 0"):
        it.perplexity(-0.1)


def test_bad_joint_table():
    with pytest.raises(ValueError, match="2-D"):
        it.mutual_information([0.5, 0.5])


# --- exercises 3.5-3.7: the closed forms their answers derive ----------------------------


@pytest.mark.parametrize("a, w", [(0.8, 9.0), (0.3, 2.0), (0.95, 0.5)])
def test_pos_weight_inverse_formula(a, w):
    """Exercise 3.5: π = a / (w (1 − a) + a) is the positive rate whose weighted optimum is a,
    found here by minimising the expected weighted loss over a for that π (scipy)."""
    pi = a / (w * (1 - a) + a)
    res = minimize_scalar(lambda x: -w * pi * math.log(x) - (1 - pi) * math.log(1 - x),
                          bounds=(1e-9, 1 - 1e-9), method="bounded", options={"xatol": 1e-12})
    assert res.x == pytest.approx(a, abs=1e-7)


@pytest.mark.parametrize("t", [0.5, 2.0, 7.3])
def test_temperature_keeps_the_order_of_the_probabilities(t):
    """Exercise 3.6: dividing the logits by T > 0 never changes the ranking of the probabilities."""
    rng = np.random.default_rng(36)
    z = rng.normal(0, 3, size=(200, 5))
    assert (np.argsort(L.softmax(z / t), axis=1) == np.argsort(z, axis=1)).all()


@pytest.mark.parametrize("k", [2, 3, 10])
def test_double_softmax_floor(k):
    """Exercise 3.7: a softmax applied to a probability vector gives a cross-entropy of at least
    ln((e + K − 1)/e), reached at a one-hot vector; checked on random points of the simplex and its corners."""
    floor = math.log((math.e + k - 1) / math.e)
    rng = np.random.default_rng(k)
    p = rng.dirichlet(np.full(k, 0.3), size=5000)
    losses = L.softmax_cross_entropy(p, np.zeros(5000, dtype=int), reduction="none")
    assert losses.min() >= floor - 1e-12
    assert L.softmax_cross_entropy(np.eye(k)[[0]], [0]) == pytest.approx(floor, abs=1e-12)
