"""Calibration of predicted probabilities: reliability bins, expected calibration error,
temperature scaling, and the synthetic experiment of chapter 3 (binary labels, nats).

A model is calibrated when, among the examples it gives probability about a, a fraction
about a is positive.  Cross-entropy is a proper scoring rule: its expected value is smallest
for the true conditional probability P(y = 1 | x).  Calibration alone is not enough: the
expected loss is a calibration term plus a refinement term (``log_loss_decomposition``), and a
constant forecast of the positive rate is calibrated yet has the largest refinement term.
Temperature scaling divides every logit by one number T fitted by minimising the
cross-entropy on held-out data; it changes only the calibration term.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from xent.neuron import sigmoid, softplus

SEED = 20261201
N_EXAMPLES = 20_000        # half for fitting T, half for measuring
TRUE_LOGIT_SD = 2.0        # true logits s ~ N(0, 2²); labels y ~ Bernoulli(σ(s))
OVERCONFIDENCE = 2.5       # the model outputs σ(2.5 s): right ranking, too sure
N_BINS = 10


class Experiment(NamedTuple):
    logits_fit: np.ndarray   # the model's logits on the data T is fitted on
    labels_fit: np.ndarray
    logits_test: np.ndarray  # and on the data calibration is measured on
    labels_test: np.ndarray


def make_experiment(seed=SEED, n=N_EXAMPLES, sd=TRUE_LOGIT_SD, overconfidence=OVERCONFIDENCE):
    """Synthetic data and an over-confident model's logits, split in two halves."""
    if n < 2 or sd <= 0 or overconfidence <= 0:
        raise ValueError("need n >= 2, sd > 0 and overconfidence > 0")
    rng = np.random.default_rng(seed)
    s = rng.normal(0.0, sd, size=n)
    y = (rng.random(n) < sigmoid(s)).astype(float)
    z = overconfidence * s
    h = n // 2
    return Experiment(z[:h], y[:h], z[h:], y[h:])


def mean_bce(logits, labels, temperature=1.0):
    """Average −[y ln σ(z/T) + (1 − y) ln(1 − σ(z/T))] in nats (stable: softplus)."""
    z = np.asarray(logits, dtype=float) / float(temperature)
    y = np.asarray(labels, dtype=float)
    return float(np.mean(y * softplus(-z) + (1.0 - y) * softplus(z)))


def fit_temperature(logits, labels, bounds=(0.05, 20.0)):
    """Return the T > 0 minimising mean_bce(logits / T) (bounded scalar search on ln T)."""
    from scipy.optimize import minimize_scalar

    lo, hi = np.log(bounds[0]), np.log(bounds[1])
    r = minimize_scalar(lambda u: mean_bce(logits, labels, np.exp(u)), bounds=(lo, hi), method="bounded",
                        options={"xatol": 1e-10})
    return float(np.exp(r.x))


def reliability_bins(probs, labels, n_bins=N_BINS):
    """Equal-width bins of the predicted probability: (mean predicted, observed frequency, count) per
    non-empty bin, as three arrays.  A probability of exactly 1 falls in the last bin."""
    p = np.asarray(probs, dtype=float)
    y = np.asarray(labels, dtype=float)
    if p.shape != y.shape or ((p < 0) | (p > 1)).any():
        raise ValueError("probs must lie in [0, 1] and have the shape of labels")
    idx = np.minimum((p * n_bins).astype(int), n_bins - 1)
    count = np.bincount(idx, minlength=n_bins)
    keep = count > 0
    mean_p = np.bincount(idx, weights=p, minlength=n_bins)[keep] / count[keep]
    freq = np.bincount(idx, weights=y, minlength=n_bins)[keep] / count[keep]
    return mean_p, freq, count[keep]


def expected_calibration_error(probs, labels, n_bins=N_BINS):
    """ECE = Σ_bins (count/n) |observed frequency − mean predicted| (equal-width bins)."""
    mean_p, freq, count = reliability_bins(probs, labels, n_bins)
    return float(np.sum(count * np.abs(freq - mean_p)) / np.sum(count))


def mean_log_loss_of_probs(probs, labels):
    """Average −[y ln a + (1 − y) ln(1 − a)] in nats, for probabilities a in [0, 1] (not logits)."""
    from xent.infotheory import binary_cross_entropy

    a = np.asarray(probs, dtype=float)
    y = np.asarray(labels, dtype=float)
    if a.shape != y.shape:
        raise ValueError(f"probs {a.shape} and labels {y.shape} must have the same shape")
    return float(np.mean(binary_cross_entropy(y, a)))


def constant_forecast(labels):
    """The constant forecast a = ȳ (the positive rate of ``labels``) for every example: calibrated
    on these labels by construction (one reliability bin, whose frequency is its prediction)."""
    y = np.asarray(labels, dtype=float)
    return np.full(y.shape, float(np.mean(y)))


def true_probability(logits, overconfidence=OVERCONFIDENCE):
    """P(y = 1 | x) = σ(s) in the synthetic experiment, from the model's logits z = overconfidence · s."""
    return sigmoid(np.asarray(logits, dtype=float) / overconfidence)


def log_loss_decomposition(probs, cond_probs):
    """Split the expected log loss of forecasts a into (calibration, refinement) terms, in nats.

    ``cond_probs`` is c(a) = P(y = 1 | a), the probability of a positive among the examples given a
    (in the synthetic experiment a is an invertible function of s, so c(a) = σ(s)).  Then

        E[ℓ(a, y)] = E[D_KL(c(a) ‖ a)] + E[H_b(c(a))]

    (Bernoulli distributions with parameters c and a): the first term is 0 exactly when the forecasts
    are calibrated; the second depends on c(a) only, so relabelling the forecasts with an invertible
    map (temperature scaling) leaves it unchanged.
    """
    from xent.infotheory import binary_cross_entropy, binary_entropy

    a = np.asarray(probs, dtype=float)
    c = np.asarray(cond_probs, dtype=float)
    if a.shape != c.shape:
        raise ValueError(f"probs {a.shape} and cond_probs {c.shape} must have the same shape")
    refinement = np.asarray(binary_entropy(c), dtype=float)
    calibration = np.asarray(binary_cross_entropy(c, a), dtype=float) - refinement
    return float(np.mean(calibration)), float(np.mean(refinement))
