/* Engine of the KL explorer: densities on a grid, KL divergences, Gaussian fits.
 *
 * Mirrors scripts/xent/infotheory.py (gaussian_logpdf, gaussian_mixture_logpdf,
 * kl_on_grid) with the same operations in the same order, including the two
 * places where NumPy and SciPy fix an order of their own:
 *   - np.sum adds a float64 array by pairwise summation (numpy's pairwise_sum:
 *     blocks of at most 128 numbers, each added with 8 running sums); np_sum
 *     below is that algorithm, so a sum of 2001 terms is added in the same order;
 *   - scipy.special.logsumexp (SciPy 1.17) takes out the largest term:
 *     log1p(Σ_{others} e^{a_i − max} / m) + log(m) + max, m = how often the max occurs.
 * The minimisers are this file's own: the forward fit in closed form on the grid
 * (p's mean and variance there), the reverse fit by Newton's method with exact
 * gradient and Hessian from each mode of p.  No DOM here: the drawing is in draw.js.
 */
(function (root) {
  "use strict";

  const LOG_2PI = Math.log(2.0 * Math.PI);

  /** numpy.linspace(start, stop, num): i * step + start, the last point set to stop. */
  function linspace(start, stop, num) {
    const div = num - 1;
    const step = (stop - start) / div;
    const y = new Array(num);
    for (let i = 0; i < num; i++) y[i] = i * step + start;
    if (num > 1) y[num - 1] = stop;
    return y;
  }

  /** numpy's pairwise summation of a[lo], …, a[lo + n − 1] (numpy/_core/src/umath/loops_utils.h.src). */
  function pairwise_sum(a, lo, n) {
    if (n < 8) {
      let res = 0.0;
      for (let i = 0; i < n; i++) res += a[lo + i];
      return res;
    } else if (n <= 128) {
      const r = [a[lo], a[lo + 1], a[lo + 2], a[lo + 3], a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]];
      let i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (let j = 0; j < 8; j++) r[j] += a[lo + i + j];
      }
      let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[lo + i];
      return res;
    }
    let n2 = Math.floor(n / 2);
    n2 -= n2 % 8;
    return pairwise_sum(a, lo, n2) + pairwise_sum(a, lo + n2, n - n2);
  }

  /** np.sum of a 1-D float64 array. */
  function np_sum(a) {
    return pairwise_sum(a, 0, a.length);
  }

  /** scipy.special.logsumexp of a short 1-D array (the mixture's components). */
  function logsumexp(a) {
    let amax = -Infinity;
    for (const v of a) if (v > amax) amax = v;
    if (!Number.isFinite(amax)) return Math.log(np_sum(a.map(Math.exp)));
    let m = 0;
    const e = a.map((v) => {
      if (v === amax) { m += 1; return 0.0; }
      return Math.exp(v - amax);
    });
    let s = np_sum(e);
    if (s !== 0) s = s / m;
    return Math.log1p(s) + Math.log(m) + amax;
  }

  function checkSigma(sigma, name = "sigma") {
    if (!(Number.isFinite(sigma) && sigma > 0)) throw new Error(`${name} must be finite and > 0, got ${sigma}`);
  }

  /** ln N(x; mu, sigma²) at each point of x. */
  function gaussian_logpdf(x, mu, sigma) {
    checkSigma(sigma);
    const ls = Math.log(sigma);
    return x.map((xi) => {
      const t = (xi - mu) / sigma;
      return -0.5 * (t * t) - ls - 0.5 * LOG_2PI;
    });
  }

  /** ln p(x) for p = Σ_k w_k N(mu_k, sigma_k²), by log-sum-exp over k. */
  function gaussian_mixture_logpdf(x, weights, means, sigmas) {
    if (!(weights.length === means.length && means.length === sigmas.length)) {
      throw new Error("weights, means and sigmas must have the same length");
    }
    const cols = weights.map((w, k) => {
      const lw = Math.log(w);
      return gaussian_logpdf(x, means[k], sigmas[k]).map((v) => lw + v);
    });
    return x.map((_, i) => logsumexp(cols.map((c) => c[i])));
  }

  /** Step of a uniform grid, computed as the Python does: (x[-1] − x[0]) / (n − 1). */
  function grid_step(x) {
    return (x[x.length - 1] - x[0]) / (x.length - 1);
  }

  /** Σ p (ln p − ln q) Δx: KL(p‖q) of two densities given as logs on a uniform grid (terms with p = 0 count 0). */
  function kl_on_grid(x, log_p, log_q) {
    const dx = grid_step(x);
    const terms = log_p.map((lp, i) => {
      const p = Math.exp(lp);
      return p > 0 ? p * (lp - log_q[i]) : 0.0;
    });
    return np_sum(terms) * dx;
  }

  /** The Gaussian with p's mean and variance on the grid: the minimiser of Σ −p ln q Δx.
   *  Returns {mu, sigma, kl} with kl = KL(p‖q) on the grid. */
  function fit_gaussian_forward_kl(x, log_p) {
    const p = log_p.map(Math.exp);
    const mass = np_sum(p);
    const mu = np_sum(p.map((pi, i) => pi * x[i])) / mass;
    const variance = np_sum(p.map((pi, i) => pi * ((x[i] - mu) * (x[i] - mu)))) / mass;
    const sigma = Math.sqrt(variance);
    return { mu, sigma, kl: kl_on_grid(x, log_p, gaussian_logpdf(x, mu, sigma)) };
  }

  /** Reverse KL Σ q (ln q − ln p) Δx as a function of θ = (mu, ln sigma), with gradient and Hessian. */
  function reverse_kl_parts(x, log_p, theta) {
    const [mu, log_s] = theta;
    const sg = Math.exp(log_s);
    const dx = grid_step(x);
    const n = x.length;
    const f = new Array(n), g0 = new Array(n), g1 = new Array(n);
    const h00 = new Array(n), h01 = new Array(n), h11 = new Array(n);
    for (let i = 0; i < n; i++) {
      const u = (x[i] - mu) / sg;
      const log_q = -0.5 * (u * u) - log_s - 0.5 * LOG_2PI;
      const q = Math.exp(log_q);
      const r = log_q - log_p[i];
      const a = u / sg, c = u * u - 1.0; // ∂ln q/∂mu, ∂ln q/∂ln sigma
      f[i] = q * r;
      g0[i] = q * (r + 1.0) * a;
      g1[i] = q * (r + 1.0) * c;
      h00[i] = q * (a * a * (r + 2.0) - (r + 1.0) / (sg * sg));
      h01[i] = q * (a * c * (r + 2.0) - (r + 1.0) * 2.0 * u / sg);
      h11[i] = q * (c * c * (r + 2.0) - (r + 1.0) * 2.0 * u * u);
    }
    return {
      f: np_sum(f) * dx,
      g: [np_sum(g0) * dx, np_sum(g1) * dx],
      h: [[np_sum(h00) * dx, np_sum(h01) * dx], [np_sum(h01) * dx, np_sum(h11) * dx]],
    };
  }

  /** Newton's method with backtracking from one start (mu0, sigma0); returns {mu, sigma, kl, iterations}. */
  function newton_reverse_kl(x, log_p, mu0, sigma0, max_iter = 50) {
    checkSigma(sigma0, "start sigma");
    let theta = [mu0, Math.log(sigma0)];
    let cur = reverse_kl_parts(x, log_p, theta);
    let it = 0;
    for (; it < max_iter; it++) {
      const [g0, g1] = cur.g;
      if (Math.max(Math.abs(g0), Math.abs(g1)) < 1e-14) break;
      const [[a, b], [, d]] = cur.h;
      const det = a * d - b * b;
      let s0, s1;
      if (a > 0 && det > 0) { // Newton step −H⁻¹g
        s0 = -(d * g0 - b * g1) / det;
        s1 = -(a * g1 - b * g0) / det;
      } else { // not convex here: steepest descent
        s0 = -g0;
        s1 = -g1;
      }
      const slope = g0 * s0 + g1 * s1;
      let t = 1.0, next = null;
      while (t > 1e-6) { // Armijo backtracking; only a strict decrease is accepted
        const trial = [theta[0] + t * s0, theta[1] + t * s1];
        const parts = reverse_kl_parts(x, log_p, trial);
        if (parts.f < cur.f + 1e-4 * t * slope) { next = { theta: trial, parts }; break; }
        t /= 2;
      }
      if (next === null) break; // no decrease left at this precision: converged
      theta = next.theta;
      cur = next.parts;
    }
    return { mu: theta[0], sigma: Math.exp(theta[1]), kl: cur.f, iterations: it };
  }

  /** The Gaussian minimising the reverse KL(q‖p) on the grid, from each start [mu, sigma];
   *  the lowest is returned (ties: the first start).  Give one start per mode of p. */
  function fit_gaussian_reverse_kl(x, log_p, starts) {
    let best = null;
    for (const [mu0, sigma0] of starts) {
      const r = newton_reverse_kl(x, log_p, mu0, sigma0);
      if (best === null || r.kl < best.kl) best = r;
    }
    if (best === null) throw new Error("starts is empty: give at least one (mu, sigma)");
    return best;
  }

  const api = {
    LOG_2PI, linspace, pairwise_sum, np_sum, logsumexp, gaussian_logpdf, gaussian_mixture_logpdf, grid_step,
    kl_on_grid, fit_gaussian_forward_kl, reverse_kl_parts, newton_reverse_kl, fit_gaussian_reverse_kl,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.XentInfotheory = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
