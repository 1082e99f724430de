/* Engine of the neuron explorer: one sigmoid neuron trained by gradient descent.
 *
 * A line-by-line mirror of scripts/xent/neuron.py (sigmoid, softplus, the two
 * costs with fn/delta, gradient, validate, train) and of train_nndl_animation in
 * scripts/xent/experiments.py: the same names, the same floating-point
 * operations in the same order (no a*b+c reordering, x*x for a square, the
 * softplus form of the cross-entropy), so tests/test_explorers.py can hold this
 * file equal to the Python to 1e-12.  No DOM here: the drawing is in draw.js.
 */
(function (root) {
  "use strict";

  /** σ(z) = 1 / (1 + e^{-z}), without overflow for large |z| (as neuron.sigmoid). */
  function sigmoid(z) {
    const e = Math.exp(-Math.abs(z));
    return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  }

  /** σ'(z) = σ(z) (1 − σ(z)). */
  function sigmoid_prime(z) {
    const s = sigmoid(z);
    return s * (1.0 - s);
  }

  /** softplus(z) = ln(1 + e^z) = max(z, 0) + log1p(e^{-|z|}). */
  function softplus(z) {
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** C = (a − y)² / 2. */
  const QuadraticCost = {
    name: "quadratic",
    fn(z, y) {
      const d = sigmoid(z) - y;
      return 0.5 * (d * d);
    },
    /** ∂C/∂z = (a − y) σ'(z). */
    delta(z, y) {
      return (sigmoid(z) - y) * sigmoid_prime(z);
    },
  };

  /** C = −[y ln a + (1 − y) ln(1 − a)], evaluated as softplus(z) − y z. */
  const CrossEntropyCost = {
    name: "cross-entropy",
    fn(z, y) {
      return softplus(z) - y * z;
    },
    /** ∂C/∂z = a − y. */
    delta(z, y) {
      return sigmoid(z) - y;
    },
  };

  const COSTS = { quadratic: QuadraticCost, "cross-entropy": CrossEntropyCost };

  /** [∂C/∂w, ∂C/∂b] for one sample. */
  function gradient(cost, w, b, x = 1.0, y = 0.0) {
    const z = w * x + b;
    const d = cost.delta(z, y);
    return [d * x, d];
  }

  /** Throw an Error with a one-line reason if the parameters make no sense. */
  function validate(cost, eta, epochs, x, y, w, b) {
    if (typeof cost === "string" && !(cost in COSTS)) {
      throw new Error(`unknown cost ${cost}; choose one of ${Object.keys(COSTS).join(", ")}`);
    }
    for (const [name, v] of [["eta", eta], ["x", x], ["y", y], ["w", w], ["b", b]]) {
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${name} must be a finite number, got ${v}`);
    }
    if (!(eta > 0)) throw new Error(`eta must be > 0, got ${eta}`);
    if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`epochs must be a whole number >= 0, got ${epochs}`);
    if (!(y >= 0.0 && y <= 1.0)) throw new Error(`y must lie in [0, 1], got ${y}`);
  }

  function trajectory(ws, bs, zs, as, cs) {
    return { epoch: ws.map((_, k) => k), w: ws, b: bs, z: zs, a: as, cost: cs };
  }

  /** Train by gradient descent on one sample: w ← w − η ∂C/∂w, b ← b − η ∂C/∂b
   *  once per epoch.  Returns {epoch, w, b, z, a, cost}; index k is epoch k. */
  function train(cost, w, b, eta, epochs, x = 1.0, y = 0.0) {
    validate(cost, eta, epochs, x, y, w, b);
    if (typeof cost === "string") cost = COSTS[cost];
    const ws = [w], bs = [b];
    for (let k = 0; k < epochs; k++) {
      const [gw, gb] = gradient(cost, ws[k], bs[k], x, y);
      ws.push(ws[k] - eta * gw);
      bs.push(bs[k] - eta * gb);
    }
    const zs = ws.map((wk, k) => wk * x + bs[k]);
    return trajectory(ws, bs, zs, zs.map(sigmoid), zs.map((z) => cost.fn(z, y)));
  }

  /* NNDL's chapter-3 animation (mnielsen/nnadl_site, js/saturation1-4.js), x = 1, y = 0. */
  const NNDL_ETA = 0.005;
  const NNDL_UPDATES = 301;
  const NNDL_DERIVATIVE = {
    quadratic: (a) => a * a * (1 - a),   // = ∂C/∂z: the true gradient
    "cross-entropy": (a) => 1 / (1 - a), // = ∂C/∂a, not ∂C/∂z = a
  };
  const NNDL_FN = {
    quadratic: (a) => a * a / 2,
    "cross-entropy": (a) => -Math.log(1 - a),
  };

  /** The update of NNDL's animation: Δw = Δb = −η · derivative(a), a = 1/(1 + e^{−(w+b)}). */
  function train_nndl_animation(w, b, eta = NNDL_ETA, epochs = NNDL_UPDATES, cost = "cross-entropy") {
    if (!(cost in NNDL_DERIVATIVE)) throw new Error(`unknown cost ${cost}; the animation has quadratic, cross-entropy`);
    if (!(Number.isFinite(eta) && eta > 0)) throw new Error(`eta must be a finite number > 0, got ${eta}`);
    if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`epochs must be a whole number >= 0, got ${epochs}`);
    const derivative = NNDL_DERIVATIVE[cost], fn = NNDL_FN[cost];
    const ws = [w], bs = [b];
    for (let k = 0; k < epochs; k++) {
      const a = 1 / (1 + Math.exp(-(ws[k] + bs[k])));
      const delta = derivative(a);
      ws.push(ws[k] + -eta * delta);
      bs.push(bs[k] + -eta * delta);
    }
    const zs = ws.map((wk, k) => wk + bs[k]);
    const as = zs.map((z) => 1 / (1 + Math.exp(-z)));
    return trajectory(ws, bs, zs, as, as.map(fn));
  }

  const api = {
    sigmoid, sigmoid_prime, softplus, QuadraticCost, CrossEntropyCost, COSTS, gradient, validate, train,
    NNDL_ETA, NNDL_UPDATES, train_nndl_animation,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.XentNeuron = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
