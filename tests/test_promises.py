"""What the docstrings promise about extreme inputs, for every cost and loss: finite, and right.

neuron.py promises costs "finite for every z" (softplus form, no log 0); losses.py promises
stable softmax / sigmoid cross-entropies.  Each is evaluated at |z| up to 1e4 and compared with
an independent reference (NumPy's ``logaddexp``, exact limits), not only checked for finiteness:
the textbook form −[y ln σ(z) + (1 − y) ln(1 − σ(z))] gives inf already at z = 40.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from xent import experiments
from xent import losses
from xent import neuron

EXTREME = np.array([-1e4, -1e3, -710.0, -40.0, -1.0, 0.0, 1.0, 40.0, 710.0, 1e3, 1e4])
TARGETS = (0.0, 0.3, 1.0)


def ref_bce(z, y):
    """−[y ln σ(z) + (1 − y) ln(1 − σ(z))] = y·ln(1 + e^{−z}) + (1 − y)·ln(1 + e^{z}), via logaddexp."""
    return y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)


def ref_sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


@pytest.mark.parametrize("y", TARGETS)
def test_cross_entropy_cost_is_finite_and_right(y):
    c = neuron.CrossEntropyCost.fn(EXTREME, y)
    assert np.all(np.isfinite(c))
    np.testing.assert_allclose(c, ref_bce(EXTREME, y), rtol=1e-12, atol=1e-15)
    assert float(neuron.CrossEntropyCost.fn(40.0, 0.0)) == pytest.approx(40.0, rel=1e-15)
    d = neuron.CrossEntropyCost.delta(EXTREME, y)
    assert np.all(np.isfinite(d))
    np.testing.assert_allclose(d, ref_sigmoid(EXTREME) - y, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("y", TARGETS)
def test_quadratic_cost_is_finite_and_right(y):
    c = neuron.QuadraticCost.fn(EXTREME, y)
    d = neuron.QuadraticCost.delta(EXTREME, y)
    assert np.all(np.isfinite(c)) and np.all(np.isfinite(d))
    s = ref_sigmoid(EXTREME)
    np.testing.assert_allclose(c, (s - y) ** 2 / 2, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(d, (s - y) * s * (1 - s), rtol=1e-9, atol=1e-15)


def test_sigmoid_and_softplus_at_extremes():
    np.testing.assert_allclose(neuron.sigmoid(EXTREME), ref_sigmoid(EXTREME), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(neuron.softplus(EXTREME), np.logaddexp(0.0, EXTREME), rtol=1e-14, atol=1e-15)
    assert np.all(np.isfinite(neuron.sigmoid_prime(EXTREME)))


@pytest.mark.parametrize("cost", [neuron.QuadraticCost, neuron.CrossEntropyCost])
def test_gradient_and_training_stay_finite(cost):
    for w, b in ((5e3, 5e3), (-5e3, -5e3), (1e4, 0.0)):
        gw, gb = neuron.gradient(cost, w, b, 1.0, 0.0)
        assert math.isfinite(gw) and math.isfinite(gb)
        t = neuron.train(cost, w, b, 0.15, 3)
        for series in (t.w, t.b, t.z, t.a, t.cost):
            assert np.all(np.isfinite(series)), (cost.name, w, b)
    t = neuron.train(neuron.CrossEntropyCost, 5e3, 5e3, 0.15, 1)
    assert t.cost[0] == pytest.approx(1e4, rel=1e-15)


@pytest.mark.parametrize("cost", ["quadratic", "cross-entropy"])
def test_hidden_network_stays_finite(cost):
    for w1, b1, w2, b2 in ((1e4, 0.0, 1e4, 0.0), (-1e4, 1e4, -1e4, -1e4), (0.0, 0.0, 1e4, 1e4)):
        c = experiments.hidden_cost(cost, w1, b1, w2, b2, 1.0, 0.0)
        g = experiments.hidden_gradient(cost, w1, b1, w2, b2, 1.0, 0.0)
        assert np.isfinite(c) and np.all(np.isfinite(g))
        if cost == "cross-entropy":
            _, _, z2, _ = experiments.hidden_forward(w1, b1, w2, b2, 1.0)
            assert float(c) == pytest.approx(float(np.logaddexp(0.0, z2)), rel=1e-12)


def test_multiclass_losses_at_extremes():
    z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e3, 999.0, -710.0]])
    t = np.array([1, 0, 2])
    loss = losses.softmax_cross_entropy(z, t, reduction="none")
    ref = np.logaddexp.reduce(z, axis=1) - z[np.arange(3), t]
    np.testing.assert_allclose(loss, ref, rtol=1e-13)
    assert np.all(np.isfinite(losses.softmax_cross_entropy_grad(z, t)))
    assert np.all(np.isfinite(losses.softmax_cross_entropy(z, t, label_smoothing=0.1, reduction="none")))


def test_binary_losses_at_extremes():
    z = np.tile(EXTREME, (3, 1))
    y = np.repeat(np.array(TARGETS)[:, None], len(EXTREME), axis=1)
    loss = losses.binary_cross_entropy_with_logits(z, y, reduction="none")
    np.testing.assert_allclose(loss, ref_bce(z, y), rtol=1e-12, atol=1e-15)
    g = losses.binary_cross_entropy_with_logits_grad(z, y, reduction="sum")
    np.testing.assert_allclose(g, ref_sigmoid(z) - y, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(losses.log_sigmoid(EXTREME), -np.logaddexp(0.0, -EXTREME), rtol=1e-14, atol=1e-15)


def test_figdeps_usage_is_one_line():
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "figures" / "figdeps.py"
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "usage" in r.stderr
