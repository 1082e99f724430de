"""Experiments built on the single neuron of ``neuron.py`` (NNDL chapter 3).

* :func:`sweep` — the output after a fixed number of epochs over a grid of
  learning rates × starting points (vectorised, for the η-sweep figure);
* :func:`epochs_to_cross` / :func:`crossing_epochs` — how many epochs the
  output needs to fall below a level;
* :func:`train_nndl_animation` — the update rule that NNDL's in-browser
  animations actually run (``js/saturation1.js`` … ``saturation4.js``), which
  for the cross-entropy is *not* gradient descent;
* a 1-1-1 network (input → sigmoid hidden neuron → sigmoid output neuron):
  :func:`hidden_forward`, :func:`hidden_cost`, :func:`hidden_gradient`,
  :func:`train_hidden`, :func:`hidden_saturation` — the cross-entropy cancels
  σ′ of the output layer only, so the hidden weight's gradient still carries
  σ′(z₁).

Pure numerics, no plotting; like ``neuron.py`` the code aims to be readable.
A ``cost`` argument is a cost class of ``neuron.py`` or its name
("quadratic", "cross-entropy").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from xent.neuron import COSTS, Trajectory, sigmoid, sigmoid_prime, train


def _cost_class(cost):
    """Return the cost class for a class or a name; ValueError for an unknown name."""
    if isinstance(cost, str):
        if cost not in COSTS:
            raise ValueError(f"unknown cost {cost!r}; choose one of {', '.join(COSTS)}")
        return COSTS[cost]
    return cost


def _check_epochs(epochs):
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    return int(epochs)


def _check_target(y):
    if not 0.0 <= y <= 1.0:  # also refuses nan
        raise ValueError(f"y must lie in [0, 1], got {y!r}")


# --------------------------------------------------------------------------- sweep


def sweep(cost, etas, starts, epochs=300, x=1.0, y=0.0):
    """Return the output a after ``epochs`` epochs for every (η, start) pair.

    ``etas`` is a sequence of learning rates (> 0), ``starts`` a sequence of
    (w, b) pairs.  The result has shape (len(etas), len(starts)); entry [i, j]
    equals ``train(cost, *starts[j], etas[i], epochs, x, y).a[-1]`` — the same
    update w ← w − η ∂C/∂w, b ← b − η ∂C/∂b, run on the whole grid at once.
    """
    cost = _cost_class(cost)
    epochs = _check_epochs(epochs)
    _check_target(y)
    if not math.isfinite(x):
        raise ValueError(f"x must be a finite number, got {x!r}")
    eta = np.asarray(etas, dtype=float).reshape(-1, 1)
    if not np.all(np.isfinite(eta)) or np.any(eta <= 0):
        raise ValueError(f"every eta must be a finite number > 0, got {np.asarray(etas).tolist()!r}")
    wb = np.asarray(starts, dtype=float).reshape(-1, 2)
    if not np.all(np.isfinite(wb)):
        raise ValueError("every start (w, b) must be finite")
    w = np.broadcast_to(wb[:, 0], (eta.size, len(wb))).copy()
    b = np.broadcast_to(wb[:, 1], (eta.size, len(wb))).copy()
    for _ in range(epochs):
        d = cost.delta(w * x + b, y)
        w -= eta * d * x
        b -= eta * d
    return sigmoid(w * x + b)


# --------------------------------------------------------------- epochs to a level


def epochs_to_cross(cost, w, b, eta, level=0.5, x=1.0, y=0.0, max_epochs=100_000):
    """Return the first epoch k at which the output a_k is below ``level`` (None if not by ``max_epochs``).

    Epoch 0 is the start, so a start already below ``level`` gives 0.  Runs
    :func:`neuron.train` in chunks, so the update is exactly the one it uses.
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    max_epochs = _check_epochs(max_epochs)
    done, chunk = 0, 1000
    while True:
        n = min(chunk, max_epochs - done)
        t = train(cost, w, b, eta, n, x, y)
        below = np.flatnonzero(t.a < level)
        if below.size:
            return done + int(below[0])
        done += n
        if done >= max_epochs:
            return None
        w, b = float(t.w[-1]), float(t.b[-1])


def crossing_epochs(starts, eta=0.15, level=0.5, costs=("quadratic", "cross-entropy"), **kw):
    """Return {(cost name, (w, b)): epochs for a to fall below ``level``} for each cost and start."""
    return {(_cost_class(c).name, (float(w), float(b))): epochs_to_cross(c, w, b, eta, level, **kw)
            for c in costs for w, b in starts}


# ------------------------------------------------------------ NNDL's animation rule

NNDL_ETA = 0.005  # ``var eta = 0.005;`` in saturation3.js and saturation4.js
NNDL_FRAMES = 300  # ``var numFrames = 300;``
NNDL_UPDATES = NNDL_FRAMES + 1  # frames count = 0, 1, …, numFrames each make one update

# ``derivative`` and ``fn`` of the two cost objects in the JS header (y = 0 only).
_NNDL_DERIVATIVE = {
    "quadratic": lambda a: a * a * (1 - a),  # = ∂C/∂z = a σ'(z): true gradient
    "cross-entropy": lambda a: 1 / (1 - a),  # = ∂C/∂a, not ∂C/∂z = a
}
_NNDL_FN = {
    "quadratic": lambda a: a * a / 2,
    "cross-entropy": lambda a: -math.log(1 - a),
}


def train_nndl_animation(w, b, eta=NNDL_ETA, epochs=NNDL_UPDATES, cost="cross-entropy"):
    """Run the update of NNDL's chapter-3 animation; return its Trajectory (x = 1, y = 0 fixed).

    Source: https://github.com/mnielsen/nnadl_site, ``js/saturation3.js``
    (start w = 0.6, b = 0.9) and ``js/saturation4.js`` (w = b = 2), both with
    ``var eta = 0.005; var numFrames = 300;`` and ``cost = cross_entropy_cost``
    where ``cross_entropy_cost = {fn: -Math.log(1-a), derivative: 1/(1-a)}``;
    ``saturation1.js`` / ``saturation2.js`` use ``quadratic_cost`` =
    ``{fn: a*a/2, derivative: a*a*(1-a)}`` with eta = 0.15.  Each animation
    frame (``onFrame``) does::

        a = outputValue(weight, bias);        // sigmoid(weight + bias) = 1/(1+Math.exp(-z))
        delta = cost.derivative(a);
        weight += -eta*delta;
        bias += -eta*delta;
        costGraph.add(... cost.fn(a) ...)     // the cost *before* this frame's update

    So for the cross-entropy the step is Δw = Δb = −η/(1 − a) = −η ∂C/∂a,
    whereas gradient descent uses −η ∂C/∂z = −η a; for the quadratic cost
    ``a*a*(1-a)`` is the true ∂C/∂z.  The frame counter runs 0 … numFrames and
    stops when ``count > numFrames``, so one run makes numFrames + 1 = 301
    updates: the drawn cost curve is ``cost[0:301]`` (epochs 0 … 300, labelled
    0 … 300) and the "Output" label at the end shows ``a[301]``.

    The arithmetic follows the JS literally (a = 1/(1 + e^{−z}), cost = fn(a)
    in the same floating-point order), so ``cost`` is −ln(1 − a) or a²/2, the
    neuron's cost for y = 0.  ``cost`` is "cross-entropy" (the JS rule above)
    or "quadratic" (which is plain gradient descent).  Returns ``epochs + 1``
    rows, row k after k updates.
    """
    if cost not in _NNDL_DERIVATIVE:
        raise ValueError(f"unknown cost {cost!r}; the animation has {', '.join(_NNDL_DERIVATIVE)}")
    if not (math.isfinite(eta) and eta > 0):
        raise ValueError(f"eta must be a finite number > 0, got {eta!r}")
    epochs = _check_epochs(epochs)
    derivative, fn = _NNDL_DERIVATIVE[cost], _NNDL_FN[cost]
    ws, bs = [float(w)], [float(b)]
    for _ in range(epochs):
        a = 1 / (1 + math.exp(-(ws[-1] + bs[-1])))
        delta = derivative(a)
        ws.append(ws[-1] + -eta * delta)
        bs.append(bs[-1] + -eta * delta)
    ws, bs = np.array(ws), np.array(bs)
    zs = ws + bs
    a = np.array([1 / (1 + math.exp(-z)) for z in zs])
    return Trajectory(epoch=np.arange(epochs + 1), w=ws, b=bs, z=zs, a=a,
                      cost=np.array([fn(v) for v in a]))


# ------------------------------------------------------- a hidden layer (1-1-1 net)


def hidden_forward(w1, b1, w2, b2, x=1.0):
    """Return (z1, h, z2, a): z1 = w1 x + b1, h = σ(z1), z2 = w2 h + b2, a = σ(z2).

    Arguments may be arrays (they broadcast).
    """
    z1 = np.asarray(w1, dtype=float) * x + b1
    h = sigmoid(z1)
    z2 = w2 * h + b2
    return z1, h, z2, sigmoid(z2)


def hidden_cost(cost, w1, b1, w2, b2, x=1.0, y=0.0):
    """Return the cost C(a, y) of the 1-1-1 network's output for one sample."""
    _, _, z2, _ = hidden_forward(w1, b1, w2, b2, x)
    return _cost_class(cost).fn(z2, y)


def hidden_gradient(cost, w1, b1, w2, b2, x=1.0, y=0.0):
    """Return (∂C/∂w1, ∂C/∂b1, ∂C/∂w2, ∂C/∂b2) by backpropagation.

    δ2 = ∂C/∂z2 = cost.delta(z2, y)  (a − y for the cross-entropy: no σ′(z2));
    δ1 = ∂C/∂z1 = δ2 · w2 · σ′(z1)   (σ′(z1) stays, whatever the cost);
    ∂C/∂w2 = δ2 h, ∂C/∂b2 = δ2, ∂C/∂w1 = δ1 x, ∂C/∂b1 = δ1.
    """
    z1, h, z2, _ = hidden_forward(w1, b1, w2, b2, x)
    d2 = _cost_class(cost).delta(z2, y)
    d1 = d2 * w2 * sigmoid_prime(z1)
    return d1 * x, d1, d2 * h, d2


@dataclass
class HiddenTrajectory:
    """Training record of the 1-1-1 network; index k is epoch k (0 = start)."""

    epoch: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    z1: np.ndarray
    a: np.ndarray
    cost: np.ndarray
    grad_w1: np.ndarray  # ∂C/∂w1 at epoch k
    grad_w2: np.ndarray  # ∂C/∂w2 at epoch k


def train_hidden(cost, w1, b1, w2, b2, eta, epochs, x=1.0, y=0.0):
    """Train all four parameters of the 1-1-1 network by gradient descent; return a HiddenTrajectory."""
    cost = _cost_class(cost)
    epochs = _check_epochs(epochs)
    _check_target(y)
    if not (math.isfinite(eta) and eta > 0):
        raise ValueError(f"eta must be a finite number > 0, got {eta!r}")
    p = np.empty((epochs + 1, 4))
    g = np.empty((epochs + 1, 4))
    p[0] = w1, b1, w2, b2
    for k in range(epochs + 1):
        g[k] = [float(v) for v in hidden_gradient(cost, *p[k], x, y)]
        if k < epochs:
            p[k + 1] = p[k] - eta * g[k]
    z1, _, z2, a = hidden_forward(p[:, 0], p[:, 1], p[:, 2], p[:, 3], x)
    return HiddenTrajectory(epoch=np.arange(epochs + 1), w1=p[:, 0], b1=p[:, 1], w2=p[:, 2], b2=p[:, 3],
                            z1=z1, a=a, cost=np.asarray(cost.fn(z2, y), dtype=float),
                            grad_w1=g[:, 0], grad_w2=g[:, 2])


def hidden_saturation(z1, w2, b2, cost="cross-entropy", x=1.0, y=0.0):
    """Return (|∂C/∂w1|, |∂C/∂b1|, |∂C/∂w2|, |∂C/∂b2|) against the hidden pre-activation z1 (array).

    The output neuron (w2, b2) is held fixed and the hidden parameters are
    taken as w1 = z1/x, b1 = 0 (only z1 matters).  For the cross-entropy
    |∂C/∂b2| = |a − y| carries no σ′, while |∂C/∂w1| = |(a − y) w2 σ′(z1) x|
    falls like σ′(z1) once the hidden neuron saturates.
    """
    z1 = np.asarray(z1, dtype=float)
    return tuple(np.abs(g) for g in hidden_gradient(cost, z1 / x, 0.0, w2, b2, x, y))
