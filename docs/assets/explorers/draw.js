/* Drawing and controls of the explorers (the DOM side).
 *
 * The numbers come from the engines, neuron.js (XentNeuron) and infotheory.js
 * (XentInfotheory); this file only reads the controls, calls the engines and
 * draws their results as SVG.  Every visible word comes from the page: the
 * container's data-l-* attributes, in the page's language.  The container holds
 * a short note for readers without JavaScript; init() replaces it.  In Japanese,
 * the build marks the phrases of those words with U+200B (scripts/site/hooks/
 * phrases.py); text nodes get a <wbr> there, attributes and SVG text none.
 *
 *   <div class="xp" data-xp="neuron" data-cost="both" data-w="2" … data-l-play="…">note</div>
 *   <div class="xp" data-xp="kl" data-weights="…" data-means="…" … >note</div>
 */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  let uid = 0;

  const ZWSP = /\u200b/g;

  /** A label as it is read out or put into an attribute: without the phrase marks. */
  function plain(s) {
    return String(s).replace(ZWSP, "");
  }

  /** A label as nodes: its text with a <wbr> at each phrase mark (lines break between phrases). */
  function phrased(s) {
    const out = [];
    String(s).split(ZWSP).forEach((part, i) => {
      if (i) out.push(document.createElement("wbr"));
      out.push(part);
    });
    return out;
  }

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "text") e.replaceChildren(...phrased(v));
      else e.setAttribute(k, plain(v));
    }
    for (const c of children) e.append(...(typeof c === "string" ? phrased(c) : [c]));
    return e;
  }

  function svgEl(tag, attrs = {}) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  }

  function numbers(s) {
    return s.trim().split(/\s+/).map(Number);
  }

  /** Up to about n "nice" ticks (1, 2, 5 × 10^k) covering [lo, hi]. */
  function ticks(lo, hi, n) {
    const raw = (hi - lo) / Math.max(n, 1);
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) || raw;
    const out = [];
    for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    return out;
  }

  function tickText(t) {
    const s = Math.abs(t) >= 1000 || Number.isInteger(t) ? String(Math.round(t))
      : Math.abs(t) < 1e-3 ? Number(t.toPrecision(6)).toExponential() : String(Number(t.toPrecision(6)));
    return s.replace(/-/g, "\u2212");
  }

  /** An SVG plot with axes; lines(series) draws polylines [{points: [[x, y], …], cls}]. */
  class Plot {
    constructor(label, xlabel, ylabel) {
      this.W = 320; this.H = 200;
      this.m = { l: 42, r: 14, t: 10, b: 34 };
      this.svg = svgEl("svg", { viewBox: `0 0 ${this.W} ${this.H}`, class: "xp-plot", role: "img", "aria-label": plain(label) });
      this.axes = svgEl("g", { class: "xp-axes" });
      this.data = svgEl("g", { class: "xp-data" });
      this.svg.append(this.axes, this.data);
      this.xlabel = plain(xlabel); this.ylabel = plain(ylabel);
    }
    X(x) { return this.m.l + (x - this.x0) / (this.x1 - this.x0) * (this.W - this.m.l - this.m.r); }
    Y(y) { return this.H - this.m.b - (y - this.y0) / (this.y1 - this.y0) * (this.H - this.m.t - this.m.b); }
    invX(px) { return this.x0 + (px - this.m.l) / (this.W - this.m.l - this.m.r) * (this.x1 - this.x0); }
    frame(x0, x1, y0, y1) {
      Object.assign(this, { x0, x1, y0, y1 });
      const g = this.axes;
      g.replaceChildren();
      const { l, r, t, b } = this.m;
      for (const tx of ticks(x0, x1, 4)) {
        g.append(svgEl("line", { x1: this.X(tx), x2: this.X(tx), y1: t, y2: this.H - b, class: "xp-grid" }));
        const s = svgEl("text", { x: this.X(tx), y: this.H - b + 12, "text-anchor": "middle" });
        s.textContent = tickText(tx);
        g.append(s);
      }
      for (const ty of ticks(y0, y1, 4)) {
        g.append(svgEl("line", { x1: l, x2: this.W - r, y1: this.Y(ty), y2: this.Y(ty), class: "xp-grid" }));
        const s = svgEl("text", { x: l - 4, y: this.Y(ty) + 3.5, "text-anchor": "end" });
        s.textContent = tickText(ty);
        g.append(s);
      }
      g.append(svgEl("rect", { x: l, y: t, width: this.W - l - r, height: this.H - t - b, class: "xp-box" }));
      const xl = svgEl("text", { x: (l + this.W - r) / 2, y: this.H - 4, "text-anchor": "middle", class: "xp-axis-label" });
      xl.textContent = this.xlabel;
      const yl = svgEl("text", { x: 0, y: 0, "text-anchor": "middle", class: "xp-axis-label",
        transform: `translate(10 ${(t + this.H - b) / 2}) rotate(-90)` });
      yl.textContent = this.ylabel;
      g.append(xl, yl);
    }
    lines(series) {
      this.data.replaceChildren();
      for (const s of series) {
        const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
          .map(([x, y]) => `${this.X(x).toFixed(2)},${this.Y(Math.min(Math.max(y, this.y0 - 1e9), this.y1 + 1e9)).toFixed(2)}`);
        if (s.fill) {
          const first = s.points[0][0], last = s.points[s.points.length - 1][0];
          this.data.append(svgEl("polygon", { class: s.cls + " xp-fill",
            points: `${this.X(first)},${this.Y(this.y0)} ${pts.join(" ")} ${this.X(last)},${this.Y(this.y0)}` }));
        }
        this.data.append(svgEl("polyline", { class: s.cls, points: pts.join(" ") }));
        if (s.dot && pts.length) {
          const [cx, cy] = pts[pts.length - 1].split(",");
          this.data.append(svgEl("circle", { class: s.cls + " xp-dot", cx, cy, r: 3 }));
        }
      }
    }
  }

  function labelled(text, input) {
    const id = `xp-${++uid}`;
    input.id = id;
    return el("div", { class: "xp-field" }, el("label", { for: id, text }), input);
  }

  function note(root, L) {
    const err = el("p", { class: "xp-error", role: "alert" });
    err.hidden = true;
    return {
      node: err,
      show(on) { err.hidden = !on; err.replaceChildren(...(on ? phrased(L.invalid) : [])); },
    };
  }

  function strings(root) {
    const L = {};
    for (const [k, v] of Object.entries(root.dataset)) if (/^l[A-Z]/.test(k)) L[k[1].toLowerCase() + k.slice(2)] = v;
    return L;
  }

  // ------------------------------------------------------------------ neuron explorer

  function initNeuron(root) {
    const N = window.XentNeuron;
    const L = strings(root);
    const d = root.dataset;
    const group = `xp-cost-${++uid}`;
    const radios = ["quadratic", "cross-entropy", "both"].map((c) => {
      const r = el("input", { type: "radio", name: group, value: c });
      r.checked = c === d.cost;
      return r;
    });
    const costLabels = { quadratic: L.quadratic, "cross-entropy": L.crossEntropy, both: L.both };
    const fs = el("fieldset", { class: "xp-choice" }, el("legend", { text: L.cost }),
      ...radios.map((r) => el("label", {}, r, " " + costLabels[r.value])));
    const num = (value, attrs) => el("input", Object.assign({ type: "number", inputmode: "decimal", value }, attrs));
    const inW = num(d.w, { step: "0.1" });
    const inB = num(d.b, { step: "0.1" });
    const inEta = num(d.eta, { step: "0.005", min: "0" });
    const inEpochs = num(d.epochs, { step: "10", min: "1", max: "10000", inputmode: "numeric" });
    const inNndl = el("input", { type: "checkbox" });
    inNndl.checked = d.nndl === "1";
    const nndlField = el("label", { class: "xp-check" }, inNndl, " " + L.nndl);
    const play = el("button", { type: "button", class: "md-button xp-play", text: L.play });
    const step = el("button", { type: "button", class: "md-button xp-step", text: L.step });
    const reset = el("button", { type: "button", class: "md-button xp-reset", text: L.reset });
    const epochOut = el("output", { class: "xp-epoch", "aria-live": "polite" });
    const plotA = new Plot(L.plotA, L.epochAxis, "a");
    const plotC = new Plot(L.plotC, L.epochAxis, "C");
    const tbody = el("tbody");
    const table = el("table", { class: "xp-readout" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: L.curve }),
        ...["w", "b", "a", "C"].map((h) => el("th", { scope: "col", text: h })))), tbody);
    const err = note(root, L);
    root.replaceChildren(
      el("div", { class: "xp-controls" }, fs,
        el("div", { class: "xp-fields" }, labelled(L.w, inW), labelled(L.b, inB), labelled(L.eta, inEta),
          labelled(L.epochs, inEpochs)), nndlField),
      el("div", { class: "xp-buttons" }, play, step, reset, epochOut),
      err.node,
      el("div", { class: "xp-plots" }, plotA.svg, plotC.svg),
      el("div", { class: "xp-table-wrap" }, table));
    root.classList.add("xp--ready");

    let runs = [], k = 0, epochs = 0, playing = false, raf = 0;

    function read() {
      const cost = radios.find((r) => r.checked).value;
      const v = { w: Number(inW.value), b: Number(inB.value), eta: Number(inEta.value), epochs: Number(inEpochs.value) };
      const bad = {
        w: inW.value.trim() === "" || !Number.isFinite(v.w), b: inB.value.trim() === "" || !Number.isFinite(v.b),
        eta: !(v.eta > 0), epochs: !(Number.isInteger(v.epochs) && v.epochs >= 1 && v.epochs <= 10000),
      };
      for (const [name, input] of [["w", inW], ["b", inB], ["eta", inEta], ["epochs", inEpochs]]) {
        if (bad[name]) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
      err.show(Object.values(bad).some(Boolean));
      return Object.values(bad).some(Boolean) ? null : Object.assign(v, { cost });
    }

    function compute() {
      const v = read();
      if (!v) return false;
      runs = [];
      if (v.cost !== "cross-entropy") {
        runs.push({ name: L.quadratic, cls: "xp-quad", t: N.train("quadratic", v.w, v.b, v.eta, v.epochs) });
      }
      if (v.cost !== "quadratic") {
        runs.push({ name: L.crossEntropy, cls: "xp-ce", t: N.train("cross-entropy", v.w, v.b, v.eta, v.epochs) });
      }
      if (inNndl.checked) {
        runs.push({ name: L.crossEntropyNndl, cls: "xp-nndl",
          t: N.train_nndl_animation(v.w, v.b, v.eta, v.epochs, "cross-entropy") });
      }
      epochs = v.epochs;
      k = 0;
      const cmax = Math.max(1e-12, ...runs.flatMap((r) => r.t.cost.filter(Number.isFinite)));
      plotA.frame(0, epochs, 0, 1);
      plotC.frame(0, epochs, 0, cmax * 1.05);
      tbody.replaceChildren(...runs.map((r) => {
        r.cells = [0, 1, 2, 3].map(() => el("td"));
        return el("tr", { class: r.cls }, el("th", { scope: "row" }, el("span", { class: "xp-swatch", "aria-hidden": "true" }),
          " " + r.name), ...r.cells);
      }));
      return true;
    }

    const fmt = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : String(v)).replace(/-/g, "\u2212");
    const fmtSmall = (v) => (Number.isFinite(v) ? v.toPrecision(4) : String(v)).replace(/-/g, "\u2212");

    function draw() {
      const series = (key) => runs.map((r) => ({
        cls: r.cls, dot: true, points: r.t[key].slice(0, k + 1).map((y, i) => [i, y]),
      }));
      plotA.lines(series("a"));
      plotC.lines(series("cost"));
      for (const r of runs) {
        const t = r.t;
        [fmt(t.w[k], 4), fmt(t.b[k], 4), fmtSmall(t.a[k]), fmtSmall(t.cost[k])].forEach((s, i) => { r.cells[i].textContent = s; });
      }
      epochOut.textContent = `${plain(L.epoch)} ${k} / ${epochs}`;
    }

    function setPlaying(on) {
      playing = on;
      play.replaceChildren(...phrased(on ? L.pause : L.play));
      play.setAttribute("aria-pressed", on ? "true" : "false");
      if (!on && raf) { cancelAnimationFrame(raf); raf = 0; }
    }

    function frame() {
      raf = 0;
      if (!playing) return;
      k = Math.min(epochs, k + Math.max(1, Math.ceil(epochs / 240)));
      draw();
      if (k >= epochs) setPlaying(false);
      else raf = requestAnimationFrame(frame);
    }

    play.addEventListener("click", () => {
      if (playing) { setPlaying(false); return; }
      if (!runs.length) return;
      if (k >= epochs) { k = 0; draw(); }
      setPlaying(true);
      raf = requestAnimationFrame(frame);
    });
    step.addEventListener("click", () => {
      setPlaying(false);
      if (runs.length && k < epochs) { k += 1; draw(); }
    });
    reset.addEventListener("click", () => {
      setPlaying(false);
      if (compute()) draw();
    });
    const changed = () => {
      const was = playing;
      setPlaying(false);
      if (compute()) {
        draw();
        if (was) { setPlaying(true); raf = requestAnimationFrame(frame); }
      }
    };
    for (const input of [inW, inB, inEta, inEpochs]) input.addEventListener("input", changed);
    for (const input of [...radios, inNndl]) input.addEventListener("change", changed);
    setPlaying(false);
    if (compute()) draw();
  }

  // ------------------------------------------------------------------ KL explorer

  function initKL(root) {
    const I = window.XentInfotheory;
    const L = strings(root);
    const d = root.dataset;
    const weights = numbers(d.weights), means = numbers(d.means), sigmas = numbers(d.sigmas);
    const [g0, g1, gn] = numbers(d.grid);
    const [v0, v1] = numbers(d.view);
    const x = I.linspace(g0, g1, gn);
    const log_p = I.gaussian_mixture_logpdf(x, weights, means, sigmas);
    const xs = I.linspace(v0, v1, 281);
    const pView = I.gaussian_mixture_logpdf(xs, weights, means, sigmas).map(Math.exp);
    const MU = { min: -5, max: 5, step: 0.01 }, SIGMA = { min: 0.2, max: 3, step: 0.01 };

    const pair = (label, r) => {
      const range = el("input", { type: "range", min: r.min, max: r.max, step: r.step });
      const box = el("input", { type: "number", min: r.min, max: r.max, step: r.step, inputmode: "decimal" });
      const id = `xp-${++uid}`;
      range.id = id;
      box.setAttribute("aria-label", plain(label));
      return { range, box, node: el("div", { class: "xp-field xp-slider" }, el("label", { for: id, text: label }), range, box) };
    };
    const mu = pair(L.mu, MU), sg = pair(L.sigma, SIGMA);
    const fwdOut = el("output", { class: "xp-kl-forward" });
    const revOut = el("output", { class: "xp-kl-reverse" });
    const readout = el("dl", { class: "xp-kl" },
      el("dt", { text: L.forward }), el("dd", {}, fwdOut), el("dt", { text: L.reverse }), el("dd", {}, revOut));
    const bFwd = el("button", { type: "button", class: "md-button xp-jump-forward", text: L.jumpForward });
    const bRev = el("button", { type: "button", class: "md-button xp-jump-reverse", text: L.jumpReverse });
    const bOther = el("button", { type: "button", class: "md-button xp-jump-other", text: L.jumpOther });
    const plot = new Plot(L.plot, "x", "");
    const legend = el("p", { class: "xp-legend" },
      el("span", { class: "xp-p" }, el("span", { class: "xp-swatch", "aria-hidden": "true" }), " " + L.p),
      el("span", { class: "xp-q" }, el("span", { class: "xp-swatch", "aria-hidden": "true" }), " " + L.q));
    const err = note(root, L);
    root.replaceChildren(
      el("div", { class: "xp-controls" }, mu.node, sg.node),
      readout,
      el("div", { class: "xp-buttons" }, bFwd, bRev, bOther),
      err.node,
      el("div", { class: "xp-plots xp-plots--one" }, plot.svg),
      legend);
    root.classList.add("xp--ready");

    // the minimisers, computed once
    const forward = I.fit_gaussian_forward_kl(x, log_p);
    const locals = means.map((m, i) => I.newton_reverse_kl(x, log_p, m, sigmas[i]));
    const reverse = I.fit_gaussian_reverse_kl(x, log_p, means.map((m, i) => [m, sigmas[i]]));
    const other = locals.find((r) => r.mu !== reverse.mu || r.sigma !== reverse.sigma) || reverse;

    let state = { mu: Number(d.mu), sigma: Number(d.sigma) };
    const clamp = (v, r) => Math.min(r.max, Math.max(r.min, v));
    const fmt = (v, n) => v.toFixed(n).replace(/-/g, "\u2212");

    function draw() {
      const { mu: m, sigma: s } = state;
      const log_q = I.gaussian_logpdf(x, m, s);
      const fwd = I.kl_on_grid(x, log_p, log_q);
      const rev = I.kl_on_grid(x, log_q, log_p);
      fwdOut.textContent = fmt(fwd, 4);
      revOut.textContent = fmt(rev, 4);
      for (const [p, v] of [[mu, m], [sg, s]]) {
        p.range.value = String(v);
        if (document.activeElement !== p.box) p.box.value = v.toFixed(3);
        p.range.setAttribute("aria-valuetext", v.toFixed(3));
      }
      const qView = I.gaussian_logpdf(xs, m, s).map(Math.exp);
      const ymax = Math.max(0.6, 1.08 * Math.max(...qView));
      plot.frame(v0, v1, 0, ymax);
      plot.lines([
        { cls: "xp-p", fill: true, points: xs.map((xi, i) => [xi, pView[i]]) },
        { cls: "xp-q", points: xs.map((xi, i) => [xi, qView[i]]) },
      ]);
    }

    function set(m, s) {
      state = { mu: clamp(m, MU), sigma: clamp(s, SIGMA) };
      draw();
    }

    mu.range.addEventListener("input", () => set(Number(mu.range.value), state.sigma));
    sg.range.addEventListener("input", () => set(state.mu, Number(sg.range.value)));
    for (const [p, which] of [[mu, "mu"], [sg, "sigma"]]) {
      p.box.addEventListener("input", () => {
        const v = Number(p.box.value);
        const bad = p.box.value.trim() === "" || !Number.isFinite(v) || (which === "sigma" && !(v > 0));
        if (bad) p.box.setAttribute("aria-invalid", "true");
        else p.box.removeAttribute("aria-invalid");
        err.show(bad);
        if (!bad) set(which === "mu" ? v : state.mu, which === "sigma" ? v : state.sigma);
      });
      p.box.addEventListener("change", () => { p.box.value = state[which].toFixed(3); });
    }
    bFwd.addEventListener("click", () => set(forward.mu, forward.sigma));
    bRev.addEventListener("click", () => set(reverse.mu, reverse.sigma));
    bOther.addEventListener("click", () => set(other.mu, other.sigma));

    // dragging on the plot moves the mean of q (the sliders do the same by keyboard)
    let dragging = false;
    const toMu = (ev) => {
      const r = plot.svg.getBoundingClientRect();
      return plot.invX((ev.clientX - r.left) / r.width * plot.W);
    };
    plot.svg.addEventListener("pointerdown", (ev) => {
      dragging = true;
      plot.svg.setPointerCapture(ev.pointerId);
      set(toMu(ev), state.sigma);
    });
    plot.svg.addEventListener("pointermove", (ev) => { if (dragging) set(toMu(ev), state.sigma); });
    for (const t of ["pointerup", "pointercancel"]) plot.svg.addEventListener(t, () => { dragging = false; });

    root.xpState = () => Object.assign({ forward, reverse, other }, state);
    draw();
  }

  function init() {
    for (const root of document.querySelectorAll(".xp[data-xp]")) {
      if (root.classList.contains("xp--ready")) continue;
      if (root.dataset.xp === "neuron" && window.XentNeuron) initNeuron(root);
      else if (root.dataset.xp === "kl" && window.XentInfotheory) initKL(root);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
