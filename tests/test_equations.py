"""Every labelled equation of the article, checked numerically.

Each check evaluates the equation as printed (with NumPy, written here from the
formula) and compares it with an independent reference: central finite
differences for derivatives, SciPy for information quantities and integrals,
both sides of an identity evaluated separately, or the project's implementation
for a definition.  ``CHECKS`` maps each ``\\label{eq:...}`` to its test;
``test_every_label_is_checked`` fails when a page gains an equation without one.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate, special, stats

import experiments
import infotheory
import losses
import neuron

ROOT = Path(__file__).resolve().parent.parent
RNG_SEED = 20261128
CHECKS = {}


def check(*labels):
    def register(fn):
        for label in labels:
            CHECKS[label] = fn
        return fn
    return register


def rng():
    return np.random.default_rng(RNG_SEED)


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def d(f, x, h=1e-6):
    """Central finite difference of a scalar function."""
    return (f(x + h) - f(x - h)) / (2 * h)


def bce(y, a):
    """The printed cross-entropy of one sample, straight from the formula."""
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def random_dist(r, k, zeros=False):
    p = r.random(k)
    if zeros:
        p[r.random(k) < 0.3] = 0.0
        if p.sum() == 0:
            p[0] = 1.0
    return p / p.sum()


# ---- chapter 1 ---------------------------------------------------------------------------------

@check("eq:neuron", "eq:neuron-multi", "eq:setup-neuron")
def test_neuron_forward():
    r = rng()
    w, b, x = r.normal(size=3), r.normal(), r.normal(size=(5, 3))
    z = x @ w + b
    assert np.allclose(z, [sum(w[j] * xi[j] for j in range(3)) + b for xi in x])
    assert np.allclose(neuron.sigmoid(z), 1 / (1 + np.exp(-z)))
    # and the neuron module's training start is exactly this forward pass
    t = neuron.train("quadratic", 0.6, 0.9, 0.15, 0)
    assert np.isclose(t.z[0], 0.6 * 1 + 0.9) and np.isclose(t.a[0], sig(1.5))


@check("eq:quadratic-cost")
def test_quadratic_cost():
    for z, y in [(1.5, 0.0), (-2.0, 1.0), (0.3, 0.4)]:
        assert np.isclose(neuron.QuadraticCost.fn(z, y), (y - sig(z)) ** 2 / 2)


@check("eq:quadratic-gradient", "eq:gd-update")
def test_quadratic_gradient_and_update():
    for w, b, x, y in [(0.6, 0.9, 1.0, 0.0), (2.0, 2.0, 1.0, 0.0), (-0.7, 0.2, 1.7, 0.8)]:
        C = lambda w_, b_: (y - sig(w_ * x + b_)) ** 2 / 2
        z = w * x + b
        sp = sig(z) * (1 - sig(z))
        assert np.isclose(d(lambda v: C(v, b), w), (sig(z) - y) * sp * x, rtol=1e-6)
        assert np.isclose(d(lambda v: C(w, v), b), (sig(z) - y) * sp, rtol=1e-6)
        t = neuron.train("quadratic", w, b, 0.15, 1, x=x, y=y)
        assert np.isclose(t.w[1], w - 0.15 * (sig(z) - y) * sp * x)
        assert np.isclose(t.b[1], b - 0.15 * (sig(z) - y) * sp)


# ---- chapter 2 ---------------------------------------------------------------------------------

def batch(r, n=7, d_=3, soft=False):
    x = r.normal(size=(n, d_))
    y = r.random(n) if soft else (r.random(n) < 0.5).astype(float)
    return x, y, r.normal(size=d_), r.normal()


@check("eq:ce-cost", "eq:setup-cost")
def test_cross_entropy_cost_matches_implementations():
    x, y, w, b = batch(rng(), soft=True)
    a = sig(x @ w + b)
    printed = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    assert np.isclose(printed, np.mean(neuron.CrossEntropyCost.fn(x @ w + b, y)))
    assert np.isclose(printed, losses.binary_cross_entropy_with_logits(x @ w + b, y, reduction="mean"))


@check("eq:ce-soft-minimum")
def test_soft_target_minimum_is_binary_entropy():
    from scipy.optimize import minimize_scalar

    for y in (0.1, 0.3, 0.5, 0.85):
        res = minimize_scalar(lambda a: bce(y, a), bounds=(1e-9, 1 - 1e-9), method="bounded",
                              options={"xatol": 1e-10})
        assert np.isclose(res.x, y, atol=1e-5)
        assert np.isclose(res.fun, stats.entropy([y, 1 - y]), atol=1e-9)


@check("eq:ce-chain", "eq:ce-grad-w", "eq:ce-grad-b", "eq:proof-grad-w", "eq:proof-grad-b", "eq:proof-vector")
def test_cross_entropy_gradients():
    x, y, w, b = batch(rng(), soft=True)
    n = len(y)
    C = lambda w_, b_: np.mean(bce(y, sig(x @ w_ + b_)))
    z = x @ w + b
    a = sig(z)
    sp = a * (1 - a)
    fd_w = np.array([d(lambda v: C(np.where(np.arange(3) == j, v, w), b), w[j]) for j in range(3)])
    fd_b = d(lambda v: C(w, v), b)
    chain = np.array([-np.mean((y / a - (1 - y) / (1 - a)) * sp * x[:, j]) for j in range(3)])
    simple = np.array([np.mean(x[:, j] * (a - y)) for j in range(3)])
    vector = x.T @ (a - y) / n
    assert np.allclose(fd_w, chain, rtol=1e-6) and np.allclose(chain, simple) and np.allclose(simple, vector)
    assert np.isclose(fd_b, np.mean(a - y), rtol=1e-6) and np.isclose(np.ones(n) @ (a - y) / n, fd_b, rtol=1e-6)


@check("eq:sigmoid-derivative", "eq:proof-dadz")
def test_sigmoid_derivative():
    for z in np.linspace(-6, 6, 13):
        assert np.isclose(d(sig, z), sig(z) * (1 - sig(z)), rtol=1e-6, atol=1e-12)
        assert np.isclose(neuron.sigmoid_prime(z), sig(z) * (1 - sig(z)))


@check("eq:nndl-animation-rule")
def test_nndl_animation_rule():
    """One step of the animation is −η ∂C/∂a = −η/(1−a); gradient descent is −η ∂C/∂z = −η a (x = 1, y = 0)."""
    eta = experiments.NNDL_ETA
    for w, b in [(0.6, 0.9), (2.0, 2.0)]:
        a = sig(w + b)
        assert np.isclose(d(lambda v: -np.log(1 - v), a), 1 / (1 - a), rtol=1e-6)  # ∂C/∂a
        assert np.isclose(d(lambda v: -np.log(1 - sig(v)), w + b), a, rtol=1e-6)  # ∂C/∂z
        anim = experiments.train_nndl_animation(w, b, eta=eta, epochs=1)
        assert np.isclose(anim.w[1], w - eta / (1 - a)) and np.isclose(anim.b[1], b - eta / (1 - a))
        gd = neuron.train("cross-entropy", w, b, eta, 1)
        assert np.isclose(gd.w[1], w - eta * a) and np.isclose(gd.b[1], b - eta * a)


@check("eq:hidden-gradient")
def test_hidden_layer_gradient():
    for w1, b1, w2, b2, x, y in [(0.6, 0.9, 2.0, 2.0, 1.0, 0.0), (2.0, 2.0, 2.0, 2.0, 1.0, 0.0),
                                  (-1.0, 0.5, 1.5, -0.3, 0.7, 1.0)]:
        C = lambda v: bce(y, sig(w2 * sig(v * x + b1) + b2))
        z1 = w1 * x + b1
        a = sig(w2 * sig(z1) + b2)
        printed = (a - y) * w2 * sig(z1) * (1 - sig(z1)) * x
        assert np.isclose(d(C, w1), printed, rtol=1e-6)
        assert np.isclose(experiments.hidden_gradient("cross-entropy", w1, b1, w2, b2, x, y)[0], printed)


# ---- chapter 3 ---------------------------------------------------------------------------------

@check("eq:softmax")
def test_softmax():
    z = rng().normal(size=(4, 5)) * 3
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert np.allclose(losses.softmax(z), p) and np.allclose(special.softmax(z, axis=1), p)


@check("eq:softmax-ce", "eq:softmax-batch")
def test_softmax_cross_entropy_and_batch():
    r = rng()
    z, t = r.normal(size=(6, 4)), r.integers(0, 4, size=6)
    p = special.softmax(z, axis=1)
    y = np.eye(4)[t]
    per_sample = -np.sum(y * np.log(p), axis=1)
    assert np.allclose(per_sample, -np.log(p[np.arange(6), t]))
    assert np.isclose(losses.softmax_cross_entropy(z, t, reduction="mean"), np.mean(per_sample))
    assert np.allclose(losses.softmax_cross_entropy(z, t, reduction="none"), per_sample)


@check("eq:multilabel-loss", "eq:multilabel-batch-samples", "eq:multilabel-batch-elements")
def test_multilabel_losses():
    r = rng()
    m, K = 5, 3
    z, y = r.normal(size=(m, K)), (r.random((m, K)) < 0.5).astype(float)
    ell = bce(y, sig(z))
    l_samples = np.mean(ell.sum(axis=1))
    l_elements = ell.sum() / (m * K)
    assert np.isclose(l_elements, l_samples / K)
    assert np.isclose(losses.binary_cross_entropy_with_logits(z, y, reduction="mean_samples"), l_samples)
    assert np.isclose(losses.binary_cross_entropy_with_logits(z, y, reduction="mean"), l_elements)


@check("eq:softmax-jacobian")
def test_softmax_jacobian():
    z = rng().normal(size=4)
    p = special.softmax(z)
    printed = np.diag(p) - np.outer(p, p)  # p_k (δ_kj − p_j)
    S = np.exp(z).sum()
    quotient = (np.diag(np.exp(z)) * S - np.outer(np.exp(z), np.exp(z))) / S ** 2
    fd = np.array([[d(lambda v: special.softmax(np.where(np.arange(4) == j, v, z))[k], z[j])
                    for j in range(4)] for k in range(4)])
    assert np.allclose(printed, quotient) and np.allclose(printed, fd, atol=1e-8)


@check("eq:softmax-grad")
def test_softmax_gradient():
    r = rng()
    z, y = r.normal(size=5), random_dist(r, 5)  # any target distribution, not only one-hot
    L = lambda zz: -np.sum(y * np.log(special.softmax(zz)))
    fd = np.array([d(lambda v: L(np.where(np.arange(5) == j, v, z)), z[j]) for j in range(5)])
    assert np.allclose(fd, special.softmax(z) - y, atol=1e-8)
    assert np.allclose(losses.softmax_cross_entropy_grad(z[None], y[None], reduction="sum")[0], special.softmax(z) - y)


@check("eq:logsumexp")
def test_log_sum_exp():
    z = np.array([1000.0, 999.0, 998.0])
    M = z.max()
    shifted = M + np.log(np.sum(np.exp(z - M)))
    assert np.isclose(shifted, special.logsumexp(z))
    small = rng().normal(size=6)
    assert np.isclose(np.log(np.sum(np.exp(small))), small.max() + np.log(np.sum(np.exp(small - small.max()))))
    t = 2
    assert np.isclose(z[t] - shifted, losses.log_softmax(z)[t])


@check("eq:bce-logits")
def test_bce_from_logits():
    for z in (-30.0, -2.5, 0.0, 0.7, 30.0):
        for y in (0.0, 0.3, 1.0):
            direct = bce(y, sig(z)) if abs(z) < 20 else None
            left = y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
            right = np.logaddexp(0, z) - y * z
            assert np.isclose(left, right)
            if direct is not None:
                assert np.isclose(direct, right)
            assert np.isclose(losses.binary_cross_entropy_with_logits(np.array([z]), np.array([y]),
                                                                      reduction="sum"), right)


@check("eq:label-smoothing")
def test_label_smoothing():
    K, eps = 5, 0.1
    t = np.array([0, 3])
    printed = (1 - eps) * np.eye(K)[t] + eps / K
    assert np.allclose(losses.smoothed_target(np.zeros((2, K)), t, label_smoothing=eps), printed)
    z = rng().normal(size=(2, K))
    assert np.isclose(losses.softmax_cross_entropy(z, t, label_smoothing=eps, reduction="mean"),
                      np.mean(-np.sum(printed * np.log(special.softmax(z, axis=1)), axis=1)))


# ---- chapter 4 ---------------------------------------------------------------------------------

@check("eq:proof-dcda", "eq:origin-dcda")
def test_dc_da():
    for y in (0.0, 0.25, 1.0):
        for a in (0.1, 0.5, 0.9):
            printed = -y / a + (1 - y) / (1 - a)
            assert np.isclose(printed, (a - y) / (a * (1 - a)))
            assert np.isclose(d(lambda v: bce(y, v), a), printed, rtol=1e-6)


@check("eq:proof-dcdz")
def test_dc_dz():
    for y in (0.0, 0.6, 1.0):
        for z in (-3.0, 0.2, 4.0):
            assert np.isclose(d(lambda v: bce(y, sig(v)), z), sig(z) - y, rtol=1e-6, atol=1e-10)


@check("eq:proof-output-layer")
def test_output_layer_gradient():
    """A sigmoid output layer with cross-entropy summed over output neurons, averaged over samples."""
    r = rng()
    n, J, K = 6, 4, 3
    A = r.random((n, J))  # activations of layer L-1
    Y = (r.random((n, K)) < 0.5).astype(float)
    W, B = r.normal(size=(K, J)), r.normal(size=K)
    C = lambda W_, B_: np.mean(np.sum(bce(Y, sig(A @ W_.T + B_)), axis=1))
    aL = sig(A @ W.T + B)
    grad_w = (aL - Y).T @ A / n  # (1/n) Σ_i a^{L-1}_j (a^L_k − y_k)
    grad_b = np.mean(aL - Y, axis=0)
    for k in range(K):
        for j in range(J):
            E = np.zeros_like(W)
            E[k, j] = 1.0
            assert np.isclose(d(lambda v: C(W + v * E, B), 0.0), grad_w[k, j], rtol=1e-5)
        e = np.eye(K)[k]
        assert np.isclose(d(lambda v: C(W, B + v * e), 0.0), grad_b[k], rtol=1e-5)


@check("eq:origin-demand", "eq:origin-chain")
def test_origin_demand_and_chain():
    """The cross-entropy meets the demand ∂c/∂w_j = x_j (a − y), ∂c/∂b = a − y; the chain rule splits ∂c/∂b."""
    x, y, w, b = np.array([0.5, -1.2]), 0.3, np.array([0.4, 0.7]), -0.2
    c = lambda w_, b_: bce(y, sig(x @ w_ + b_))
    a = sig(x @ w + b)
    for j in range(2):
        assert np.isclose(d(lambda v: c(np.where(np.arange(2) == j, v, w), b), w[j]), x[j] * (a - y), rtol=1e-6)
    assert np.isclose(d(lambda v: c(w, v), b), a - y, rtol=1e-6)
    assert np.isclose(d(lambda v: bce(y, v), a) * a * (1 - a), a - y, rtol=1e-6)


@check("eq:origin-integrate", "eq:origin-average")
def test_integrating_dc_da_gives_the_cross_entropy():
    """∫ (a − y)/(a(1 − a)) da, integrated numerically, equals the cross-entropy up to a constant."""
    for y in (0.0, 0.3, 1.0):
        a0 = 0.5
        for a in (0.05, 0.3, 0.8, 0.97):
            integral, _ = integrate.quad(lambda t: (t - y) / (t * (1 - t)), a0, a)
            assert np.isclose(integral, bce(y, a) - bce(y, a0), atol=1e-9)
    # averaging per-sample costs (each up to its own constant) gives the averaged cost plus the mean constant
    ys, as_ = np.array([0.0, 1.0, 0.4]), np.array([0.2, 0.7, 0.5])
    consts = np.array([0.1, -0.3, 2.0])
    assert np.isclose(np.mean(bce(ys, as_) + consts), -np.mean(ys * np.log(as_) + (1 - ys) * np.log(1 - as_)) + consts.mean())


# ---- chapter 5 ---------------------------------------------------------------------------------

@check("eq:self-information")
def test_self_information():
    p = np.array([1.0, 0.5, 0.25, 0.01])
    assert np.allclose(infotheory.self_information(p), -np.log(p))
    assert np.allclose(infotheory.self_information(p, base=2), -np.log2(p))


@check("eq:entropy", "eq:binary-entropy")
def test_entropy():
    r = rng()
    for _ in range(20):
        p = random_dist(r, 6, zeros=True)
        assert np.isclose(infotheory.entropy(p), stats.entropy(p))
        assert np.isclose(infotheory.entropy(p), -np.sum(special.xlogy(p, p)))
    for q in (0.0, 0.1, 0.5, 0.9, 1.0):
        assert np.isclose(infotheory.binary_entropy(q), stats.entropy([q, 1 - q]))


@check("eq:kl-discrete", "eq:gibbs")
def test_kl_discrete_and_gibbs():
    r = rng()
    for _ in range(50):
        p, q = random_dist(r, 5, zeros=True), random_dist(r, 5)
        assert np.isclose(infotheory.kl_divergence(p, q), stats.entropy(p, q))
        assert np.isclose(infotheory.kl_divergence(p, q), np.sum(special.rel_entr(p, q)))
        assert infotheory.kl_divergence(p, q) >= 0
    assert infotheory.kl_divergence([0.5, 0.5], [0.5, 0.5]) == 0


@check("eq:kl-continuous")
def test_kl_continuous():
    for m1, s1, m2, s2 in [(0, 1, 1, 2), (-1, 0.5, 0.3, 1.5)]:
        p, q = stats.norm(m1, s1), stats.norm(m2, s2)
        numeric, _ = integrate.quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), -30, 30, limit=200)
        assert np.isclose(infotheory.kl_gaussian(m1, s1, m2, s2), numeric, rtol=1e-7)


@check("eq:cross-entropy-def", "eq:ce-decomposition")
def test_cross_entropy_and_decomposition():
    r = rng()
    for _ in range(50):
        p, q = random_dist(r, 6, zeros=True), random_dist(r, 6)
        h_pq = -np.sum(special.xlogy(p, q))
        assert np.isclose(infotheory.cross_entropy(p, q), h_pq)
        assert np.isclose(h_pq, stats.entropy(p) + stats.entropy(p, q))


@check("eq:empirical-ce", "eq:ce-kl-ml")
def test_empirical_cross_entropy_is_mean_negative_log_likelihood():
    r = rng()
    data = r.choice(4, size=200, p=[0.1, 0.2, 0.3, 0.4])
    p_hat = np.bincount(data, minlength=4) / data.size
    thetas = [random_dist(r, 4) for _ in range(30)] + [p_hat]
    nll = [-np.mean(np.log(q[data])) for q in thetas]
    ce = [-np.sum(p_hat * np.log(q)) for q in thetas]
    kl = [stats.entropy(p_hat, q) for q in thetas]
    assert np.allclose(nll, ce)
    assert np.argmin(ce) == np.argmin(kl) == np.argmax([-x for x in nll]) == len(thetas) - 1


@check("eq:error-bound")
def test_error_rate_bound():
    r = rng()
    for _ in range(20):
        q = r.dirichlet(np.ones(4) * 0.7, size=100)
        y = r.integers(0, 4, size=100)
        error = np.mean(np.argmax(q, axis=1) != y)
        bound = np.mean(-np.log2(np.clip(q[np.arange(100), y], 1e-300, 1)))
        assert error <= bound


@check("eq:bernoulli-ce")
def test_bernoulli_cross_entropy():
    for y in (0.0, 0.2, 0.5, 1.0):
        for a in (0.1, 0.6, 0.95):
            P, Q = [y, 1 - y], [a, 1 - a]
            h = -np.sum(special.xlogy(P, Q))
            assert np.isclose(h, bce(y, a))
            assert np.isclose(h, stats.entropy(P) + stats.entropy(P, Q))
            assert np.isclose(infotheory.binary_cross_entropy(y, a), h)


# ---- completeness --------------------------------------------------------------------------------

LABEL = re.compile(r"\\label\{(eq:[^{}]+)\}")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_label_is_checked(lang):
    labels = set()
    for page in (ROOT / "docs" / lang).glob("*.md"):
        labels.update(LABEL.findall(page.read_text(encoding="utf-8")))
    assert labels, "no labelled equations found"
    unchecked = sorted(labels - set(CHECKS))
    assert not unchecked, f"equations without a numerical check in tests/test_equations.py: {unchecked}"
