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
    numbers are filled in (the page is whole after the math is ready), and nothing is
    requested that the build did not produce."""
    with bench.browser.serve(variants) as base:
        for v in bench.VARIANTS:
            r = bench.load_once(f"{base}{v}/en/information/", variants, str(variants / f"profile-{v}"))
            assert r["ready"] > 0 and r["requests"] >= 5 and r["gzip"] > 10_000, (v, r)
            # the site and the floor hold far sections back and build them after the load;
            # MathJax's variant holds nothing back
            assert r["whole"] > r["ready"] if v != "mathjax" else r["whole"] >= r["ready"], (v, r)
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


# --------------------------------------------------------------------------- deferred blocks

def test_deferred_runs_hold_only_what_no_script_looks_for(monkeypatch):
    """``defer_runs`` puts each run of top-level elements between the markers, leaves out the
    elements a script looks for on load (code, tables, explorers, scripts) and runs too small
    to be worth it, and changes nothing else."""
    monkeypatch.setattr(speed, "MIN_RUN", 20)
    body = ("<p>first paragraph, long enough</p>\n<div class='math-display'><span>x</span></div>\n"
            "<pre><code>print(1)</code></pre>\n<p>short</p>\n<table><tr><td>1</td></tr></table>\n"
            "<details><summary>s</summary><p>inside a details box</p></details>\n<p>last one here</p>\n"
            "<div class='xp'></div>\n")
    out = speed.defer_runs(body)
    assert out.replace(speed.OPEN, "").replace(speed.CLOSE, "") == body
    held = re.findall(re.escape(speed.OPEN) + "(.*?)" + re.escape(speed.CLOSE), out, re.S)
    assert held == ["<p>first paragraph, long enough</p>\n<div class='math-display'><span>x</span></div>",
                    "<details><summary>s</summary><p>inside a details box</p></details>\n<p>last one here</p>"]
    for kept in ("<pre>", "<table>", "<div class='xp'>", "<p>short</p>"):   # "short": a run below MIN_RUN
        assert not any(kept in h for h in held), kept
    assert not speed.deferrable("<p>x</noscript><p>y</p>") and not speed.deferrable("<script>1</script>")


def test_sections_defer_only_far_below_the_top():
    """A block is deferred only when more than DEFER_AFTER characters of text come before it;
    ``defer=False`` (the MathJax variant of ``make bench``) defers nothing; the final page has
    ``<noscript>`` where the markers were."""
    filler = "<p>" + "word " * (speed.DEFER_AFTER // 5 + 50) + "</p>\n"
    page = ("<h1>T</h1>\n<p>intro</p>\n<h2 id='a'>A</h2>\n" + filler
            + "<h2 id='b'>B</h2>\n" + filler + "<h2 id='c'>C</h2>\n<p>" + "z" * 3000 + "</p>\n")
    assert speed.text_weight(filler) > speed.DEFER_AFTER
    out = speed.sections(page)
    blocks = re.findall(r'<div class="(lazy-section[^"]*)">', out)
    assert blocks == ["lazy-section", "lazy-section deferred", "lazy-section deferred"]
    assert "deferred" not in speed.sections(page, defer=False)
    final = speed.defer_blocks(out)
    assert final.count("<noscript>") == final.count("</noscript>") == 2 and speed.OPEN not in final
    assert _without_blocks(final.replace("<noscript>", "").replace("</noscript>", "")).strip() == _without_blocks(page).strip()


def _noscript_runs(html):
    return re.findall(r'<noscript>(.*?)</noscript>', html, re.S)


@pytest.mark.build
def test_deferred_blocks_on_the_built_site(site):
    """On the built site: no marker is left; pages with held runs keep the permissions of the
    others; every <noscript> is a run inside a deferred block
    and holds nothing a script looks for on load; on the heaviest pages most of the article
    waits in them (the point); and Pagefind indexed their text (it skips <noscript>, so the
    index is built before the markers become <noscript>)."""
    import gzip
    import json
    from bs4 import BeautifulSoup

    deferred_pages = 0
    readable = (site / "404.html").stat().st_mode & 0o777     # a page speed.py does not rewrite
    assert readable & 0o004, oct(readable)
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert speed.OPEN not in html and speed.CLOSE not in html, page
        runs = _noscript_runs(html)
        if not runs:
            continue
        deferred_pages += 1
        # rewritten in on_post_build, and still readable by a web server like the others
        assert page.stat().st_mode & 0o777 == readable, (page, oct(page.stat().st_mode))
        soup = BeautifulSoup(html, "html.parser")
        for ns in soup.select("article noscript"):
            assert ns.parent.name == "div" and ns.parent["class"] == ["lazy-section", "deferred"], page
        for run in runs:
            assert speed.deferrable(run), (page, run[:80])
    assert deferred_pages >= 8
    for rel in ("information/index.html", HEAVY):
        html = (site / rel).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        held = sum(len(r) for r in _noscript_runs(article))
        assert held > 0.6 * len(article), (rel, held, len(article))
    # the last plain paragraph held in a <noscript> on each heavy page is in the search index
    index = {}
    for lang, root in (("ja", site), ("en", site / "en")):      # one Pagefind index per language
        for f in (root / "pagefind" / "fragment").glob("*.pf_fragment"):
            data = json.loads(gzip.decompress(f.read_bytes())[len("pagefind_dcd"):])
            index[lang, data["url"]] = re.sub(r"[\s\u200b]+", "", data["content"])
    for url, rel in ((("ja", "/information/"), "information/index.html"), (("en", "/information/"), HEAVY)):
        held = BeautifulSoup("".join(_noscript_runs((site / rel).read_text(encoding="utf-8"))), "html.parser")
        para = [p for p in held.find_all("p") if not p.find(class_="katex") and len(p.get_text()) > 30][-1]
        text = re.sub(r"[\s\u200b]+", "", para.get_text())
        assert text[:40] in index[url], text[:40]


# Stops speed.py's script from building blocks when idle or near the screen: what is left
# is what it builds on demand.
_NO_IDLE = "window.requestIdleCallback = function () { return 0; }; window.IntersectionObserver = undefined;"
_HELD = f"return document.querySelectorAll('{bench.browser.HELD}').length"


def _deferred_pages(site):
    return [p.parent.relative_to(site).as_posix() + "/" for p in sorted(site.rglob("index.html"))
            if "<noscript>" in p.read_text(encoding="utf-8")]


@pytest.mark.browser
def test_no_deferred_block_starts_on_the_first_screen(chromium, site, served_site):
    """Where each deferred block really begins (the page whole and every block drawn) is more
    than a screen and a fifth down, on a large desktop, a laptop and a phone: what the reader
    first sees is never waiting in a <noscript>."""
    pages = _deferred_pages(site)
    assert len(pages) >= 8
    try:
        for w, h in ((1920, 1200), (1280, 900), (390, 844)):
            chromium.set_window_size(w, h)
            inner = chromium.execute_script("return innerHeight")
            for page in pages:
                _load_drawn(chromium, served_site + page)
                top = chromium.execute_script(
                    "return document.querySelector('.lazy-section.deferred').getBoundingClientRect().top + scrollY")
                assert top > 1.2 * inner, (page, w, h, top, inner)
    finally:
        chromium.set_window_size(1280, 900)


@pytest.mark.browser
def test_deferred_blocks_are_built_after_the_load_and_on_demand(site, served_site):
    """With JavaScript: the page loads with its far blocks as text and builds them all soon
    after the load (every formula of the page then in the DOM, no console error).  Without the
    idle builder, a link to an equation further down, an address with one, the browser's find
    (Ctrl+F), printing and a reload each get the whole page first."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from tools import browser

    rel = "en/information/"
    html = (site / rel / "index.html").read_text(encoding="utf-8")
    held_ids = re.findall(r'id="(eq-[^"]+)"', "".join(_noscript_runs(html)))
    assert len(held_ids) >= 5
    count = "return document.querySelectorAll('article .katex:not(.xp .katex)').length"
    driver = browser.chromium()
    try:
        # without JavaScript the held blocks are ordinary content: every formula is there
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(served_site + rel)
        formulas = driver.execute_script(count)
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        assert formulas > 300
        # the natural course: whole soon after the load
        driver.get(served_site + rel)                       # waits until the page is whole
        assert driver.execute_script(_HELD) == 0
        assert driver.execute_script("return document.documentElement.dataset.blocks") == "whole"
        # the same formulas as without JavaScript (the explorer on the page draws labels of its own)
        assert driver.execute_script(count) == formulas
        assert not browser.console_errors(driver)

        ident = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _NO_IDLE})["identifier"]
        try:
            # a link near the top (the page's own links to these equations are held too) to an
            # equation held in a <noscript>
            driver.get(served_site + rel, whole=False)
            assert driver.execute_script(_HELD) > 0
            target = held_ids[len(held_ids) // 2]
            driver.execute_script(f"const a = document.createElement('a'); a.href = '#{target}'; a.textContent = 'eq';"
                                  " document.querySelector('article p').append(a); a.click();")
            top = driver.execute_script(f"return document.getElementById('{target}').getBoundingClientRect().top")
            assert driver.execute_script(_HELD) == 0 and 0 <= top < 200, top
            # an address with such an equation
            driver.get(served_site + "en/", whole=False)
            driver.get(served_site + rel + "#" + held_ids[-1], whole=False)
            top = driver.execute_script(f"return document.getElementById('{held_ids[-1]}').getBoundingClientRect().top")
            assert driver.execute_script("return scrollY") > 2000 and 0 <= top < 200, top
            # the browser's find
            driver.get(served_site + rel, whole=False)
            assert driver.execute_script(_HELD) > 0
            ActionChains(driver).key_down(Keys.CONTROL).send_keys("f").key_up(Keys.CONTROL).perform()
            assert driver.execute_script(_HELD) == 0
            # printing: whole, and the answer boxes it built open for the print only
            driver.get(served_site + rel, whole=False)
            driver.execute_script("dispatchEvent(new Event('beforeprint'))")
            boxes = ".lazy-section.deferred details"
            assert driver.execute_script(_HELD) == 0
            opened = driver.execute_script(f"return [...document.querySelectorAll('{boxes}')].map(d => d.open)")
            driver.execute_script("dispatchEvent(new Event('afterprint'))")
            closed = driver.execute_script(f"return [...document.querySelectorAll('{boxes}')].map(d => d.open)")
            assert opened and all(opened) and not any(closed)
            # a reload puts the reader back where they were, on the same line: a reader this
            # far down has the page whole and drawn (the idle builder is back for that), and
            # on the reload only the reload path can build it
            driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": ident})
            _load_drawn(driver, served_site + rel)
            driver.execute_script("window.scrollTo(0, 9000)")
            line = "return document.elementFromPoint(400, 300).textContent.slice(0, 80)"
            before = driver.execute_script(line)
            ident = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _NO_IDLE})["identifier"]
            driver.refresh()
            browser.wait_whole(driver)
            assert driver.execute_script("return scrollY") == 9000
            assert driver.execute_script(line) == before
        finally:
            driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": ident})
    finally:
        driver.quit()


@pytest.mark.browser
def test_formulas_that_scroll_in_held_sections_are_tab_stops(chromium, served_site):
    """keyboard.js makes a formula that scrolls sideways a Tab stop when the page loads; the held
    sections are built after that, so it looks again when the page is whole (on a phone,
    where formulas scroll)."""
    stops = ("return [...document.querySelectorAll('.lazy-section.deferred .math-scroll')]"
             ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.tabIndex)")
    try:
        chromium.set_window_size(390, 844)
        chromium.get(served_site + "en/information/")
        tabs = chromium.execute_script(stops)
        assert len(tabs) >= 3 and set(tabs) == {0}, tabs
    finally:
        chromium.set_window_size(1280, 900)


@pytest.mark.browser
def test_the_column_is_as_wide_on_a_short_page_as_on_a_long_one(chromium, served_site):
    """The window's scrollbar is there from the start (speed.css), so a page first drawn before
    it is long enough to scroll does not move sideways when its scrollbar appears: the short
    404 page is as wide as the longest chapter."""
    width = "return [document.documentElement.clientWidth, document.documentElement.scrollHeight > innerHeight]"
    chromium.get(served_site + "404.html")
    short = chromium.execute_script(width)
    chromium.get(served_site + "en/information/")
    long = chromium.execute_script(width)
    assert short[1] is False and long[1] is True
    assert short[0] == long[0] < 1280
