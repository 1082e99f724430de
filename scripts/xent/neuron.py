"""A single sigmoid neuron trained by plain gradient descent.

This is the experiment of Nielsen, *Neural Networks and Deep Learning*, chapter 3
(one input x = 1, target y = 0): the neuron computes z = w x + b and a = σ(z), and
gradient descent on one cost moves w and b.  The code aims to be readable and easy
to change, not fast.

Each cost is a small class in the style of Nielsen's ``network2.py``:
``fn(z, y)`` returns the cost of one sample and ``delta(z, y)`` returns ∂C/∂z.
Both take z rather than a = σ(z), so that the cross-entropy can be evaluated
stably (softplus form) instead of hiding log 0 behind ``nan_to_num``.
Logarithms are natural (nats).

Command line::

    python -m xent.neuron --cost quadratic --w 0.6 --b 0.9 --eta 0.15 --epochs 300
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from dataclasses import dataclass

import numpy as np


def sigmoid(z):
    """σ(z) = 1 / (1 + e^{-z}), evaluated without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z):
    """σ'(z) = σ(z) (1 − σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def softplus(z):
    """softplus(z) = ln(1 + e^z), stable for large |z|."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


class QuadraticCost:
    """C = (a − y)² / 2 for one sample."""

    name = "quadratic"

    @staticmethod
    def fn(z, y):
        """Return the cost of output a = σ(z) against target y."""
        return 0.5 * (sigmoid(z) - y) ** 2

    @staticmethod
    def delta(z, y):
        """Return ∂C/∂z = (a − y) σ'(z): the σ' factor is what slows learning."""
        return (sigmoid(z) - y) * sigmoid_prime(z)


class CrossEntropyCost:
    """C = −[y ln a + (1 − y) ln(1 − a)] for one sample, in nats.

    Evaluated as softplus(z) − y z, which is the same function of z but finite
    for every z (no log 0 when a rounds to 0 or 1).
    """

    name = "cross-entropy"

    @staticmethod
    def fn(z, y):
        """Return the cost of output a = σ(z) against target y."""
        return softplus(z) - y * np.asarray(z, dtype=float)

    @staticmethod
    def delta(z, y):
        """Return ∂C/∂z = a − y: σ' has cancelled."""
        return sigmoid(z) - y


COSTS = {c.name: c for c in (QuadraticCost, CrossEntropyCost)}


def gradient(cost, w, b, x=1.0, y=0.0):
    """Return (∂C/∂w, ∂C/∂b) for one sample."""
    z = w * x + b
    d = float(cost.delta(z, y))
    return d * x, d


@dataclass
class Trajectory:
    """Everything that happened during training; index k is epoch k (0 = start)."""

    epoch: np.ndarray
    w: np.ndarray
    b: np.ndarray
    z: np.ndarray
    a: np.ndarray
    cost: np.ndarray

    FIELDS = ("epoch", "w", "b", "z", "a", "cost")

    def as_dict(self):
        """Plain lists keyed by field name (for JSON)."""
        return {f: getattr(self, f).tolist() for f in self.FIELDS}


def validate(cost, eta, epochs, x, y, w, b):
    """Raise ValueError with a one-line reason if the parameters make no sense."""
    if isinstance(cost, str):
        if cost not in COSTS:
            raise ValueError(f"unknown cost {cost!r}; choose one of {', '.join(COSTS)}")
    for name, v in (("eta", eta), ("x", x), ("y", y), ("w", w), ("b", b)):
        if not math.isfinite(v):
            raise ValueError(f"{name} must be a finite number, got {v!r}")
    if eta <= 0:
        raise ValueError(f"eta must be > 0, got {eta!r}")
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    if not 0.0 <= y <= 1.0:
        raise ValueError(f"y must lie in [0, 1], got {y!r}")


def train(cost, w, b, eta, epochs, x=1.0, y=0.0):
    """Train the neuron by gradient descent on one sample; return its Trajectory.

    ``cost`` is a cost class or its name ("quadratic", "cross-entropy").
    Update rule: w ← w − η ∂C/∂w, b ← b − η ∂C/∂b, once per epoch.
    """
    validate(cost, eta, epochs, x, y, w, b)
    if isinstance(cost, str):
        cost = COSTS[cost]
    epochs = int(epochs)
    ws = np.empty(epochs + 1)
    bs = np.empty(epochs + 1)
    ws[0], bs[0] = w, b
    for k in range(epochs):
        gw, gb = gradient(cost, ws[k], bs[k], x, y)
        ws[k + 1] = ws[k] - eta * gw
        bs[k + 1] = bs[k] - eta * gb
    zs = ws * x + bs
    return Trajectory(
        epoch=np.arange(epochs + 1),
        w=ws,
        b=bs,
        z=zs,
        a=sigmoid(zs),
        cost=np.asarray(cost.fn(zs, y), dtype=float),
    )


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line and exits with 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv=None):
    p = _Parser(prog="neuron.py", description="Train one sigmoid neuron by gradient descent.")
    p.add_argument("--cost", required=True, help="quadratic or cross-entropy")
    p.add_argument("--w", type=float, required=True, help="initial weight")
    p.add_argument("--b", type=float, required=True, help="initial bias")
    p.add_argument("--eta", type=float, required=True, help="learning rate η > 0")
    p.add_argument("--epochs", type=int, required=True, help="number of updates (>= 0)")
    p.add_argument("--x", type=float, default=1.0, help="input (default 1)")
    p.add_argument("--y", type=float, default=0.0, help="target in [0, 1] (default 0)")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    args = p.parse_args(argv)
    try:
        t = train(args.cost, args.w, args.b, args.eta, args.epochs, args.x, args.y)
    except ValueError as e:
        p.error(str(e))
    out = io.StringIO()
    if args.format == "json":
        json.dump(t.as_dict(), out)
        out.write("\n")
    else:
        wr = csv.writer(out, lineterminator="\n")
        wr.writerow(Trajectory.FIELDS)
        for row in zip(*(t.as_dict()[f] for f in Trajectory.FIELDS)):
            wr.writerow([repr(v) for v in row])
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
