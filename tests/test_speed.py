"""What ``scripts/site/hooks/speed.py`` changes on the built site, and ``make bench``'s comparison
variants (``scripts/site/hooks/bench_variant.py``).  No timing here: performance is measured by
``make bench``, never asserted in tests."""

from __future__ import annotations

import html.parser
import importlib.util
import re
from pathlib import Path

import pytest

from tools import bench
from conftest import ROOT


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


speed = _load("speed_hook", ROOT / "scripts" / "site" / "hooks" / "speed.py")
KATEX_FONTS = ROOT / "node_modules" / "katex" / "dist" / "fonts"
HEAVY = "en/information/index.html"


def _without_blocks(html):
    """``html`` parsed, the lazy blocks unwrapped, whitespace between elements dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for block in soup.select(".lazy-section"):
        block.unwrap()
    return re.sub(r">\s+<", "><", str(soup))


def test_blocks_lie_between_headings_and_leave_headings_and_intro_outside():
    html = ("<h1>T</h1>\n<p>intro</p>\n"
            "<h2 id='a'>A <a title='x>y'>¶</a></h2>\n<p>x<br>y</p>\n"
            "<div class='admonition'><h3>inside</h3><p>q</p></div>\n<!-- <h2> -->\n"
            "<h3 id='b'>B</h3>\n<h4 id='c'>C</h4>\n<p>z</p>\n"
            "<div class='xp'></div>\n<p><link rel=\"stylesheet\" href=\"x.css\"></p>\n<script src=\"x.js\" defer></script>\n")
    out = speed.sections(html)
    assert _without_blocks(out) == _without_blocks(html)          # nothing but the blocks added
    assert out.count('<div class="lazy-section">') == 2
    # the intro and every top-level heading stay outside; the admonition's heading is not one
    assert out.index('<div class="lazy-section">') > out.index("</h2>") > out.index("<p>intro</p>")
    assert "<h3 id='b'>B</h3>\n<h4 id='c'>C</h4>\n<div class=\"lazy-section\">\n<p>z</p>" in out
    assert "<h3>inside</h3>" in out.split('<div class="lazy-section">')[1]
    # the explorer's loaders (they draw nothing) follow the block
    assert re.search(r"<div class='xp'></div></div>\s*<p><link [^>]*></p>\s*<script src=\"x.js\" defer></script>\s*$", out)
    assert speed.sections("<p>no headings</p>") == "<p>no headings</p>"
    with pytest.raises(Exception, match="does not close"):
        speed.sections("<h2>A</h2><div><p>x</p>")


@pytest.mark.build
def test_no_heading_the_contents_link_to_is_inside_a_lazy_block(site):
    """Material's table of contents reads each target heading's position on load; inside a
    skipped block that would make the browser lay the whole block out."""
    from bs4 import BeautifulSoup

    for page in (HEAVY, "information/index.html"):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        blocks = article.select(".lazy-section")
        assert len(blocks) >= 10
        targets = [a["href"][1:] for a in soup.select('nav.md-nav--secondary a[href^="#"]')]
        assert len(targets) >= 10
        for t in targets:
            el = soup.find(id=t)
            assert el is not None and el.find_parent(class_="lazy-section") is None, (page, t)
        for b in blocks:
            assert b.find_previous_sibling().name in ("h2", "h3", "h4", "h5", "h6"), (page, str(b)[:80])
            assert b.parent is article
        assert 'href="../assets/speed.css"' in str(soup) and 'classList.add("lazy-blocks")' in str(soup.head)


FORMULAS = [  # (TeX, display): a symbol, rows, fractions, scripts, big operators, matrices, a tag
    ("x", False), ("p(x)", False), (r"-\ln p", False), (r"\frac{\partial C}{\partial w}", False),
    (r"\sigma'(z)", False), (r"\sum_{i=1}^{n} x_i^2", True), (r"\mathbb{E}_{x\sim p}[f(x)]", True),
    (r"\begin{aligned} a &= b + c \\ d &= e \end{aligned}", True),
    (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", True), (r"H(p, q) = H(p) + D(p \| q) \tag{5.3}", True),
    (r"\text{ある} \; y", False),
]


def _presentation(math_xml):
    """The presentation MathML of a ``<math>`` as a list of serialized row items: the first
    child of ``<semantics>`` if there is one, and a lone ``<mrow>`` counted as the row it holds."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/1998/Math/MathML}"
    math = ET.fromstring(math_xml)
    items = list(math)
    if len(items) == 1 and items[0].tag == ns + "semantics":
        items = list(items[0])[:1]
    if len(items) == 1 and items[0].tag == ns + "mrow":
        items = list(items[0])
    return math.attrib, [ET.tostring(i, encoding="unicode") for i in items]


@pytest.mark.build
def test_slim_mathml_keeps_what_screen_readers_read():
    """KaTeX's MathML for sample formulas, before and after ``slim_mathml``: the same
    presentation MathML (read with an XML parser), without the TeX annotation."""
    math = _load("math_hook", ROOT / "scripts" / "site" / "hooks" / "math.py")
    katex = math.KaTeX()
    try:
        for tex, display in FORMULAS:
            html = katex.render(tex, display)["html"]
            slim = speed.slim_mathml(html)
            full_math = re.search(r"<math.*?</math>", html, re.S).group(0)
            slim_math = re.search(r"<math.*?</math>", slim, re.S).group(0)
            assert "<annotation" in full_math and "<annotation" not in slim_math, tex
            assert "<semantics>" not in slim_math and len(slim_math) < len(full_math), tex
            assert _presentation(slim_math) == _presentation(full_math), tex
            assert slim.replace(slim_math, "") == html.replace(full_math, ""), tex   # the rest untouched
    finally:
        katex.close()
    # a row of two rows is not a lone row
    two = ('<math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow>'
           '<annotation encoding="application/x-tex">a b</annotation></semantics></math>')
    assert speed.slim_mathml(two) == ('<math xmlns="http://www.w3.org/1998/Math/MathML"><mrow><mi>a</mi></mrow>'
                                      '<mrow><mi>b</mi></mrow></math>')


@pytest.mark.build
def test_pages_carry_one_slim_mathml_per_formula(site):
    html = (site / HEAVY).read_text(encoding="utf-8")
    n = html.count('<span class="katex-mathml"')
    assert n > 200
    assert len(re.findall(r"<math xmlns=", html)) == n
    assert "<annotation" not in html and "<semantics>" not in html


class _DrawnByKatex(html.parser.HTMLParser):
    """Characters inside ``span.katex-html`` (what KaTeX draws with its fonts), read with
    Python's HTML parser: a reference for the hook's own faster scan (``speed.katex_chars``)."""

    LEAVES = ("br", "img", "path", "line", "rect")   # void / SVG leaves in KaTeX output

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chars = set()

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in self.LEAVES
        elif tag == "span" and "katex-html" in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if self.depth and tag not in self.LEAVES:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.chars.update(data)


@pytest.mark.build
def test_font_subsets_keep_every_glyph_the_pages_draw(site):
    """For each KaTeX font: every character drawn in KaTeX output on any page of the language
    that the original font has is still in the subset (read back with fontTools)."""
    from fontTools.ttLib import TTFont

    for root in (site, site / "en"):
        pages = [p for p in root.rglob("index.html") if root == site / "en" or "en" not in p.relative_to(site).parts]
        drawn = set()
        for page in pages:
            p = _DrawnByKatex()
            text = page.read_text(encoding="utf-8")
            p.feed(text)
            assert speed.katex_chars(text) == p.chars, page
            drawn |= p.chars
        assert {"∑", "∂", "θ"} <= drawn
        fonts = sorted((root / "assets" / "katex" / "fonts").glob("*.woff2"))
        assert len(fonts) == len(list(KATEX_FONTS.glob("*.woff2")))
        smaller = 0
        for font in fonts:
            full = set(TTFont(str(KATEX_FONTS / font.name)).getBestCmap())
            sub = set(TTFont(str(font)).getBestCmap())
            need = {ord(c) for c in drawn} & full
            assert need <= sub, f"{font.name} lost {sorted(chr(c) for c in need - sub)}"
            smaller += font.stat().st_size < (KATEX_FONTS / font.name).stat().st_size
        assert smaller == len(fonts)


@pytest.mark.build
def test_math_pages_preload_two_existing_fonts(site):
    html = (site / HEAVY).read_text(encoding="utf-8")
    pre = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html)
    assert len(pre) == 2
    for href in pre:
        assert (site / "en" / "information" / href).resolve().is_file()


@pytest.mark.build
def test_figures_are_sized_like_their_svg_and_lazy(site):
    html = (site / HEAVY).read_text(encoding="utf-8")
    imgs = re.findall(r'<img width="(\d+)" height="(\d+)" loading="lazy" decoding="async" [^>]*src="\.\./figures/([^"#]+)(?:#[^"]*)?"', html)
    assert len(imgs) == len(re.findall(r'<img [^>]*src="[^"]*figures/', html)) >= 3
    for w, h, name in imgs:
        svg = (site / "en" / "figures" / name).read_text(encoding="utf-8")
        vb = [float(x) for x in re.search(r'viewBox="([^"]+)"', svg).group(1).split()]
        assert abs(int(w) / int(h) - vb[2] / vb[3]) < 0.01


# ---------------------------------------------------------------- make bench's variants

@pytest.fixture(scope="module")
def variants(tmp_path_factory, site):
    """The English site, the MathJax and the no-math variant side by side, as make bench serves them."""
    out = tmp_path_factory.mktemp("bench")
    (out / "site").symlink_to(site, target_is_directory=True)
    for v in ("mathjax", "floor"):
        bench.build_variant(v, "en", out / v / "en")
    return out


def _formulas(html):
    return len(re.findall(r'<span class="katex">', html))


@pytest.mark.build
def test_variants_are_the_same_page_with_other_math(variants):
    site = (variants / "site" / HEAVY).read_text(encoding="utf-8")
    mj = (variants / "mathjax" / HEAVY).read_text(encoding="utf-8")
    floor = (variants / "floor" / HEAVY).read_text(encoding="utf-8")
    # the article's sections (the citation appendix, added by the cite hook to the real build only, is not compared)
    ids = lambda h: [i for i in re.findall(r'<h2 id="([^"]+)"', h) if not i.startswith("cite-")]  # noqa: E731
    assert ids(site) == ids(mj) == ids(floor) and len(ids(site)) >= 5
    sections = lambda h: len(re.findall(r'<div class="lazy-section(?: deferred)?">', h))  # noqa: E731
    assert sections(site) == sections(mj) == sections(floor) >= 5
    assert "preload" not in mj and "preload" not in floor
    # MathJax: every formula left as TeX for the client, MathJax served from the site, no KaTeX
    n_tex = len(re.findall(r'class="arithmatex"', mj))
    assert n_tex == _formulas(site) > 100
    assert "katex" not in mj.lower()
    assert re.search(r'<script src="\.\./assets/mathjax/tex-mml-chtml\.js"', mj)
    assert (variants / "mathjax" / "en" / "assets" / "mathjax" / "tex-mml-chtml.js").is_file()
    assert (variants / "mathjax" / "en" / "assets" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    assert "document$.subscribe" in (variants / "mathjax" / "en" / "assets" / "mathjax-config.js").read_text()
    # floor: no math at all, no math CSS or script
    assert "arithmatex" not in floor and "katex" not in floor.lower() and "mathjax" not in floor.lower()


@pytest.mark.browser
def test_bench_measures_each_variant_once(variants, chromium):
    """One load of each variant with the bench's own code: MathJax typesets every formula, the
    numbers are filled in, and nothing is requested that the build did not produce."""
    with bench.browser.serve(variants) as base:
        for v in bench.VARIANTS:
            r = bench.load_once(f"{base}{v}/en/information/", variants, str(variants / f"profile-{v}"))
            assert r["ready"] > 0 and r["requests"] >= 5 and r["gzip"] > 10_000, (v, r)
            assert r["errors"] == 0, (v, r)


def test_readme_quotes_the_committed_bench_results():
    """``bench/results.md`` is written by ``make bench``; the README shows the same table."""
    results = (ROOT / "bench" / "results.md").read_text(encoding="utf-8")
    rows = [line for line in results.splitlines() if line.startswith("| `/")]
    assert len(rows) == 2 * len(bench.VARIANTS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [r for r in rows if r not in readme]
    assert not missing, f"README.md does not quote bench/results.md: {missing[:1]}"


# ---------------------------------------------------------------- the blocks in the browser

WIDTHS = (1280, 390)
GEOMETRY_PAGES = ("information/", "en/information/", "en/", "en/slowdown/", "en/derivation/", "en/errata/",
                  "en/references/")   # blocks that start with a paragraph, list, table, admonition; explorers

# Where every visible thing of the article is, relative to the article.
_BOXES = r"""
const art = document.querySelector('article.md-content__inner'), a = art.getBoundingClientRect();
return [...art.querySelectorAll('h2,h3,h4,p,li,figure,img,table,.admonition,details,.katex-html,.math-display,pre,.xp,dt,dd')]
  .map(e => { const r = e.getBoundingClientRect(); return [r.left - a.left, r.top - a.top, r.width, r.height]; });
"""
# A block drawn by content-visibility: auto keeps layout, style and paint containment.
_CONTAINED = ("const s = document.createElement('style'); s.id = 'contained'; s.textContent = "
              "'.md-typeset .lazy-section { content-visibility: visible !important; contain: layout style paint !important }';"
              " document.head.append(s);")


def _load_drawn(driver, url):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 30, poll_frequency=0.1).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && document.fonts.status === 'loaded' && "
        "document.querySelectorAll('.lazy-section:not(.drawn)').length === 0"))


@pytest.mark.browser
def test_blocks_move_nothing(chromium, served_site):
    """Every heading, paragraph, formula, figure and table of the article is where it is on the
    same page without the blocks (unwrapped in the browser), at 1280 and 390 px: while a
    block is drawn lazily (with containment) and once it is drawn for good."""
    try:
        for page in GEOMETRY_PAGES:
            _load_drawn(chromium, served_site + page)
            assert chromium.execute_script("return document.querySelectorAll('.lazy-section').length") >= 1, page
            boxes = {}
            for w in WIDTHS:
                chromium.set_window_size(w, 900)
                chromium.execute_script(_CONTAINED)
                boxes["lazy", w] = chromium.execute_script(_BOXES)
                chromium.execute_script("document.getElementById('contained').remove()")
                boxes["drawn", w] = chromium.execute_script(_BOXES)
            chromium.execute_script("document.querySelectorAll('.lazy-section').forEach(b => b.replaceWith(...b.childNodes))")
            for w in WIDTHS:
                chromium.set_window_size(w, 900)
                plain = chromium.execute_script(_BOXES)
                assert len(plain) > 10
                for state in ("lazy", "drawn"):
                    moved = [(i, b, p) for i, (b, p) in enumerate(zip(boxes[state, w], plain))
                             if max(abs(x - y) for x, y in zip(b, p)) > 0.5]
                    assert len(boxes[state, w]) == len(plain) and not moved, (page, w, state, moved[:3])
    finally:
        chromium.set_window_size(1280, 900)


_A11Y_MATH = r"""
return [...document.querySelectorAll('.katex-mathml math')].filter(m => {
  const closed = m.closest('details:not([open])');     // a closed box shows only its summary
  return !closed || m.closest('summary')?.parentElement === closed; }).length;
"""


def _ax_math(driver):
    nodes = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    return sum(1 for n in nodes if not n.get("ignored") and (n.get("role") or {}).get("value") == "MathMLMath")


@pytest.mark.browser
def test_every_formula_reaches_the_accessibility_tree(chromium, served_site):
    """Chromium leaves the content of a block it skips (content-visibility: auto) out of the
    accessibility tree.  Soon after the load every block is drawn, and every formula's MathML
    is in the tree; without JavaScript nothing is lazy in the first place."""
    url = served_site + "en/information/"
    chromium.execute_cdp_cmd("Accessibility.enable", {})
    try:
        _load_drawn(chromium, url)
        shown = chromium.execute_script(_A11Y_MATH)
        assert shown > 200
        assert _ax_math(chromium) == shown
        # the rule itself: lazy until drawn, with JavaScript only
        lazy = ("const b = document.querySelector('.lazy-section'); b.classList.remove('drawn'); "
                "const v = getComputedStyle(b).contentVisibility; b.classList.add('drawn'); "
                "return [v, getComputedStyle(b).contentVisibility];")
        assert chromium.execute_script(lazy) == ["auto", "visible"]
        chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        chromium.get(url)
        assert not chromium.execute_script("return document.documentElement.classList.contains('lazy-blocks')")
        cv = chromium.execute_script("return [...document.querySelectorAll('.lazy-section')]"
                                     ".map(b => getComputedStyle(b).contentVisibility)")
        assert len(cv) > 10 and set(cv) == {"visible"}
        assert _ax_math(chromium) == shown
    finally:
        chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        chromium.execute_cdp_cmd("Accessibility.disable", {})
