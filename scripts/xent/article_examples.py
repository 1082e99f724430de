"""Inputs of small worked examples printed in the article, kept here so that the pages'
numbers are computed from one place (the tests recompute every printed value from these).

Each example is data plus, where the example needs it, a small pure function.
"""

from __future__ import annotations

import numpy as np

from xent.infotheory import validate_distribution

# Chapter 5, error rate vs cross-entropy: two models on the same two examples of a
# 3-class problem (rows: examples, columns: classes; the true class is TARGETS[i]).
ERROR_RATE_TARGETS = (0, 0)
ERROR_RATE_MODELS = {
    "A": ((0.4, 0.3, 0.3), (0.4, 0.3, 0.3)),    # always right, never confident
    "B": ((0.98, 0.01, 0.01), (0.45, 0.5, 0.05)),  # very sure once, narrowly wrong once
}
UNIFORM_CLASSES = 10  # a model that gives every one of 10 classes the same probability


def error_rate(probs, targets):
    """Fraction of examples whose true class does not have the strictly largest probability.

    A tie for the largest probability counts as an error (as in the bound of chapter 5).
    """
    probs = [validate_distribution(q, "probs row") for q in probs]
    targets = list(targets)
    if len(probs) != len(targets):
        raise ValueError(f"{len(probs)} rows of probabilities but {len(targets)} targets")
    wrong = 0
    for q, t in zip(probs, targets):
        if not 0 <= t < q.size:
            raise ValueError(f"target {t} is not a class index of a row with {q.size} classes")
        others = np.delete(q, t)
        wrong += bool(others.size and others.max() >= q[t])
    return wrong / len(targets)


def mean_log_loss(probs, targets, base=None):
    """Average of −log q(true class) over the examples (nats, or bits with ``base=2``)."""
    probs = [validate_distribution(q, "probs row") for q in probs]
    logs = [np.log(q[t]) for q, t in zip(probs, targets)]
    value = -float(np.mean(logs))
    return value / np.log(base) if base else value


# Chapter 3, squared error on softmax outputs: a 3-class example saturated on the wrong class
# (the true class is 0, the logits put almost all probability on class 1).
SOFTMAX_SE_LOGITS = (0.0, 5.0, 0.0)
SOFTMAX_SE_TARGET = (1.0, 0.0, 0.0)

# Chapter 5, related quantities: two Gaussians whose KL is computed both ways, and a joint
# table of two binary variables (X: a feature, Y: the label) for H(Y | X) and I(X; Y).
GAUSSIAN_KL_PAIR = ((0.0, 1.0), (1.0, 2.0))  # (mu, sigma) of p and of q
JOINT_XY = ((0.4, 0.1), (0.1, 0.4))

# Chapter 3, class imbalance: 10 % positives and the usual weight (negatives / positives).
IMBALANCE_PI = 0.1
IMBALANCE_POS_WEIGHT = (1 - IMBALANCE_PI) / IMBALANCE_PI

# Chapter 3, pitfalls: a softmax applied twice, on a confident and correct 3-class example.
DOUBLE_SOFTMAX_LOGITS = (0.0, 5.0, 0.0)
DOUBLE_SOFTMAX_TARGET = 1
