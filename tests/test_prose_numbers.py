"""Numbers in prose are code.

Every decimal number printed on a page (prose or math) must be registered here as
a Claim: the exact text as printed and a function that computes it from the
project's code (or, for an input parameter, the constant the figure script
uses).  The tests check that (1) each claim's computed value, rounded to the
printed number of decimals, equals the printed text, (2) each claim appears on
the pages it names, and (3) no page prints a decimal number that no claim covers.

A claim compares magnitudes: the printed text carries no sign (write "−" in the
prose before the number); ``value`` returns the printed magnitude.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from xent import experiments
from figures import fig_crossentropy_learning
from figures import fig_eta_sweep
from figures import fig_forward_reverse_kl
from figures import fig_hidden_saturation
from figures import fig_kl_asymmetry
from figures import fig_label_smoothing
from figures import fig_log_sigmoid_stability
from figures import fig_quadratic_learning
from figures import fig_softmax_example
from figures import figstyle
from xent import infotheory
from xent import losses
from xent import neuron

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ja", "en")


@dataclass(frozen=True)
class Claim:
    text: str  # as printed, e.g. "0.82"
    value: Callable[[], float]
    pages: tuple  # file names under docs/<lang>/ where it is printed
    what: str  # what the number is


# --- the single neuron (chapters 1 and 2) ---------------------------------------

def _run(cost, start, eta=fig_quadratic_learning.ETA, epochs=fig_quadratic_learning.EPOCHS):
    w, b = figstyle.STARTS[start]
    return neuron.train(cost, w, b, eta, epochs)


def _quad(start, epochs=fig_quadratic_learning.EPOCHS, eta=fig_quadratic_learning.ETA):
    return _run(neuron.QuadraticCost, start, eta, epochs)


def _ce(start, epochs=fig_quadratic_learning.EPOCHS, eta=fig_quadratic_learning.ETA):
    return _run(neuron.CrossEntropyCost, start, eta, epochs)


def _z(start):
    w, b = figstyle.STARTS[start]
    return w * 1.0 + b


def _first_grad(cost, start):
    """∂C/∂b at the start (x = 1, y = 0)."""
    w, b = figstyle.STARTS[start]
    return neuron.gradient(cost, w, b)[1]


def _after_first_step(cost, start, eta=fig_quadratic_learning.ETA):
    """w (= b) after one update from start 2 (w = b, x = 1)."""
    return float(_run(cost, start, eta, 1).w[1])


def _anim(start, epochs=fig_quadratic_learning.EPOCHS):
    """NNDL's animation rule at its η = 0.005: output after ``epochs`` updates."""
    w, b = figstyle.STARTS[start]
    return experiments.train_nndl_animation(w, b, epochs=epochs).a[-1]


def _swept(cost, eta, start):
    return experiments.sweep(cost, [eta], figstyle.STARTS, fig_eta_sweep.EPOCHS)[0, start]


SWEEP_ETA = 0.05  # the learning rate quoted from the η sweep (cross-entropy.md)
SOFT_TARGET = 0.3  # the soft target of the example and exercise 2.1


# --- classification (chapter 3) ----------------------------------------------------
# The worked examples' inputs; the softmax example is the softmax_example figure's.

LOGITS = fig_softmax_example.LOGITS
TRUE_CLASS = fig_softmax_example.TRUE_CLASS
EPSILON = 0.1  # label smoothing ε (Szegedy et al. 2016 used 0.1)
ML_LOGITS = ((2.0, 0.0, -1.0), (-2.0, -1.0, 3.0))  # multi-label: (cat, dog, car)
ML_TARGETS = ((1.0, 1.0, 0.0), (0.0, 0.0, 1.0))
BIG_LOGITS = (1000.0, 999.0, 998.0)  # the log-sum-exp example


def _p(k):
    return losses.softmax(LOGITS)[k]


def _smoothed(k):
    return losses.smoothed_target([LOGITS], [TRUE_CLASS], EPSILON)[0, k]


def _ml(sample=0, reduction="none"):
    return losses.binary_cross_entropy_with_logits([ML_LOGITS[sample]], [ML_TARGETS[sample]], reduction=reduction)


def _ml_batch(reduction):
    return losses.binary_cross_entropy_with_logits(ML_LOGITS, ML_TARGETS, reduction=reduction)


_MEMO = {}


def _memo(key, compute):
    """A figure's compute() result, computed once for all claims that quote it."""
    if key not in _MEMO:
        _MEMO[key] = compute()
    return _MEMO[key]


def _hidden(key):
    return _memo("hidden", fig_hidden_saturation.compute)[key]


def _smoothing(key):
    return _memo("smoothing", fig_label_smoothing.compute)[key]


def _float32_sigmoid_one():
    """The z above which σ(z) = 1/(1 + e^{−z}), evaluated in float32, rounds to exactly 1 (bisection)."""
    one = np.float32(1.0)

    def rounds_to_one(z):
        with np.errstate(over="ignore"):
            return one / (one + np.exp(np.float32(-z))) == one

    good, bad = 1.0, 60.0
    for _ in range(60):
        mid = 0.5 * (good + bad)
        good, bad = (good, mid) if rounds_to_one(mid) else (mid, bad)
    return good


def _stability(key):
    return _memo("stability", fig_log_sigmoid_stability.compute)[key]


# --- information theory (chapter 5) ------------------------------------------------

RAIN = (0.9, 0.1)  # rain probabilities of the self-information example
P_EX, Q_EX = (0.5, 0.5), (0.9, 0.1)  # the asymmetry / decomposition example
A_EX, B_EX, C_EX = (0.9, 0.1), (0.5, 0.5), (0.1, 0.9)  # the triangle-inequality example
RARE = 0.001  # probability given to an outcome that happens (over-fitting section)

def _fit(which):
    return _memo("fits", fig_forward_reverse_kl.compute)[which]


Q, CE = neuron.QuadraticCost, neuron.CrossEntropyCost
S1, S2, ERR = ("slowdown.md",), ("cross-entropy.md",), ("errata.md",)

CLAIMS = [
    # --- inputs of the experiment (must match what the figure scripts use) ---
    Claim("0.15", lambda: fig_quadratic_learning.ETA, ("slowdown.md", "cross-entropy.md", "errata.md"),
          "learning rate η"),
    Claim("0.6", lambda: figstyle.STARTS[0][0], ("slowdown.md", "errata.md"), "start 1: w"),
    Claim("0.9", lambda: figstyle.STARTS[0][1], ("slowdown.md", "errata.md"), "start 1: b"),
    Claim("0.1", lambda: fig_eta_sweep.CONTOURS[0], ("cross-entropy.md",), "eta_sweep: contour level a = 0.1"),
    Claim("0.5", lambda: fig_eta_sweep.CONTOURS[1], ("cross-entropy.md",), "eta_sweep: contour level a = 0.5"),
    Claim("1.5", lambda: _z(0), ("slowdown.md", "cross-entropy.md"), "start 1: z = w + b"),
    Claim("0.005", lambda: experiments.NNDL_ETA, ("cross-entropy.md", "errata.md"),
          "NNDL's learning rate for the cross-entropy"),
    Claim("0.001", lambda: fig_eta_sweep.ETAS[0], S2, "smallest η of the sweep"),
    Claim("0.05", lambda: SWEEP_ETA, S2, "η quoted from the sweep"),
    # --- chapter 1: quadratic cost ---
    Claim("0.82", lambda: _quad(0).a[0], ("slowdown.md", "index.md", "cross-entropy.md", "errata.md"),
          "start 1: initial output"),
    Claim("0.98", lambda: _quad(1).a[0], ("slowdown.md", "index.md", "cross-entropy.md", "errata.md"),
          "start 2: initial output"),
    Claim("0.09", lambda: _quad(0).a[-1], ("slowdown.md", "cross-entropy.md", "errata.md"),
          "start 1: output after 300 epochs"),
    Claim("0.20", lambda: _quad(1).a[-1], ("slowdown.md", "cross-entropy.md", "errata.md"),
          "start 2: output after 300 epochs"),
    Claim("0.96", lambda: _quad(1, epochs=100).a[-1], S1, "quadratic, start 2: output after 100 epochs"),
    Claim("0.21", lambda: _quad(0, epochs=100).a[-1], S1, "quadratic, start 1: output after 100 epochs"),
    Claim("0.149", lambda: neuron.sigmoid_prime(_z(0)), S1, "σ′(1.5)"),
    Claim("0.0177", lambda: neuron.sigmoid_prime(_z(1)), S1, "σ′(4)"),
    Claim("8.4", lambda: neuron.sigmoid_prime(_z(0)) / neuron.sigmoid_prime(_z(1)), S1, "ratio σ′(1.5)/σ′(4)"),
    Claim("0.25", lambda: neuron.sigmoid_prime(0.0), S1, "max σ′ = σ′(0)"),
    Claim("0.122", lambda: _first_grad(Q, 0), S1, "quadratic: first ∂C/∂b from start 1"),
    Claim("0.0173", lambda: _first_grad(Q, 1), ("slowdown.md", "cross-entropy.md"),
          "quadratic: first ∂C/∂b from start 2"),
    Claim("7.0", lambda: _first_grad(Q, 0) / _first_grad(Q, 1), ("slowdown.md", "errata.md"),
          "ratio of the first quadratic gradients, start 1 / start 2"),
    # --- chapter 2: cross-entropy, same experiment ---
    Claim("0.3", lambda: SOFT_TARGET, S2, "soft target y of the example"),
    Claim("0.7", lambda: 1 - SOFT_TARGET, S2, "1 − y for the soft target"),
    Claim("0.611", lambda: infotheory.binary_entropy(SOFT_TARGET), S2, "min of the cross-entropy at y = 0.3: H_b(0.3)"),
    Claim("1.70", lambda: _ce(0).cost[0], S2, "cross-entropy: initial cost, start 1"),
    Claim("4.02", lambda: _ce(1).cost[0], S2, "cross-entropy: initial cost, start 2"),
    Claim("0.82", lambda: _first_grad(CE, 0), S2, "cross-entropy: first ∂C/∂b = a, start 1"),
    Claim("0.98", lambda: _first_grad(CE, 1), S2, "cross-entropy: first ∂C/∂b = a, start 2"),
    Claim("56.6", lambda: _first_grad(CE, 1) / _first_grad(Q, 1), S2,
          "first gradient, cross-entropy / quadratic, start 2 (= 1/σ′(4))"),
    Claim("0.78", lambda: _ce(1, epochs=10).a[-1], S2, "cross-entropy η = 0.15, start 2: output after 10 epochs"),
    Claim("0.98", lambda: _quad(1, epochs=10).a[-1], S2, "quadratic η = 0.15, start 2: output after 10 epochs"),
    Claim("0.012", lambda: _ce(0).a[-1], S2, "cross-entropy η = 0.15, start 1: output after 300 epochs"),
    Claim("0.012", lambda: _ce(1).a[-1], S2, "cross-entropy η = 0.15, start 2: output after 300 epochs"),
    Claim("0.42", lambda: _ce(0, eta=experiments.NNDL_ETA).a[-1], ("cross-entropy.md", "errata.md"),
          "cross-entropy η = 0.005 (true gradient), start 1: output after 300 epochs"),
    Claim("0.78", lambda: _ce(1, eta=experiments.NNDL_ETA).a[-1], ("cross-entropy.md", "errata.md"),
          "cross-entropy η = 0.005 (true gradient), start 2: output after 300 epochs"),
    Claim("0.75", lambda: _quad(0, eta=experiments.NNDL_ETA).a[-1], S2,
          "quadratic η = 0.005, start 1: output after 300 epochs"),
    Claim("0.98", lambda: _quad(1, eta=experiments.NNDL_ETA).a[-1], S2,
          "quadratic η = 0.005, start 2: output after 300 epochs"),
    Claim("0.21", lambda: _swept("quadratic", SWEEP_ETA, 0), S2, "sweep: quadratic η = 0.05, start 1"),
    Claim("0.96", lambda: _swept("quadratic", SWEEP_ETA, 1), S2, "sweep: quadratic η = 0.05, start 2"),
    Claim("0.038", lambda: _swept("cross-entropy", SWEEP_ETA, 0), S2, "sweep: cross-entropy η = 0.05, start 1"),
    Claim("0.042", lambda: _swept("cross-entropy", SWEEP_ETA, 1), S2, "sweep: cross-entropy η = 0.05, start 2"),
    Claim("56.6", lambda: 1 / neuron.sigmoid_prime(_z(1)), S2,
          "NNDL animation step / true step at start 2 = 1/σ′(4)"),
    Claim("0.04", lambda: _anim(0), ("cross-entropy.md", "errata.md"),
          "NNDL animation rule, start 1: output after 300 updates"),
    Claim("0.05", lambda: _anim(1), ("cross-entropy.md", "errata.md"),
          "NNDL animation rule, start 2: output after 300 updates"),
    Claim("0.291", lambda: _hidden("gw1_0")[0], S2, "hidden_saturation: |∂C/∂w1| at z1 = 1.5"),
    Claim("0.035", lambda: _hidden("gw1_0")[1], S2, "hidden_saturation: |∂C/∂w1| at z1 = 4"),
    Claim("0.97", lambda: _hidden("runs")[0].a[0], S2, "hidden_saturation: initial output, hidden start 1"),
    Claim("0.98", lambda: _hidden("runs")[1].a[0], S2, "hidden_saturation: initial output, hidden start 2"),
    Claim("0.016", lambda: _hidden("runs")[0].a[-1], S2, "hidden_saturation: output after 300 epochs, start 1"),
    Claim("0.012", lambda: _hidden("runs")[1].a[-1], S2, "hidden_saturation: output after 300 epochs, start 2"),
    Claim("0.22", lambda: -(_hidden("runs")[0].w1[-1] - _hidden("runs")[0].w1[0]), S2,
          "hidden_saturation: change of w1 from hidden start 1 (magnitude)"),
    Claim("0.004", lambda: _hidden("runs")[1].w1[-1] - _hidden("runs")[1].w1[0], S2,
          "hidden_saturation: change of w1 from the saturated hidden start 2"),
    Claim("0.982", lambda: neuron.sigmoid(_z(1)), S2, "exercise 2.2: σ(4)"),
    Claim("0.147", lambda: fig_quadratic_learning.ETA * _first_grad(CE, 1), S2,
          "exercise 2.2: first cross-entropy step"),
    Claim("1.853", lambda: _after_first_step(CE, 1), S2, "exercise 2.2: w = b after one cross-entropy step"),
    Claim("0.0026", lambda: fig_quadratic_learning.ETA * _first_grad(Q, 1), S2,
          "exercise 2.2: first quadratic step"),
    Claim("1.997", lambda: _after_first_step(Q, 1), S2, "exercise 2.2: w = b after one quadratic step"),
    # --- chapter 3: classification ---
    Claim("2.0", lambda: LOGITS[0], ("classification.md",), "softmax example: logit 0 (also a multi-label logit)"),
    Claim("1.0", lambda: LOGITS[1], ("classification.md",), "softmax example: logit 1"),
    Claim("0.1", lambda: LOGITS[2], ("classification.md",), "softmax example: logit 2"),
    Claim("7.389", lambda: np.exp(LOGITS[0]), ("classification.md",), "e^2.0"),
    Claim("2.718", lambda: np.exp(LOGITS[1]), ("classification.md",), "e^1.0"),
    Claim("1.105", lambda: np.exp(LOGITS[2]), ("classification.md",), "e^0.1"),
    Claim("11.213", lambda: np.exp(LOGITS).sum(), ("classification.md",), "Σ e^z"),
    Claim("0.659", lambda: _p(0), ("classification.md",), "softmax p_0"),
    Claim("0.242", lambda: _p(1), ("classification.md",), "softmax p_1 (= gradient component 1)"),
    Claim("0.099", lambda: _p(2), ("classification.md",), "softmax p_2 (= gradient component 2)"),
    Claim("0.417", lambda: losses.softmax_cross_entropy([LOGITS], [TRUE_CLASS]), ("classification.md",),
          "softmax example loss −ln p_0"),
    Claim("0.341", lambda: -losses.softmax_cross_entropy_grad([LOGITS], [TRUE_CLASS])[0, 0], ("classification.md",),
          "softmax example gradient component 0 (magnitude)"),
    Claim("0.0", lambda: ML_LOGITS[0][1], ("classification.md",), "multi-label example: logit for dog"),
    Claim("1.0", lambda: -ML_LOGITS[0][2], ("classification.md",), "multi-label example: logit for car (magnitude)"),
    Claim("0.881", lambda: neuron.sigmoid(ML_LOGITS[0][0]), ("classification.md",), "σ(2.0)"),
    Claim("0.5", lambda: neuron.sigmoid(ML_LOGITS[0][1]), ("classification.md",), "σ(0.0)"),
    Claim("0.269", lambda: neuron.sigmoid(ML_LOGITS[0][2]), ("classification.md",), "σ(−1.0)"),
    Claim("1.65", lambda: neuron.sigmoid(np.array(ML_LOGITS[0])).sum(), ("classification.md",),
          "sum of the multi-label outputs"),
    Claim("0.127", lambda: _ml()[0, 0], ("classification.md",), "multi-label loss, cat (= softplus(−2))"),
    Claim("0.693", lambda: _ml()[0, 1], ("classification.md",), "multi-label loss, dog (ln 2)"),
    Claim("0.313", lambda: _ml()[0, 2], ("classification.md",), "multi-label loss, car (= softplus(−1))"),
    Claim("1.133", lambda: _ml(reduction="sum"), ("classification.md",), "multi-label sample loss (sum over labels)"),
    Claim("0.119", lambda: -losses.binary_cross_entropy_with_logits_grad([ML_LOGITS[0]], [ML_TARGETS[0]], "sum")[0, 0],
          ("classification.md",), "multi-label gradient, cat (magnitude)"),
    Claim("0.378", lambda: _ml(reduction="mean"), ("classification.md",),
          "multi-label, one sample: mean over all elements (BCEWithLogitsLoss)"),
    Claim("3.0", lambda: ML_LOGITS[1][2], ("classification.md",), "exercise 3.3: logit for car"),
    Claim("0.049", lambda: _ml(1)[0, 2], ("classification.md",), "exercise 3.3: loss for car, sample 2"),
    Claim("0.489", lambda: _ml(1, "sum"), ("classification.md",), "exercise 3.3: sample 2 loss"),
    Claim("0.811", lambda: _ml_batch("mean_samples"), ("classification.md",), "exercise 3.3: L_samples"),
    Claim("0.270", lambda: _ml_batch("mean"), ("classification.md",), "exercise 3.3: L_elements"),
    Claim("709.78", lambda: -_stability("z_overflow"), ("classification.md",),
          "z below which the naive log σ(z) overflows (magnitude)"),
    Claim("36.7", lambda: _stability("z_zero"), ("classification.md",), "z above which σ(z) rounds to 1 (float64)"),
    Claim("16.6", _float32_sigmoid_one, ("classification.md",), "z above which σ(z) rounds to 1 (float32)"),
    Claim("0.408", lambda: losses.logsumexp(BIG_LOGITS) - max(BIG_LOGITS), ("classification.md",),
          "log-sum-exp of (1000, 999, 998) minus 1000 (= the loss for class 0)"),
    Claim("0.1", lambda: EPSILON, ("classification.md",), "label smoothing ε"),
    Claim("0.933", lambda: _smoothed(0), ("classification.md",), "smoothed target, true class"),
    Claim("0.033", lambda: _smoothed(1), ("classification.md",), "smoothed target, other classes"),
    Claim("0.514", lambda: losses.softmax_cross_entropy([LOGITS], [TRUE_CLASS], EPSILON), ("classification.md",),
          "loss of the example against the smoothed target"),
    Claim("0.274", lambda: -losses.softmax_cross_entropy_grad([LOGITS], [TRUE_CLASS], EPSILON)[0, 0],
          ("classification.md",), "smoothed gradient, true class (magnitude)"),
    Claim("0.209", lambda: losses.softmax_cross_entropy_grad([LOGITS], [TRUE_CLASS], EPSILON)[0, 1],
          ("classification.md",), "smoothed gradient, class 1"),
    Claim("0.065", lambda: losses.softmax_cross_entropy_grad([LOGITS], [TRUE_CLASS], EPSILON)[0, 2],
          ("classification.md",), "smoothed gradient, class 2"),
    Claim("0.291", lambda: infotheory.entropy(losses.smoothed_target([LOGITS], [TRUE_CLASS], EPSILON)[0]),
          ("classification.md",), "minimum loss with smoothing: H(y_LS)"),
    Claim("3.33", lambda: math.log(_smoothed(0) / _smoothed(1)), ("classification.md",),
          "optimal logit gap with smoothing: ln 28"),
    Claim("0.92", lambda: _smoothing("smooth")[0], ("classification.md",), "label_smoothing figure: true-class target"),
    Claim("0.02", lambda: _smoothing("smooth")[1], ("classification.md",), "label_smoothing figure: other targets"),
    Claim("3.83", lambda: _smoothing("m_opt"), ("classification.md",), "label_smoothing figure: optimal margin ln 46"),
    Claim("0.390", lambda: _smoothing("loss_opt"), ("classification.md",), "label_smoothing figure: minimum loss"),
    # --- chapter 5: information theory ---
    Claim("1.443", lambda: 1 / math.log(2), ("information.md",), "bits per nat"),
    Claim("0.9", lambda: RAIN[0], ("information.md",), "rain example: probability 0.9 (also q_0, A_0)"),
    Claim("0.1", lambda: RAIN[1], ("information.md",), "rain example: probability 0.1 (also q_1, A_1)"),
    Claim("0.105", lambda: infotheory.self_information(RAIN[0]), ("information.md",), "−ln 0.9"),
    Claim("0.152", lambda: infotheory.self_information(RAIN[0], base=2), ("information.md",), "−log2 0.9"),
    Claim("2.303", lambda: infotheory.self_information(RAIN[1]), ("information.md",), "−ln 0.1"),
    Claim("3.322", lambda: infotheory.self_information(RAIN[1], base=2), ("information.md",), "−log2 0.1"),
    Claim("0.693", lambda: infotheory.self_information(0.5), ("information.md",), "ln 2: one bit in nats"),
    Claim("1.792", lambda: infotheory.entropy(np.full(6, 1 / 6)), ("information.md",), "fair die: ln 6"),
    Claim("2.585", lambda: infotheory.entropy(np.full(6, 1 / 6), base=2), ("information.md",), "fair die: log2 6"),
    Claim("0.325", lambda: infotheory.binary_entropy(RAIN[0]), ("information.md",), "H_b(0.9) in nats"),
    Claim("0.469", lambda: infotheory.binary_entropy(RAIN[0], base=2), ("information.md",), "H_b(0.9) in bits"),
    Claim("0.5", lambda: P_EX[0], ("information.md",), "p = (0.5, 0.5)"),
    Claim("0.511", lambda: infotheory.kl_divergence(P_EX, Q_EX), ("information.md",), "D_KL(p‖q)"),
    Claim("0.368", lambda: infotheory.kl_divergence(Q_EX, P_EX), ("information.md",), "D_KL(q‖p)"),
    Claim("1.204", lambda: infotheory.cross_entropy(P_EX, Q_EX), ("information.md",), "H(p, q)"),
    Claim("1.758", lambda: infotheory.kl_divergence(A_EX, C_EX), ("information.md",), "D_KL(A‖C)"),
    Claim("0.368", lambda: infotheory.kl_divergence(A_EX, B_EX), ("information.md",), "D_KL(A‖B)"),
    Claim("0.511", lambda: infotheory.kl_divergence(B_EX, C_EX), ("information.md",), "D_KL(B‖C)"),
    Claim("0.879", lambda: infotheory.kl_divergence(A_EX, B_EX) + infotheory.kl_divergence(B_EX, C_EX),
          ("information.md",), "D_KL(A‖B) + D_KL(B‖C)"),
    Claim("0.8", lambda: A_EX[0] - A_EX[1], ("information.md",), "exercise 5.3: 0.9 − 0.1 in 0.8 ln 9"),
    Claim("0.45", lambda: fig_kl_asymmetry.P[0], ("information.md",), "kl_asymmetry figure: P_0"),
    Claim("0.05", lambda: fig_kl_asymmetry.P[2], ("information.md",), "kl_asymmetry figure: P_2"),
    Claim("0.511", lambda: infotheory.kl_divergence(fig_kl_asymmetry.Q, fig_kl_asymmetry.P), ("information.md",),
          "kl_asymmetry figure: D_KL(Q‖P)"),
    Claim("0.368", lambda: infotheory.kl_divergence(fig_kl_asymmetry.P, fig_kl_asymmetry.Q), ("information.md",),
          "kl_asymmetry figure: D_KL(P‖Q)"),
    Claim("0.6", lambda: fig_forward_reverse_kl.WEIGHTS[0], ("information.md",), "mixture weight 1"),
    Claim("0.4", lambda: fig_forward_reverse_kl.WEIGHTS[1], ("information.md",), "mixture weight 2"),
    Claim("0.7", lambda: fig_forward_reverse_kl.SIGMAS[0], ("information.md",), "mixture components' σ"),
    Claim("0.40", lambda: -_fit("forward").mu, ("information.md",), "forward-KL fit: mean (magnitude)"),
    Claim("2.08", lambda: _fit("forward").sigma, ("information.md",), "forward-KL fit: σ"),
    Claim("1.99", lambda: -_fit("reverse").mu, ("information.md",), "reverse-KL fit: mean (magnitude)"),
    Claim("0.72", lambda: _fit("reverse").sigma, ("information.md",), "reverse-KL fit: σ"),
    Claim("0.001", lambda: RARE, ("information.md",), "probability of the confidently wrong prediction"),
    Claim("6.908", lambda: infotheory.self_information(RARE), ("information.md",), "−ln 0.001"),
]

NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?!\w|\.\d)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE_TAG = re.compile(r"<code>.*?</code>|`[^`\n]*`", re.S)
# "演習 2.1", "図 2.1", "section 5.5", "5.5 節" are labels of exercises and book sections, not numbers
EXERCISE_LABEL = re.compile(r"(演習|Exercise|図|Figure|[Ss]ection|§)\s*\d+(\.\d+)+|\d+(\.\d+)+\s*節")


def page_numbers(text):
    """Decimal numbers printed on a page, outside code."""
    text = FENCE.sub("", text)
    text = CODE_TAG.sub("", text)
    text = EXERCISE_LABEL.sub("", text)
    return set(NUMBER.findall(text))


def pages(lang):
    return sorted((ROOT / "docs" / lang).glob("*.md"))


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.text}:{c.what}")
def test_claim_value(claim):
    decimals = len(claim.text.split(".")[1]) if "." in claim.text else 0
    v = float(claim.value())
    assert math.isfinite(v)
    assert f"{v:.{decimals}f}" == claim.text, f"{claim.what}: code gives {v!r}, prose says {claim.text}"


@pytest.mark.parametrize("lang", LANGS)
def test_claims_appear_where_they_say(lang):
    missing = []
    for c in CLAIMS:
        for name in c.pages:
            path = ROOT / "docs" / lang / name
            if path.exists() and c.text not in page_numbers(path.read_text(encoding="utf-8")):
                missing.append(f"{lang}/{name}: {c.text} ({c.what})")
    assert not missing, "claims not found on their pages:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", LANGS)
def test_every_printed_number_is_claimed(lang):
    claimed = {}
    for c in CLAIMS:
        for name in c.pages:
            claimed.setdefault(name, set()).add(c.text)
    unclaimed = []
    for path in pages(lang):
        for n in sorted(page_numbers(path.read_text(encoding="utf-8"))):
            if n not in claimed.get(path.name, set()):
                unclaimed.append(f"{lang}/{path.name}: {n}")
    assert not unclaimed, "numbers printed without a Claim in tests/test_prose_numbers.py:\n" + "\n".join(unclaimed)


def test_scanner_finds_numbers():
    """The scanner itself: finds decimals in prose and math, skips code."""
    text = "出力は 0.82 から $a=0.09$ へ。\n```\nx = 3.14\n```\n`2.71` v1.2.3 reached 0.20. 演習 2.1, Exercise 3.2, section 10.1.2, 5.5 節"
    assert page_numbers(text) == {"0.82", "0.09", "0.20"}
    assert np.isclose(float("0.82"), 0.82)
