"""Self-information, entropy, cross-entropy and KL divergence.

Discrete distributions are 1-D arrays of probabilities; logarithms are natural
(nats) unless ``base`` is given (``base=2`` gives bits).  The code aims to be
readable, not fast.

Edge cases follow the limits, never ``nan_to_num``:

- 0 · log 0 = 0 and 0 · log(0/q) = 0 (``scipy.special.xlogy`` / ``rel_entr``);
- KL(p‖q) and H(p, q) are +inf where q_i = 0 < p_i, never NaN.

The last part fits one Gaussian q to a density p given on a fixed grid, once by
minimising the forward KL(p‖q) (mass-covering) and once by minimising the
reverse KL(q‖p) (mode-seeking).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy.special import entr, logsumexp, rel_entr, xlogy

LOG_2PI = math.log(2.0 * math.pi)


def _log_base(base):
    """Return ln(base), the divisor that turns nats into units of ``base`` (1 for nats)."""
    if base is None:
        return 1.0
    if not (isinstance(base, (int, float)) and math.isfinite(base) and base > 0 and base != 1):
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
    return math.log(base)


def _scalar_or_array(x):
    """A 0-d result becomes a Python float; arrays stay arrays."""
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def validate_distribution(p, name="p", atol=1e-9):
    """Return ``p`` as a 1-D float array after checking it is a probability distribution.

    Raises ValueError saying what was wrong: not 1-D, empty, NaN or infinite
    entries, negative entries, or a sum that differs from 1 by more than
    ``atol`` (absolute tolerance, default 1e-9).
    """
    try:
        arr = np.asarray(p, dtype=float)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be an array of numbers: {e}") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN at index {int(np.flatnonzero(np.isnan(arr))[0])}")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains an infinite entry at index {int(np.flatnonzero(np.isinf(arr))[0])}")
    if (arr < 0).any():
        i = int(np.argmin(arr))
        raise ValueError(f"{name} has negative entries (smallest {float(arr[i])!r} at index {i})")
    total = float(arr.sum())
    if abs(total - 1.0) > atol:
        raise ValueError(f"{name} sums to {total!r}, not 1 (tolerance atol={atol:g})")
    return arr


def _validate_probability(p, name):
    """Return ``p`` as a float array (any shape) after checking every entry is in [0, 1]."""
    arr = np.asarray(p, dtype=float)
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    if ((arr < 0) | (arr > 1)).any():
        bad = float(arr[(arr < 0) | (arr > 1)].flat[0])
        raise ValueError(f"{name} must lie in [0, 1], got {bad!r}")
    return arr


def _validate_pair(p, q):
    p = validate_distribution(p, "p")
    q = validate_distribution(q, "q")
    if p.size != q.size:
        raise ValueError(f"p and q must have the same length, got len(p)={p.size} and len(q)={q.size}")
    return p, q


def self_information(p, base=None):
    """Return −log p, the surprise of an event of probability p in (0, 1] (array ok).

    p = 0 gives +inf (an impossible event is infinitely surprising); p outside
    [0, 1] or NaN raises ValueError.
    """
    p = _validate_probability(p, "p")
    with np.errstate(divide="ignore"):
        return _scalar_or_array(0.0 - np.log(p) / _log_base(base))  # 0.0 − …: p = 1 gives +0, not −0


def entropy(p, base=None):
    """Return H(p) = −Σ p_i log p_i, with 0 log 0 = 0."""
    p = validate_distribution(p, "p")
    return float(entr(p).sum() / _log_base(base))


def cross_entropy(p, q, base=None):
    """Return H(p, q) = −Σ p_i log q_i; +inf if some q_i = 0 < p_i."""
    p, q = _validate_pair(p, q)
    return float(0.0 - xlogy(p, q).sum() / _log_base(base))


def kl_divergence(p, q, base=None):
    """Return D_KL(p‖q) = Σ p_i log(p_i / q_i) ≥ 0; +inf if some q_i = 0 < p_i.

    A sum below 0 is returned as 0: it can only come from rounding (p and q
    that sum to 1 within the tolerance but not exactly).
    """
    p, q = _validate_pair(p, q)
    return max(float(rel_entr(p, q).sum() / _log_base(base)), 0.0)


def binary_entropy(p, base=None):
    """Return H(p) = −p log p − (1−p) log(1−p) elementwise, for p in [0, 1]."""
    p = _validate_probability(p, "p")
    return _scalar_or_array((entr(p) + entr(1.0 - p)) / _log_base(base))


def binary_cross_entropy(y, a, base=None):
    """Return C(y, a) = −y log a − (1−y) log(1−a) elementwise, for y, a in [0, 1].

    Broadcasts y against a.  +inf where the target puts mass on an outcome
    that a calls impossible (a = 0 < y or a = 1 > y); at a = y it equals H(y).
    """
    y = _validate_probability(y, "y")
    a = _validate_probability(a, "a")
    return _scalar_or_array(0.0 - (xlogy(y, a) + xlogy(1.0 - y, 1.0 - a)) / _log_base(base))


def _validate_joint(joint):
    j = np.asarray(joint, dtype=float)
    if j.ndim != 2:
        raise ValueError(f"joint must be a 2-D table p(x, y), got shape {j.shape}")
    validate_distribution(j.ravel(), "joint")
    return j


def conditional_entropy(joint, base=None):
    """Return H(Y | X) = −Σ_{x,y} p(x, y) log p(y | x) for a joint table ``joint[x, y]``.

    Equals H(X, Y) − H(X); rows with p(x) = 0 contribute nothing.
    """
    j = _validate_joint(joint)
    return max(float((entr(j).sum() - entr(j.sum(axis=1)).sum()) / _log_base(base)), 0.0)


def mutual_information(joint, base=None):
    """Return I(X; Y) = D_KL(p(x, y) ‖ p(x) p(y)) = H(Y) − H(Y | X) ≥ 0 for a joint table ``joint[x, y]``."""
    j = _validate_joint(joint)
    product = np.outer(j.sum(axis=1), j.sum(axis=0))
    return max(float(rel_entr(j, product).sum() / _log_base(base)), 0.0)


def perplexity(cross_entropy_nats):
    """Return exp(H): the perplexity of a model whose cross-entropy is H nats (= 2**H in bits)."""
    h = np.asarray(cross_entropy_nats, dtype=float)
    if not (h >= 0).all():
        raise ValueError(f"a cross-entropy is >= 0, got {cross_entropy_nats!r}")
    return _scalar_or_array(np.exp(h))


# --- Gaussians -------------------------------------------------------------


def _validate_sigma(sigma, name="sigma"):
    s = np.asarray(sigma, dtype=float)
    if not (np.isfinite(s) & (s > 0)).all():
        raise ValueError(f"{name} must be finite and > 0, got {sigma!r}")
    return s


def kl_gaussian(mu1, sigma1, mu2, sigma2):
    """Return D_KL(N(mu1, sigma1²) ‖ N(mu2, sigma2²)) in nats (closed form, broadcasts).

    ln(σ2/σ1) + (σ1² + (μ1 − μ2)²) / (2σ2²) − 1/2.
    """
    s1 = _validate_sigma(sigma1, "sigma1")
    s2 = _validate_sigma(sigma2, "sigma2")
    d = np.asarray(mu1, dtype=float) - np.asarray(mu2, dtype=float)
    return _scalar_or_array(np.log(s2 / s1) + (s1**2 + d**2) / (2.0 * s2**2) - 0.5)


def gaussian_logpdf(x, mu, sigma):
    """Return ln N(x; mu, sigma²)."""
    s = _validate_sigma(sigma)
    x = np.asarray(x, dtype=float)
    return -0.5 * ((x - mu) / s) ** 2 - np.log(s) - 0.5 * LOG_2PI


def _validate_mixture(weights, means, sigmas):
    w = validate_distribution(weights, "weights")
    m = np.asarray(means, dtype=float)
    s = _validate_sigma(sigmas, "sigmas")
    if not (m.shape == s.shape == w.shape):
        raise ValueError(f"weights, means and sigmas must have the same length, got {w.size}, {m.size}, {s.size}")
    return w, m, s


def gaussian_mixture_logpdf(x, weights, means, sigmas):
    """Return ln p(x) for p = Σ_k w_k N(mu_k, sigma_k²), evaluated by log-sum-exp (no underflow)."""
    w, m, s = _validate_mixture(weights, means, sigmas)
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore"):  # a zero weight contributes log 0 = −inf, which logsumexp handles
        terms = np.log(w) + gaussian_logpdf(x[..., None], m, s)
    return logsumexp(terms, axis=-1)


def gaussian_mixture_pdf(x, weights, means, sigmas):
    """Return p(x) = Σ_k w_k N(x; mu_k, sigma_k²)."""
    return np.exp(gaussian_mixture_logpdf(x, weights, means, sigmas))


class GaussianFit(NamedTuple):
    """Result of a fit: the Gaussian N(mu, sigma²) and the KL it reaches on the grid (nats)."""

    mu: float
    sigma: float
    kl: float


def _validate_grid(x, log_p, atol=1e-3):
    """Check a uniform grid and a log-density on it; return (x, log_p, dx)."""
    x = np.asarray(x, dtype=float)
    log_p = np.asarray(log_p, dtype=float)
    if x.ndim != 1 or x.size < 3:
        raise ValueError(f"x must be a 1-D grid of at least 3 points, got shape {x.shape}")
    if log_p.shape != x.shape:
        raise ValueError(f"log_p must have the shape of x {x.shape}, got {log_p.shape}")
    dx = (x[-1] - x[0]) / (x.size - 1)
    if not (dx > 0 and np.allclose(np.diff(x), dx, rtol=1e-9, atol=0)):
        raise ValueError("x must be increasing with a constant step")
    if np.isnan(log_p).any() or np.isposinf(log_p).any():
        raise ValueError("log_p must not contain NaN or +inf")
    mass = float(np.exp(log_p).sum() * dx)
    if abs(mass - 1.0) > atol:
        raise ValueError(f"p integrates to {mass:.6g} on the grid, not 1 (tolerance {atol:g}); widen the grid")
    return x, log_p, dx


def kl_on_grid(x, log_p, log_q):
    """Return Σ p (ln p − ln q) Δx, the KL(p‖q) of two densities on a uniform grid (Riemann sum).

    Terms with p = 0 (ln p = −inf) count as 0.
    """
    x, log_p, dx = _validate_grid(x, log_p)
    p = np.exp(log_p)
    with np.errstate(invalid="ignore"):
        terms = np.where(p > 0, p * (log_p - np.asarray(log_q, dtype=float)), 0.0)
    return float(terms.sum() * dx)


def _gauss_parts(x, theta):
    """ln q on the grid and its derivatives with respect to θ = (mu, ln sigma)."""
    mu, log_s = theta
    u = (x - mu) / math.exp(log_s)
    log_q = -0.5 * u**2 - log_s - 0.5 * LOG_2PI
    dlog_q = np.stack([u / math.exp(log_s), u**2 - 1.0])  # ∂ln q/∂mu, ∂ln q/∂ln sigma
    return log_q, dlog_q


def fit_gaussian_forward_kl(x, log_p):
    """Return the GaussianFit minimising the forward KL(p‖q) on the grid (mass-covering).

    ``log_p`` is ln p at the points of the uniform grid ``x`` (p must integrate
    to 1 on it within 1e-3).  KL(p‖q) = const − Σ p ln q Δx is minimised over
    (mu, ln sigma) by BFGS with its exact gradient, from the start mu = 0,
    sigma = 1.  (The minimiser is known in closed form: q takes p's mean and
    variance; the tests check the fit against it.)
    """
    from scipy.optimize import minimize  # imported here: it is slow to import and only the fits need it

    x, log_p, dx = _validate_grid(x, log_p)
    p = np.exp(log_p)

    def f(theta):
        log_q, dlog_q = _gauss_parts(x, theta)
        return -(p * log_q).sum() * dx, -(dlog_q * p).sum(axis=1) * dx

    r = minimize(f, np.array([0.0, 0.0]), jac=True, method="BFGS", options={"gtol": 1e-12})
    mu, sigma = float(r.x[0]), math.exp(r.x[1])
    return GaussianFit(mu, sigma, kl_on_grid(x, log_p, gaussian_logpdf(x, mu, sigma)))


def fit_gaussian_reverse_kl(x, log_p, starts):
    """Return the GaussianFit minimising the reverse KL(q‖p) on the grid (mode-seeking).

    KL(q‖p) = Σ q (ln q − ln p) Δx is minimised over (mu, ln sigma) by BFGS
    with its exact gradient, once from each (mu, sigma) in ``starts``; the
    lowest result is returned (ties: the first start).  The reverse KL has one
    local minimum per well separated mode, so give one start per mode.  q's
    mass outside the grid is ignored, so the grid must cover every q tried.
    """
    from scipy.optimize import minimize

    x, log_p, dx = _validate_grid(x, log_p)
    if np.isneginf(log_p).any():
        raise ValueError("p must be > 0 on the whole grid (else KL(q‖p) = +inf for every Gaussian q)")

    def f(theta):
        log_q, dlog_q = _gauss_parts(x, theta)
        q = np.exp(log_q)
        r = log_q - log_p
        return (q * r).sum() * dx, (dlog_q * (q * (r + 1.0))).sum(axis=1) * dx

    best = None
    for mu0, sigma0 in starts:
        _validate_sigma(sigma0, "start sigma")
        r = minimize(f, np.array([float(mu0), math.log(sigma0)]), jac=True, method="BFGS",
                     options={"gtol": 1e-12})
        if best is None or r.fun < best.fun:
            best = r
    if best is None:
        raise ValueError("starts is empty: give at least one (mu, sigma)")
    mu, sigma = float(best.x[0]), math.exp(best.x[1])
    return GaussianFit(mu, sigma, float(best.fun))
