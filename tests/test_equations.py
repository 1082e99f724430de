"""Every numbered display equation of the article, checked as printed on the page.

One check per ``\\label{eq:...}``, registered with ``@checks(label)``.  A check reads the
equation's TeX from the pages (``printed(label)``: docs/en and docs/ja must carry the same TeX),
parses it with ``tests/texmath.py`` (a strict evaluator of the site's TeX subset; unknown
commands fail) and evaluates every side of every relation at random points, with the symbols
bound to the project's numerics (``xent.neuron``, ``losses``, ``infotheory``, ``experiments``)
and derivatives bound to central finite differences of the project's costs.  So a changed sign,
symbol, index or argument order on the page fails, and so does a wrong implementation.

Where the evaluator cannot serve (an ``aligned`` block with words), the check carries the one
canonical TeX of the label (``@checks(label, canonical=r"...")``): the printed TeX, whitespace
normalised, must equal it, and the numerical check below it is the check of that TeX.

``test_every_label_is_checked`` fails on a labelled equation without a check;
``test_every_check_reads_the_page`` fails on a check that neither parses its printed TeX nor
carries a canonical TeX.
"""

from __future__ import annotations

import functools
import inspect
import math

import numpy as np
import pytest
import scipy.stats
from scipy.integrate import quad
from scipy.special import logsumexp as sp_logsumexp

import pagetext
import texmath
from xent import experiments
from xent import infotheory as it
from xent import losses
from xent import neuron

SEED = 20240611
CHECKED: dict[str, object] = {}
CANONICAL: dict[str, str] = {}


def checks(label, canonical=None):
    """Register the decorated test as the check of equation ``label``."""

    def deco(fn):
        assert label not in CHECKED, f"two checks for {label}"
        CHECKED[label] = fn
        if canonical is not None:
            CANONICAL[label] = pagetext.normalise_tex(canonical)
        return fn

    return deco


@functools.cache
def labelled(lang):
    return pagetext.all_labelled(lang)


def page_tex(label):
    """The label's TeX as printed (English), the same in Japanese but for the words in \\text{…}."""
    en, ja = labelled("en").get(label), labelled("ja").get(label)
    assert en is not None and ja is not None, f"{label} is not on both language's pages"
    assert pagetext.mask_text(en[1]) == pagetext.mask_text(ja[1]), \
        f"{label}: the TeX differs between ja and en (beyond the words in \\text{{…}}):\n ja: {ja[1]}\n en: {en[1]}"
    return en[1]


def printed(label):
    """The label's printed TeX, parsed (tests/texmath.py)."""
    return texmath.Printed(page_tex(label))


def rng(offset=0):
    return np.random.default_rng(SEED + offset)


# --- independent references -----------------------------------------------------


def d1(f, x, h=1e-6):
    """Central finite difference of a scalar function at x."""
    return (f(x + h) - f(x - h)) / (2.0 * h)


def grad_fd(f, x, h=1e-6):
    """Central finite-difference gradient of a scalar function of an array (any shape)."""
    x = np.asarray(x, dtype=float)
    g = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        g[idx] = (f(x + e) - f(x - e)) / (2.0 * h)
    return g


class Dist(np.ndarray):
    """A discrete distribution that is also the function x ↦ p(x)."""

    def __new__(cls, p):
        return np.asarray(p, dtype=float).view(cls)

    def __call__(self, x):
        return float(np.asarray(self)[int(x)])


def one_based(a):
    """An array read as v_1, …, v_d (v_j = a[j − 1]); np.asarray gives the array back."""
    a = np.asarray(a, dtype=float)

    class V:
        def __call__(self, *idx):
            return a[tuple(i - 1 for i in idx)]

        def __array__(self, dtype=None, copy=None):
            return a

    return V()


def data(seed, n=7, d=3, soft=False):
    """A small data set: X (n, d), targets y (n,), weights w (d,), bias b."""
    r = rng(seed)
    X = r.normal(size=(n, d))
    y = r.uniform(size=n) if soft else r.integers(0, 2, size=n).astype(float)
    return X, y, r.normal(size=d), float(r.normal())


def project_cost(X, y, w, b):
    """C(w, b): the mean of the project's CrossEntropyCost.fn over the examples."""
    return float(np.mean(neuron.CrossEntropyCost.fn(X @ w + b, y)))


def examples(X, y, w, b, one_based_x=True):
    """Overlays for ∑_x / ∑_i: one dict per example with its x, y, z, a."""
    z = X @ w + b
    out = []
    for i in range(len(y)):
        out.append({"x": one_based(X[i]) if one_based_x else X[i], "y": y[i], "z": z[i],
                    "a": float(neuron.sigmoid(z[i])), "i": i + 1})
    return out


SIG = {"sigma": neuron.sigmoid, "sigma'": neuron.sigmoid_prime}


# --- the guards -------------------------------------------------------------------------


def test_every_label_is_checked():
    found = {lab: page for lab, (page, _) in labelled("en").items()}
    assert len(found) >= 50, f"only {len(found)} labels found; has the label syntax changed?"
    assert set(labelled("ja")) == set(found), "ja and en pages carry different labels"
    missing = sorted(set(found) - set(CHECKED))
    assert not missing, "labelled equations without a check in tests/test_equations.py: " + ", ".join(
        f"{lab} ({found[lab]})" for lab in missing)
    stale = sorted(set(CHECKED) - set(found))
    assert not stale, f"checks for labels no page has any more: {stale}"


def test_every_check_reads_the_page():
    """Each check parses its label's printed TeX, or carries the canonical TeX of the label."""
    lazy = [lab for lab, fn in CHECKED.items()
            if lab not in CANONICAL and f'printed("{lab}")' not in inspect.getsource(fn)]
    assert not lazy, f"checks that neither parse the page's TeX nor compare it: {lazy}"


def test_the_evaluator_is_strict():
    """The evaluator fails on what it does not know, instead of dropping it."""
    for bad in (r"\foo{x}", r"a + ", r"\frac{1}{2", r"(a", r"a \ldots b"):
        with pytest.raises((texmath.TexError, AssertionError, IndexError)):
            texmath.Printed(bad).check({"a": 1.0, "b": 1.0, "x": 1.0})
    eq = texmath.Printed(r"y = -p \ln p - (1 - p) \ln (1 - p)")
    eq.check({"p": 0.3, "y": it.binary_entropy(0.3)})
    with pytest.raises(AssertionError):
        eq.check({"p": 0.3, "y": -it.binary_entropy(0.3)})


# ==================================================================== chapter 1: slowdown


@checks("eq:neuron")
def test_neuron():
    eq = printed("eq:neuron")
    for w, b, x in rng(1).normal(size=(6, 3)) * 3:
        t = neuron.train("quadratic", w, b, 0.1, 0, x=x, y=0.0)
        eq.check({"w": w, "b": b, "x": x, "z": t.z[0], "a": t.a[0], **SIG}, rtol=1e-13)


@checks("eq:quadratic-cost")
def test_quadratic_cost():
    eq = printed("eq:quadratic-cost")
    r = rng(2)
    for z, y in zip(r.normal(size=20) * 3, r.uniform(size=20)):
        eq.check({"C": neuron.QuadraticCost.fn(z, y), "a": neuron.sigmoid(z), "y": y}, rtol=1e-12)


def _single(cost, w, b, x, y):
    """∂C/∂w and ∂C/∂b of one example by finite differences of the project's cost."""
    return (d1(lambda v: cost.fn(v * x + b, y), w), d1(lambda v: cost.fn(w * x + v, y), b))


@checks("eq:quadratic-gradient")
def test_quadratic_gradient():
    eq = printed("eq:quadratic-gradient")
    r = rng(3)
    for w, b, x in r.normal(size=(6, 3)):
        y = float(r.uniform())
        z = w * x + b
        env = {"a": neuron.sigmoid(z), "y": y, "z": z, "x": x, **SIG}
        gw, gb = _single(neuron.QuadraticCost, w, b, x, y)
        eq.check({**env, "dC/dw": gw, "dC/db": gb}, rtol=1e-6, atol=1e-10)
        pw, pb = neuron.gradient(neuron.QuadraticCost, w, b, x, y)
        eq.check({**env, "dC/dw": pw, "dC/db": pb}, rtol=1e-12, atol=1e-15)


@checks("eq:gd-update")
def test_gd_update():
    eq = printed("eq:gd-update")
    x, y, eta = 1.3, 0.2, 0.15
    for cost in (neuron.QuadraticCost, neuron.CrossEntropyCost):
        t = neuron.train(cost, 0.6, 0.9, eta, 5, x=x, y=y)
        for k in range(5):
            w, b = t.w[k], t.b[k]
            gw, gb = _single(cost, w, b, x, y)
            eq.check({"w": w, "b": b, "eta": eta, "dC/dw": gw, "dC/db": gb},
                     after={"w": t.w[k + 1], "b": t.b[k + 1]}, rtol=1e-8)


# ==================================================================== chapter 2: cross-entropy


@checks("eq:neuron-multi")
def test_neuron_multi():
    eq = printed("eq:neuron-multi")
    X, _, w, b = data(4)
    for x in X:
        z = float(x @ w + b)
        eq.check({"z": z, "a": neuron.sigmoid(z), "w": one_based(w), "x": one_based(x), "b": b,
                  "sum:j": [{"j": j} for j in range(1, len(w) + 1)], **SIG}, rtol=1e-13)


@checks("eq:ce-cost")
def test_ce_cost():
    eq = printed("eq:ce-cost")
    X, y, w, b = data(5, soft=True)
    env = {"n": len(y), "sum:x": examples(X, y, w, b)}
    eq.check({**env, "C": project_cost(X, y, w, b)}, rtol=1e-12)
    eq.check({**env, "C": losses.binary_cross_entropy_with_logits(X @ w + b, y)}, rtol=1e-12)
    eq.check({**env, "C": float(np.mean(it.binary_cross_entropy(y, neuron.sigmoid(X @ w + b))))}, rtol=1e-12)


@checks("eq:ce-soft-minimum")
def test_ce_soft_minimum():
    eq = printed("eq:ce-soft-minimum")
    for y in (0.05, 0.3, 0.5, 0.77, 0.99):
        c = lambda a, y=y: float(neuron.CrossEntropyCost.fn(math.log(a / (1 - a)), y))  # noqa: E731
        eq.check({"c": c, "y": y, "H_b": it.binary_entropy}, rtol=1e-9)
        assert math.isclose(it.binary_entropy(y), scipy.stats.entropy([y, 1 - y]), rel_tol=1e-12)


@checks("eq:ce-chain")
def test_ce_chain():
    eq = printed("eq:ce-chain")
    X, y, w, b = data(6, soft=True)
    g = grad_fd(lambda v: project_cost(X, y, v, b), w)
    for j in range(1, len(w) + 1):
        eq.check({"dC/dw": one_based(g), "j": j, "n": len(y), "sum:x": examples(X, y, w, b), **SIG},
                 rtol=1e-6, atol=1e-9)


@checks("eq:sigmoid-derivative")
def test_sigmoid_derivative():
    eq = printed("eq:sigmoid-derivative")
    for z in np.linspace(-8, 8, 33):
        eq.check({"sigma'": lambda v: d1(neuron.sigmoid, v), "sigma": neuron.sigmoid, "z": z}, rtol=1e-6, atol=1e-12)
        eq.check({**SIG, "z": z}, rtol=1e-12)


@checks("eq:ce-grad-w")
def test_ce_grad_w():
    eq = printed("eq:ce-grad-w")
    X, y, w, b = data(7, soft=True)
    g = grad_fd(lambda v: project_cost(X, y, v, b), w)
    for j in range(1, len(w) + 1):
        eq.check({"dC/dw": one_based(g), "j": j, "n": len(y), "sum:x": examples(X, y, w, b), **SIG},
                 rtol=1e-6, atol=1e-9)
    # one example, x scalar: the project's neuron.gradient
    for xi, yi in zip(X[:, 0], y):
        gw, _ = neuron.gradient(neuron.CrossEntropyCost, w[0], b, xi, yi)
        ex = examples(X[:1, :1] * 0 + xi, np.array([yi]), w[:1], b)
        eq.check({"dC/dw": one_based([gw]), "j": 1, "n": 1, "sum:x": ex, **SIG}, rtol=1e-12, atol=1e-15)


@checks("eq:ce-grad-b")
def test_ce_grad_b():
    eq = printed("eq:ce-grad-b")
    X, y, w, b = data(8, soft=True)
    gb = d1(lambda v: project_cost(X, y, w, v), b)
    eq.check({"dC/db": gb, "n": len(y), "sum:x": examples(X, y, w, b), **SIG}, rtol=1e-6, atol=1e-9)
    for xi, yi in zip(X[:, 0], y):
        _, pb = neuron.gradient(neuron.CrossEntropyCost, w[0], b, xi, yi)
        ex = examples(X[:1, :1] * 0 + xi, np.array([yi]), w[:1], b)
        eq.check({"dC/db": pb, "n": 1, "sum:x": ex, **SIG}, rtol=1e-12, atol=1e-15)


@checks("eq:nndl-animation-rule", canonical=r"""
\begin{aligned}
&\text{animation: } && \Delta w = \Delta b = -\eta\,\frac{\partial C}{\partial a} = -\frac{\eta}{1 - a},\\[6pt]
&\text{gradient descent: } && \Delta w = \Delta b = -\eta\,\frac{\partial C}{\partial z} = -\eta\, a
\end{aligned}""")
def test_nndl_animation_rule():
    # y = 0, x = 1: C(a) = −ln(1 − a); ∂C/∂a = 1/(1 − a), ∂C/∂z = a.
    eta = 0.005
    for w, b in ((0.6, 0.9), (2.0, 2.0)):
        z = w + b
        a = float(neuron.sigmoid(z))
        dCda = d1(lambda v: float(it.binary_cross_entropy(0.0, v)), a)
        dCdz = d1(lambda v: float(neuron.CrossEntropyCost.fn(v, 0.0)), z)
        assert math.isclose(-eta * dCda, -eta / (1 - a), rel_tol=1e-7)
        assert math.isclose(-eta * dCdz, -eta * a, rel_tol=1e-7)
        anim = experiments.train_nndl_animation(w, b, eta=eta, epochs=1)
        assert math.isclose(anim.w[1] - w, -eta / (1 - a), rel_tol=1e-9)
        assert math.isclose(anim.b[1] - b, -eta / (1 - a), rel_tol=1e-9)
        gd = neuron.train("cross-entropy", w, b, eta, 1)
        assert math.isclose(gd.w[1] - w, -eta * a, rel_tol=1e-9)
        assert math.isclose(gd.b[1] - b, -eta * a, rel_tol=1e-9)


@checks("eq:hidden-gradient")
def test_hidden_gradient():
    eq = printed("eq:hidden-gradient")
    r = rng(9)
    CE = neuron.CrossEntropyCost
    for _ in range(6):
        w1, b1, w2, b2, x = r.normal(size=5)
        y = float(r.uniform())
        z1, h, z2, a = experiments.hidden_forward(w1, b1, w2, b2, x)
        env = {"a": a, "y": y, "w_2": w2, "z_1": z1, "x": x, **SIG,
               "dC/dz_2": d1(lambda v: CE.fn(v, y), z2),
               "dz_2/dh": d1(lambda v: w2 * v + b2, h),
               "dh/dz_1": d1(neuron.sigmoid, z1),
               "dz_1/dw_1": d1(lambda v: v * x + b1, w1)}
        fd = d1(lambda v: experiments.hidden_cost("cross-entropy", v, b1, w2, b2, x, y), w1)
        eq.check({**env, "dC/dw_1": fd}, rtol=1e-6, atol=1e-10)
        g = experiments.hidden_gradient("cross-entropy", w1, b1, w2, b2, x, y)
        eq.check({**env, "dC/dw_1": float(g[0])}, clauses=[0], rtol=1e-6, atol=1e-10)
        assert math.isclose(float(g[0]), fd, rel_tol=1e-6, abs_tol=1e-10)


# ==================================================================== chapter 3: classification


@checks("eq:softmax")
def test_softmax():
    eq = printed("eq:softmax")
    var, ks = None, None
    for z in rng(10).normal(size=(5, 4)) * 3:
        K = len(z)
        env = {"z": z, "K": K, "p": losses.softmax(z), "softmax": losses.softmax}
        (var, ks), = [c.values(env) for c in eq.clauses if c.range]
        assert list(ks) == list(range(K))
        for k in ks:
            eq.check({**env, var: k}, rtol=1e-12)


@checks("eq:softmax-ce")
def test_softmax_ce():
    eq = printed("eq:softmax-ce")
    r = rng(11)
    K = 5
    for z in r.normal(size=(6, K)) * 2:
        t = int(r.integers(0, K))
        L = losses.softmax_cross_entropy(z[None], [t], reduction="none")[0]
        eq.check({"L": L, "K": K, "y": np.eye(K)[t], "p": losses.softmax(z), "t": t}, rtol=1e-12)
        # soft targets: the first form −Σ y_k ln p_k
        y = r.dirichlet(np.ones(K))
        side = eq.clauses[0].sides[1]
        assert math.isclose(side({"K": K, "y": y, "p": losses.softmax(z)}),
                            losses.softmax_cross_entropy(z[None], y[None], reduction="none")[0], rel_tol=1e-12)


@checks("eq:softmax-batch")
def test_softmax_batch():
    eq = printed("eq:softmax-batch")
    r = rng(12)
    m, K = 8, 3
    Z = r.normal(size=(m, K))
    T = r.integers(0, K, size=m)
    P = losses.softmax(Z)
    eq.check({"L_batch": losses.softmax_cross_entropy(Z, T), "m": m, "p": lambda i, k: P[i - 1, k],
              "t": lambda i: T[i - 1]}, rtol=1e-12)


@checks("eq:multilabel-loss")
def test_multilabel_loss():
    eq = printed("eq:multilabel-loss")
    r = rng(13)
    K = 5
    z = r.normal(size=K) * 2
    y = r.integers(0, 2, size=K).astype(float)
    per = losses.binary_cross_entropy_with_logits(z, y, reduction="none")
    env = {"ell": losses.binary_cross_entropy_with_logits(z, y, reduction="sum"), "ell_": per, "K": K,
           "y": y, "a": neuron.sigmoid(z)}
    eq.check(env, clauses=[0], rtol=1e-12)
    for k in range(K):
        eq.check({**env, "k": k}, clauses=[1], rtol=1e-12)


def multilabel_batch(seed, m=6, K=4):
    r = rng(seed)
    z = r.normal(size=(m, K))
    y = r.integers(0, 2, size=(m, K)).astype(float)
    per = losses.binary_cross_entropy_with_logits(z, y, reduction="none")
    return z, y, {"m": m, "K": K, "ell": lambda i, k: per[i - 1, k]}


@checks("eq:multilabel-batch-samples")
def test_multilabel_batch_samples():
    eq = printed("eq:multilabel-batch-samples")
    z, y, env = multilabel_batch(14)
    eq.check({**env, "L_samples": losses.binary_cross_entropy_with_logits(z, y, reduction="mean_samples")},
             rtol=1e-12)


@checks("eq:multilabel-batch-elements")
def test_multilabel_batch_elements():
    eq = printed("eq:multilabel-batch-elements")
    z, y, env = multilabel_batch(15)
    eq.check({**env, "L_elements": losses.binary_cross_entropy_with_logits(z, y, reduction="mean"),
              "L_samples": losses.binary_cross_entropy_with_logits(z, y, reduction="mean_samples")}, rtol=1e-12)


@checks("eq:softmax-jacobian")
def test_softmax_jacobian():
    eq = printed("eq:softmax-jacobian")
    z = rng(16).normal(size=5)
    K = len(z)
    J = np.column_stack([(losses.softmax(z + h) - losses.softmax(z - h)) / 2e-6 for h in np.eye(K) * 1e-6])
    env = {"dp/dz": J, "delta": lambda k, j: float(k == j), "S": float(np.exp(z).sum()), "z": z,
           "p": losses.softmax(z)}
    for k in range(K):
        for j in range(K):
            eq.check({**env, "k": k, "j": j}, rtol=1e-6, atol=1e-10)


@checks("eq:softmax-grad")
def test_softmax_grad():
    eq = printed("eq:softmax-grad")
    r = rng(17)
    K = 4
    z = r.normal(size=K)
    for y in (np.eye(K)[2], r.dirichlet(np.ones(K))):
        fd = grad_fd(lambda v: losses.softmax_cross_entropy(v[None], y[None]), z)
        proj = losses.softmax_cross_entropy_grad(z[None], y[None], reduction="sum")[0]
        env = {"y": y, "p": losses.softmax(z), "delta": lambda k, j: float(k == j),
               "sum:k": [{"k": k} for k in range(K)]}
        for j in range(K):
            eq.check({**env, "j": j, "dL/dz": fd}, rtol=1e-6, atol=1e-9)
            eq.check({**env, "j": j, "dL/dz": proj}, rtol=1e-12, atol=1e-15)


@checks("eq:logsumexp")
def test_logsumexp():
    eq = printed("eq:logsumexp")
    r = rng(18)
    z = r.normal(size=6) * 10
    env = {"z": z, "sum:k": [{"k": k} for k in range(len(z))], "p": losses.softmax(z)}
    for M in (z.max(), -7.3, 0.0, 2.5, 40.0):
        for t in range(len(z)):
            first, second = eq.check({**env, "M": M, "t": t}, rtol=1e-12, atol=1e-12)
            assert math.isclose(float(first[0]), float(losses.logsumexp(z)), rel_tol=1e-13)
            assert math.isclose(float(second[1]), float(losses.log_softmax(z)[t]), rel_tol=1e-10, abs_tol=1e-12)
    # with M = max z it stays finite where the naive form overflows
    big = np.array([1000.0, 999.0, -5.0])
    assert math.isclose(float(losses.logsumexp(big)), 1000 + math.log(1 + math.exp(-1) + math.exp(-1005)),
                        rel_tol=1e-15)


@checks("eq:bce-logits")
def test_bce_logits():
    eq = printed("eq:bce-logits")
    r = rng(19)
    softplus = lambda v: np.logaddexp(0.0, v)  # noqa: E731 - an independent reference
    for z, y in zip(np.r_[r.normal(size=30) * 5, -1e4, 1e4, 40.0, -40.0], np.r_[r.uniform(size=30), 0, 1, 0, 1]):
        eq.check({"ell": losses.binary_cross_entropy_with_logits(z, y, reduction="none"), "y": y, "z": z,
                  "softplus": softplus}, rtol=1e-9)
        eq.check({"ell": neuron.CrossEntropyCost.fn(z, y), "y": y, "z": z, "softplus": softplus}, rtol=1e-9)


@checks("eq:label-smoothing")
def test_label_smoothing():
    eq = printed("eq:label-smoothing")
    r = rng(20)
    m, K = 5, 6
    for eps in (0.0, 0.1, 0.37):
        Z = r.normal(size=(m, K))
        T = r.integers(0, K, size=m)
        Y = losses.smoothed_target(Z, T, eps)
        for i in range(m):
            env = {"y^LS": Y[i], "y": np.eye(K)[T[i]], "varepsilon": eps, "K": K}
            (var, ks), = [c.values(env) for c in eq.clauses if c.range]
            assert list(ks) == list(range(K))
            for k in ks:
                eq.check({**env, var: k}, rtol=1e-13)


# ==================================================================== chapter 4: derivation


@checks("eq:setup-neuron")
def test_setup_neuron():
    eq = printed("eq:setup-neuron")
    X, _, w, b = data(21, d=4)
    Z = X @ w + b
    xs = lambda i, j=None: X[i - 1] if j is None else X[i - 1, j - 1]  # noqa: E731
    for i in range(1, len(X) + 1):
        eq.check({"z": lambda i: Z[i - 1], "a": lambda i: neuron.sigmoid(Z[i - 1]), "w": one_based(w), "x": xs,
                  "b": b, "d": len(w), "i": i, **SIG}, rtol=1e-12, atol=1e-14)


@checks("eq:setup-cost")
def test_setup_cost():
    eq = printed("eq:setup-cost")
    X, y, w, b = data(22, soft=True)
    Z = X @ w + b
    per = neuron.CrossEntropyCost.fn(Z, y)
    env = {"C": lambda w_, b_: project_cost(X, y, w_, b_), "w": w, "b": b, "n": len(y),
           "c": lambda i: per[i - 1], "y": lambda i: y[i - 1], "a": lambda i: neuron.sigmoid(Z[i - 1])}
    eq.check(env, clauses=[0], rtol=1e-12)
    for i in range(1, len(y) + 1):
        eq.check({**env, "i": i}, clauses=[1], rtol=1e-12)


@checks("eq:proof-dcda")
def test_proof_dcda():
    eq = printed("eq:proof-dcda")
    for y in (0.0, 0.25, 1.0, 0.6):
        for a in (0.1, 0.37, 0.5, 0.93):
            fd = d1(lambda v: float(it.binary_cross_entropy(y, v)), a, h=1e-7)
            eq.check({"dc/da": fd, "y": y, "a": a}, rtol=1e-6, atol=1e-9)


@checks("eq:proof-dadz")
def test_proof_dadz():
    eq = printed("eq:proof-dadz")
    for z in np.linspace(-6, 6, 13):
        eq.check({"da/dz": d1(neuron.sigmoid, z), "z": z, "a": neuron.sigmoid(z), **SIG}, rtol=1e-7)


@checks("eq:proof-dcdz")
def test_proof_dcdz():
    eq = printed("eq:proof-dcdz")
    CE = neuron.CrossEntropyCost
    for y in (0.0, 0.3, 1.0):
        for z in (-4.0, -0.5, 0.0, 1.2, 5.0):
            a = float(neuron.sigmoid(z))
            env = {"y": y, "a": a, "dc/da": d1(lambda v: float(it.binary_cross_entropy(y, v)), a, h=1e-7),
                   "da/dz": d1(neuron.sigmoid, z)}
            eq.check({**env, "dc/dz": d1(lambda v: CE.fn(v, y), z)}, rtol=1e-6, atol=1e-9)
            eq.check({**env, "dc/dz": float(CE.delta(z, y))}, rtol=1e-6, atol=1e-9)


def _per_sample(X, y, w, b):
    Z = X @ w + b
    return {"x": lambda i, j: X[i - 1, j - 1], "z": lambda i: Z[i - 1], "y": lambda i: y[i - 1], "n": len(y), **SIG}


@checks("eq:proof-grad-w")
def test_proof_grad_w():
    eq = printed("eq:proof-grad-w")
    X, y, w, b = data(23, n=9, d=4, soft=True)
    g = grad_fd(lambda v: project_cost(X, y, v, b), w)
    for j in range(1, 5):
        eq.check({**_per_sample(X, y, w, b), "dC/dw": one_based(g), "j": j}, rtol=1e-6, atol=1e-9)


@checks("eq:proof-grad-b")
def test_proof_grad_b():
    eq = printed("eq:proof-grad-b")
    X, y, w, b = data(24, n=9, d=4, soft=True)
    eq.check({**_per_sample(X, y, w, b), "dC/db": d1(lambda v: project_cost(X, y, w, v), b)}, rtol=1e-6, atol=1e-9)


@checks("eq:proof-vector")
def test_proof_vector():
    eq = printed("eq:proof-vector")
    X, y, w, b = data(25, n=11, d=3)
    a = neuron.sigmoid(X @ w + b)
    eq.check({"dC/dw": grad_fd(lambda v: project_cost(X, y, v, b), w), "dC/db": d1(lambda v: project_cost(X, y, w, v), b),
              "n": len(y), "X": X, "a": a, "y": y, "bf1": np.ones(len(y))}, rtol=1e-6, atol=1e-9)


@checks("eq:proof-output-layer")
def test_proof_output_layer():
    eq = printed("eq:proof-output-layer")
    r = rng(26)
    n, J, K = 7, 3, 4
    A = r.normal(size=(n, J))  # a^{L-1}, per sample
    Y = r.integers(0, 2, size=(n, K)).astype(float)
    W = r.normal(size=(K, J))
    B = r.normal(size=K)

    def C(W_, B_):  # the project's cost summed over output neurons, averaged over samples
        return float(np.mean(neuron.CrossEntropyCost.fn(A @ W_.T + B_, Y).sum(axis=1)))

    aL = neuron.sigmoid(A @ W.T + B)
    per = [{"i": i + 1, "a^L-1": A[i], "a^L": aL[i], "y": Y[i]} for i in range(n)]
    env = {"dC/dw^L": grad_fd(lambda v: C(v, B), W), "dC/db^L": grad_fd(lambda v: C(W, v), B), "n": n, "sum:i": per}
    for k in range(K):
        for j in range(J):
            eq.check({**env, "k": k, "j": j}, rtol=1e-6, atol=1e-9)


@checks("eq:origin-demand")
def test_origin_demand():
    eq = printed("eq:origin-demand")
    r = rng(27)
    x, w, b = r.normal(size=3), r.normal(size=3), 0.4
    for y in (0.0, 1.0, 0.35):
        c = lambda w_, b_: float(neuron.CrossEntropyCost.fn(x @ w_ + b_, y))  # noqa: E731
        a = float(neuron.sigmoid(x @ w + b))
        g = grad_fd(lambda v: c(v, b), w)
        for j in range(1, 4):
            eq.check({"dc/dw": one_based(g), "dc/db": d1(lambda v: c(w, v), b), "x": one_based(x), "j": j,
                      "a": a, "y": y}, rtol=1e-6, atol=1e-9)


@checks("eq:origin-chain")
def test_origin_chain():
    eq = printed("eq:origin-chain")
    # for any c(a) (here three different ones, one the project's) ∂c/∂b = c'(a) σ'(z)
    fns = (lambda a: (a - 0.2) ** 2 / 2, lambda a: float(it.binary_cross_entropy(0.3, a)), lambda a: math.sin(3 * a))
    for c in fns:
        for z in (-2.0, 0.3, 1.7):
            a = float(neuron.sigmoid(z))
            eq.check({"dc/db": d1(lambda v: c(neuron.sigmoid(v)), z), "dc/da": d1(c, a), "a": a, "z": z, **SIG},
                     rtol=1e-6, atol=1e-10)


@checks("eq:origin-dcda")
def test_origin_dcda():
    eq = printed("eq:origin-dcda")
    for y in (0.0, 0.45, 1.0):
        for z in (-3.0, 0.2, 2.5):
            a = float(neuron.sigmoid(z))
            eq.check({"dc/da": d1(lambda v: float(it.binary_cross_entropy(y, v)), a, h=1e-7), "a": a, "y": y},
                     rtol=1e-6, atol=1e-9)


@checks("eq:origin-integrate")
def test_origin_integrate():
    eq = printed("eq:origin-integrate")
    # c(a) = ∫_{a0}^{a} dc/da + c(a0), with dc/da from eq:origin-dcda; constant = c(a0) + ln terms at a0
    for y in (0.0, 0.3, 1.0):
        a0 = 0.5
        c = lambda a, y=y: quad(lambda t: (t - y) / (t * (1 - t)), a0, a, epsabs=1e-13, epsrel=1e-12)[0]  # noqa: E731
        constant = -float(it.binary_cross_entropy(y, a0))
        for a in (0.05, 0.2, 0.7, 0.99):
            eq.check({"c": c, "y": y, "a": a, "constant": constant}, rtol=1e-9, atol=1e-11)


@checks("eq:origin-average")
def test_origin_average():
    eq = printed("eq:origin-average")
    X, y, w, b = data(28, soft=True)
    const = rng(29).normal(size=len(y))
    Z = X @ w + b
    C = float(np.mean(neuron.CrossEntropyCost.fn(Z, y) + const))
    eq.check({"C": C, "constant": float(const.mean()), "n": len(y), "y": lambda i: y[i - 1],
              "a": lambda i: neuron.sigmoid(Z[i - 1])}, rtol=1e-12)


# ==================================================================== chapter 5: information


def random_dist(r, k, alpha=1.0):
    return Dist(r.dirichlet(np.full(k, alpha)))


def outcomes(k, var="x"):
    return [{var: i} for i in range(k)]


@checks("eq:self-information")
def test_self_information():
    eq = printed("eq:self-information")
    for p in (1.0, 0.5, 0.25, 0.1, 1e-5):
        eq.check({"I": it.self_information, "p": p}, rtol=1e-14, atol=0)


@checks("eq:entropy")
def test_entropy():
    eq = printed("eq:entropy")
    r = rng(30)
    for k in (1, 2, 5, 9):
        p = random_dist(r, k)
        eq.check({"H": it.entropy, "p": p, "sum:x": outcomes(k), "sum:X": outcomes(k, "X")}, rtol=1e-12, atol=1e-15)
        assert math.isclose(it.entropy(p), float(scipy.stats.entropy(p)), rel_tol=1e-12, abs_tol=1e-15)


@checks("eq:binary-entropy")
def test_binary_entropy():
    eq = printed("eq:binary-entropy")
    for p in np.linspace(0.01, 0.99, 25):
        eq.check({"H_b": it.binary_entropy, "p": p}, rtol=1e-12)
        assert math.isclose(it.binary_entropy(p), scipy.stats.entropy([p, 1 - p]), rel_tol=1e-12)


@checks("eq:kl-discrete")
def test_kl_discrete():
    eq = printed("eq:kl-discrete")
    r = rng(31)
    for k in (2, 4, 7):
        p, q = random_dist(r, k), random_dist(r, k)
        eq.check({"D_KL": it.kl_divergence, "p": p, "q": q, "sum:x": outcomes(k)}, rtol=1e-11)
        assert math.isclose(it.kl_divergence(p, q), float(scipy.stats.entropy(p, q)), rel_tol=1e-11)


@checks("eq:kl-continuous")
def test_kl_continuous():
    eq = printed("eq:kl-continuous")
    grid = np.linspace(-15, 15, 60_001)
    for m1, s1, m2, s2 in ((0.0, 1.0, 1.0, 2.0), (0.5, 0.7, -0.3, 1.1), (2.0, 1.5, 2.0, 0.8)):
        p = lambda x, m=m1, s=s1: np.exp(it.gaussian_logpdf(x, m, s))  # noqa: E731
        q = lambda x, m=m2, s=s2: np.exp(it.gaussian_logpdf(x, m, s))  # noqa: E731
        D = lambda P, Q, a=(m1, s1, m2, s2): it.kl_gaussian(*a)  # noqa: E731 - closed form for these p, q
        eq.check({"D_KL": D, "p": p, "q": q, "int:x": grid}, rtol=1e-7)
        ref, _ = quad(lambda x: scipy.stats.norm.pdf(x, m1, s1) * (scipy.stats.norm.logpdf(x, m1, s1)
                                                                     - scipy.stats.norm.logpdf(x, m2, s2)),
                      -np.inf, np.inf, epsabs=1e-12)
        assert math.isclose(it.kl_gaussian(m1, s1, m2, s2), ref, rel_tol=1e-8)


@checks("eq:gibbs")
def test_gibbs():
    eq = printed("eq:gibbs")
    r = rng(32)
    for _ in range(300):
        k = int(r.integers(1, 10))
        alpha = float(r.choice([0.1, 1.0, 5.0]))
        p, q = random_dist(r, k, alpha), random_dist(r, k, alpha)
        q = np.maximum(q, 1e-300) / np.maximum(q, 1e-300).sum()
        eq.check({"D_KL": it.kl_divergence, "p": p, "q": q}, atol=0)
    p = random_dist(r, 5)
    eq.check({"D_KL": it.kl_divergence, "p": p, "q": p}, atol=0)


@checks("eq:cross-entropy-def")
def test_cross_entropy_def():
    eq = printed("eq:cross-entropy-def")
    r = rng(33)
    for k in (2, 5, 8):
        p, q = random_dist(r, k), random_dist(r, k)
        eq.check({"H": it.cross_entropy, "p": p, "q": q, "sum:x": outcomes(k), "sum:X": outcomes(k, "X")}, rtol=1e-12)
    assert it.cross_entropy([1.0, 0.0], [0.5, 0.5], base=2) == pytest.approx(1.0, rel=1e-14)


def H_any(*args):
    """H(p) or H(p, q), the project's entropy and cross-entropy."""
    return it.entropy(args[0]) if len(args) == 1 else it.cross_entropy(*args)


@checks("eq:ce-decomposition")
def test_ce_decomposition():
    eq = printed("eq:ce-decomposition")
    r = rng(34)
    for _ in range(50):
        k = int(r.integers(2, 9))
        p, q = random_dist(r, k), random_dist(r, k)
        eq.check({"H": H_any, "D_KL": it.kl_divergence, "p": p, "q": q, "sum:x": outcomes(k)}, rtol=1e-11)


@checks("eq:empirical-ce")
def test_empirical_ce():
    eq = printed("eq:empirical-ce")
    r = rng(35)
    K, n = 6, 500
    q = random_dist(r, K)
    xs = r.choice(K, size=n, p=random_dist(r, K))
    p_hat = Dist(np.bincount(xs, minlength=K) / n)
    eq.check({"H": it.cross_entropy, "hat p": p_hat, "q_theta": q, "sum:x": outcomes(K), "n": n,
              "x_": lambda i: xs[i - 1]}, rtol=1e-12)


@checks("eq:ce-kl-ml")
def test_ce_kl_ml():
    eq = printed("eq:ce-kl-ml")
    # q_θ = softmax(0, θ1, θ2) over 3 values; the three objectives over a grid of θ pick the same θ
    r = rng(36)
    xs = r.choice(3, size=300, p=[0.2, 0.5, 0.3])
    p_hat = Dist(np.bincount(xs, minlength=3) / len(xs))
    g = np.linspace(-3, 3, 41)
    grid = []
    for t1 in g:
        for t2 in g:
            th = np.array([0.0, t1, t2])
            grid.append({"theta": th, "q_theta": Dist(losses.softmax(th))})

    def loglik(th):
        return float(np.sum(losses.log_softmax(th)[xs]))

    (arg,) = eq.check({"H": it.cross_entropy, "D_KL": it.kl_divergence, "hat p": p_hat, "sum:theta": grid,
                       "L": loglik}, atol=0)
    # the optimum on the grid is the grid point nearest to q = p̂
    best = min(grid, key=lambda o: np.abs(o["q_theta"] - p_hat).sum())
    np.testing.assert_array_equal(arg[0], best["theta"])


@checks("eq:error-bound")
def test_error_bound():
    eq = printed("eq:error-bound")
    r = rng(37)
    for trial in range(60):
        n, K = int(r.integers(1, 60)), int(r.integers(2, 7))
        z = r.normal(size=(n, K)) * r.choice([0.3, 1.0, 4.0])
        q = losses.softmax(z)
        y = r.integers(0, K, size=n)
        if trial % 2:  # ties with the true class, counted as errors: the worst case
            for i in range(n):
                other = (y[i] + 1) % K
                q[i, y[i]] = q[i, other] = (q[i, y[i]] + q[i, other]) / 2
        rival = [bool(np.any(np.delete(q[i], y[i]) >= q[i, y[i]])) for i in range(n)]
        _, bound = eq.check({"errorrate": float(np.mean(rival)), "n": n, "q_theta": lambda yy, xx: q[int(xx), int(yy)],
                             "y_": lambda i: y[i - 1], "x_": lambda i: i - 1}, atol=1e-12)[0]
        if trial % 2 == 0:
            assert math.isclose(float(bound), losses.softmax_cross_entropy(z, y) / math.log(2), rel_tol=1e-11)


@checks("eq:bernoulli-ce")
def test_bernoulli_ce():
    eq = printed("eq:bernoulli-ce")
    bern = lambda p: Dist([p, 1 - p])  # noqa: E731
    for y in (0.0, 0.3, 0.5, 1.0):
        for a in (0.1, 0.3, 0.8):
            eq.check({"H": it.cross_entropy, "P": bern(y), "Q": bern(a), "y": y, "a": a, "H_b": it.binary_entropy,
                      "D_KL": it.kl_divergence, "Bern": bern}, rtol=1e-11, atol=1e-15)


# --- after all checks are registered ---------------------------------------------------


@pytest.mark.parametrize("label", sorted(CANONICAL))
def test_canonical_tex_is_the_printed_tex(label):
    assert page_tex(label) == CANONICAL[label], f"{label}: the page's TeX is not the one its check verifies"


@pytest.mark.parametrize("label", sorted(set(CHECKED) - set(CANONICAL)))
def test_printed_tex_parses(label):
    eq = printed(label)
    assert eq.clauses and all(c.sides or c.range for c in eq.clauses)


# --- second edition ----------------------------------------------------------------------


@checks("eq:softmax-se-grad")
def test_softmax_se_grad():
    eq = printed("eq:softmax-se-grad")
    r = rng(40)
    K = 4
    for _ in range(3):
        z = r.normal(size=K) * 3
        y = np.eye(K)[r.integers(K)]
        fd = grad_fd(lambda v: losses.softmax_squared_error(v, y), z)
        proj = losses.softmax_squared_error_grad(z, y)
        env = {"y": y, "p": losses.softmax(z), "delta": lambda k, j: float(k == j),
               "sum:k": [{"k": k} for k in range(K)]}
        for j in range(K):
            eq.check({**env, "j": j, "dC/dz": fd}, rtol=1e-6, atol=1e-9)
            eq.check({**env, "j": j, "dC/dz": proj}, rtol=1e-12, atol=1e-15)


@checks("eq:softmax-hessian", canonical=r"""
\frac{\partial^2 L}{\partial z_j\, \partial z_k} = p_j \left( \delta_{jk} - p_k \right),
\qquad
\nabla_z^2 L = \operatorname{diag}(p) - p\, p^{\mathsf{T}}""")
def test_softmax_hessian():
    r = rng(41)
    K = 5
    for _ in range(3):
        z, y = r.normal(size=K) * 2, r.dirichlet(np.ones(K))
        grad = lambda v: losses.softmax_cross_entropy_grad(v[None], y[None], reduction="sum")[0]  # noqa: E731
        H = np.column_stack([(grad(z + h) - grad(z - h)) / 2e-6 for h in np.eye(K) * 1e-6])
        p = losses.softmax(z)
        for j in range(K):
            for k in range(K):
                assert math.isclose(H[j, k], p[j] * ((j == k) - p[k]), rel_tol=1e-6, abs_tol=1e-9)
        assert np.allclose(losses.softmax_jacobian(z), np.diag(p) - np.outer(p, p), rtol=1e-14, atol=1e-16)
        assert np.linalg.eigvalsh(np.diag(p) - np.outer(p, p)).min() > -1e-15


@checks("eq:pos-weight-loss", canonical=r"""
\begin{gathered}
\ell_w(z, y) = -\left[\, w\, y \ln \sigma(z) + (1 - y) \ln \bigl(1 - \sigma(z)\bigr) \,\right],\\[4pt]
\frac{\partial \ell_w}{\partial z} = (1 - y)\, \sigma(z) - w\, y \bigl(1 - \sigma(z)\bigr)
\end{gathered}""")
def test_pos_weight_loss():
    r = rng(42)
    z = r.normal(size=20) * 4
    y = (r.random(20) < 0.5).astype(float)
    for w in (0.5, 1.0, 9.0):
        printed_loss = -(w * y * np.log(neuron.sigmoid(z)) + (1 - y) * np.log(1 - neuron.sigmoid(z)))
        assert np.allclose(losses.weighted_binary_cross_entropy_with_logits(z, y, w), printed_loss, rtol=1e-10)
        printed_grad = (1 - y) * neuron.sigmoid(z) - w * y * (1 - neuron.sigmoid(z))
        fd = np.array([d1(lambda v, i=i: float(losses.weighted_binary_cross_entropy_with_logits(
            np.where(np.arange(20) == i, v, z), y, w)[i]), z[i]) for i in range(20)])
        assert np.allclose(fd, printed_grad, rtol=1e-6, atol=1e-9)
        assert np.allclose(losses.weighted_binary_cross_entropy_with_logits_grad(z, y, w), printed_grad, rtol=1e-12)


@checks("eq:pos-weight-optimum", canonical=r"""
a^{*} = \frac{w \pi}{w \pi + 1 - \pi},
\qquad \text{that is} \qquad
\frac{a^{*}}{1 - a^{*}} = w\, \frac{\pi}{1 - \pi}""")
def test_pos_weight_optimum():
    from scipy.optimize import minimize_scalar

    for pi, w in ((0.1, 9.0), (0.3, 2.0), (0.7, 0.4)):
        a = losses.pos_weight_optimum(pi, w)
        assert math.isclose(a, w * pi / (w * pi + 1 - pi), rel_tol=1e-14)
        assert math.isclose(a / (1 - a), w * pi / (1 - pi), rel_tol=1e-12)
        res = minimize_scalar(lambda v: -w * pi * math.log(v) - (1 - pi) * math.log(1 - v),
                              bounds=(1e-9, 1 - 1e-9), method="bounded", options={"xatol": 1e-12})
        assert math.isclose(res.x, a, abs_tol=1e-7)


@checks("eq:ece", canonical=r"""
\mathrm{ECE} = \sum_{b} \frac{n_b}{n} \left| \bar{y}_b - \bar{a}_b \right|""")
def test_ece():
    from xent import calibration

    r = rng(43)
    a = r.random(500)
    y = (r.random(500) < a ** 1.5).astype(float)
    bins = np.minimum((a * 10).astype(int), 9)
    printed_ece = sum((bins == b).sum() / a.size * abs(y[bins == b].mean() - a[bins == b].mean())
                      for b in range(10) if (bins == b).any())
    assert math.isclose(calibration.expected_calibration_error(a, y), printed_ece, rel_tol=1e-12)


@checks("eq:temperature-scaling", canonical=r"""
a = \sigma(z / T) \quad \text{(with several classes, } p = \operatorname{softmax}(z / T) \text{)}""")
def test_temperature_scaling():
    from xent import calibration

    z = rng(44).normal(size=50) * 3
    y = (rng(45).random(50) < 0.5).astype(float)
    for T in (0.5, 1.0, 2.5):
        a = neuron.sigmoid(z / T)
        printed_nll = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
        assert math.isclose(calibration.mean_bce(z, y, T), printed_nll, rel_tol=1e-10)
        # with two classes, softmax((z, 0) / T) gives σ(z / T) for the first class
        two = np.column_stack([z, np.zeros_like(z)]) / T
        assert np.allclose(losses.softmax(two)[:, 0], a, rtol=1e-12)


@checks("eq:calibration-refinement", canonical=r"""
\mathbb{E}\bigl[\ell(a, y)\bigr] = \mathbb{E}\Bigl[D_{\mathrm{KL}}\bigl(\mathrm{Bern}(c(a)) \,\|\, \mathrm{Bern}(a)\bigr)\Bigr] + \mathbb{E}\bigl[H_b\bigl(c(a)\bigr)\bigr]""")
def test_calibration_refinement():
    from xent import calibration

    # forecasts taking 6 values a_j with frequencies w_j; c_j = Pr(y = 1 | a_j)
    r = rng(46)
    a, c, w = r.random(6), r.random(6), r.random(6)
    w /= w.sum()
    # the left side by enumerating y ∈ {0, 1} for each forecast value
    lhs = sum(w[j] * (c[j] * -math.log(a[j]) + (1 - c[j]) * -math.log(1 - a[j])) for j in range(6))
    kl = sum(w[j] * it.kl_divergence([c[j], 1 - c[j]], [a[j], 1 - a[j]]) for j in range(6))
    hb = sum(w[j] * it.binary_entropy(c[j]) for j in range(6))
    assert math.isclose(lhs, kl + hb, rel_tol=1e-12)
    # the project's split, on the examples one by one (each value repeated in proportion to w)
    n = (w * 10_000).round().astype(int)
    cal, ref = calibration.log_loss_decomposition(np.repeat(a, n), np.repeat(c, n))
    wn = n / n.sum()
    assert math.isclose(cal, sum(wn[j] * it.kl_divergence([c[j], 1 - c[j]], [a[j], 1 - a[j]]) for j in range(6)),
                        rel_tol=1e-10)
    assert math.isclose(ref, sum(wn[j] * it.binary_entropy(c[j]) for j in range(6)), rel_tol=1e-10)
    assert calibration.log_loss_decomposition(c, c)[0] == pytest.approx(0.0, abs=1e-15)


@checks("eq:kl-gaussian")
def test_kl_gaussian():
    eq = printed("eq:kl-gaussian")
    for m1, s1, m2, s2 in ((0.0, 1.0, 1.0, 2.0), (0.5, 0.7, -0.3, 1.1), (2.0, 1.5, 2.0, 0.8)):
        p, q = scipy.stats.norm(m1, s1), scipy.stats.norm(m2, s2)
        val, _ = quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), -np.inf, np.inf, epsabs=1e-12)
        env = {"mu_1": m1, "mu_2": m2, "sigma_1": s1, "sigma_2": s2, "p": (m1, s1), "q": (m2, s2)}
        eq.check({**env, "D_KL": lambda *_: val}, rtol=1e-8, atol=1e-12)
        eq.check({**env, "D_KL": lambda *_: it.kl_gaussian(m1, s1, m2, s2)}, rtol=1e-12, atol=1e-15)


@checks("eq:perplexity")
def test_perplexity():
    eq = printed("eq:perplexity")
    r = rng(46)
    for K in (2, 5, 10):
        p, q = r.dirichlet(np.ones(K)), r.dirichlet(np.ones(K))
        h = it.cross_entropy(p, q)
        eq.check({"PP": lambda *_: float(it.perplexity(h)), "H": lambda *_: h, "p": p, "q": q}, rtol=1e-12)
    # a uniform model over K outcomes has perplexity K
    assert math.isclose(it.perplexity(it.cross_entropy(np.eye(4)[0], np.full(4, 0.25))), 4, rel_tol=1e-12)


def _joint_tables():
    r = rng(47)
    return [r.dirichlet(np.ones(6)).reshape(2, 3) for _ in range(4)] + [np.outer([0.3, 0.7], [0.2, 0.5, 0.3])]


@checks("eq:mutual-information", canonical=r"""
\begin{gathered}
H(Y \mid X) = -\sum_{x, y} p(x, y) \ln p(y \mid x),\\[4pt]
I(X; Y) = H(Y) - H(Y \mid X) = D_{\mathrm{KL}}\bigl(p(x, y) \,\|\, p(x)\, p(y)\bigr)
\end{gathered}""")
def test_mutual_information():
    for j in _joint_tables():
        px, py = j.sum(axis=1), j.sum(axis=0)
        h_y_x = -sum(j[a, b] * math.log(j[a, b] / px[a]) for a in range(2) for b in range(3))
        assert math.isclose(it.conditional_entropy(j), h_y_x, rel_tol=1e-12, abs_tol=1e-15)
        mi = float(scipy.stats.entropy(py)) - h_y_x
        assert math.isclose(it.mutual_information(j), mi, rel_tol=1e-10, abs_tol=1e-14)
        assert math.isclose(float(scipy.stats.entropy(j.ravel(), np.outer(px, py).ravel())), mi, rel_tol=1e-10, abs_tol=1e-14)


@checks("eq:conditional-ce", canonical=r"""
\mathbb{E}_{(X, Y) \sim p}\bigl[ -\ln q(Y \mid X) \bigr]
= H(Y \mid X) + \mathbb{E}_{X \sim p}\Bigl[ D_{\mathrm{KL}}\bigl( p(\cdot \mid X) \,\|\, q(\cdot \mid X) \bigr) \Bigr]
\ge H(Y \mid X)""")
def test_conditional_ce():
    r = rng(48)
    for j in _joint_tables():
        px = j.sum(axis=1)
        q = r.dirichlet(np.ones(3), size=2)  # a classifier q(y | x), one row per x
        expected_loss = -sum(j[a, b] * math.log(q[a, b]) for a in range(2) for b in range(3))
        kl_part = sum(px[a] * it.kl_divergence(j[a] / px[a], q[a]) for a in range(2))
        assert math.isclose(expected_loss, it.conditional_entropy(j) + kl_part, rel_tol=1e-12)
        assert expected_loss >= it.conditional_entropy(j)
        # the true conditional reaches the bound
        exact = -sum(j[a, b] * math.log(j[a, b] / px[a]) for a in range(2) for b in range(3))
        assert math.isclose(exact, it.conditional_entropy(j), rel_tol=1e-12)
