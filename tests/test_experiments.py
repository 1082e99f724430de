"""Experiments: the η sweep, NNDL's animation rule, the hidden-layer gradient, epochs to a level."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xent import experiments as ex
from figures import figstyle
from xent import neuron

STARTS = ((0.6, 0.9), (2.0, 2.0))


def test_starts_are_the_figures_starts():
    assert tuple(figstyle.STARTS) == STARTS


# ------------------------------------------------------------------------------ sweep


@pytest.mark.parametrize("cost", ["quadratic", "cross-entropy"])
def test_sweep_agrees_with_train(cost):
    etas = [0.001, 0.005, 0.15, 1.0, 7.5]
    starts = [STARTS[0], STARTS[1], (-1.0, 3.0), (0.0, 0.0)]
    got = ex.sweep(cost, etas, starts, epochs=300)
    assert got.shape == (len(etas), len(starts))
    for i, eta in enumerate(etas):
        for j, (w, b) in enumerate(starts):
            assert got[i, j] == pytest.approx(neuron.train(cost, w, b, eta, 300).a[-1], rel=1e-12, abs=1e-15)


def test_sweep_other_x_y_and_epochs():
    got = ex.sweep(neuron.CrossEntropyCost, [0.3, 0.05], [(1.0, -0.5)], epochs=40, x=0.7, y=0.6)
    for i, eta in enumerate((0.3, 0.05)):
        assert got[i, 0] == pytest.approx(neuron.train("cross-entropy", 1.0, -0.5, eta, 40, 0.7, 0.6).a[-1],
                                          rel=1e-12)
    start = ex.sweep("quadratic", [0.1], STARTS, epochs=0)
    np.testing.assert_allclose(start[0], neuron.sigmoid([1.5, 4.0]))


@pytest.mark.parametrize("kw, msg", [
    ({"etas": [0.1, 0.0]}, "eta"), ({"etas": [np.nan]}, "eta"), ({"epochs": -1}, "epochs"),
    ({"epochs": 2.5}, "epochs"), ({"y": 1.2}, "y"), ({"cost": "hinge"}, "unknown cost"),
    ({"starts": [(np.inf, 0.0)]}, "start"),
])
def test_sweep_refuses_bad_input(kw, msg):
    args = dict(cost="quadratic", etas=[0.1], starts=STARTS, epochs=10)
    args.update(kw)
    with pytest.raises(ValueError, match=msg):
        ex.sweep(**args)


# ----------------------------------------------------------------- NNDL's animation


def js_saturation_widget(starting_weight, starting_bias, eta, num_frames, cost):
    """Hand transcription of js/saturation{3,4}.js (mnielsen/nnadl_site), one branch per line of JS.

    Returns (weights, biases, cost graph points, final "Output" value).
    """
    derivative = {"cross-entropy": lambda a: 1 / (1 - a), "quadratic": lambda a: a * a * (1 - a)}[cost]
    fn = {"cross-entropy": lambda a: -math.log(1 - a), "quadratic": lambda a: a * a / 2}[cost]
    sigmoid = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    weight, bias = starting_weight, starting_bias
    weights, biases, graph = [weight], [bias], []
    count, playing = 0, True
    while playing:  # function onFrame(event) { if (playing) { ... } }
        a = sigmoid(weight + bias)  # outputValue(weight, bias)
        delta = derivative(a)
        weight += -eta * delta
        bias += -eta * delta
        graph.append(fn(a))  # costGraph.add(... cost.fn(a))
        weights.append(weight)
        biases.append(bias)
        count += 1
        if count > num_frames:
            count = 0
            playing = False
    return weights, biases, graph, sigmoid(weight + bias)


@pytest.mark.parametrize("start", STARTS)
def test_nndl_rule_reproduces_the_js(start):
    ws, bs, graph, output = js_saturation_widget(*start, eta=0.005, num_frames=300, cost="cross-entropy")
    t = ex.train_nndl_animation(*start)
    assert len(graph) == 301 and len(t.a) == 302  # 301 updates per run
    assert t.w.tolist() == ws and t.b.tolist() == bs
    assert t.cost[:301].tolist() == graph  # the drawn curve: epochs 0 … 300
    assert t.a[-1] == output


def test_nndl_rule_first_steps_by_hand():
    """1/(1 − σ(z)) = 1 + e^z, so the first steps have a closed form."""
    t = ex.train_nndl_animation(0.6, 0.9, epochs=3)
    w1 = 0.6 - 0.005 * (1 + math.exp(1.5))
    b1 = 0.9 - 0.005 * (1 + math.exp(1.5))
    assert t.w[1] == pytest.approx(w1, rel=1e-14) and t.b[1] == pytest.approx(b1, rel=1e-14)
    z1 = w1 + b1
    assert t.w[2] == pytest.approx(w1 - 0.005 * (1 + math.exp(z1)), rel=1e-14)
    assert t.cost[0] == pytest.approx(math.log(1 + math.exp(1.5)), rel=1e-14)  # −ln(1 − σ(z)) = ln(1 + e^z)
    t2 = ex.train_nndl_animation(2.0, 2.0, epochs=1)
    step_rule = 2.0 - t2.w[1]
    step_gd = 2.0 - neuron.train("cross-entropy", 2.0, 2.0, 0.005, 1).w[1]
    assert step_rule / step_gd == pytest.approx(1 / float(neuron.sigmoid_prime(4.0)), rel=1e-12)
    assert f"{step_rule / step_gd:.1f}" == "56.6"


def test_nndl_quadratic_animation_is_gradient_descent():
    """For the quadratic cost the JS derivative a²(1 − a) is the true ∂C/∂z (y = 0)."""
    for w, b in STARTS:
        anim = ex.train_nndl_animation(w, b, eta=0.15, epochs=300, cost="quadratic")
        gd = neuron.train("quadratic", w, b, 0.15, 300)
        np.testing.assert_allclose(anim.w, gd.w, rtol=1e-12)
        np.testing.assert_allclose(anim.cost, gd.cost, rtol=1e-10)


def test_nndl_rule_is_much_faster_than_gradient_descent():
    for w, b in STARTS:
        rule = ex.train_nndl_animation(w, b, epochs=300).a[-1]
        gd = neuron.train("cross-entropy", w, b, ex.NNDL_ETA, 300).a[-1]
        assert rule < 0.05 and gd > 0.4


def test_nndl_rule_refuses_bad_input():
    for kw in ({"cost": "hinge"}, {"eta": 0.0}, {"eta": math.nan}, {"epochs": -2}):
        with pytest.raises(ValueError):
            ex.train_nndl_animation(0.6, 0.9, **kw)


# -------------------------------------------------------------- hidden layer (1-1-1)


def hidden_cost_ref(name, w1, b1, w2, b2, x, y):
    """C of the 1-1-1 network from the definitions, with np.log."""
    h = 1 / (1 + np.exp(-(w1 * x + b1)))
    a = 1 / (1 + np.exp(-(w2 * h + b2)))
    if name == "quadratic":
        return 0.5 * (a - y) ** 2
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


HIDDEN_POINTS = [(0.6, 0.9, 2.0, 2.0, 1.0, 0.0), (2.0, 2.0, 2.0, 2.0, 1.0, 0.0), (-1.0, 0.3, -1.5, 0.5, 0.8, 1.0),
                 (3.0, 1.0, 0.7, -0.4, 1.2, 0.3), (0.1, -0.2, 4.0, -3.0, -2.0, 0.9)]


@pytest.mark.parametrize("cost", [neuron.CrossEntropyCost, neuron.QuadraticCost], ids=lambda c: c.name)
@pytest.mark.parametrize("point", HIDDEN_POINTS)
def test_hidden_gradient_matches_central_differences(cost, point):
    w1, b1, w2, b2, x, y = point
    params = np.array([w1, b1, w2, b2])
    h = 1e-6
    fd = []
    for i in range(4):
        e = np.zeros(4)
        e[i] = h
        fd.append((hidden_cost_ref(cost.name, *(params + e), x, y)
                   - hidden_cost_ref(cost.name, *(params - e), x, y)) / (2 * h))
    got = [float(g) for g in ex.hidden_gradient(cost, w1, b1, w2, b2, x, y)]
    np.testing.assert_allclose(got, fd, rtol=1e-6, atol=1e-10)
    assert float(ex.hidden_cost(cost, w1, b1, w2, b2, x, y)) == pytest.approx(
        float(hidden_cost_ref(cost.name, w1, b1, w2, b2, x, y)), rel=1e-12)


def test_hidden_gradient_carries_sigma_prime():
    """Cross-entropy: |∂C/∂w1| = |a − y| |w2| σ′(z1) |x|, and ∂C/∂b2 = a − y has no σ′(z2)."""
    z1 = np.linspace(-10, 10, 41)
    gw1, gb1, gw2, gb2 = ex.hidden_saturation(z1, 2.0, 2.0)
    _, hh, _, a = ex.hidden_forward(z1, 0.0, 2.0, 2.0)
    np.testing.assert_allclose(gw1, a * 2.0 * neuron.sigmoid_prime(z1), rtol=1e-12)
    np.testing.assert_allclose(gb1, gw1, rtol=1e-12)
    np.testing.assert_allclose(gb2, a, rtol=1e-12)
    np.testing.assert_allclose(gw2, a * hh, rtol=1e-12)
    at = dict(zip(z1.tolist(), gw1))
    assert at[10.0] < 1e-3 * at[0.0]


def test_train_hidden_follows_gradient_descent():
    t = ex.train_hidden("cross-entropy", 2.0, 2.0, 2.0, 2.0, 0.15, 50)
    for k in (0, 1, 25, 49):
        g = ex.hidden_gradient("cross-entropy", t.w1[k], t.b1[k], t.w2[k], t.b2[k])
        for p, gk in zip((t.w1, t.b1, t.w2, t.b2), g):
            assert p[k + 1] == pytest.approx(p[k] - 0.15 * float(gk), rel=1e-14, abs=1e-15)
    assert t.grad_w1[0] == pytest.approx(float(ex.hidden_gradient("cross-entropy", 2, 2, 2, 2)[0]))


def test_saturated_hidden_weight_hardly_moves():
    """Same badly wrong output, hidden start z1 = 1.5 against z1 = 4 (η = 0.15, 300 epochs)."""
    moved = [np.max(np.abs(ex.train_hidden("cross-entropy", w, b, 2.0, 2.0, 0.15, 300).w1 - w)) for w, b in STARTS]
    assert moved[1] < moved[0] / 10


# ------------------------------------------------------------- epochs to cross a level


def test_crossing_epochs_at_equal_eta():
    half = ex.crossing_epochs(STARTS, eta=0.15, level=0.5)
    tenth = ex.crossing_epochs(STARTS, eta=0.15, level=0.1)
    for start in STARTS:
        assert half[("cross-entropy", start)] < half[("quadratic", start)]
    # from the saturated start the cross-entropy gets below 0.1 many times sooner
    assert 5 * tenth[("cross-entropy", STARTS[1])] < tenth[("quadratic", STARTS[1])]
    assert half == {("quadratic", STARTS[0]): 36, ("quadratic", STARTS[1]): 232,
                    ("cross-entropy", STARTS[0]): 8, ("cross-entropy", STARTS[1]): 17}


@pytest.mark.parametrize("cost, start, eta, level", [
    ("quadratic", STARTS[1], 0.15, 0.5), ("cross-entropy", STARTS[0], 0.15, 0.1),
    ("quadratic", STARTS[1], 0.005, 0.5),  # crosses after more than one chunk of 1000 epochs
])
def test_epochs_to_cross_agrees_with_train(cost, start, eta, level):
    k = ex.epochs_to_cross(cost, *start, eta, level)
    a = neuron.train(cost, *start, eta, k).a
    assert a[-1] < level <= a[-2]


def test_epochs_to_cross_edge_cases():
    assert ex.epochs_to_cross("quadratic", 0.6, 0.9, 0.15, level=0.9) == 0
    assert ex.epochs_to_cross("quadratic", 2.0, 2.0, 0.005, level=0.5, max_epochs=100) is None
    with pytest.raises(ValueError):
        ex.epochs_to_cross("quadratic", 2.0, 2.0, 0.15, level=1.5)
