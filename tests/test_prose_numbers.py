"""Numbers in prose are code, registered by place.

Every decimal number printed on a page (prose, math, tables, exercises; not code) is registered
here as a ``Claim``:

    Claim("0.98", lambda: _quad(1).a[0], {"slowdown.md#experiment": 2, "index.md#home": 1},
          "start 2: initial output")

* ``text``: the number exactly as printed ("0.98", "56.6"), without sign (write "−" in the prose);
* ``value``: a function computing it with the project's code (``xent``, the figure modules, the
  worked examples' inputs in ``xent/examples.py``), never a constant of this file; its value
  rounded to the printed decimals must equal ``text``;
* ``where``: ``{"<page>.md#<section id>": count}``: the page under docs/<lang>/, the stable id of
  the section (``## Heading {#id}``; ``#<h1 id>`` for the text before the first ``##``) and how
  many times the number is printed there for this meaning.  Both languages must match.

The test compares, per language, page and section, the multiset of printed numbers with the sum
of the registered counts: a number changed into another (even one printed elsewhere on the page),
added, removed or moved to another section fails; a page or section id that does not exist fails.
When several claims print the same text in one section (0.98 means four things in chapter 2),
each carries its own count.  To add a number: compute it in code, add a Claim with its place and
count, in the block of its chapter.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import pagetext
from xent import experiments
from figures import fig_crossentropy_learning
from figures import fig_eta_sweep
from figures import fig_forward_reverse_kl
from figures import fig_hidden_saturation
from figures import fig_kl_asymmetry
from figures import fig_label_smoothing
from figures import fig_log_sigmoid_stability
from figures import fig_quadratic_learning
from figures import fig_reliability
from figures import fig_softmax_example
from figures import figstyle
from xent import calibration
from xent import examples as EX
from xent import infotheory
from xent import losses
from xent import neuron
from xent.examples import (A_EX, B_EX, BIG_LOGITS, C_EX, LABEL_SMOOTHING as EPSILON, ML_LOGITS, ML_TARGETS,
                           P_EX, Q_EX, RAIN, RARE, SOFT_TARGET, SWEEP_ETA)

LANGS = pagetext.LANGS


@dataclass(frozen=True)
class Claim:
    text: str  # as printed, e.g. "0.82"
    value: Callable[[], float]
    where: dict  # {"page.md#section-id": times printed there}
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




# --- classification (chapter 3) ----------------------------------------------------
# The worked examples' inputs; the softmax example is the softmax_example figure's.

LOGITS = fig_softmax_example.LOGITS
TRUE_CLASS = fig_softmax_example.TRUE_CLASS


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


def _fit(which):
    return _memo("fits", fig_forward_reverse_kl.compute)[which]



# --- second edition: chapter 3 ------------------------------------------------------


def _se(key):
    """The squared-error-on-softmax example: probabilities and the two gradients' magnitudes."""
    z, y = np.array(EX.SOFTMAX_SE_LOGITS), np.array(EX.SOFTMAX_SE_TARGET)
    p = losses.softmax(z)
    return {"p": p, "ce": np.linalg.norm(p - y), "se": np.linalg.norm(losses.softmax_squared_error_grad(z, y))}[key]


def _double(key):
    """The double-softmax pitfall: the loss and gradient with the softmax applied once and twice."""
    z = np.array([EX.DOUBLE_SOFTMAX_LOGITS])
    p = losses.softmax(z)
    right, wrong = EX.DOUBLE_SOFTMAX_TARGET, 0
    if key == "once":
        return losses.softmax_cross_entropy(z, [right])
    if key == "twice":
        return losses.softmax_cross_entropy(p, [right])
    if key == "floor":  # the best a doubled softmax can do: p exactly one-hot on the true class
        return losses.softmax_cross_entropy(np.eye(3)[[right]], [right])
    y = np.eye(3)[wrong]
    if key == "grad_once":
        return np.linalg.norm(losses.softmax(z[0]) - y)
    # chain rule through the first softmax: Jᵀ (softmax(p) − y)
    return np.linalg.norm(losses.softmax_jacobian(z[0]).T @ (losses.softmax(p[0]) - y))


def _pos_weight_inverse():
    """Exercise 3.5: the positive rate π at which pos_weight's optimum is the model's output, found by
    root-finding on losses.pos_weight_optimum (independent of the inverse formula the answer prints)."""
    from scipy.optimize import brentq
    return brentq(lambda pi: losses.pos_weight_optimum(pi, EX.IMBALANCE_POS_WEIGHT) - EX.POS_WEIGHT_OUTPUT,
                  1e-12, 1 - 1e-12, xtol=1e-14)


def calibration_free_loss(temperature):
    """Exercise 3.6: the worked example's loss after dividing its logits by the temperature."""
    return losses.softmax_cross_entropy([np.array(LOGITS) / temperature], [TRUE_CLASS])


def _double_floor(k):
    """Exercise 3.7: the smallest loss of a doubled softmax over k classes: the cross-entropy of the
    softmax of an exactly one-hot probability vector (the answer's closed form is not used)."""
    return losses.softmax_cross_entropy(np.eye(k)[[0]], [0])


def _reliability(key):
    d = _memo("reliability", fig_reliability.compute)
    return d["T"] if key == "T" else d[key[0]][key[1]]


def _calibration_terms(key):
    """The calibration experiment's test half: the constant forecast ȳ, and the (calibration,
    refinement) terms of eq:calibration-refinement before and after temperature scaling, with
    c(a) = σ(s) (a is one-to-one in s)."""
    e = _memo("experiment", calibration.make_experiment)
    const = calibration.constant_forecast(e.labels_test)
    if key == "rate":
        return const[0]
    if key == "const_nll":
        return calibration.mean_log_loss_of_probs(const, e.labels_test)
    c = calibration.true_probability(e.logits_test)
    t = _reliability("T") if key[0] == "after" else 1.0
    terms = calibration.log_loss_decomposition(neuron.sigmoid(e.logits_test / t), c)
    return terms[0] if key[1] == "calibration" else terms[1]


def _population_rate():
    """P(y = 1) in the calibration experiment, E[σ(s)] with s ~ N(0, sd²), by quadrature."""
    from scipy.integrate import quad
    from scipy.stats import norm
    sd = calibration.TRUE_LOGIT_SD
    return quad(lambda s: neuron.sigmoid(s) * norm.pdf(s, scale=sd), -12 * sd, 12 * sd)[0]


def _swap(example, temperature):
    """Temperature scaling across examples: p_0 of the worked example or of the second example."""
    z = LOGITS if example == "worked" else EX.TEMPERATURE_SWAP_LOGITS
    return losses.softmax(np.array(z) / temperature)[0]


# --- second edition: chapter 5 ------------------------------------------------------


def _error_rate_example(model, key):
    q, t = EX.ERROR_RATE_MODELS[model], EX.ERROR_RATE_TARGETS
    return losses.error_rate(q, t) if key == "error" else losses.mean_log_loss(q, t, base=2)


def _reverse_local():
    """The reverse KL's local minimum over the lighter mode: BFGS started on that mode alone."""
    def compute():
        f = fig_forward_reverse_kl
        x = np.linspace(*f.GRID)
        log_p = infotheory.gaussian_mixture_logpdf(x, f.WEIGHTS, f.MEANS, f.SIGMAS)
        return infotheory.fit_gaussian_reverse_kl(x, log_p, starts=[(f.MEANS[1], f.SIGMAS[1])])
    return _memo("reverse-local", compute)


def _joint(key):
    j = np.array(EX.JOINT_XY)
    return {"H(Y)": infotheory.entropy(j.sum(axis=0)), "H(Y|X)": infotheory.conditional_entropy(j),
            "I": infotheory.mutual_information(j)}[key]


Q, CE = neuron.QuadraticCost, neuron.CrossEntropyCost

CLAIMS = [
    # --- inputs of the experiment (must match what the figure scripts use) ---
    Claim("0.15", lambda: fig_quadratic_learning.ETA, {'slowdown.md#explorer': 1, 'cross-entropy.md#explorer': 2, 'slowdown.md#experiment': 2, 'cross-entropy.md#properties': 1, 'cross-entropy.md#experiment': 3, 'cross-entropy.md#nndl-learning-rate': 2, 'cross-entropy.md#eta-sweep': 2, 'cross-entropy.md#hidden-saturation': 2, 'cross-entropy.md#exercises': 2, 'errata.md#claims': 1, 'errata.md#nndl-learning-rate': 1},
          "learning rate η"),
    Claim("0.6", lambda: figstyle.STARTS[0][0], {'slowdown.md#explorer': 1, 'slowdown.md#experiment': 1, 'errata.md#claims': 1}, "start 1: w"),
    Claim("0.9", lambda: figstyle.STARTS[0][1], {'slowdown.md#explorer': 1, 'slowdown.md#experiment': 1, 'errata.md#claims': 1}, "start 1: b"),
    Claim("0.1", lambda: fig_eta_sweep.CONTOURS[0], {'cross-entropy.md#eta-sweep': 1}, "eta_sweep: contour level a = 0.1"),
    Claim("0.5", lambda: fig_eta_sweep.CONTOURS[1], {'cross-entropy.md#eta-sweep': 1}, "eta_sweep: contour level a = 0.5"),
    Claim("1.5", lambda: _z(0), {'slowdown.md#experiment': 1, 'slowdown.md#reason': 3, 'cross-entropy.md#hidden-saturation': 1}, "start 1: z = w + b"),
    Claim("0.005", lambda: experiments.NNDL_ETA, {'cross-entropy.md#explorer': 1, 'cross-entropy.md#experiment': 2, 'cross-entropy.md#nndl-learning-rate': 3, 'cross-entropy.md#eta-sweep': 2, 'cross-entropy.md#nndl-animation': 3, 'errata.md#nndl-animation-rule': 1, 'errata.md#nndl-learning-rate': 1},
          "NNDL's learning rate for the cross-entropy"),
    Claim("0.001", lambda: fig_eta_sweep.ETAS[0], {'cross-entropy.md#eta-sweep': 1}, "smallest η of the sweep"),
    Claim("0.05", lambda: SWEEP_ETA, {'cross-entropy.md#eta-sweep': 1}, "η quoted from the sweep"),
    # --- chapter 1: quadratic cost ---
    Claim("0.82", lambda: _quad(0).a[0], {'slowdown.md#experiment': 3, 'slowdown.md#reason': 2, 'slowdown.md#exercises': 1, 'index.md#home': 1, 'errata.md#sources': 1},
          "start 1: initial output"),
    Claim("0.98", lambda: _quad(1).a[0], {'slowdown.md#experiment': 2, 'slowdown.md#reason': 2, 'slowdown.md#exercises': 1, 'index.md#home': 1, 'cross-entropy.md#experiment': 2, 'errata.md#sources': 1},
          "start 2: initial output"),
    Claim("0.09", lambda: _quad(0).a[-1], {'slowdown.md#experiment': 1, 'cross-entropy.md#experiment': 1, 'cross-entropy.md#nndl-learning-rate': 1, 'errata.md#sources': 1},
          "start 1: output after 300 epochs"),
    Claim("0.20", lambda: _quad(1).a[-1], {'slowdown.md#experiment': 1, 'cross-entropy.md#experiment': 1, 'cross-entropy.md#nndl-learning-rate': 1, 'errata.md#sources': 2},
          "start 2: output after 300 epochs"),
    Claim("0.96", lambda: _quad(1, epochs=100).a[-1], {'slowdown.md#experiment': 1}, "quadratic, start 2: output after 100 epochs"),
    Claim("0.21", lambda: _quad(0, epochs=100).a[-1], {'slowdown.md#experiment': 1}, "quadratic, start 1: output after 100 epochs"),
    Claim("0.149", lambda: neuron.sigmoid_prime(_z(0)), {'slowdown.md#reason': 1}, "σ′(1.5)"),
    Claim("0.0177", lambda: neuron.sigmoid_prime(_z(1)), {'slowdown.md#reason': 1}, "σ′(4)"),
    Claim("8.4", lambda: neuron.sigmoid_prime(_z(0)) / neuron.sigmoid_prime(_z(1)), {'slowdown.md#reason': 1}, "ratio σ′(1.5)/σ′(4)"),
    Claim("0.25", lambda: neuron.sigmoid_prime(0.0), {'slowdown.md#reason': 1, 'slowdown.md#exercises': 1}, "max σ′ = σ′(0)"),
    Claim("0.122", lambda: _first_grad(Q, 0), {'slowdown.md#reason': 1}, "quadratic: first ∂C/∂b from start 1"),
    Claim("0.0173", lambda: _first_grad(Q, 1), {'slowdown.md#reason': 1, 'cross-entropy.md#experiment': 1, 'cross-entropy.md#exercises': 1},
          "quadratic: first ∂C/∂b from start 2"),
    Claim("7.0", lambda: _first_grad(Q, 0) / _first_grad(Q, 1), {'slowdown.md#reason': 1, 'errata.md#claims': 1},
          "ratio of the first quadratic gradients, start 1 / start 2"),
    # --- chapter 2: cross-entropy, same experiment ---
    Claim("0.3", lambda: SOFT_TARGET, {'cross-entropy.md#properties': 1, 'cross-entropy.md#exercises': 6}, "soft target y of the example"),
    Claim("0.7", lambda: 1 - SOFT_TARGET, {'cross-entropy.md#exercises': 2}, "1 − y for the soft target"),
    Claim("0.611", lambda: infotheory.binary_entropy(SOFT_TARGET), {'cross-entropy.md#properties': 1, 'cross-entropy.md#exercises': 2}, "min of the cross-entropy at y = 0.3: H_b(0.3)"),
    Claim("1.70", lambda: _ce(0).cost[0], {'cross-entropy.md#experiment': 1}, "cross-entropy: initial cost, start 1"),
    Claim("4.02", lambda: _ce(1).cost[0], {'cross-entropy.md#experiment': 1}, "cross-entropy: initial cost, start 2"),
    Claim("0.82", lambda: _first_grad(CE, 0), {'cross-entropy.md#experiment': 1}, "cross-entropy: first ∂C/∂b = a, start 1"),
    Claim("0.98", lambda: _first_grad(CE, 1), {'cross-entropy.md#experiment': 1}, "cross-entropy: first ∂C/∂b = a, start 2"),
    Claim("56.6", lambda: _first_grad(CE, 1) / _first_grad(Q, 1), {'cross-entropy.md#experiment': 1},
          "first gradient, cross-entropy / quadratic, start 2 (= 1/σ′(4))"),
    Claim("0.78", lambda: _ce(1, epochs=10).a[-1], {'cross-entropy.md#experiment': 1}, "cross-entropy η = 0.15, start 2: output after 10 epochs"),
    Claim("0.98", lambda: _quad(1, epochs=10).a[-1], {'cross-entropy.md#experiment': 1}, "quadratic η = 0.15, start 2: output after 10 epochs"),
    Claim("0.012", lambda: _ce(0).a[-1], {'cross-entropy.md#experiment': 1}, "cross-entropy η = 0.15, start 1: output after 300 epochs"),
    Claim("0.012", lambda: _ce(1).a[-1], {'cross-entropy.md#experiment': 1}, "cross-entropy η = 0.15, start 2: output after 300 epochs"),
    Claim("0.42", lambda: _ce(0, eta=experiments.NNDL_ETA).a[-1], {'cross-entropy.md#nndl-learning-rate': 1, 'cross-entropy.md#nndl-animation': 1, 'errata.md#nndl-animation-rule': 1},
          "cross-entropy η = 0.005 (true gradient), start 1: output after 300 epochs"),
    Claim("0.78", lambda: _ce(1, eta=experiments.NNDL_ETA).a[-1], {'cross-entropy.md#nndl-learning-rate': 1, 'cross-entropy.md#nndl-animation': 1, 'errata.md#nndl-animation-rule': 1},
          "cross-entropy η = 0.005 (true gradient), start 2: output after 300 epochs"),
    Claim("0.75", lambda: _quad(0, eta=experiments.NNDL_ETA).a[-1], {'cross-entropy.md#nndl-learning-rate': 1},
          "quadratic η = 0.005, start 1: output after 300 epochs"),
    Claim("0.98", lambda: _quad(1, eta=experiments.NNDL_ETA).a[-1], {'cross-entropy.md#nndl-learning-rate': 1},
          "quadratic η = 0.005, start 2: output after 300 epochs"),
    Claim("0.21", lambda: _swept("quadratic", SWEEP_ETA, 0), {'cross-entropy.md#eta-sweep': 1}, "sweep: quadratic η = 0.05, start 1"),
    Claim("0.96", lambda: _swept("quadratic", SWEEP_ETA, 1), {'cross-entropy.md#eta-sweep': 1}, "sweep: quadratic η = 0.05, start 2"),
    Claim("0.038", lambda: _swept("cross-entropy", SWEEP_ETA, 0), {'cross-entropy.md#eta-sweep': 1}, "sweep: cross-entropy η = 0.05, start 1"),
    Claim("0.042", lambda: _swept("cross-entropy", SWEEP_ETA, 1), {'cross-entropy.md#eta-sweep': 1}, "sweep: cross-entropy η = 0.05, start 2"),
    Claim("56.6", lambda: 1 / neuron.sigmoid_prime(_z(1)), {'cross-entropy.md#nndl-animation': 1, 'cross-entropy.md#exercises': 1},
          "NNDL animation step / true step at start 2 = 1/σ′(4)"),
    Claim("0.04", lambda: _anim(0), {'cross-entropy.md#nndl-animation': 1, 'errata.md#nndl-animation-rule': 1},
          "NNDL animation rule, start 1: output after 300 updates"),
    Claim("0.05", lambda: _anim(1), {'cross-entropy.md#nndl-animation': 1, 'errata.md#nndl-animation-rule': 1},
          "NNDL animation rule, start 2: output after 300 updates"),
    Claim("0.291", lambda: _hidden("gw1_0")[0], {'cross-entropy.md#hidden-saturation': 1}, "hidden_saturation: |∂C/∂w1| at z1 = 1.5"),
    Claim("0.035", lambda: _hidden("gw1_0")[1], {'cross-entropy.md#hidden-saturation': 1}, "hidden_saturation: |∂C/∂w1| at z1 = 4"),
    Claim("0.97", lambda: _hidden("runs")[0].a[0], {'cross-entropy.md#hidden-saturation': 1}, "hidden_saturation: initial output, hidden start 1"),
    Claim("0.98", lambda: _hidden("runs")[1].a[0], {'cross-entropy.md#hidden-saturation': 1}, "hidden_saturation: initial output, hidden start 2"),
    Claim("0.016", lambda: _hidden("runs")[0].a[-1], {'cross-entropy.md#hidden-saturation': 1}, "hidden_saturation: output after 300 epochs, start 1"),
    Claim("0.012", lambda: _hidden("runs")[1].a[-1], {'cross-entropy.md#hidden-saturation': 1}, "hidden_saturation: output after 300 epochs, start 2"),
    Claim("0.22", lambda: -(_hidden("runs")[0].w1[-1] - _hidden("runs")[0].w1[0]), {'cross-entropy.md#hidden-saturation': 1},
          "hidden_saturation: change of w1 from hidden start 1 (magnitude)"),
    Claim("0.004", lambda: _hidden("runs")[1].w1[-1] - _hidden("runs")[1].w1[0], {'cross-entropy.md#hidden-saturation': 1},
          "hidden_saturation: change of w1 from the saturated hidden start 2"),
    Claim("0.982", lambda: neuron.sigmoid(_z(1)), {'cross-entropy.md#exercises': 3}, "exercise 2.2: σ(4)"),
    Claim("0.147", lambda: fig_quadratic_learning.ETA * _first_grad(CE, 1), {'cross-entropy.md#exercises': 1},
          "exercise 2.2: first cross-entropy step"),
    Claim("1.853", lambda: _after_first_step(CE, 1), {'cross-entropy.md#exercises': 1}, "exercise 2.2: w = b after one cross-entropy step"),
    Claim("0.0026", lambda: fig_quadratic_learning.ETA * _first_grad(Q, 1), {'cross-entropy.md#exercises': 1},
          "exercise 2.2: first quadratic step"),
    Claim("1.997", lambda: _after_first_step(Q, 1), {'cross-entropy.md#exercises': 1}, "exercise 2.2: w = b after one quadratic step"),
    # --- chapter 3: classification ---
    Claim("2.0", lambda: LOGITS[0], {'classification.md#softmax-example': 3, 'classification.md#multi-label-example': 2, 'classification.md#exercises': 2}, "softmax example: logit 0 (also a multi-label logit)"),
    Claim("1.0", lambda: LOGITS[1], {'classification.md#softmax-example': 3}, "softmax example: logit 1"),
    Claim("0.1", lambda: LOGITS[2], {'classification.md#softmax-example': 3}, "softmax example: logit 2"),
    Claim("7.389", lambda: np.exp(LOGITS[0]), {'classification.md#softmax-example': 2}, "e^2.0"),
    Claim("2.718", lambda: np.exp(LOGITS[1]), {'classification.md#softmax-example': 2}, "e^1.0"),
    Claim("1.105", lambda: np.exp(LOGITS[2]), {'classification.md#softmax-example': 2}, "e^0.1"),
    Claim("11.213", lambda: np.exp(LOGITS).sum(), {'classification.md#softmax-example': 4}, "Σ e^z"),
    Claim("0.659", lambda: _p(0), {'classification.md#softmax-example': 3, 'classification.md#label-smoothing': 1}, "softmax p_0"),
    Claim("0.242", lambda: _p(1), {'classification.md#softmax-example': 3, 'classification.md#label-smoothing': 1}, "softmax p_1 (= gradient component 1)"),
    Claim("0.099", lambda: _p(2), {'classification.md#softmax-example': 3, 'classification.md#label-smoothing': 1}, "softmax p_2 (= gradient component 2)"),
    Claim("0.417", lambda: losses.softmax_cross_entropy([LOGITS], [TRUE_CLASS]), {'classification.md#softmax-example': 1},
          "softmax example loss −ln p_0"),
    Claim("0.341", lambda: -losses.softmax_cross_entropy_grad([LOGITS], [TRUE_CLASS])[0, 0], {'classification.md#softmax-example': 1},
          "softmax example gradient component 0 (magnitude)"),
    Claim("0.0", lambda: ML_LOGITS[0][1], {'classification.md#multi-label-example': 2}, "multi-label example: logit for dog"),
    Claim("1.0", lambda: -ML_LOGITS[0][2], {'classification.md#multi-label-example': 2, 'classification.md#exercises': 2}, "multi-label example: logit for car (magnitude)"),
    Claim("0.881", lambda: neuron.sigmoid(ML_LOGITS[0][0]), {'classification.md#multi-label-example': 2}, "σ(2.0)"),
    Claim("0.5", lambda: neuron.sigmoid(ML_LOGITS[0][1]), {'classification.md#multi-label-example': 4}, "σ(0.0)"),
    Claim("0.269", lambda: neuron.sigmoid(ML_LOGITS[0][2]), {'classification.md#multi-label-example': 3}, "σ(−1.0)"),
    Claim("1.65", lambda: neuron.sigmoid(np.array(ML_LOGITS[0])).sum(), {'classification.md#multi-label-example': 1},
          "sum of the multi-label outputs"),
    Claim("0.127", lambda: _ml()[0, 0], {'classification.md#multi-label-example': 1, 'classification.md#exercises': 1}, "multi-label loss, cat (= softplus(−2))"),
    Claim("0.693", lambda: _ml()[0, 1], {'classification.md#multi-label-example': 1}, "multi-label loss, dog (ln 2)"),
    Claim("0.313", lambda: _ml()[0, 2], {'classification.md#multi-label-example': 1, 'classification.md#exercises': 1}, "multi-label loss, car (= softplus(−1))"),
    Claim("1.133", lambda: _ml(reduction="sum"), {'classification.md#multi-label-example': 1, 'classification.md#multi-label-batch': 1, 'classification.md#exercises': 3}, "multi-label sample loss (sum over labels)"),
    Claim("0.119", lambda: -losses.binary_cross_entropy_with_logits_grad([ML_LOGITS[0]], [ML_TARGETS[0]], "sum")[0, 0],
          {'classification.md#multi-label-example': 1}, "multi-label gradient, cat (magnitude)"),
    Claim("0.378", lambda: _ml(reduction="mean"), {'classification.md#multi-label-batch': 1},
          "multi-label, one sample: mean over all elements (BCEWithLogitsLoss)"),
    Claim("3.0", lambda: ML_LOGITS[1][2], {'classification.md#exercises': 3}, "exercise 3.3: logit for car"),
    Claim("0.049", lambda: _ml(1)[0, 2], {'classification.md#exercises': 1}, "exercise 3.3: loss for car, sample 2"),
    Claim("0.489", lambda: _ml(1, "sum"), {'classification.md#exercises': 3}, "exercise 3.3: sample 2 loss"),
    Claim("0.811", lambda: _ml_batch("mean_samples"), {'classification.md#exercises': 1}, "exercise 3.3: L_samples"),
    Claim("0.270", lambda: _ml_batch("mean"), {'classification.md#exercises': 1}, "exercise 3.3: L_elements"),
    Claim("709.78", lambda: -_stability("z_overflow"), {'classification.md#stability': 3},
          "z below which the naive log σ(z) overflows (magnitude)"),
    Claim("36.7", lambda: _stability("z_zero"), {'classification.md#stability': 2}, "z above which σ(z) rounds to 1 (float64)"),
    Claim("16.6", _float32_sigmoid_one, {'classification.md#stability': 1}, "z above which σ(z) rounds to 1 (float32)"),
    Claim("0.408", lambda: losses.logsumexp(BIG_LOGITS) - max(BIG_LOGITS), {'classification.md#stability': 2},
          "log-sum-exp of (1000, 999, 998) minus 1000 (= the loss for class 0)"),
    Claim("0.1", lambda: EPSILON, {'classification.md#label-smoothing': 4}, "label smoothing ε"),
    Claim("0.933", lambda: _smoothed(0), {'classification.md#label-smoothing': 1}, "smoothed target, true class"),
    Claim("0.033", lambda: _smoothed(1), {'classification.md#label-smoothing': 2}, "smoothed target, other classes"),
    Claim("0.514", lambda: losses.softmax_cross_entropy([LOGITS], [TRUE_CLASS], EPSILON), {'classification.md#label-smoothing': 1},
          "loss of the example against the smoothed target"),
    Claim("0.274", lambda: -losses.softmax_cross_entropy_grad([LOGITS], [TRUE_CLASS], EPSILON)[0, 0],
          {'classification.md#label-smoothing': 1}, "smoothed gradient, true class (magnitude)"),
    Claim("0.209", lambda: losses.softmax_cross_entropy_grad([LOGITS], [TRUE_CLASS], EPSILON)[0, 1],
          {'classification.md#label-smoothing': 1}, "smoothed gradient, class 1"),
    Claim("0.065", lambda: losses.softmax_cross_entropy_grad([LOGITS], [TRUE_CLASS], EPSILON)[0, 2],
          {'classification.md#label-smoothing': 1}, "smoothed gradient, class 2"),
    Claim("0.291", lambda: infotheory.entropy(losses.smoothed_target([LOGITS], [TRUE_CLASS], EPSILON)[0]),
          {'classification.md#label-smoothing': 1}, "minimum loss with smoothing: H(y_LS)"),
    Claim("3.33", lambda: math.log(_smoothed(0) / _smoothed(1)), {'classification.md#label-smoothing': 1},
          "optimal logit gap with smoothing: ln 28"),
    # the label_smoothing figure is drawn for the worked example (K = 3, ε = 0.1): its caption repeats the text's values
    Claim("0.933", lambda: _smoothing("smooth")[0], {'classification.md#label-smoothing': 1}, "label_smoothing figure: true-class target"),
    Claim("0.033", lambda: _smoothing("smooth")[1], {'classification.md#label-smoothing': 1}, "label_smoothing figure: other targets"),
    Claim("3.33", lambda: _smoothing("m_opt"), {'classification.md#label-smoothing': 1}, "label_smoothing figure: optimal margin ln 28"),
    Claim("0.291", lambda: _smoothing("loss_opt"), {'classification.md#label-smoothing': 1}, "label_smoothing figure: minimum loss"),
    # --- chapter 5: information theory ---
    Claim("1.443", lambda: 1 / math.log(2), {'information.md#information': 1}, "bits per nat"),
    Claim("0.9", lambda: RAIN[0], {'information.md#self-information': 1, 'information.md#entropy': 1, 'information.md#kl-properties': 3, 'information.md#cross-entropy-decomposition': 1, 'information.md#exercises': 8}, "rain example: probability 0.9 (also q_0, A_0)"),
    Claim("0.1", lambda: RAIN[1], {'information.md#self-information': 1, 'information.md#kl-properties': 3, 'information.md#cross-entropy-decomposition': 1, 'information.md#exercises': 8}, "rain example: probability 0.1 (also q_1, A_1)"),
    Claim("0.105", lambda: infotheory.self_information(RAIN[0]), {'information.md#self-information': 1}, "−ln 0.9"),
    Claim("0.152", lambda: infotheory.self_information(RAIN[0], base=2), {'information.md#self-information': 1}, "−log2 0.9"),
    Claim("2.303", lambda: infotheory.self_information(RAIN[1]), {'information.md#self-information': 1}, "−ln 0.1"),
    Claim("3.322", lambda: infotheory.self_information(RAIN[1], base=2), {'information.md#self-information': 1}, "−log2 0.1"),
    Claim("0.693", lambda: infotheory.self_information(0.5), {'information.md#self-information': 1, 'information.md#entropy': 1, 'information.md#kl-properties': 1, 'information.md#cross-entropy-decomposition': 2, 'information.md#exercises': 2}, "ln 2: one bit in nats"),
    Claim("1.792", lambda: infotheory.entropy(np.full(6, 1 / 6)), {'information.md#self-information': 1, 'information.md#entropy': 1, 'information.md#exercises': 1}, "fair die: ln 6"),
    Claim("2.585", lambda: infotheory.entropy(np.full(6, 1 / 6), base=2), {'information.md#self-information': 1, 'information.md#exercises': 1}, "fair die: log2 6"),
    Claim("0.325", lambda: infotheory.binary_entropy(RAIN[0]), {'information.md#entropy': 1}, "H_b(0.9) in nats"),
    Claim("0.469", lambda: infotheory.binary_entropy(RAIN[0], base=2), {'information.md#entropy': 1}, "H_b(0.9) in bits"),
    Claim("0.5", lambda: P_EX[0], {'information.md#kl-properties': 6, 'information.md#cross-entropy-decomposition': 2, 'information.md#exercises': 12}, "p = (0.5, 0.5)"),
    Claim("0.511", lambda: infotheory.kl_divergence(P_EX, Q_EX), {'information.md#kl-properties': 1, 'information.md#cross-entropy-decomposition': 2, 'information.md#exercises': 2}, "D_KL(p‖q)"),
    Claim("0.368", lambda: infotheory.kl_divergence(Q_EX, P_EX), {'information.md#kl-properties': 1, 'information.md#exercises': 1}, "D_KL(q‖p)"),
    Claim("1.204", lambda: infotheory.cross_entropy(P_EX, Q_EX), {'information.md#cross-entropy-decomposition': 2, 'information.md#exercises': 2}, "H(p, q)"),
    Claim("1.758", lambda: infotheory.kl_divergence(A_EX, C_EX), {'information.md#kl-properties': 1, 'information.md#exercises': 2}, "D_KL(A‖C)"),
    Claim("0.368", lambda: infotheory.kl_divergence(A_EX, B_EX), {'information.md#kl-properties': 1, 'information.md#exercises': 1}, "D_KL(A‖B)"),
    Claim("0.511", lambda: infotheory.kl_divergence(B_EX, C_EX), {'information.md#kl-properties': 1, 'information.md#exercises': 1}, "D_KL(B‖C)"),
    Claim("0.879", lambda: infotheory.kl_divergence(A_EX, B_EX) + infotheory.kl_divergence(B_EX, C_EX),
          {'information.md#kl-properties': 1, 'information.md#exercises': 2}, "D_KL(A‖B) + D_KL(B‖C)"),
    Claim("0.8", lambda: A_EX[0] - A_EX[1], {'information.md#exercises': 1}, "exercise 5.3: 0.9 − 0.1 in 0.8 ln 9"),
    # the kl_asymmetry figure is drawn for the text's p and q: its caption repeats them and the two divergences
    Claim("0.5", lambda: fig_kl_asymmetry.P[0], {'information.md#kl-properties': 3}, "kl_asymmetry figure: p = (0.5, 0.5), p(2)"),
    Claim("0.9", lambda: fig_kl_asymmetry.Q[0], {'information.md#kl-properties': 1}, "kl_asymmetry figure: q(1)"),
    Claim("0.1", lambda: fig_kl_asymmetry.Q[1], {'information.md#kl-properties': 2}, "kl_asymmetry figure: q(2)"),
    Claim("0.511", lambda: _memo("kl_asymmetry", fig_kl_asymmetry.compute)["kl_pq"], {'information.md#kl-properties': 1},
          "kl_asymmetry figure: D_KL(p‖q)"),
    Claim("0.368", lambda: _memo("kl_asymmetry", fig_kl_asymmetry.compute)["kl_qp"], {'information.md#kl-properties': 1},
          "kl_asymmetry figure: D_KL(q‖p)"),
    Claim("0.6", lambda: fig_forward_reverse_kl.WEIGHTS[0], {'information.md#forward-reverse-kl': 2, 'information.md#explorer': 1}, "mixture weight 1"),
    Claim("0.4", lambda: fig_forward_reverse_kl.WEIGHTS[1], {'information.md#forward-reverse-kl': 2, 'information.md#explorer': 1}, "mixture weight 2"),
    Claim("0.7", lambda: fig_forward_reverse_kl.SIGMAS[0], {'information.md#forward-reverse-kl': 1, 'information.md#explorer': 2}, "mixture components' σ"),
    Claim("0.40", lambda: -_fit("forward").mu, {'information.md#forward-reverse-kl': 1}, "forward-KL fit: mean (magnitude)"),
    Claim("2.08", lambda: _fit("forward").sigma, {'information.md#forward-reverse-kl': 1}, "forward-KL fit: σ"),
    Claim("1.99", lambda: -_fit("reverse").mu, {'information.md#forward-reverse-kl': 1}, "reverse-KL fit: mean (magnitude)"),
    Claim("0.72", lambda: _fit("reverse").sigma, {'information.md#forward-reverse-kl': 1}, "reverse-KL fit: σ"),
    Claim("0.001", lambda: RARE, {'information.md#overfitting': 2}, "probability of the confidently wrong prediction"),
    Claim("6.908", lambda: infotheory.self_information(RARE), {'information.md#overfitting': 1}, "−ln 0.001"),
    # --- chapter 3, second edition ---
    Claim("0.5", lambda: abs(neuron.sigmoid(ML_LOGITS[0][1]) - ML_TARGETS[0][1]), {'classification.md#multi-label-example': 2},
          "multi-label example: the largest error |a_1 − y_1| (dog)"),
    Claim("0.0066", lambda: _se("p")[0], {'classification.md#softmax-squared-error': 2}, "softmax SE example: p_0 = p_2"),
    Claim("0.987", lambda: _se("p")[1], {'classification.md#softmax-squared-error': 1}, "softmax SE example: p_1"),
    Claim("1.40", lambda: _se("ce"), {'classification.md#softmax-squared-error': 1}, "softmax SE example: |p − y| (cross-entropy gradient)"),
    Claim("0.0242", lambda: _se("se"), {'classification.md#softmax-squared-error': 1}, "softmax SE example: squared-error gradient magnitude"),
    Claim("0.1", lambda: EX.IMBALANCE_PI, {'classification.md#class-imbalance': 3},
          "class imbalance: positive rate π (also the best constant output a = π, and the factor in 0.1 ln 10)"),
    Claim("0.9", lambda: 1 - EX.IMBALANCE_PI, {'classification.md#class-imbalance': 2}, "class imbalance: negative rate 1 − π"),
    Claim("0.5", lambda: neuron.sigmoid(0.0), {'classification.md#class-imbalance': 1},
          "class imbalance: the output at the start of training with small weights, σ(0)"),
    Claim("0.230", lambda: losses.expected_loss_by_class(EX.IMBALANCE_PI, EX.IMBALANCE_PI)[0],
          {'classification.md#class-imbalance': 1}, "class imbalance: positives' part of the loss at a = π"),
    Claim("0.095", lambda: losses.expected_loss_by_class(EX.IMBALANCE_PI, EX.IMBALANCE_PI)[1],
          {'classification.md#class-imbalance': 1}, "class imbalance: negatives' part of the loss at a = π"),
    Claim("0.5", lambda: losses.pos_weight_optimum(EX.IMBALANCE_PI, EX.IMBALANCE_POS_WEIGHT), {'classification.md#class-imbalance': 2},
          "pos_weight optimum a* at π = 0.1, w = 9 (so the 0.5 threshold splits the classes)"),
    Claim("0.1", lambda: 1 / calibration.N_BINS, {'classification.md#calibration': 2}, "reliability bins' width"),
    Claim("0.5", lambda: neuron.sigmoid(0.0), {'classification.md#calibration': 1}, "where T > 1 pulls probabilities: σ(0)"),
    Claim("2.5", lambda: calibration.OVERCONFIDENCE, {'classification.md#calibration': 4}, "calibration experiment: the model's over-confidence factor"),
    Claim("0.503", lambda: _calibration_terms("rate"), {'classification.md#calibration': 1},
          "calibration: the constant forecast, the test half's fraction of positives"),
    Claim("0.693", lambda: _calibration_terms("const_nll"), {'classification.md#calibration': 1, 'errata.md#site-corrections': 1},
          "calibration: the constant forecast's test cross-entropy"),
    Claim("0.145", lambda: _calibration_terms(("before", "calibration")), {'classification.md#calibration': 1},
          "calibration term before scaling"),
    Claim("0.458", lambda: _calibration_terms(("before", "refinement")), {'classification.md#calibration': 1},
          "refinement term before scaling"),
    Claim("0.458", lambda: _calibration_terms(("after", "refinement")), {'classification.md#calibration': 1},
          "refinement term after scaling (unchanged)"),
    Claim("0.5", lambda: _population_rate(), {'classification.md#calibration': 2},
          "calibration: P(y = 1) without s, the constant forecast's c(a) (H_b(0.5))"),
    Claim("0.693", lambda: infotheory.binary_entropy(_population_rate()), {'classification.md#calibration': 1},
          "calibration: the constant forecast's refinement term H_b(0.5) = ln 2"),
    Claim("0.659", lambda: _swap("worked", 1.0), {'classification.md#calibration': 1}, "temperature swap: worked example's p_0, T = 1"),
    Claim("0.622", lambda: _swap("second", 1.0), {'classification.md#calibration': 1}, "temperature swap: second example's p_0, T = 1"),
    Claim("0.502", lambda: _swap("worked", EX.TEMPERATURE), {'classification.md#calibration': 1}, "temperature swap: worked example's p_0, T = 2"),
    Claim("0.547", lambda: _swap("second", EX.TEMPERATURE), {'classification.md#calibration': 1}, "temperature swap: second example's p_0, T = 2"),
    Claim("3.0", lambda: EX.TEMPERATURE_SWAP_LOGITS[0], {'classification.md#calibration': 1}, "temperature swap: second example's z_0"),
    Claim("2.5", lambda: EX.TEMPERATURE_SWAP_LOGITS[1], {'classification.md#calibration': 1}, "temperature swap: second example's z_1"),
    Claim("3.0", lambda: -EX.TEMPERATURE_SWAP_LOGITS[2], {'classification.md#calibration': 1}, "temperature swap: second example's z_2 (printed −3.0)"),
    Claim("2.55", lambda: _reliability("T"), {'classification.md#calibration': 1}, "fitted temperature"),
    Claim("0.113", lambda: _reliability(("before", "ece")), {'classification.md#calibration': 1}, "ECE before temperature scaling"),
    Claim("0.011", lambda: _reliability(("after", "ece")), {'classification.md#calibration': 1}, "ECE after temperature scaling"),
    Claim("0.595", lambda: _reliability(("before", "nll")), {'classification.md#calibration': 2, 'errata.md#site-corrections': 1},
          "test cross-entropy before scaling"),
    Claim("0.455", lambda: _reliability(("after", "nll")), {'classification.md#calibration': 1}, "test cross-entropy after scaling"),
    Claim("0.0134", lambda: _double("once"), {'classification.md#pitfalls': 1}, "double softmax: correct loss"),
    Claim("0.560", lambda: _double("twice"), {'classification.md#pitfalls': 1}, "double softmax: loss with the softmax twice"),
    Claim("0.551", lambda: _double("floor"), {'classification.md#pitfalls': 1}, "double softmax: the floor ln((e + 2)/e)"),
    Claim("1.40", lambda: _double("grad_once"), {'classification.md#pitfalls': 1}, "double softmax, true class 0: correct gradient magnitude"),
    Claim("0.0145", lambda: _double("grad_twice"), {'classification.md#pitfalls': 1}, "double softmax, true class 0: gradient magnitude"),
    # exercises 3.5-3.7
    Claim("0.8", lambda: EX.POS_WEIGHT_OUTPUT, {'classification.md#exercises': 4}, "exercise 3.5: the weighted model's output a*"),
    Claim("0.2", lambda: 1 - EX.POS_WEIGHT_OUTPUT, {'classification.md#exercises': 1}, "exercise 3.5: 1 − a*"),
    Claim("0.308", lambda: _pos_weight_inverse(), {'classification.md#exercises': 1},
          "exercise 3.5: the π whose pos_weight optimum is 0.8 (root of pos_weight_optimum, not the printed inverse)"),
    Claim("2.0", lambda: LOGITS[0], {'classification.md#exercises': 1}, "exercise 3.6: the worked example's logit 0"),
    Claim("1.0", lambda: LOGITS[1], {'classification.md#exercises': 1}, "exercise 3.6: the worked example's logit 1"),
    Claim("0.1", lambda: LOGITS[2], {'classification.md#exercises': 1}, "exercise 3.6: the worked example's logit 2"),
    Claim("1.0", lambda: LOGITS[0] / EX.TEMPERATURE, {'classification.md#exercises': 1}, "exercise 3.6: z_0 / T"),
    Claim("0.5", lambda: LOGITS[1] / EX.TEMPERATURE, {'classification.md#exercises': 1}, "exercise 3.6: z_1 / T"),
    Claim("0.05", lambda: LOGITS[2] / EX.TEMPERATURE, {'classification.md#exercises': 1}, "exercise 3.6: z_2 / T"),
    Claim("0.502", lambda: losses.softmax(np.array(LOGITS) / EX.TEMPERATURE)[0], {'classification.md#exercises': 2}, "exercise 3.6: p_0 at T = 2"),
    Claim("0.304", lambda: losses.softmax(np.array(LOGITS) / EX.TEMPERATURE)[1], {'classification.md#exercises': 1}, "exercise 3.6: p_1 at T = 2"),
    Claim("0.194", lambda: losses.softmax(np.array(LOGITS) / EX.TEMPERATURE)[2], {'classification.md#exercises': 1}, "exercise 3.6: p_2 at T = 2"),
    Claim("0.690", lambda: calibration_free_loss(EX.TEMPERATURE), {'classification.md#exercises': 1}, "exercise 3.6: the loss at T = 2"),
    Claim("0.417", lambda: calibration_free_loss(1.0), {'classification.md#exercises': 1}, "exercise 3.6: the loss at T = 1"),
    Claim("1.461", lambda: _double_floor(EX.DOUBLE_SOFTMAX_K), {'classification.md#exercises': 1},
          "exercise 3.7: the double-softmax floor for K = 10 (loss of a one-hot p fed to softmax + CE)"),
    Claim("0.23", lambda: math.exp(-_double_floor(EX.DOUBLE_SOFTMAX_K)), {'classification.md#exercises': 1},
          "exercise 3.7: the probability whose log loss equals the floor"),
    # --- chapter 3: the framework claims (issue 18; backed by tests/test_frameworks.py's framework runs) ---
    Claim("0.094", lambda: -losses.clamped_bce_grad(*EX.FW_SATURATED[0]), {'classification.md#pitfalls': 1},
          "BCELoss(sigmoid(z)) gradient at z = −30, y = 1 (magnitude)"),
    Claim("16.6", _float32_sigmoid_one, {'classification.md#pitfalls': 1}, "pitfalls: z above which σ(z) rounds to 1 (float32)"),
    Claim("3.072", lambda: losses.class_weighted_mean(losses.softmax_cross_entropy(EX.FW_LOGITS, np.array(EX.FW_TARGETS), reduction="none"), np.array(EX.FW_TARGETS), EX.FW_CLASS_WEIGHTS),
          {'classification.md#pitfalls': 1}, "weighted CE, index targets: / Σ w"),
    Claim("4.301", lambda: float((np.array(EX.FW_CLASS_WEIGHTS)[list(EX.FW_TARGETS)] * losses.softmax_cross_entropy(EX.FW_LOGITS, np.array(EX.FW_TARGETS), reduction="none")).sum() / len(EX.FW_TARGETS)),
          {'classification.md#pitfalls': 1}, "weighted CE, one-hot probability targets: / n"),
    Claim("0.5", lambda: EX.FW_SOFT_TARGET[0], {'classification.md#pitfalls': 2}, "normalised multi-hot target entries"),
    Claim("0.917", lambda: losses.softmax_cross_entropy([EX.SOFTMAX_LOGITS], np.array([EX.FW_SOFT_TARGET])),
          {'classification.md#pitfalls': 1}, "CE of the worked example against (0.5, 0.5, 0)"),
    # --- chapter 5, second edition ---
    Claim("3.32", lambda: losses.mean_log_loss([np.full(EX.UNIFORM_CLASSES, 1 / EX.UNIFORM_CLASSES)], [0], base=2),
          {'information.md#error-rate': 1}, "uniform 10-class model: cross-entropy in bits"),
    Claim("0.4", lambda: EX.ERROR_RATE_MODELS["A"][0][0], {'information.md#error-rate': 1}, "model A: true class probability"),
    Claim("0.3", lambda: EX.ERROR_RATE_MODELS["A"][0][1], {'information.md#error-rate': 1}, "model A: other classes"),
    Claim("1.32", lambda: _error_rate_example("A", "ce"), {'information.md#error-rate': 1}, "model A: cross-entropy (bits)"),
    Claim("0.98", lambda: EX.ERROR_RATE_MODELS["B"][0][0], {'information.md#error-rate': 1}, "model B: sure and right"),
    Claim("0.45", lambda: EX.ERROR_RATE_MODELS["B"][1][0], {'information.md#error-rate': 1}, "model B: true class, second example"),
    Claim("0.5", lambda: EX.ERROR_RATE_MODELS["B"][1][1], {'information.md#error-rate': 1}, "model B: wrong class, second example"),
    Claim("0.5", lambda: _error_rate_example("B", "error"), {'information.md#error-rate': 1}, "model B: error rate"),
    Claim("0.59", lambda: _error_rate_example("B", "ce"), {'information.md#error-rate': 1}, "model B: cross-entropy (bits)"),
    Claim("1.98", lambda: _reverse_local().mu, {'information.md#forward-reverse-kl': 1}, "reverse KL, local minimum on the light mode: mean"),
    Claim("0.73", lambda: _reverse_local().sigma, {'information.md#forward-reverse-kl': 1}, "reverse KL, local minimum: σ"),
    Claim("0.907", lambda: _reverse_local().kl, {'information.md#forward-reverse-kl': 1}, "reverse KL at the local minimum"),
    Claim("0.505", lambda: _fit("reverse").kl, {'information.md#forward-reverse-kl': 1}, "reverse KL at the global minimum"),
    Claim("0.443", lambda: infotheory.kl_gaussian(*EX.GAUSSIAN_KL_PAIR[0], *EX.GAUSSIAN_KL_PAIR[1]), {'information.md#related-quantities': 1}, "KL(N(0,1) ‖ N(1,2²))"),
    Claim("1.307", lambda: infotheory.kl_gaussian(*EX.GAUSSIAN_KL_PAIR[1], *EX.GAUSSIAN_KL_PAIR[0]), {'information.md#related-quantities': 1}, "KL(N(1,2²) ‖ N(0,1))"),
    Claim("0.4", lambda: EX.JOINT_XY[0][0], {'information.md#related-quantities': 1}, "joint table: p(0,0) = p(1,1)"),
    Claim("0.1", lambda: EX.JOINT_XY[0][1], {'information.md#related-quantities': 1}, "joint table: p(0,1) = p(1,0)"),
    Claim("0.693", lambda: _joint("H(Y)"), {'information.md#related-quantities': 1}, "joint table: H(Y) = ln 2"),
    Claim("0.500", lambda: _joint("H(Y|X)"), {'information.md#related-quantities': 1}, "joint table: H(Y | X)"),
    Claim("0.193", lambda: _joint("I"), {'information.md#related-quantities': 1}, "joint table: I(X; Y)"),
]

def places():
    """{(page, section id): Counter of registered texts} summed over the claims."""
    out = {}
    for c in CLAIMS:
        for place, n in c.where.items():
            page, _, sid = place.partition("#")
            out.setdefault((page, sid), Counter())[c.text] += n
    return out


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.text}:{c.what}")
def test_claim_value(claim):
    decimals = len(claim.text.split(".")[1]) if "." in claim.text else 0
    v = float(claim.value())
    assert math.isfinite(v)
    assert f"{v:.{decimals}f}" == claim.text, f"{claim.what}: code gives {v!r}, prose says {claim.text}"


def test_claims_are_well_formed():
    bad = [c.what for c in CLAIMS
           if not c.where or any("#" not in p or not isinstance(n, int) or n < 1 for p, n in c.where.items())]
    assert not bad, f"claims whose where is not {{'page.md#section': count >= 1}}: {bad}"


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_by_place(lang):
    """Per page and section, the printed decimals are exactly the registered ones, as a multiset."""
    registered = places()
    problems = []
    for page in sorted({p for p, _ in registered}):
        path = pagetext.ROOT / "docs" / lang / page
        if not path.is_file():
            problems.append(f"{lang}/{page}: claims name a page that does not exist")
    for page in pagetext.page_names(lang):
        secs = pagetext.sections(pagetext.read(lang, page))
        ids = [s for s, _ in secs]
        for (p, sid) in registered:
            if p == page and sid not in ids:
                problems.append(f"{lang}/{page}#{sid}: claims name a section id the page does not have")
        for sid, text in secs:
            printed = Counter(pagetext.numbers(text))
            want = registered.get((page, sid), Counter())
            for num in sorted(set(printed) | set(want)):
                if printed[num] != want[num]:
                    problems.append(f"{lang}/{page}#{sid}: {num} printed {printed[num]}×, registered {want[num]}×")
    assert not problems, "printed numbers and tests/test_prose_numbers.py disagree:\n" + "\n".join(problems)


def test_scanner_finds_numbers():
    """The scanner itself: finds decimals in prose and math, skips code and exercise labels."""
    text = "出力は 0.82 から $a=0.09$ へ。\n```\nx = 3.14\n```\n`2.71` v1.2.3 reached 0.20, 0.82. 演習 2.1, Exercise 3.2, section 10.1.2, 5.5 節"
    assert pagetext.numbers(text) == ["0.82", "0.09", "0.20", "0.82"]
