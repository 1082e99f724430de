"""Tolerances that follow from a computation's conditioning (issue 16), shared by the comparison tests.

Two implementations of one computation (the explorers' JavaScript and the Python, a notebook and
``xent``) agree only as far as the libraries behind exp, log and log1p agree: each within 1 ulp of
the true value, so up to 2 ulps apart per call; how far that carries depends on the computation.
``spread`` measures it: it reruns the Python under ``tools.ulpnoise`` (every float64 exp, log,
log1p and expm1 result moved up to 1 ulp at random, four seeds) and records, element by element,
how far the result moved.  ``check_close`` then allows ``SAFETY`` times that spread plus ``FLOOR``
of the value.  Minimisers are compared by what their stopping rules allow: ``distance_to_minimum``.
Nothing here is project code.
"""

from __future__ import annotations

import math

import numpy as np

SAFETY = 8  # two libms, each within 1 ulp, differ by ≤ 2 ulps per call; ×2 for growth; ×2 margin
FLOOR = 8 * np.finfo(float).eps  # a result that the noise happened not to move may still differ by a few ulps
SEEDS = range(4)


def spread(compute):
    """Element by element, how far ``compute()`` (a dict of arrays) moves under a libm 1 ulp off."""
    from tools import ulpnoise

    clean = {k: np.asarray(v, dtype=float) for k, v in compute().items()}
    moved = {k: np.zeros_like(v) for k, v in clean.items()}
    for seed in SEEDS:
        with ulpnoise.noisy_libm(seed):
            noisy = compute()
        for k in clean:
            with np.errstate(invalid="ignore"):  # inf − inf where both are infinite: not a spread
                d = np.abs(np.asarray(noisy[k], dtype=float) - clean[k])
            moved[k] = np.maximum(moved[k], np.where(np.isfinite(d), d, 0.0))
    return clean, moved


def tolerance(py, moved, scale=None):
    """SAFETY × the measured spread + FLOOR × |value| (or × ``scale`` for values that pass through 0)."""
    py = np.asarray(py, dtype=float)
    return SAFETY * moved + FLOOR * (np.abs(py) if scale is None else scale)


def check_close(js, py, moved, label, scale=None):
    """Assert |js − py| ≤ tolerance element-wise; return the largest |js − py| / tolerance."""
    js, py = np.asarray(js, dtype=float), np.asarray(py, dtype=float)
    assert js.shape == py.shape, label
    finite = np.isfinite(py)
    assert np.array_equal(js[~finite], py[~finite], equal_nan=True), f"{label}: ±inf/NaN differ"
    assert np.isfinite(js[finite]).all(), f"{label}: not finite where the reference is"
    js, py, moved = js[finite], py[finite], np.asarray(moved, dtype=float)[finite]
    if not py.size:
        return 0.0
    if scale is not None:
        scale = np.broadcast_to(np.asarray(scale, dtype=float), finite.shape)[finite]
    tol = np.maximum(tolerance(py, moved, scale), np.finfo(float).tiny)
    ratio = (np.abs(js - py) / tol).ravel()
    k = int(np.argmax(ratio))
    assert ratio[k] <= 1, (f"{label}: element {k}: {js.flat[k]!r} vs {py.flat[k]!r}, differs by "
                           f"{abs(js.flat[k] - py.flat[k]):.3g}, tolerance {tol.flat[k]:.3g}")
    return float(ratio[k])



def _kl_gradient(kind, x, log_p, mu, sigma):
    """∂KL/∂(mu, ln sigma) on the grid, from calculus (not the package's code), and Σ|terms| for its rounding."""
    dx = x[1] - x[0]
    u = (x - mu) / sigma
    log_q = -0.5 * u**2 - math.log(sigma) - 0.5 * math.log(2 * math.pi)
    dlog_q = np.stack([u / sigma, u**2 - 1.0])
    weight = np.exp(log_p) if kind == "forward" else np.exp(log_q) * (log_q - log_p + 1.0)
    sign = -1.0 if kind == "forward" else 1.0  # forward: −Σ p ln q;  reverse: Σ q (ln q − ln p)
    terms = sign * dlog_q * weight * dx
    return terms.sum(axis=1), np.abs(terms).sum(axis=1)


def distance_to_minimum(kind, x, log_p, mu, sigma):
    """How far (mu, ln sigma) can be from the exact minimum of the grid KL, given its gradient there.

    Near a minimum the KL is quadratic, so the point is a Newton step Δ = H⁻¹ g from the minimum
    (H by central differences of the gradient, h = 1e-5: accurate to ~1e-9, plenty for a bound),
    and the gradient itself is only known to the rounding of its sum, 64 ulps of Σ|terms|.
    The factor 2 covers the cubic term over such short distances."""
    theta = np.array([mu, math.log(sigma)])
    g, g_abs = _kl_gradient(kind, x, log_p, mu, sigma)
    h = 1e-5
    H = np.empty((2, 2))
    for k in range(2):
        e = np.zeros(2)
        e[k] = h
        gp = _kl_gradient(kind, x, log_p, theta[0] + e[0], math.exp(theta[1] + e[1]))[0]
        gm = _kl_gradient(kind, x, log_p, theta[0] - e[0], math.exp(theta[1] - e[1]))[0]
        H[:, k] = (gp - gm) / (2 * h)
    Hinv = np.abs(np.linalg.inv(0.5 * (H + H.T)))
    return 2.0 * (Hinv @ (np.abs(g) + 64 * np.finfo(float).eps * g_abs))
