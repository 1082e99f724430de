"""Cross-entropy losses computed from logits, stably.

A network's last layer gives logits z; the probabilities are softmax(z) (one
label out of K) or σ(z) (independent binary labels).  Computing the
probabilities first and then their logarithm overflows or loses every digit
for large |z|; the forms here work in log space instead (log-sum-exp,
log σ(z) = −softplus(−z)) and stay finite and accurate for |z| up to 1e4 and
beyond.  Logarithms are natural (nats).  The code aims to be readable, not
fast.

Conventions follow PyTorch (``CrossEntropyLoss``, ``BCEWithLogitsLoss``):
label smoothing y ← (1 − ε) y + ε/K, and ``reduction="mean"`` averages over
samples for the softmax loss and over all elements for the binary loss.
"""

from __future__ import annotations

import numpy as np

from xent.infotheory import validate_distribution
from xent.neuron import sigmoid, softplus

REDUCTIONS = ("mean", "sum", "none")
BINARY_REDUCTIONS = ("mean", "mean_samples", "sum", "none")


def logsumexp(z, axis=-1, keepdims=False):
    """Return log Σ_j exp(z_j) along ``axis``, shifted by the maximum so that nothing overflows."""
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # all −inf (or an inf) along the axis: no shift
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def log_softmax(z, axis=-1):
    """Return log softmax(z) = z − logsumexp(z) along ``axis``."""
    z = np.asarray(z, dtype=float)
    return z - logsumexp(z, axis=axis, keepdims=True)


def softmax(z, axis=-1):
    """Return softmax(z)_j = exp(z_j) / Σ_k exp(z_k) along ``axis`` (sums to 1, no overflow)."""
    return np.exp(log_softmax(z, axis=axis))


def log_sigmoid(z):
    """Return log σ(z) = −softplus(−z), finite and accurate for every finite z."""
    return -softplus(-np.asarray(z, dtype=float))


def naive_log_sigmoid(z):
    """Return np.log(1 / (1 + np.exp(−z))) as written: the form that fails.

    For z below about −709.78, exp(−z) overflows and the result is −inf; for z
    above about 36.7, 1 + exp(−z) rounds to 1 and the result is 0 (the true
    value is about −exp(−z)).  NumPy's overflow/divide warnings are silenced here.
    """
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore", divide="ignore"):
        return np.log(1.0 / (1.0 + np.exp(-z)))


# --- softmax cross-entropy ----------------------------------------------------


def _check_reduction(reduction, allowed):
    if reduction not in allowed:
        raise ValueError(f"reduction must be one of {', '.join(map(repr, allowed))}, got {reduction!r}")


def _validate_logits(logits, ndim=None):
    z = np.asarray(logits, dtype=float)
    if ndim is not None and z.ndim != ndim:
        raise ValueError(f"logits must have shape (n, K), got shape {z.shape}")
    if z.size == 0:
        raise ValueError("logits is empty")
    if not np.isfinite(z).all():
        raise ValueError("logits must be finite (no NaN or inf)")
    return z


def smoothed_target(logits, target, label_smoothing=0.0, atol=1e-9):
    """Return the (n, K) target distribution y_smooth = (1 − ε) y + ε/K used by the loss.

    ``target`` is either an integer array of class indices, shape (n,), each in
    [0, K), turned into one-hot rows; or a float array of probabilities, shape
    (n, K), each row non-negative and summing to 1 within ``atol``.
    ``label_smoothing`` ε must lie in [0, 1].
    """
    z = _validate_logits(logits, ndim=2)
    n, k = z.shape
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must lie in [0, 1], got {label_smoothing!r}")
    t = np.asarray(target)
    if np.issubdtype(t.dtype, np.integer):
        if t.shape != (n,):
            raise ValueError(f"class indices must have shape (n,) = ({n},), got {t.shape}")
        if ((t < 0) | (t >= k)).any():
            raise ValueError(f"class indices must lie in [0, {k}), got {int(t[(t < 0) | (t >= k)][0])}")
        y = np.zeros((n, k))
        y[np.arange(n), t] = 1.0
    elif np.issubdtype(t.dtype, np.floating):
        if t.shape != (n, k):
            raise ValueError(f"probability targets must have the shape of logits ({n}, {k}), got {t.shape}; "
                             "class indices must be an integer array")
        y = t.astype(float)
        if np.isnan(y).any() or (y < 0).any():
            raise ValueError("probability targets must be non-negative (and not NaN)")
        sums = y.sum(axis=1)
        if (np.abs(sums - 1.0) > atol).any():
            i = int(np.flatnonzero(np.abs(sums - 1.0) > atol)[0])
            raise ValueError(f"probability target row {i} sums to {float(sums[i])!r}, not 1 (tolerance atol={atol:g})")
    else:
        raise ValueError(f"target must be integer class indices or float probabilities, got dtype {t.dtype}")
    return (1.0 - label_smoothing) * y + label_smoothing / k


def softmax_cross_entropy(logits, target, label_smoothing=0.0, reduction="mean"):
    """Return the cross-entropy −Σ_j y_j log softmax(z)_j of logits (n, K) against a target.

    ``target``: class indices (int, shape (n,)) or probabilities (float,
    shape (n, K)); ``label_smoothing`` ε replaces y by (1 − ε) y + ε/K, as in
    PyTorch.  ``reduction``: "mean" (average over the n samples, a float),
    "sum" (sum over samples, a float) or "none" (the n per-sample losses).
    """
    _check_reduction(reduction, REDUCTIONS)
    y = smoothed_target(logits, target, label_smoothing)
    logp = log_softmax(logits)
    per_sample = 0.0 - np.where(y > 0, y * logp, 0.0).sum(axis=1)  # 0 · log p = 0; 0.0 − …: no −0
    if reduction == "none":
        return per_sample
    return float(per_sample.mean() if reduction == "mean" else per_sample.sum())


def softmax_cross_entropy_grad(logits, target, label_smoothing=0.0, reduction="mean"):
    """Return ∂L/∂logits, shape (n, K): (softmax(z) − y_smooth), divided by n for "mean".

    "sum" gives softmax(z) − y_smooth unscaled; "none" gives the same array,
    whose row i is the gradient of sample i's loss with respect to its own
    logits (the other rows do not affect it).
    """
    _check_reduction(reduction, REDUCTIONS)
    y = smoothed_target(logits, target, label_smoothing)
    g = softmax(logits) - y
    return g / g.shape[0] if reduction == "mean" else g


def softmax_jacobian(z):
    """Return J with J[k, j] = ∂softmax(z)_k/∂z_j = p_k (δ_kj − p_j), i.e. diag(p) − p pᵀ, for one logit vector z.

    J is also the Hessian of the softmax cross-entropy −Σ_k y_k ln p_k with respect to z
    (for any target y that sums to 1); it is symmetric and positive semi-definite.
    """
    z = np.asarray(z, dtype=float)
    if z.ndim != 1:
        raise ValueError(f"z must be one logit vector (1-D), got shape {z.shape}")
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def softmax_squared_error(z, y):
    """Return ½ Σ_k (softmax(z)_k − y_k)² for one logit vector z and target vector y."""
    y = np.asarray(y, dtype=float)
    d = softmax(np.asarray(z, dtype=float)) - y
    return 0.5 * float(d @ d)


def softmax_squared_error_grad(z, y):
    """Return ∂/∂z of ½ Σ_k (p_k − y_k)², p = softmax(z): Jᵀ (p − y) with J = diag(p) − p pᵀ.

    Unlike the cross-entropy's p − y, this carries the softmax's derivative: when p is
    saturated (one p_k near 1), J is near 0 and so is the gradient, however wrong p is.
    """
    y = np.asarray(y, dtype=float)
    J = softmax_jacobian(z)
    return J.T @ (softmax(np.asarray(z, dtype=float)) - y)


# --- binary / multi-label cross-entropy --------------------------------------------


def _validate_binary(logits, targets):
    z = _validate_logits(logits)
    y = np.asarray(targets, dtype=float)
    if y.shape != z.shape:
        raise ValueError(f"targets must have the shape of logits {z.shape}, got {y.shape}")
    if np.isnan(y).any() or ((y < 0) | (y > 1)).any():
        raise ValueError("targets must lie in [0, 1] (and not be NaN)")
    return z, y


def _n_samples(z):
    """Number of samples: the first axis (a scalar is one sample); labels are the last axis for ndim ≥ 2."""
    return 1 if z.ndim == 0 else z.shape[0]


def binary_cross_entropy_with_logits(logits, targets, reduction="mean"):
    """Return −[y log σ(z) + (1 − y) log(1 − σ(z))] = max(z, 0) − z y + log(1 + e^{−|z|}).

    ``logits`` and ``targets`` (in [0, 1]) have the same shape: (n,) for n
    binary samples, (n, L) for n samples with L labels each.  ``reduction``:
    "mean" (average over all elements, as PyTorch's BCEWithLogitsLoss),
    "mean_samples" (sum over the labels of a sample, average over the n
    samples; equals "mean" for shape (n,)), "sum" (over all elements) or
    "none" (elementwise losses, the shape of logits).
    """
    _check_reduction(reduction, BINARY_REDUCTIONS)
    z, y = _validate_binary(logits, targets)
    loss = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    if reduction == "none":
        return loss
    if reduction == "mean":
        return float(loss.mean())
    if reduction == "mean_samples":
        return float(loss.sum() / _n_samples(z))
    return float(loss.sum())


def binary_cross_entropy_with_logits_grad(logits, targets, reduction="mean"):
    """Return ∂L/∂logits = σ(z) − y, divided by the number of elements ("mean") or samples ("mean_samples").

    "sum" and "none" give σ(z) − y unscaled (for "none", element i is the
    derivative of loss i with respect to logit i).  Evaluated as
    (1 − y) σ(z) − y σ(−z), which keeps its relative accuracy when σ(z) rounds to 1.
    """
    _check_reduction(reduction, BINARY_REDUCTIONS)
    z, y = _validate_binary(logits, targets)
    g = (1.0 - y) * sigmoid(z) - y * sigmoid(-z)
    if reduction == "mean":
        return g / z.size
    if reduction == "mean_samples":
        return g / _n_samples(z)
    return g


# --- class imbalance ---------------------------------------------------------------


def _check_pos_weight(pos_weight):
    w = float(pos_weight)
    if not (np.isfinite(w) and w > 0):
        raise ValueError(f"pos_weight must be finite and > 0, got {pos_weight!r}")
    return w


def weighted_binary_cross_entropy_with_logits(logits, targets, pos_weight=1.0):
    """Return the elementwise −[w y log σ(z) + (1 − y) log(1 − σ(z))], w = ``pos_weight``.

    The form of PyTorch's ``BCEWithLogitsLoss(pos_weight=w)``, computed stably as
    w y softplus(−z) + (1 − y) softplus(z); finite for every finite z.
    """
    z, y = _validate_binary(logits, targets)
    w = _check_pos_weight(pos_weight)
    return w * y * softplus(-z) + (1.0 - y) * softplus(z)


def weighted_binary_cross_entropy_with_logits_grad(logits, targets, pos_weight=1.0):
    """Return ∂/∂z of the weighted loss: (1 − y) σ(z) − w y (1 − σ(z)) elementwise."""
    z, y = _validate_binary(logits, targets)
    w = _check_pos_weight(pos_weight)
    s = sigmoid(z)
    return (1.0 - y) * s - w * y * (1.0 - s)


def clamped_bce_grad(z, y, eps=1e-12, dtype=np.float64):
    """Return d/dz of PyTorch's ``BCELoss(sigmoid(z), y)`` for one element, as its backward pass computes it.

    BCELoss's gradient with respect to its input x = σ(z) is (x − y) / max(x (1 − x), eps), eps = 1e−12,
    and the sigmoid's backward multiplies by x (1 − x).  Where x (1 − x) ≥ eps the two cancel and the
    result is σ(z) − y, the true gradient; where x (1 − x) < eps (|z| ≳ 27.6) it is scaled down by
    x (1 − x) / eps; where x rounds to 0 or 1 in ``dtype`` it is 0.  tests/test_frameworks.py checks
    this against PyTorch.
    """
    x = dtype(1) / (dtype(1) + np.exp(-dtype(z)))
    y = dtype(y)
    d = x * (dtype(1) - x)
    return float((x - y) / max(d, dtype(eps)) * d)


def pos_weight_optimum(pi, pos_weight):
    """Return the output a minimising the expected weighted loss when P(y = 1) = ``pi``.

    −w π ln a − (1 − π) ln(1 − a) is smallest at a* = w π / (w π + 1 − π): with w ≠ 1 the
    optimum is no longer the probability π (its odds are multiplied by w).
    """
    pi = float(pi)
    if not 0.0 <= pi <= 1.0:
        raise ValueError(f"pi must lie in [0, 1], got {pi!r}")
    w = _check_pos_weight(pos_weight)
    return w * pi / (w * pi + 1.0 - pi)


def expected_loss_by_class(pi, a):
    """Return (positives' part, negatives' part) of the expected per-example loss, in nats, when a
    fraction ``pi`` of the examples is positive and the model outputs ``a`` for every example:
    π · (−ln a) and (1 − π) · (−ln(1 − a)).  Their sum is the binary cross-entropy H(π, a)."""
    pi, a = float(pi), float(a)
    if not 0.0 <= pi <= 1.0 or not 0.0 < a < 1.0:
        raise ValueError(f"need pi in [0, 1] and a in (0, 1), got pi={pi!r}, a={a!r}")
    return -pi * np.log(a), -(1.0 - pi) * np.log1p(-a)


def class_weighted_mean(losses, targets, class_weights):
    """Return Σ_i w[y_i] ℓ_i / Σ_i w[y_i]: the "mean" of PyTorch's CrossEntropyLoss(weight=w).

    The denominator is the sum of the samples' weights, not the number of samples.
    """
    losses = np.asarray(losses, dtype=float)
    t = np.asarray(targets)
    w = np.asarray(class_weights, dtype=float)
    if losses.shape != t.shape or t.ndim != 1:
        raise ValueError(f"losses and targets must be 1-D of the same length, got {losses.shape} and {t.shape}")
    if not np.issubdtype(t.dtype, np.integer) or (t < 0).any() or (t >= w.size).any():
        raise ValueError(f"targets must be class indices in [0, {w.size})")
    if not (np.isfinite(w) & (w >= 0)).all() or w[t].sum() <= 0:
        raise ValueError("class weights must be finite, >= 0, and not all 0 on the targets")
    return float((w[t] * losses).sum() / w[t].sum())


# --- classification metrics ------------------------------------------------------------


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
