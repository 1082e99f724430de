"""Layout on every screen, measured in headless Chromium (issue 7).

- Display formulas at 360, 390, 768 and 1280 px, every page of both languages: an equation
  number never overlaps its formula and stays in the column; a formula wider than its box
  scrolls sideways (with an edge shadow) instead of being cut (probe: layout_probe.js).
- Figures at 390 px: the smallest text in every figure the reader sees is at least 9 CSS px
  (font size, from the glyphs in the SVG the browser chose and the size it is drawn at;
  probe: layout_figures.js); in the dark palette the dark variants are shown and no figure
  is a white card.
- Japanese lines at 390 and 1280 px: no line starts with 、。，．）」』 or ends with （「『,
  no line break inside an inline formula, no word with kanji or katakana split across lines
  (word boundaries from Intl.Segmenter, ICU's dictionary, independent of the BudouX phrases
  the site breaks at; hiragana-only "words" such as について may break like phrases)
  (probe: layout_lines.js).

Each page is loaded once; the window is resized through the widths and each probe is one
execute_script call.  Skips locally without Chromium (and says why); fails in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
PROBE = (HERE / "layout_probe.js").read_text(encoding="utf-8")
LINES = (HERE / "layout_lines.js").read_text(encoding="utf-8")
FIGURES = (HERE / "layout_figures.js").read_text(encoding="utf-8")
MATH_WIDTHS = (360, 390, 768, 1280)
LINE_WIDTHS = (390, 1280)
PHONE = 390
MIN_TEXT_PX = 9.0


def pages_of(site):
    """URL paths of every article page, both languages."""
    out = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/")[-1] in ("search", "assets") or "assets" in rel.split("/"):
            continue
        out.append("" if rel == "." else rel + "/")
    return out


def wait(driver, script, timeout=15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: d.execute_script(script))


@pytest.fixture(scope="module")
def measured(chromium, served_site, site):
    """{page: {"math": {width: probe}, "lines": {width: probe}, "figures": [...], "dark": [...]}}."""
    chromium.set_script_timeout(60)
    results = {}
    try:
        for page in pages_of(site):
            chromium.set_window_size(1280, 900)
            chromium.get(served_site + page)
            wait(chromium, "return document.readyState === 'complete' && document.fonts.status === 'loaded'")
            wait(chromium, "return [...document.images].every(i => i.complete || i.loading === 'lazy')")
            r = {"math": {}, "lines": {}}
            ja = chromium.execute_script("return document.documentElement.lang") == "ja"
            for w in sorted(set(MATH_WIDTHS) | set(LINE_WIDTHS), reverse=True):
                chromium.set_window_size(w, 900)
                if w in MATH_WIDTHS:
                    r["math"][w] = chromium.execute_script(PROBE)
                if ja and w in LINE_WIDTHS:
                    r["lines"][w] = chromium.execute_script(LINES)
                if w == PHONE:
                    wait(chromium, "return [...document.images].every(i => i.complete || i.loading === 'lazy')")
                    r["figures"] = chromium.execute_async_script(FIGURES)
                    chromium.execute_script("document.body.setAttribute('data-md-color-scheme', 'slate')")
                    wait(chromium, "return [...document.images].every(i => i.complete || i.loading === 'lazy')")
                    r["dark"] = chromium.execute_async_script(FIGURES)
                    chromium.execute_script("document.body.setAttribute('data-md-color-scheme', 'default')")
            results[page] = r
    finally:
        chromium.set_window_size(1280, 900)
    return results


def test_pages_were_measured(measured):
    assert "" in measured and "en/" in measured and len(measured) >= 10
    formulas = sum(r["math"][390]["n"] for r in measured.values())
    numbered = sum(r["math"][390]["numbered"] for r in measured.values())
    assert formulas > 100 and numbered > 80, (formulas, numbered)
    # the narrow widths do exercise sideways scrolling
    assert sum(r["math"][360]["scrolling"] for r in measured.values()) > 10


@pytest.mark.parametrize("width", MATH_WIDTHS)
def test_display_math_fits(measured, width):
    problems = [f"{page} @{width}px: {p}" for page, r in measured.items() for p in r["math"][width]["problems"]]
    assert not problems, "\n".join(problems)


def test_no_formula_scrolls_on_a_desktop(measured):
    """At 1280 px every display formula fits its column: scrolling is for phones, and a formula
    too wide for a desk screen is split into lines in the Markdown."""
    wide = {page: r["math"][1280]["scrolling"] for page, r in measured.items() if r["math"][1280]["scrolling"]}
    assert not wide, wide


def test_figure_text_legible_on_a_phone(measured):
    figs = [(page, f) for page, r in measured.items() for f in r["figures"]]
    assert len(figs) >= 32, "every figure on both languages' pages"  # 16 figures × 2 languages
    small = [f"{page} {f['id']} ({f['src']}): smallest text {f['minPx']:.1f} px ({f['minText']}), drawn "
             f"{f['drawn']:.0f} of {f['natural']} px" for page, f in figs if f["minPx"] < MIN_TEXT_PX]
    assert all(f["glyphs"] > 20 for _, f in figs), "glyphs found in every figure"
    assert not small, "\n".join(small)
    assert all(".narrow." in f["src"] for _, f in figs), "phones get the stacked variant"


def test_figures_follow_the_palette(measured):
    light = [f for r in measured.values() for f in r["figures"]]
    dark = [f for r in measured.values() for f in r["dark"]]
    assert len(dark) == len(light) >= 32
    assert all(".dark." not in f["src"] for f in light) and all(".dark." in f["src"] for f in dark)
    # a light figure is mostly white (the probe sees white); a dark one must not be a white card
    assert min(f["white"] for f in light) > 0.5
    cards = [f"{f['id']} {f['src']}: {f['white']:.0%} near-white pixels" for f in dark if f["white"] > 0.03]
    assert not cards, "\n".join(cards)


@pytest.mark.parametrize("width", LINE_WIDTHS)
def test_japanese_line_breaks(measured, width):
    ja = {page: r["lines"][width] for page, r in measured.items() if r["lines"]}
    assert len(ja) >= 9 and sum(v["lines"] for v in ja.values()) > 300
    problems = [f"{page} @{width}px: {p}" for page, v in ja.items() for p in v["problems"]]
    assert not problems, "\n".join(problems)
