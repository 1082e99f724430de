"""The explorers compute what the Python computes, and a reader can use them.

The engines ``docs/assets/explorers/neuron.js`` and ``infotheory.js`` are run inside
the built page (headless Chromium, ``execute_script``) and compared with
``xent.neuron.train``, ``xent.experiments.train_nndl_animation`` and
``xent.infotheory``.

How close is close enough follows from how much each computation amplifies an ulp, measured,
not 1e-12 by habit.  The JavaScript performs the same IEEE-754 double operations as the Python
in the same order (``(sigmoid(z) - y) * sigmoid_prime(z)``, ``softplus(z) - y * z`` with
``max(z, 0) + log1p(exp(-|z|))``, ``d * d`` where NumPy squares, ``w - eta * gw``; NumPy's
pairwise summation for every ``np.sum``; SciPy's log-sum-exp that takes out the largest term),
and JavaScript never fuses a*b + c.  What differs is the library behind exp, log and log1p (V8's
fdlibm against glibc, or NumPy's AVX-512 loops on such a CPU): each within 1 ulp of the true
value, so two of them differ by up to 2 ulps per call.  How far that carries depends on the
computation: one KL sum keeps it near 1e-16, but 1000 updates of the quadratic cost towards
y = 0.25 drive the cost to ~1e-31, where a relative difference of 0.3 is an ulp of z.

So each comparison first runs the Python again under ``tools.ulpnoise`` (every exp, log,
log1p and expm1 result moved up to 1 ulp at random; four seeds) and records, element by element,
how far the result moved: the spread.  The JavaScript must then agree with the Python to within
``SAFETY`` (8) times that spread plus ``FLOOR`` (8 ulps) of the value, i.e. within what two libms
each 1 ulp off can produce, with a margin of 2 for non-linear growth.  A wrong formula moves
values by many orders more than this (tested: ``test_tolerances_still_catch_a_wrong_engine``).
The minimisers are compared by what their stopping rules allow (see
``test_kl_minimisers_agree_with_the_python_fits``).  The tests print the largest difference as
a fraction of its tolerance.
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from figures import fig_forward_reverse_kl, fig_quadratic_learning, figstyle
from conditioning import check_close, distance_to_minimum, spread
from tools import browser
from xent import experiments, infotheory, neuron

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "docs" / "assets" / "explorers"

# (cost, w, b, eta, epochs, x, y): the page's defaults, NNDL's settings, and others away from them
NEURON_SETS = [
    ("quadratic", 0.6, 0.9, 0.15, 300, 1.0, 0.0),
    ("quadratic", 2.0, 2.0, 0.15, 300, 1.0, 0.0),
    ("cross-entropy", 2.0, 2.0, 0.005, 300, 1.0, 0.0),
    ("cross-entropy", 0.6, 0.9, 0.15, 300, 1.0, 0.0),
    ("cross-entropy", -3.5, 1.25, 2.0, 500, 1.0, 0.0),
    ("quadratic", 0.3, -4.0, 1.7, 400, 0.5, 1.0),
    ("cross-entropy", 1.0, 1.0, 0.5, 200, -2.0, 0.3),
    ("cross-entropy", 8.0, 8.0, 10.0, 300, 1.0, 0.0),
    ("quadratic", -1.0, 6.0, 3.0, 1000, 1.0, 0.25),
]
NNDL_SETS = [  # (w, b, eta, epochs, cost)
    (0.6, 0.9, experiments.NNDL_ETA, experiments.NNDL_UPDATES, "cross-entropy"),
    (2.0, 2.0, experiments.NNDL_ETA, experiments.NNDL_UPDATES, "cross-entropy"),
    (2.0, 2.0, 0.15, 300, "quadratic"),
    (-1.0, 3.0, 0.02, 400, "cross-entropy"),
    (0.6, 0.9, 0.15, 300, "cross-entropy"),
]
Q_SETS = [(0.0, 1.0), (-2.0, 0.7), (2.0, 0.5), (-0.4, 2.08), (1.3, 0.25), (-3.0, 1.5), (4.5, 0.9)]
OTHER_MIXTURE = ((0.2, 0.5, 0.3), (-3.0, 0.0, 2.5), (0.5, 1.2, 0.4))

pytestmark = pytest.mark.browser


def wait(driver, script, timeout=15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(script))


def open_page(driver, url):
    browser.console_errors(driver)
    driver.get(url)
    wait(driver, "return document.readyState === 'complete'")
    wait(driver, "return document.querySelector('.xp.xp--ready') !== null")


def engine_page(driver, url):
    """For the engine tests: load the page unless the browser is already on it (they do not touch the page)."""
    if driver.current_url != url or not driver.execute_script("return !!document.querySelector('.xp.xp--ready')"):
        open_page(driver, url)


TRAJECTORY_FIELDS = ("w", "b", "z", "a", "cost")


def compare_trajectory(js, train, label):
    """``train()`` is the Python run; w, b, z pass through 0 and get a floor scaled by their largest magnitude."""
    py, moved = spread(lambda: {f: getattr(train(), f) for f in TRAJECTORY_FIELDS + ("epoch",)})
    assert js["epoch"] == py["epoch"].astype(int).tolist(), label
    seen = 0.0
    for field in TRAJECTORY_FIELDS:
        scale = None if field in ("a", "cost") else max(1.0, float(np.max(np.abs(py[field]))))
        seen = max(seen, check_close(js[field], py[field], moved[field], f"{label}: {field}", scale))
    return seen


# --------------------------------------------------------------------------- engines


def test_neuron_engine_equals_python(chromium, served_site):
    engine_page(chromium, served_site + "en/slowdown/")
    largest = 0.0
    for cost, w, b, eta, epochs, x, y in NEURON_SETS:
        js = chromium.execute_script(
            "return XentNeuron.train(arguments[0], arguments[1], arguments[2], arguments[3], arguments[4],"
            " arguments[5], arguments[6])", cost, w, b, eta, epochs, x, y)
        run = lambda: neuron.train(cost, w, b, eta, epochs, x, y)  # noqa: E731
        largest = max(largest, compare_trajectory(js, run, f"train{(cost, w, b, eta, epochs, x, y)}"))
    for w, b, eta, epochs, cost in NNDL_SETS:
        js = chromium.execute_script(
            "return XentNeuron.train_nndl_animation(arguments[0], arguments[1], arguments[2], arguments[3],"
            " arguments[4])", w, b, eta, epochs, cost)
        run = lambda: experiments.train_nndl_animation(w, b, eta, epochs, cost)  # noqa: E731
        largest = max(largest, compare_trajectory(js, run, f"train_nndl_animation{(w, b, eta, epochs, cost)}"))
    print(f"\nneuron engine: largest difference from the Python {largest:.3g} of its tolerance")


def test_neuron_engine_rejects_what_python_rejects(chromium, served_site):
    engine_page(chromium, served_site + "en/slowdown/")
    bad = [("quadratic", 1, 1, 0, 10), ("quadratic", 1, 1, -0.1, 10), ("huber", 1, 1, 0.1, 10),
           ("cross-entropy", 1, 1, 0.1, 2.5), ("cross-entropy", 1, 1, 0.1, -1)]
    for cost, w, b, eta, epochs in bad:
        with pytest.raises(ValueError):
            neuron.train(cost, w, b, eta, epochs)
        msg = chromium.execute_script(
            "try { XentNeuron.train(...arguments); return null } catch (e) { return e.message }", cost, w, b, eta, epochs)
        assert msg, f"the engine accepted {(cost, w, b, eta, epochs)}"


def test_pairwise_sum_is_numpys(chromium, served_site):
    """np_sum adds in NumPy's order: bit-identical sums, even where naive summation differs."""
    engine_page(chromium, served_site + "information/")
    rng = np.random.default_rng(20261202)
    naive_differs = 0
    for n in (1, 5, 8, 9, 16, 127, 128, 129, 300, 1000, 2001, 5000):
        a = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 4, n)
        js = chromium.execute_script("return XentInfotheory.np_sum(arguments[0])", a.tolist())
        assert js == float(np.sum(a)), f"n={n}: {js!r} != {float(np.sum(a))!r}"
        naive_differs += math.fsum(a) != js or sum(a.tolist()) != js
    assert naive_differs > 0  # the order matters for these arrays, so the equality above says something


def test_kl_engine_equals_python(chromium, served_site):
    engine_page(chromium, served_site + "information/")
    largest = 0.0
    for weights, means, sigmas in ((fig_forward_reverse_kl.WEIGHTS, fig_forward_reverse_kl.MEANS,
                                    fig_forward_reverse_kl.SIGMAS), OTHER_MIXTURE):
        x = np.linspace(*fig_forward_reverse_kl.GRID)
        js = chromium.execute_script(
            """const I = XentInfotheory, x = I.linspace(...arguments[0]);
               const log_p = I.gaussian_mixture_logpdf(x, arguments[1], arguments[2], arguments[3]);
               return {x, log_p, kl: arguments[4].map(([m, s]) => {
                 const log_q = I.gaussian_logpdf(x, m, s);
                 return [I.kl_on_grid(x, log_p, log_q), I.kl_on_grid(x, log_q, log_p)]; })};""",
            list(fig_forward_reverse_kl.GRID), list(weights), list(means), list(sigmas), Q_SETS)
        assert js["x"] == x.tolist()  # the grid is bit-identical to np.linspace

        def python():
            log_p = infotheory.gaussian_mixture_logpdf(x, weights, means, sigmas)
            kl = []
            for mu, sigma in Q_SETS:
                log_q = infotheory.gaussian_logpdf(x, mu, sigma)
                kl.append([infotheory.kl_on_grid(x, log_p, log_q), infotheory.kl_on_grid(x, log_q, log_p)])
            return {"log_p": log_p, "kl": np.array(kl)}

        py, moved = spread(python)
        largest = max(largest, check_close(js["log_p"], py["log_p"], moved["log_p"], "log p"),
                      check_close(js["kl"], py["kl"], moved["kl"], f"KL (forward, reverse) at {Q_SETS}"))
    print(f"\nKL engine: largest difference from the Python {largest:.3g} of its tolerance")


def test_kl_minimisers_agree_with_the_python_fits(chromium, served_site):
    """The JavaScript and the Python minimise the same grid KL by different methods (closed-form
    moments and Newton to a gradient of 1e-14 against BFGS with gtol 1e-12, which may stop earlier
    on a loss of precision).  Neither is exact, so each is compared with the other within the sum of
    the distances their own gradients allow (``_distance_to_minimum``), not 1e-12."""
    engine_page(chromium, served_site + "information/")
    f = fig_forward_reverse_kl
    x = np.linspace(*f.GRID)
    log_p = infotheory.gaussian_mixture_logpdf(x, f.WEIGHTS, f.MEANS, f.SIGMAS)
    js = chromium.execute_script(
        """const I = XentInfotheory, x = I.linspace(...arguments[0]);
           const log_p = I.gaussian_mixture_logpdf(x, arguments[1], arguments[2], arguments[3]);
           const starts = arguments[2].map((m, i) => [m, arguments[4][i]]);
           return {forward: I.fit_gaussian_forward_kl(x, log_p),
                   reverse: I.fit_gaussian_reverse_kl(x, log_p, starts),
                   locals: starts.map(([m, s]) => I.newton_reverse_kl(x, log_p, m, s)),
                   grad: (r => I.reverse_kl_parts(x, log_p, [r.mu, Math.log(r.sigma)]).g)(
                     I.fit_gaussian_reverse_kl(x, log_p, starts))};""",
        list(f.GRID), list(f.WEIGHTS), list(f.MEANS), list(f.SIGMAS), list(f.SIGMAS))

    def agree(kind, a, b, label):
        """a, b: (mu, sigma) pairs; compared in (mu, ln sigma) within the sum of their bounds."""
        bound = distance_to_minimum(kind, x, log_p, *a) + distance_to_minimum(kind, x, log_p, *b)
        d = np.abs(np.array([a[0] - b[0], math.log(a[1]) - math.log(b[1])]))
        assert np.all(d <= bound), f"{label}: {a} vs {b}: |Δ(mu, ln sigma)| = {d} > {bound}"
        return bound

    # forward: p's mean and variance on the grid (NumPy, independent of both fits) ...
    p = np.exp(log_p)
    mean = np.sum(p * x) / np.sum(p)
    sd = math.sqrt(np.sum(p * (x - mean) ** 2) / np.sum(p))
    js_fwd = (js["forward"]["mu"], js["forward"]["sigma"])
    agree("forward", js_fwd, (mean, sd), "JS forward fit vs the moments")
    # ... and the Python's BFGS fit
    fwd = infotheory.fit_gaussian_forward_kl(x, log_p)
    bound = agree("forward", js_fwd, (fwd.mu, fwd.sigma), "JS forward fit vs BFGS")
    print(f"\nforward fit: JS and BFGS may differ by {bound} in (mu, ln sigma)")
    # the KL at two points that close differs only to second order: relative to the KL, below 1e-12
    assert js["forward"]["kl"] == pytest.approx(fwd.kl, rel=1e-12)
    # reverse: the same minimum as fit_gaussian_reverse_kl from the same starts (each mode)
    rev = infotheory.fit_gaussian_reverse_kl(x, log_p, starts=list(zip(f.MEANS, f.SIGMAS)))
    agree("reverse", (js["reverse"]["mu"], js["reverse"]["sigma"]), (rev.mu, rev.sigma), "JS reverse fit vs BFGS")
    assert js["reverse"]["kl"] == pytest.approx(rev.kl, rel=1e-12)
    assert max(abs(g) for g in js["grad"]) < 1e-14  # the Newton iteration's own stopping rule
    for (m, s), local in zip(zip(f.MEANS, f.SIGMAS), js["locals"]):
        py = infotheory.fit_gaussian_reverse_kl(x, log_p, starts=[(m, s)])
        agree("reverse", (local["mu"], local["sigma"]), (py.mu, py.sigma), f"local minimum from {(m, s)}")
        assert local["kl"] <= py.kl * (1 + 1e-12)  # the Newton minimum is at least as low as BFGS's
        assert abs(local["mu"] - m) < 0.1  # the local minimum sits on the mode it started from
    # the page's numbers: 2 decimals as the figure's legend and the prose print them
    assert (round(js["forward"]["mu"], 2), round(js["forward"]["sigma"], 2)) == (round(fwd.mu, 2), round(fwd.sigma, 2))


def test_tolerances_still_catch_a_wrong_engine():
    """The derived tolerances are tight enough to fail an engine with a small mistake: η off by 1e-9
    in the training loop, or a Gaussian's log-density off by 1e-12."""
    right = lambda: neuron.train("quadratic", 2.0, 2.0, 0.15, 300)  # noqa: E731
    wrong = neuron.train("quadratic", 2.0, 2.0, 0.15 * (1 + 1e-9), 300)
    with pytest.raises(AssertionError):
        compare_trajectory({f: getattr(wrong, f).tolist() for f in TRAJECTORY_FIELDS + ("epoch",)}
                           | {"epoch": list(range(301))}, right, "wrong eta")
    x = np.linspace(*fig_forward_reverse_kl.GRID)
    py, moved = spread(lambda: {"log_q": infotheory.gaussian_logpdf(x, 0.3, 1.2)})
    with pytest.raises(AssertionError):
        check_close(py["log_q"] * (1 + 1e-12), py["log_q"], moved["log_q"], "log q")


# --------------------------------------------------------------------------- the pages


class _Explorers(HTMLParser):
    """The attributes of every <div class="xp"> in a Markdown page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and a.get("class") == "xp":
            self.found.append(a)


def explorers_in(lang, page):
    p = _Explorers()
    p.feed((ROOT / "docs" / lang / page).read_text(encoding="utf-8"))
    return p.found


PAGES = {"slowdown.md": "neuron", "cross-entropy.md": "neuron", "information.md": "kl"}


def used_strings(kind):
    """The L.<name> strings draw.js reads for one explorer (from its init function)."""
    src = (ASSETS / "draw.js").read_text(encoding="utf-8")
    body = src.split(f"function init{'Neuron' if kind == 'neuron' else 'KL'}(root)")[1].split("\n  function ")[0]
    common = {"invalid"}  # note() shows L.invalid
    names = set(re.findall(r"\bL\.([A-Za-z]+)", body)) | common
    return {re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), n) for n in names}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_explorer_attributes(page):
    """Every string the drawing uses is on the page, in both languages; the numbers are the figures' numbers."""
    kind = PAGES[page]
    for lang in ("ja", "en"):
        (attrs,) = explorers_in(lang, page)
        assert attrs["data-xp"] == kind
        labels = {k[len("data-l-"):] for k, v in attrs.items() if k.startswith("data-l-") and v.strip()}
        assert labels == used_strings(kind), f"{lang}/{page}: labels differ from what draw.js reads"
        if kind == "neuron":
            assert float(attrs["data-eta"]) == fig_quadratic_learning.ETA
            assert (float(attrs["data-w"]), float(attrs["data-b"])) in figstyle.STARTS
            assert int(attrs["data-epochs"]) == fig_quadratic_learning.EPOCHS
        else:
            f = fig_forward_reverse_kl
            assert tuple(map(float, attrs["data-weights"].split())) == f.WEIGHTS
            assert tuple(map(float, attrs["data-means"].split())) == f.MEANS
            assert tuple(map(float, attrs["data-sigmas"].split())) == f.SIGMAS
            lo, hi, n = attrs["data-grid"].split()
            assert (float(lo), float(hi), int(n)) == f.GRID
    ja, en = (explorers_in(lang, page)[0] for lang in ("ja", "en"))
    assert {k: v for k, v in ja.items() if not k.startswith("data-l-")} == \
        {k: v for k, v in en.items() if not k.startswith("data-l-")}, "ja and en explorers start differently"


def displayed(driver, selector):
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.replaceAll('\u2212', '-'))", selector)


def close_to(text, value):
    """The displayed text is the value rounded to the digits shown (half a unit in the last place)."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(float(text) - value) <= 0.5 * 10.0 ** -decimals * (1 + 1e-9)


def all_controls_labelled(driver):
    return driver.execute_script("""
        return [...document.querySelectorAll('.xp input, .xp button')].filter(c => {
          const text = c.labels && c.labels.length ? [...c.labels].map(l => l.textContent).join('')
                     : (c.getAttribute('aria-label') || c.textContent);
          const r = c.getBoundingClientRect();
          return !(text.trim() && r.width > 0 && r.height > 0);
        }).map(c => c.outerHTML);""")


def reachable_by_tab(driver, root):
    """Number the explorer's controls, focus the first, press Tab once per control; return
    (how many controls, the numbers of those that received focus)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    n = driver.execute_script("""
        const cs = [...arguments[0].querySelectorAll('input:not([type=radio]), input[type=radio]:checked, button')];
        cs.forEach((c, i) => { c.dataset.tabIndexInTest = i; });
        cs[0].focus();
        return cs.length;""", root)
    seen = set()
    for _ in range(n + 3):  # a few spare presses: the first may only bring the window into focus
        seen.add(driver.execute_script("return document.activeElement.dataset.tabIndexInTest"))
        ActionChains(driver).send_keys(Keys.TAB).perform()
    return n, {int(i) for i in seen if i is not None}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_neuron_explorer_by_keyboard(chromium, served_site, lang):
    from selenium.webdriver.common.keys import Keys

    prefix = "" if lang == "ja" else "en/"
    open_page(chromium, served_site + prefix + "slowdown/")
    root = chromium.find_element("css selector", ".xp[data-xp=neuron]")
    attrs = explorers_in(lang, "slowdown.md")[0]
    assert all_controls_labelled(chromium) == []
    assert attrs["data-l-eta"] in root.text and attrs["data-l-step"] in root.text  # the page's language
    n, seen = reachable_by_tab(chromium, root)
    assert n == 9 and seen == set(range(n))  # cost, w, b, η, epochs, NNDL, play, step, reset

    w, b = float(attrs["data-w"]), float(attrs["data-b"])
    eta_in = root.find_element("css selector", "input[type=number][step='0.005']")
    eta_in.send_keys(Keys.CONTROL, "a")
    eta_in.send_keys("0.3")
    step = root.find_element("css selector", "button.xp-step")
    for _ in range(3):
        step.send_keys(Keys.ENTER)
    assert re.search(r"\b3 / 300\b", root.find_element("css selector", ".xp-epoch").text)
    t = neuron.train("quadratic", w, b, 0.3, 300)
    cells = displayed(chromium, ".xp-readout tbody td")
    assert len(cells) == 4
    for text, value in zip(cells, (t.w[3], t.b[3], t.a[3], t.cost[3])):
        assert close_to(text, value), (cells, t.w[3], t.b[3], t.a[3], t.cost[3])

    # the cost by arrow keys in the radio group (quadratic → cross-entropy → both), NNDL's rule by Space
    radio = root.find_element("css selector", "input[type=radio][value=quadratic]")
    radio.send_keys(Keys.ARROW_RIGHT)
    chromium.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    assert root.find_element("css selector", "input[type=radio][value=both]").is_selected()
    root.find_element("css selector", "input[type=checkbox]").send_keys(Keys.SPACE)
    step.send_keys(Keys.ENTER)
    rows = displayed(chromium, ".xp-readout tbody tr")
    assert len(rows) == 3
    cells = displayed(chromium, ".xp-readout tbody td")
    runs = (neuron.train("quadratic", w, b, 0.3, 300), neuron.train("cross-entropy", w, b, 0.3, 300),
            experiments.train_nndl_animation(w, b, 0.3, 300, "cross-entropy"))
    for i, t in enumerate(runs):
        for text, value in zip(cells[4 * i:4 * i + 4], (t.w[1], t.b[1], t.a[1], t.cost[1])):
            assert close_to(text, value), (i, cells)

    # a bad η is refused with the page's message; the numbers stay those of the last good input
    eta_in.send_keys(Keys.CONTROL, "a")
    eta_in.send_keys("-1")
    assert eta_in.get_attribute("aria-invalid") == "true"
    assert root.find_element("css selector", ".xp-error").text == attrs["data-l-invalid"]
    assert browser.console_errors(chromium) == []


def test_neuron_explorer_plays_to_the_end(chromium, served_site):
    from selenium.webdriver.common.keys import Keys

    open_page(chromium, served_site + "cross-entropy/")
    root = chromium.find_element("css selector", ".xp[data-xp=neuron]")
    epochs_in = root.find_element("css selector", "input[max='10000']")
    epochs_in.send_keys(Keys.CONTROL, "a")
    epochs_in.send_keys("40")  # one epoch per frame: 40 frames
    play = root.find_element("css selector", "button.xp-play")
    play.click()
    assert play.get_attribute("aria-pressed") == "true"
    wait(chromium, "return document.querySelector('.xp-play').getAttribute('aria-pressed') === 'false'", timeout=120)
    assert "40 / 40" in root.find_element("css selector", ".xp-epoch").text
    npoints = chromium.execute_script(
        "return [...document.querySelectorAll('.xp-plot polyline')].map(p => p.getAttribute('points').split(' ').length)")
    assert npoints == [41, 41, 41, 41]  # a and C, quadratic and cross-entropy, epochs 0 … 40
    t = neuron.train("cross-entropy", 2.0, 2.0, fig_quadratic_learning.ETA, 40)
    assert close_to(displayed(chromium, ".xp-readout tr.xp-ce td")[2], t.a[-1])
    assert browser.console_errors(chromium) == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_kl_explorer_by_keyboard(chromium, served_site, lang):
    from selenium.webdriver.common.keys import Keys

    prefix = "" if lang == "ja" else "en/"
    open_page(chromium, served_site + prefix + "information/")
    root = chromium.find_element("css selector", ".xp[data-xp=kl]")
    attrs = explorers_in(lang, "information.md")[0]
    assert all_controls_labelled(chromium) == []
    assert attrs["data-l-forward"] in root.text
    n, seen = reachable_by_tab(chromium, root)
    assert n == 7 and seen == set(range(n))  # μ slider and box, σ slider and box, three buttons
    f = fig_forward_reverse_kl
    x = np.linspace(*f.GRID)
    log_p = infotheory.gaussian_mixture_logpdf(x, f.WEIGHTS, f.MEANS, f.SIGMAS)

    def kls(mu, sigma):
        log_q = infotheory.gaussian_logpdf(x, mu, sigma)
        return infotheory.kl_on_grid(x, log_p, log_q), infotheory.kl_on_grid(x, log_q, log_p)

    def shown():
        return [float(t) for t in displayed(chromium, ".xp-kl output")]

    mu0, s0 = float(attrs["data-mu"]), float(attrs["data-sigma"])
    assert all(close_to(t, v) for t, v in zip(displayed(chromium, ".xp-kl output"), kls(mu0, s0)))
    mu_range, sigma_range = root.find_elements("css selector", "input[type=range]")
    mu_range.send_keys(Keys.ARROW_RIGHT * 50)  # step 0.01
    sigma_range.send_keys(Keys.ARROW_LEFT * 20)
    mu, sigma = float(mu_range.get_attribute("value")), float(sigma_range.get_attribute("value"))
    assert (mu, sigma) == (0.5, 0.8)
    assert all(close_to(t, v) for t, v in zip(displayed(chromium, ".xp-kl output"), kls(mu, sigma))), shown()

    root.find_element("css selector", "button.xp-jump-reverse").send_keys(Keys.ENTER)
    rev = infotheory.fit_gaussian_reverse_kl(x, log_p, starts=list(zip(f.MEANS, f.SIGMAS)))
    boxes = root.find_elements("css selector", "input[type=number]")
    assert close_to(boxes[0].get_attribute("value"), rev.mu) and close_to(boxes[1].get_attribute("value"), rev.sigma)
    assert close_to(displayed(chromium, ".xp-kl output")[1], rev.kl)
    root.find_element("css selector", "button.xp-jump-forward").send_keys(Keys.ENTER)
    fwd = infotheory.fit_gaussian_forward_kl(x, log_p)
    assert close_to(boxes[0].get_attribute("value"), fwd.mu) and close_to(boxes[1].get_attribute("value"), fwd.sigma)
    assert close_to(displayed(chromium, ".xp-kl output")[0], fwd.kl)

    # typing into the number box moves q; a σ ≤ 0 is refused with the page's message
    boxes[1].send_keys(Keys.CONTROL, "a")
    boxes[1].send_keys("1.5")
    fwd_kl, rev_kl = kls(fwd.mu, 1.5)
    assert close_to(displayed(chromium, ".xp-kl output")[0], fwd_kl)
    boxes[1].send_keys(Keys.CONTROL, "a")
    boxes[1].send_keys("0")
    assert boxes[1].get_attribute("aria-invalid") == "true"
    assert root.find_element("css selector", ".xp-error").text == attrs["data-l-invalid"]
    assert browser.console_errors(chromium) == []


@pytest.mark.parametrize("page", ["slowdown/", "en/cross-entropy/", "en/information/"])
def test_pages_are_complete_without_javascript(chromium, served_site, page):
    """JavaScript off: the figures are there, the explorer is only its note (the other
    tests show the note replaced by the explorer when JavaScript runs)."""
    chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        chromium.get(served_site + page)
        imgs = chromium.find_elements("css selector", "figure img[src*='figures/']")
        assert len(imgs) >= 2
        for img in imgs:
            assert chromium.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img), \
                img.get_attribute("src")
        (xp,) = chromium.find_elements("css selector", ".xp")
        assert "xp--ready" not in xp.get_attribute("class")
        assert xp.find_elements("css selector", "input, button, svg") == []
        note = xp.find_element("css selector", ".xp-nojs")
        assert note.is_displayed() and note.text.strip()
    finally:
        chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_japanese_labels_break_between_phrases_and_carry_no_marks(chromium, served_site, site):
    """The build marks the phrases of the Japanese labels (U+200B in data-l-*, from BudouX);
    draw.js turns the marks into <wbr>: a label wraps between phrases (not after a lone "NNDL"
    at 390 px) and no mark reaches the text or an attribute a reader or screen reader gets."""
    built = (site / "cross-entropy" / "index.html").read_text(encoding="utf-8")
    nndl = re.search(r'data-l-nndl="([^"]*)"', built).group(1)
    assert nndl.replace("\u200b", "") == explorers_in("ja", "cross-entropy.md")[0]["data-l-nndl"]
    assert nndl.count("\u200b") >= 2
    assert "\u200b" not in re.search(r'data-l-nndl="([^"]*)"',
                                     (site / "en" / "cross-entropy" / "index.html").read_text(encoding="utf-8")).group(1)
    for page in ("cross-entropy/", "information/", "en/cross-entropy/"):
        open_page(chromium, served_site + page)
        found = chromium.execute_script("""
            const root = document.querySelector('.xp'), marks = [];
            const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (w.nextNode()) if (w.currentNode.nodeValue.includes('\\u200b')) marks.push(w.currentNode.nodeValue);
            for (const e of root.querySelectorAll('*'))
              for (const a of e.attributes) if (a.value.includes('\\u200b')) marks.push(e.tagName + ' ' + a.name);
            return {marks, wbr: root.querySelectorAll('wbr').length};""")
        assert found["marks"] == [], (page, found["marks"])
        assert (found["wbr"] > 0) == (not page.startswith("en/")), (page, found["wbr"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_explorers_fit_a_phone(chromium, served_site, lang):
    """At 390 px nothing of an explorer is cut off or needs a sideways scroll; the readout puts
    each curve's name on its own line and its values after their symbols, in draw.js's order."""
    prefix = "" if lang == "ja" else "en/"
    chromium.set_window_size(390, 900)
    try:
        assert chromium.execute_script("return innerWidth") == 390
        for page in ("information/", "cross-entropy/"):  # the neuron last: its readout is read below
            open_page(chromium, served_site + prefix + page)
            chromium.execute_script("""const r = document.querySelector('.xp');
                if (r.dataset.xp === 'neuron') {
                  r.querySelector('input[value=both]').click();
                  r.querySelector('input[type=checkbox]').click();
                  for (let i = 0; i < 5; i++) r.querySelector('.xp-step').click();
                }""")
            over = chromium.execute_script("""
                const root = document.querySelector('.xp'), box = root.getBoundingClientRect(), out = [];
                for (const e of root.querySelectorAll('*')) {
                  const r = e.getBoundingClientRect();
                  if (r.width && (r.left < box.left - 0.5 || r.right > box.right + 0.5)) out.push(e.tagName + '.' + (e.className.baseVal ?? e.className));
                  if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') out.push('scrolls: ' + e.className);
                }
                return out;""")
            assert over == [], f"{lang}/{page} at 390 px: {over}"
            # the plots' text, drawn at the plot's scale, is at least 9 CSS px (as the figures' at 390 px)
            sizes = chromium.execute_script("""
                return [...document.querySelectorAll('.xp-plot')].map(svg => {
                  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                  return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
                });""")
            assert sizes and min(sizes) >= 9, f"{lang}/{page}: plot text {sizes} CSS px at 390 px"
        rows = chromium.execute_script("""
            return [...document.querySelectorAll('.xp-readout tbody tr')].map(tr => {
              const name = tr.querySelector('th').getBoundingClientRect();
              const tds = [...tr.querySelectorAll('td')];
              return {below: tds.every(td => td.getBoundingClientRect().top >= name.bottom - 0.5),
                      symbols: tds.map(td => getComputedStyle(td, '::before').content)};
            });""")
        assert len(rows) == 3
        for row in rows:
            assert row["below"] and row["symbols"] == ['"w"', '"b"', '"a"', '"C"'], row
    finally:
        chromium.set_window_size(1280, 900)
    open_page(chromium, served_site + prefix + "cross-entropy/")
    heads = displayed(chromium, ".xp-readout thead th")[1:]
    assert heads == ["w", "b", "a", "C"]  # the order the phone layout's symbols assume
