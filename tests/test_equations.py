"""Every numbered display equation of the article, checked numerically as printed.

One test per ``\\label{eq:...}`` in docs/ja/*.md (docs/en/*.md carries the same
labels).  Each test is registered in ``CHECKED`` with the ``@checks(label)``
decorator; ``test_every_label_is_checked`` fails when a page gains a labelled
equation without a check here.

References are independent of the code under test: central finite differences
of costs written from their definitions with NumPy, ``scipy.integrate.quad``
for continuous KL, ``scipy.stats.entropy`` / ``scipy.special`` for discrete
information quantities, and direct NumPy evaluation of both sides of
identities.  Definitions are also checked against the project's own
implementation (``neuron``, ``infotheory``, ``losses``, ``experiments``).
A printed equation found wrong gets ``pytest.mark.xfail(strict=True, reason=...)``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import scipy.stats
from scipy.integrate import quad
from scipy.special import expit, log_expit, logsumexp as sp_logsumexp, rel_entr, xlogy

from xent import experiments
from xent import infotheory as it
from xent import losses
from xent import neuron

ROOT = Path(__file__).resolve().parent.parent
LABEL_RE = re.compile(r"\\label\{(eq:[^}]+)\}")
SEED = 20240611

CHECKED: dict[str, object] = {}


def checks(label):
    """Register the decorated test as the numerical check of equation ``label``."""

    def deco(fn):
        assert label not in CHECKED, f"two checks for {label}"
        CHECKED[label] = fn
        return fn

    return deco


def rng(offset=0):
    return np.random.default_rng(SEED + offset)


# --- independent references -----------------------------------------------------


def sig(z):
    """σ(z) = 1 / (1 + e^{−z}) as printed (moderate |z| only)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def bce(y, a):
    """−[y ln a + (1 − y) ln(1 − a)] written from the definition."""
    return -(y * np.log(a) + (1.0 - y) * np.log(1.0 - a))


def d1(f, x, h=1e-6):
    """Central finite difference of a scalar function at x."""
    return (f(x + h) - f(x - h)) / (2.0 * h)


def grad_fd(f, x, h=1e-6):
    """Central finite-difference gradient of a scalar function of a vector (any shape)."""
    x = np.asarray(x, dtype=float)
    g = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        g[idx] = (f(x + e) - f(x - e)) / (2.0 * h)
    return g


def random_dist(r, k, alpha=1.0):
    return r.dirichlet(np.full(k, alpha))


def data(seed, n=7, d=3, soft=False):
    """A small regression-free data set: X (n, d), targets y (n,), weights w (d,), bias b."""
    r = rng(seed)
    X = r.normal(size=(n, d))
    y = r.uniform(size=n) if soft else r.integers(0, 2, size=n).astype(float)
    w = r.normal(size=d)
    b = float(r.normal())
    return X, y, w, b


def ce_cost(X, y, w, b):
    """C(w, b) = −(1/n) Σ [y ln a + (1 − y) ln(1 − a)], a = σ(Xw + b), from the definition."""
    a = sig(X @ w + b)
    return float(np.mean(bce(y, a)))


# --- the guard ------------------------------------------------------------------------


def doc_labels():
    found = {}
    for lang in ("ja", "en"):
        for md in sorted((ROOT / "docs" / lang).glob("*.md")):
            for lab in LABEL_RE.findall(md.read_text(encoding="utf-8")):
                found.setdefault(lab, []).append(f"{lang}/{md.name}")
    return found


def test_every_label_is_checked():
    found = doc_labels()
    assert len(found) >= 50, f"only {len(found)} labels found; has the label syntax changed?"
    missing = sorted(set(found) - set(CHECKED))
    assert not missing, "labelled equations without a numerical check in tests/test_equations.py: " + ", ".join(
        f"{lab} ({', '.join(found[lab])})" for lab in missing)
    stale = sorted(set(CHECKED) - set(found))
    assert not stale, f"checks for labels no page has any more: {stale}"


def test_ja_and_en_have_the_same_labels():
    per = {"ja": set(), "en": set()}
    for lang in per:
        for md in (ROOT / "docs" / lang).glob("*.md"):
            per[lang] |= set(LABEL_RE.findall(md.read_text(encoding="utf-8")))
    assert per["ja"] == per["en"]


# ==================================================================== chapter 1: slowdown


@checks("eq:neuron")
def test_neuron():
    # z = wx + b, a = σ(z) = 1/(1 + e^{−z}); neuron.train's recorded z and a
    r = rng(1)
    for w, b, x in r.normal(size=(5, 3)):
        z = w * x + b
        assert math.isclose(float(neuron.sigmoid(z)), 1.0 / (1.0 + math.exp(-z)), rel_tol=1e-14)
        t = neuron.train("quadratic", w, b, 0.1, 0, x=x, y=0.0)
        assert math.isclose(t.z[0], z, rel_tol=1e-14, abs_tol=1e-15)
        assert math.isclose(t.a[0], 1.0 / (1.0 + math.exp(-z)), rel_tol=1e-14)
    zs = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(neuron.sigmoid(zs), expit(zs), rtol=1e-14)


@checks("eq:quadratic-cost")
def test_quadratic_cost():
    r = rng(2)
    z, y = r.normal(size=20), r.uniform(size=20)
    a = sig(z)
    np.testing.assert_allclose(neuron.QuadraticCost.fn(z, y), (y - a) ** 2 / 2, rtol=1e-13)


@checks("eq:quadratic-gradient")
def test_quadratic_gradient():
    r = rng(3)
    for w, b, x in r.normal(size=(6, 3)):
        y = float(r.uniform())
        C = lambda w_, b_: (y - sig(w_ * x + b_)) ** 2 / 2  # noqa: E731
        z = w * x + b
        a, sp = sig(z), sig(z) * (1 - sig(z))
        gw, gb = (a - y) * sp * x, (a - y) * sp
        assert math.isclose(d1(lambda v: C(v, b), w), gw, rel_tol=1e-6, abs_tol=1e-10)
        assert math.isclose(d1(lambda v: C(w, v), b), gb, rel_tol=1e-6, abs_tol=1e-10)
        assert np.allclose(neuron.gradient(neuron.QuadraticCost, w, b, x, y), (gw, gb), rtol=1e-12, atol=1e-15)


@checks("eq:gd-update")
def test_gd_update():
    # w ← w − η ∂C/∂w, b ← b − η ∂C/∂b with finite-difference gradients, against neuron.train
    x, y, eta = 1.3, 0.2, 0.15
    for name in ("quadratic", "cross-entropy"):
        C = ((lambda w_, b_: (y - sig(w_ * x + b_)) ** 2 / 2) if name == "quadratic"
             else (lambda w_, b_: bce(y, sig(w_ * x + b_))))
        w, b = 0.6, 0.9
        t = neuron.train(name, w, b, eta, 5, x=x, y=y)
        for k in range(5):
            gw, gb = d1(lambda v: C(v, b), w), d1(lambda v: C(w, v), b)
            w, b = w - eta * gw, b - eta * gb
            assert math.isclose(t.w[k + 1], w, rel_tol=1e-8) and math.isclose(t.b[k + 1], b, rel_tol=1e-8)


# ==================================================================== chapter 2: cross-entropy


@checks("eq:neuron-multi")
def test_neuron_multi():
    X, _, w, b = data(4)
    z = np.array([sum(w[j] * x[j] for j in range(len(w))) + b for x in X])
    np.testing.assert_allclose(X @ w + b, z, rtol=1e-13)
    np.testing.assert_allclose(neuron.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-14)


@checks("eq:ce-cost")
def test_ce_cost():
    X, y, w, b = data(5, soft=True)
    z = X @ w + b
    a = sig(z)
    C = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    assert math.isclose(float(np.mean(neuron.CrossEntropyCost.fn(z, y))), C, rel_tol=1e-12)
    assert math.isclose(float(np.mean(it.binary_cross_entropy(y, a))), C, rel_tol=1e-12)
    assert math.isclose(losses.binary_cross_entropy_with_logits(z, y), C, rel_tol=1e-12)


@checks("eq:ce-soft-minimum")
def test_ce_soft_minimum():
    from scipy.optimize import minimize_scalar

    for y in (0.05, 0.3, 0.5, 0.77, 0.99):
        res = minimize_scalar(lambda a: bce(y, a), bounds=(1e-9, 1 - 1e-9), method="bounded",
                              options={"xatol": 1e-12})
        hb = -(y * math.log(y) + (1 - y) * math.log(1 - y))
        assert math.isclose(res.x, y, abs_tol=1e-6)
        assert math.isclose(res.fun, hb, rel_tol=1e-10)
        assert math.isclose(hb, scipy.stats.entropy([y, 1 - y]), rel_tol=1e-12)
        assert math.isclose(it.binary_entropy(y), hb, rel_tol=1e-12)
    # the exercise's number: y = 0.3 gives 0.611 nats
    assert round(float(scipy.stats.entropy([0.3, 0.7])), 3) == 0.611


@checks("eq:ce-chain")
def test_ce_chain():
    X, y, w, b = data(6, soft=True)
    z = X @ w + b
    s = sig(z)
    sp = s * (1 - s)
    printed = -np.mean(((y / s - (1 - y) / (1 - s)) * sp)[:, None] * X, axis=0)
    np.testing.assert_allclose(grad_fd(lambda v: ce_cost(X, y, v, b), w), printed, rtol=1e-6, atol=1e-9)


@checks("eq:sigmoid-derivative")
def test_sigmoid_derivative():
    zs = np.linspace(-8, 8, 33)
    fd = np.array([d1(sig, z) for z in zs])
    np.testing.assert_allclose(fd, sig(zs) * (1 - sig(zs)), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(neuron.sigmoid_prime(zs), sig(zs) * (1 - sig(zs)), rtol=1e-12)


@checks("eq:ce-grad-w")
def test_ce_grad_w():
    X, y, w, b = data(7, soft=True)
    printed = np.array([np.mean(X[:, j] * (sig(X @ w + b) - y)) for j in range(len(w))])
    np.testing.assert_allclose(grad_fd(lambda v: ce_cost(X, y, v, b), w), printed, rtol=1e-6, atol=1e-9)
    # neuron.gradient for one sample, x scalar
    for xi, yi in zip(X[:, 0], y):
        assert math.isclose(neuron.gradient(neuron.CrossEntropyCost, w[0], b, xi, yi)[0],
                            xi * (sig(w[0] * xi + b) - yi), rel_tol=1e-12, abs_tol=1e-15)


@checks("eq:ce-grad-b")
def test_ce_grad_b():
    X, y, w, b = data(8, soft=True)
    printed = float(np.mean(sig(X @ w + b) - y))
    assert math.isclose(d1(lambda v: ce_cost(X, y, w, v), b), printed, rel_tol=1e-6, abs_tol=1e-9)
    for xi, yi in zip(X[:, 0], y):
        assert math.isclose(neuron.gradient(neuron.CrossEntropyCost, w[0], b, xi, yi)[1],
                            sig(w[0] * xi + b) - yi, rel_tol=1e-12, abs_tol=1e-15)


@checks("eq:nndl-animation-rule")
def test_nndl_animation_rule():
    # y = 0, x = 1: C(a) = −ln(1 − a); ∂C/∂a = 1/(1 − a), ∂C/∂z = a.
    eta = 0.005
    for w, b in ((0.6, 0.9), (2.0, 2.0)):
        z = w + b
        a = sig(z)
        dCda = d1(lambda v: -math.log(1 - v), a)
        dCdz = d1(lambda v: -math.log(1 - sig(v)), z)
        assert math.isclose(-eta * dCda, -eta / (1 - a), rel_tol=1e-7)
        assert math.isclose(-eta * dCdz, -eta * a, rel_tol=1e-7)
        anim = experiments.train_nndl_animation(w, b, eta=eta, epochs=1)
        assert math.isclose(anim.w[1] - w, -eta / (1 - a), rel_tol=1e-9)
        assert math.isclose(anim.b[1] - b, -eta / (1 - a), rel_tol=1e-9)
        gd = neuron.train("cross-entropy", w, b, eta, 1)
        assert math.isclose(gd.w[1] - w, -eta * a, rel_tol=1e-9)
        assert math.isclose(gd.b[1] - b, -eta * a, rel_tol=1e-9)
    # the ratio quoted after the equation: 1/σ'(4) = 56.6
    assert round(1 / (sig(4.0) * (1 - sig(4.0))), 1) == 56.6


@checks("eq:hidden-gradient")
def test_hidden_gradient():
    r = rng(9)
    for _ in range(6):
        w1, b1, w2, b2, x = r.normal(size=5)
        y = float(r.uniform())

        def C(w1_):
            h = sig(w1_ * x + b1)
            return bce(y, sig(w2 * h + b2))

        z1 = w1 * x + b1
        a = sig(w2 * sig(z1) + b2)
        printed = (a - y) * w2 * sig(z1) * (1 - sig(z1)) * x
        assert math.isclose(d1(C, w1), printed, rel_tol=1e-6, abs_tol=1e-10)
        g = experiments.hidden_gradient("cross-entropy", w1, b1, w2, b2, x, y)
        assert math.isclose(float(g[0]), printed, rel_tol=1e-10, abs_tol=1e-14)


# ==================================================================== chapter 3: classification


@checks("eq:softmax")
def test_softmax():
    r = rng(10)
    z = r.normal(size=(5, 4)) * 3
    printed = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(losses.softmax(z), printed, rtol=1e-13)
    np.testing.assert_allclose(printed, scipy.special.softmax(z, axis=1), rtol=1e-13)
    np.testing.assert_allclose(printed.sum(axis=1), 1.0, rtol=1e-14)


@checks("eq:softmax-ce")
def test_softmax_ce():
    r = rng(11)
    m, K = 6, 5
    z = r.normal(size=(m, K)) * 2
    t = r.integers(0, K, size=m)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    y = np.eye(K)[t]
    full = -(y * np.log(p)).sum(axis=1)
    np.testing.assert_allclose(full, -np.log(p[np.arange(m), t]), rtol=1e-13)
    np.testing.assert_allclose(losses.softmax_cross_entropy(z, t, reduction="none"), full, rtol=1e-12)
    # soft targets: the first form −Σ y_k ln p_k
    ys = r.dirichlet(np.ones(K), size=m)
    np.testing.assert_allclose(losses.softmax_cross_entropy(z, ys, reduction="none"),
                               -(ys * np.log(p)).sum(axis=1), rtol=1e-12)


@checks("eq:softmax-batch")
def test_softmax_batch():
    r = rng(12)
    m, K = 8, 3
    z = r.normal(size=(m, K))
    t = r.integers(0, K, size=m)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    printed = sum(-math.log(p[i, t[i]]) for i in range(m)) / m
    assert math.isclose(losses.softmax_cross_entropy(z, t), printed, rel_tol=1e-12)


@checks("eq:multilabel-loss")
def test_multilabel_loss():
    r = rng(13)
    K = 5
    z = r.normal(size=K) * 2
    y = r.integers(0, 2, size=K).astype(float)
    a = sig(z)
    lk = -(y * np.log(a) + (1 - y) * np.log(1 - a))
    np.testing.assert_allclose(losses.binary_cross_entropy_with_logits(z, y, reduction="none"), lk, rtol=1e-12)
    assert math.isclose(losses.binary_cross_entropy_with_logits(z, y, reduction="sum"), lk.sum(), rel_tol=1e-12)


def multilabel_batch(seed, m=6, K=4):
    """Logits, n-hot targets and per-label losses ℓ_k^(i) of a random multi-label batch."""
    r = rng(seed)
    z = r.normal(size=(m, K))
    y = r.integers(0, 2, size=(m, K)).astype(float)
    return z, y, bce(y, sig(z))


@checks("eq:multilabel-batch-samples")
def test_multilabel_batch_samples():
    z, y, lk = multilabel_batch(14)
    m = len(z)
    printed = sum(lk[i].sum() for i in range(m)) / m
    assert math.isclose(losses.binary_cross_entropy_with_logits(z, y, reduction="mean_samples"), printed,
                        rel_tol=1e-12)


@checks("eq:multilabel-batch-elements")
def test_multilabel_batch_elements():
    z, y, lk = multilabel_batch(15)
    m, K = z.shape
    elements = lk.sum() / (m * K)
    samples = lk.sum(axis=1).mean()
    assert math.isclose(elements, samples / K, rel_tol=1e-13)
    assert math.isclose(losses.binary_cross_entropy_with_logits(z, y, reduction="mean"), elements, rel_tol=1e-12)


@checks("eq:softmax-jacobian")
def test_softmax_jacobian():
    r = rng(16)
    K = 5
    z = r.normal(size=K)
    S = np.exp(z).sum()
    p = np.exp(z) / S
    delta = np.eye(K)
    middle = (delta * np.exp(z)[:, None] * S - np.outer(np.exp(z), np.exp(z))) / S**2
    right = p[:, None] * (delta - p[None, :])
    sm = lambda v: np.exp(v) / np.exp(v).sum()  # noqa: E731
    fd = np.column_stack([(sm(z + h) - sm(z - h)) / 2e-6 for h in np.eye(K) * 1e-6])  # [k, j] = ∂p_k/∂z_j
    np.testing.assert_allclose(middle, fd, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(right, middle, rtol=1e-12, atol=1e-15)


@checks("eq:softmax-grad")
def test_softmax_grad():
    r = rng(17)
    K = 4
    z = r.normal(size=K)
    for y in (np.eye(K)[2], r.dirichlet(np.ones(K))):
        p = np.exp(z) / np.exp(z).sum()
        L = lambda v: -(y * (v - np.log(np.exp(v).sum()))).sum()  # noqa: E731
        delta = np.eye(K)
        first = np.array([-(y / p * p * (delta[:, j] - p[j])).sum() for j in range(K)])
        second = -y + p * y.sum()
        np.testing.assert_allclose(grad_fd(L, z), p - y, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(first, p - y, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(second, p - y, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(losses.softmax_cross_entropy_grad(z[None], y[None], reduction="sum")[0],
                                   p - y, rtol=1e-12, atol=1e-15)


@checks("eq:logsumexp")
def test_logsumexp():
    r = rng(18)
    z = r.normal(size=6) * 10
    M = z.max()
    naive = math.log(np.exp(z).sum())
    assert math.isclose(naive, M + math.log(np.exp(z - M).sum()), rel_tol=1e-13)
    assert math.isclose(float(losses.logsumexp(z)), sp_logsumexp(z), rel_tol=1e-13)
    for t in range(6):
        assert math.isclose(z[t] - naive, math.log(np.exp(z[t]) / np.exp(z).sum()), rel_tol=1e-10, abs_tol=1e-12)
    np.testing.assert_allclose(losses.log_softmax(z), z - sp_logsumexp(z), rtol=1e-13, atol=1e-13)  # z_t − lse cancels at the max
    # the shift holds for any M, not only the maximum
    for M_any in (-7.3, 0.0, 2.5, 40.0):
        assert math.isclose(naive, M_any + math.log(np.exp(z - M_any).sum()), rel_tol=1e-12)
    # with M = max z it stays finite where the naive form overflows
    big = np.array([1000.0, 999.0, -5.0])
    assert math.isclose(float(losses.logsumexp(big)), 1000 + math.log(1 + math.exp(-1) + math.exp(-1005)),
                        rel_tol=1e-15)


@checks("eq:bce-logits")
def test_bce_logits():
    r = rng(19)
    z = r.normal(size=30) * 5
    y = r.uniform(size=30)
    softplus = lambda v: np.log1p(np.exp(v))  # noqa: E731
    ell = bce(y, sig(z))
    np.testing.assert_allclose(y * softplus(-z) + (1 - y) * softplus(z), ell, rtol=1e-9)
    np.testing.assert_allclose(softplus(z) - y * z, ell, rtol=1e-9)
    np.testing.assert_allclose(losses.binary_cross_entropy_with_logits(z, y, reduction="none"), ell, rtol=1e-9)
    np.testing.assert_allclose(neuron.CrossEntropyCost.fn(z, y), ell, rtol=1e-9)
    np.testing.assert_allclose(-log_expit(z), softplus(-z), rtol=1e-12)


@checks("eq:label-smoothing")
def test_label_smoothing():
    r = rng(20)
    m, K, eps = 5, 6, 0.1
    z = r.normal(size=(m, K))
    t = r.integers(0, K, size=m)
    yls = (1 - eps) * np.eye(K)[t] + eps / K
    np.testing.assert_allclose(losses.smoothed_target(z, t, eps), yls, rtol=1e-14)
    np.testing.assert_allclose(yls.sum(axis=1), 1.0, rtol=1e-14)
    logp = z - sp_logsumexp(z, axis=1, keepdims=True)
    assert math.isclose(losses.softmax_cross_entropy(z, t, label_smoothing=eps),
                        float(-(yls * logp).sum(axis=1).mean()), rel_tol=1e-12)


# ==================================================================== chapter 4: derivation


@checks("eq:setup-neuron")
def test_setup_neuron():
    X, _, w, b = data(21, d=4)
    for x in X:
        z = float(w @ x) + b
        assert math.isclose(z, sum(w[j] * x[j] for j in range(4)) + b, rel_tol=1e-13, abs_tol=1e-14)
        assert math.isclose(float(neuron.sigmoid(z)), 1 / (1 + math.exp(-z)), rel_tol=1e-14)


@checks("eq:setup-cost")
def test_setup_cost():
    X, y, w, b = data(22, soft=True)
    z = X @ w + b
    c = [-(yi * math.log(sig(zi)) + (1 - yi) * math.log(1 - sig(zi))) for zi, yi in zip(z, y)]
    C = sum(c) / len(c)
    np.testing.assert_allclose(neuron.CrossEntropyCost.fn(z, y), c, rtol=1e-12)
    assert math.isclose(ce_cost(X, y, w, b), C, rel_tol=1e-13)


@checks("eq:proof-dcda")
def test_proof_dcda():
    for y in (0.0, 0.25, 1.0, 0.6):
        for a in (0.1, 0.37, 0.5, 0.93):
            fd = d1(lambda v: bce(y, v), a, h=1e-7)
            mid = -y / a + (1 - y) / (1 - a)
            assert math.isclose(fd, mid, rel_tol=1e-6, abs_tol=1e-9)
            assert math.isclose(mid, (a - y) / (a * (1 - a)), rel_tol=1e-12, abs_tol=1e-14)


@checks("eq:proof-dadz")
def test_proof_dadz():
    for z in np.linspace(-6, 6, 13):
        a = sig(z)
        assert math.isclose(d1(sig, z), a * (1 - a), rel_tol=1e-7)
        assert math.isclose(float(neuron.sigmoid_prime(z)), a * (1 - a), rel_tol=1e-12)


@checks("eq:proof-dcdz")
def test_proof_dcdz():
    for y in (0.0, 0.3, 1.0):
        for z in (-4.0, -0.5, 0.0, 1.2, 5.0):
            a = sig(z)
            chain = (a - y) / (a * (1 - a)) * (a * (1 - a))
            assert math.isclose(chain, a - y, rel_tol=1e-12, abs_tol=1e-15)
            assert math.isclose(d1(lambda v: bce(y, sig(v)), z), a - y, rel_tol=1e-6, abs_tol=1e-9)
            assert math.isclose(float(neuron.CrossEntropyCost.delta(z, y)), a - y, rel_tol=1e-12, abs_tol=1e-15)


@checks("eq:proof-grad-w")
def test_proof_grad_w():
    X, y, w, b = data(23, n=9, d=4, soft=True)
    n = len(y)
    printed = np.array([sum(X[i, j] * (sig(X[i] @ w + b) - y[i]) for i in range(n)) / n for j in range(4)])
    np.testing.assert_allclose(grad_fd(lambda v: ce_cost(X, y, v, b), w), printed, rtol=1e-6, atol=1e-9)


@checks("eq:proof-grad-b")
def test_proof_grad_b():
    X, y, w, b = data(24, n=9, d=4, soft=True)
    n = len(y)
    printed = sum(sig(X[i] @ w + b) - y[i] for i in range(n)) / n
    assert math.isclose(d1(lambda v: ce_cost(X, y, w, v), b), printed, rel_tol=1e-6, abs_tol=1e-9)


@checks("eq:proof-vector")
def test_proof_vector():
    X, y, w, b = data(25, n=11, d=3)
    n = len(y)
    a = sig(X @ w + b)
    gw = X.T @ (a - y) / n
    gb = np.ones(n) @ (a - y) / n
    per_sample_w = sum(X[i] * (a[i] - y[i]) for i in range(n)) / n
    np.testing.assert_allclose(gw, per_sample_w, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(gw, grad_fd(lambda v: ce_cost(X, y, v, b), w), rtol=1e-6, atol=1e-9)
    assert math.isclose(gb, d1(lambda v: ce_cost(X, y, w, v), b), rel_tol=1e-6, abs_tol=1e-9)


@checks("eq:proof-output-layer")
def test_proof_output_layer():
    r = rng(26)
    n, J, K = 7, 3, 4
    A = r.normal(size=(n, J))  # a^{L-1}, per sample
    Y = r.integers(0, 2, size=(n, K)).astype(float)
    W = r.normal(size=(K, J))
    B = r.normal(size=K)

    def C(W_, B_):
        aL = sig(A @ W_.T + B_)
        return float(np.mean(bce(Y, aL).sum(axis=1)))

    aL = sig(A @ W.T + B)
    gW = np.array([[sum(A[i, j] * (aL[i, k] - Y[i, k]) for i in range(n)) / n for j in range(J)] for k in range(K)])
    gB = np.array([sum(aL[i, k] - Y[i, k] for i in range(n)) / n for k in range(K)])
    np.testing.assert_allclose(grad_fd(lambda v: C(v, B), W), gW, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(grad_fd(lambda v: C(W, v), B), gB, rtol=1e-6, atol=1e-9)


@checks("eq:origin-demand")
def test_origin_demand():
    # the cross-entropy meets the demand: per-sample gradients are x_j (a − y) and a − y
    r = rng(27)
    x, w, b = r.normal(size=3), r.normal(size=3), 0.4
    for y in (0.0, 1.0, 0.35):
        c = lambda w_, b_: bce(y, sig(x @ w_ + b_))  # noqa: E731
        a = sig(x @ w + b)
        np.testing.assert_allclose(grad_fd(lambda v: c(v, b), w), x * (a - y), rtol=1e-6, atol=1e-9)
        assert math.isclose(d1(lambda v: c(w, v), b), a - y, rel_tol=1e-6, abs_tol=1e-9)


@checks("eq:origin-chain")
def test_origin_chain():
    # for any c(a) (here three different ones) ∂c/∂b = c'(a) σ'(z) = c'(a) a (1 − a)
    fns = (lambda a: (a - 0.2) ** 2 / 2, lambda a: -math.log(a), lambda a: math.sin(3 * a))
    for c in fns:
        for z in (-2.0, 0.3, 1.7):
            a = sig(z)
            lhs = d1(lambda v: c(sig(v)), z)  # b enters through z = wx + b with ∂z/∂b = 1
            dcda = d1(c, a)
            assert math.isclose(lhs, dcda * d1(sig, z), rel_tol=1e-6, abs_tol=1e-10)
            assert math.isclose(lhs, dcda * a * (1 - a), rel_tol=1e-6, abs_tol=1e-10)


@checks("eq:origin-dcda")
def test_origin_dcda():
    # dc/da = (a − y)/(a(1 − a)) is what the demand ∂c/∂b = a − y requires, via eq:origin-chain
    for y in (0.0, 0.45, 1.0):
        for z in (-3.0, 0.2, 2.5):
            a = sig(z)
            dcda = (a - y) / (a * (1 - a))
            assert math.isclose(dcda * a * (1 - a), a - y, rel_tol=1e-12, abs_tol=1e-15)
            assert math.isclose(d1(lambda v: bce(y, v), a, h=1e-7), dcda, rel_tol=1e-6, abs_tol=1e-9)


@checks("eq:origin-integrate")
def test_origin_integrate():
    # ∫_{a0}^{a} (t − y)/(t(1 − t)) dt = c(a) − c(a0) with c = −[y ln a + (1 − y) ln(1 − a)]
    for y in (0.0, 0.3, 1.0):
        a0 = 0.5
        for a in (0.05, 0.2, 0.7, 0.99):
            integral, _ = quad(lambda t: (t - y) / (t * (1 - t)), a0, a, epsabs=1e-13, epsrel=1e-12)
            assert math.isclose(integral, bce(y, a) - bce(y, a0), rel_tol=1e-9, abs_tol=1e-11)


@checks("eq:origin-average")
def test_origin_average():
    # averaging per-sample c + const_i gives the printed C up to the mean constant; gradient unchanged
    X, y, w, b = data(28, soft=True)
    const = rng(29).normal(size=len(y))
    a = sig(X @ w + b)
    per = bce(y, a) + const
    assert math.isclose(per.mean(), -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)) + const.mean(), rel_tol=1e-12)

    def C_const(v):
        return float(np.mean(bce(y, sig(X @ v + b)) + const))

    np.testing.assert_allclose(grad_fd(C_const, w), X.T @ (a - y) / len(y), rtol=1e-6, atol=1e-9)


# ==================================================================== chapter 5: information


@checks("eq:self-information")
def test_self_information():
    ps = np.array([1.0, 0.5, 0.25, 0.1, 1e-5])
    np.testing.assert_allclose(it.self_information(ps), -np.log(ps), rtol=1e-14, atol=0)
    np.testing.assert_allclose(it.self_information(ps, base=2), -np.log2(ps), rtol=1e-14, atol=0)
    assert it.self_information(0.0) == math.inf


@checks("eq:entropy")
def test_entropy():
    r = rng(30)
    for k in (1, 2, 5, 9):
        p = random_dist(r, k)
        sample_mean = float(np.sum(p * -np.log(p)))  # E_{X~p}[−ln p(X)] by enumeration
        assert math.isclose(it.entropy(p), sample_mean, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(it.entropy(p), float(scipy.stats.entropy(p)), rel_tol=1e-12, abs_tol=1e-15)
    # Monte Carlo version of the expectation
    p = np.array([0.5, 0.3, 0.2])
    xs = r.choice(3, size=200_000, p=p)
    assert math.isclose(float(np.mean(-np.log(p[xs]))), scipy.stats.entropy(p), rel_tol=1e-2)
    assert it.entropy([0.5, 0.5, 0.0]) == pytest.approx(math.log(2), rel=1e-14)


@checks("eq:binary-entropy")
def test_binary_entropy():
    ps = np.linspace(0.01, 0.99, 25)
    np.testing.assert_allclose(it.binary_entropy(ps), -ps * np.log(ps) - (1 - ps) * np.log(1 - ps), rtol=1e-12)
    np.testing.assert_allclose(it.binary_entropy(ps), [scipy.stats.entropy([p, 1 - p]) for p in ps], rtol=1e-12)


@checks("eq:kl-discrete")
def test_kl_discrete():
    r = rng(31)
    for k in (2, 4, 7):
        p, q = random_dist(r, k), random_dist(r, k)
        printed = float(np.sum(p * np.log(p / q)))
        assert math.isclose(it.kl_divergence(p, q), printed, rel_tol=1e-11)
        assert math.isclose(float(scipy.stats.entropy(p, q)), printed, rel_tol=1e-11)
    assert it.kl_divergence([0.5, 0.5, 0.0], [0.25, 0.25, 0.5]) == pytest.approx(math.log(2), rel=1e-13)
    assert it.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf


@checks("eq:kl-continuous")
def test_kl_continuous():
    for m1, s1, m2, s2 in ((0.0, 1.0, 1.0, 2.0), (0.5, 0.7, -0.3, 1.1), (2.0, 1.5, 2.0, 0.8)):
        p = scipy.stats.norm(m1, s1)
        q = scipy.stats.norm(m2, s2)
        val, _ = quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), -np.inf, np.inf, epsabs=1e-12)
        assert math.isclose(it.kl_gaussian(m1, s1, m2, s2), val, rel_tol=1e-8)
    # a non-Gaussian p on the grid: the project's Riemann sum against quad
    w, mus, sds = np.array([0.3, 0.7]), np.array([-2.0, 1.5]), np.array([0.6, 1.0])
    pdf = lambda x: float(np.sum(w * scipy.stats.norm.pdf(x, mus, sds)))  # noqa: E731
    qd = scipy.stats.norm(0.5, 2.0)
    val, _ = quad(lambda x: pdf(x) * (math.log(pdf(x)) - qd.logpdf(x)), -12, 12, epsabs=1e-12, limit=200)
    x = np.linspace(-12, 12, 4001)
    kl = it.kl_on_grid(x, it.gaussian_mixture_logpdf(x, w, mus, sds), qd.logpdf(x))
    assert math.isclose(kl, val, rel_tol=1e-6)


@checks("eq:gibbs")
def test_gibbs():
    r = rng(32)
    for _ in range(300):
        k = int(r.integers(1, 10))
        alpha = float(r.choice([0.1, 1.0, 5.0]))
        p, q = random_dist(r, k, alpha), random_dist(r, k, alpha)
        q = np.maximum(q, 1e-300) / np.maximum(q, 1e-300).sum()
        assert float(rel_entr(p, q).sum()) >= -1e-12
        assert it.kl_divergence(p, q) >= 0.0
    p = random_dist(r, 5)
    assert float(rel_entr(p, p).sum()) == pytest.approx(0.0, abs=1e-15)


@checks("eq:cross-entropy-def")
def test_cross_entropy_def():
    r = rng(33)
    for k in (2, 5, 8):
        p, q = random_dist(r, k), random_dist(r, k)
        printed = float(-np.sum(p * np.log(q)))
        assert math.isclose(it.cross_entropy(p, q), printed, rel_tol=1e-12)
        # expectation form by sampling X ~ p
        xs = r.choice(k, size=100_000, p=p)
        assert math.isclose(float(np.mean(-np.log(q[xs]))), printed, rel_tol=2e-2)
    assert it.cross_entropy([1.0, 0.0], [0.5, 0.5], base=2) == pytest.approx(1.0, rel=1e-14)


@checks("eq:ce-decomposition")
def test_ce_decomposition():
    r = rng(34)
    for _ in range(50):
        k = int(r.integers(2, 9))
        p, q = random_dist(r, k), random_dist(r, k)
        H_pq = float(-np.sum(xlogy(p, q)))
        middle = float(-np.sum(xlogy(p, p)) + np.sum(rel_entr(p, q)))
        right = float(scipy.stats.entropy(p) + scipy.stats.entropy(p, q))
        assert math.isclose(H_pq, middle, rel_tol=1e-11)
        assert math.isclose(H_pq, right, rel_tol=1e-11)
        assert math.isclose(it.cross_entropy(p, q), it.entropy(p) + it.kl_divergence(p, q), rel_tol=1e-11)


@checks("eq:empirical-ce")
def test_empirical_ce():
    r = rng(35)
    K, n = 6, 500
    q = random_dist(r, K)
    xs = r.choice(K, size=n, p=random_dist(r, K))
    p_hat = np.bincount(xs, minlength=K) / n
    left = float(-np.sum(xlogy(p_hat, q)))
    right = float(-np.mean(np.log(q[xs])))
    assert math.isclose(left, right, rel_tol=1e-12)
    assert math.isclose(it.cross_entropy(p_hat, q), right, rel_tol=1e-12)


@checks("eq:ce-kl-ml")
def test_ce_kl_ml():
    # q_θ = softmax(θ) over K values; all three objectives on a grid of θ pick the same θ,
    # and the optimum is q = p̂.
    r = rng(36)
    xs = r.choice(3, size=300, p=[0.2, 0.5, 0.3])
    p_hat = np.bincount(xs, minlength=3) / len(xs)
    g = np.linspace(-3, 3, 61)
    T1, T2 = np.meshgrid(g, g, indexing="ij")
    th = np.stack([np.zeros_like(T1), T1, T2], axis=-1)
    logq = th - sp_logsumexp(th, axis=-1, keepdims=True)
    H = -(p_hat * logq).sum(axis=-1)
    KL = (xlogy(p_hat, p_hat) - p_hat * logq).sum(axis=-1)
    loglik = logq[..., xs].sum(axis=-1)
    i_h, i_kl, i_l = np.argmin(H), np.argmin(KL), np.argmax(loglik)
    assert i_h == i_kl == i_l
    np.testing.assert_allclose(H - KL, scipy.stats.entropy(p_hat), rtol=1e-10)  # differ by a θ-free constant
    np.testing.assert_allclose(H, -loglik / len(xs), rtol=1e-10)
    # continuous optimum: the ML softmax parameters give q = p̂ exactly
    from scipy.optimize import minimize

    res = minimize(lambda t: -(p_hat * (np.r_[0, t] - sp_logsumexp(np.r_[0, t]))).sum(), np.zeros(2),
                   method="BFGS", options={"gtol": 1e-10})
    q_opt = np.exp(np.r_[0, res.x] - sp_logsumexp(np.r_[0, res.x]))
    np.testing.assert_allclose(q_opt, p_hat, atol=1e-6)


@checks("eq:error-bound")
def test_error_bound():
    r = rng(37)
    for trial in range(40):
        n, K = int(r.integers(1, 60)), int(r.integers(2, 7))
        z = r.normal(size=(n, K)) * r.choice([0.3, 1.0, 4.0])
        q = np.exp(z - sp_logsumexp(z, axis=1, keepdims=True))
        y = r.integers(0, K, size=n)
        err = float(np.mean(q.argmax(axis=1) != y))
        bound = float(np.mean(-np.log2(q[np.arange(n), y])))
        assert err <= bound + 1e-12
        assert math.isclose(bound, losses.softmax_cross_entropy(z, y) / math.log(2), rel_tol=1e-11)
    # worst case: every tie counted as an error, and wrong predictions with q(y) close to 1/2
    for trial in range(200):
        K = int(r.integers(2, 6))
        n = int(r.integers(1, 20))
        q = r.dirichlet(np.ones(K), size=n)
        y = q.argmax(axis=1)
        wrong = r.uniform(size=n) < 0.5
        # make sample i wrong by tying the true class with another one: both get (q_y + q_other)/2
        for i in np.flatnonzero(wrong):
            other = (y[i] + 1) % K
            q[i, y[i]] = q[i, other] = (q[i, y[i]] + q[i, other]) / 2
        # an error whenever some other class has at least the true class's probability (ties lose)
        rival = np.array([np.any(np.delete(q[i], y[i]) >= q[i, y[i]]) for i in range(n)])
        err = float(np.mean(rival))
        assert err <= float(np.mean(-np.log2(q[np.arange(n), y]))) + 1e-12
    # the per-sample fact behind it: a wrong argmax means q(y) ≤ 1/2, so −log2 q(y) ≥ 1
    assert -math.log2(0.5) == 1.0


@checks("eq:bernoulli-ce")
def test_bernoulli_ce():
    for y in (0.0, 0.3, 0.5, 1.0):
        for a in (0.1, 0.3, 0.8):
            P, Q = np.array([y, 1 - y]), np.array([a, 1 - a])
            H_PQ = float(-np.sum(xlogy(P, Q)))
            printed = float(-(xlogy(y, a) + xlogy(1 - y, 1 - a)))
            right = float(scipy.stats.entropy(P) + scipy.stats.entropy(P, Q))
            assert math.isclose(H_PQ, printed, rel_tol=1e-12)
            assert math.isclose(printed, right, rel_tol=1e-11, abs_tol=1e-15)
            assert math.isclose(float(it.binary_cross_entropy(y, a)), printed, rel_tol=1e-12)
