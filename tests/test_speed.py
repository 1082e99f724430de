"""What ``scripts/site/hooks/speed.py`` changes on the built site, and ``make bench``'s comparison
variants (``scripts/site/hooks/bench_variant.py``).  No timing here: performance is measured by
``make bench``, never asserted in tests."""

from __future__ import annotations

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


def test_sections_wrap_each_h2_and_leave_the_intro():
    html = "<h1>T</h1>\n<p>intro</p>\n<h2 id='a'>A</h2>\n<p>x</p>\n<h2 id='b'>B</h2>\n<p>y</p>\n"
    out = speed.sections(html)
    assert out.startswith("<h1>T</h1>\n<p>intro</p>\n<section")
    assert out.count('<section class="lazy-section">') == 2 and out.count("</section>") == 2
    assert re.sub(r'<section class="lazy-section">\n|</section>\n', "", out) == html
    assert speed.sections("<p>no headings</p>") == "<p>no headings</p>"


@pytest.mark.build
def test_every_h2_of_the_heavy_page_is_in_a_lazy_section(site):
    html = (site / HEAVY).read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    top = len(re.findall(r"^<h2", article, re.M))   # the page's own sections (not the citation box's)
    assert top >= 5
    assert top == article.count('<section class="lazy-section">\n<h2')
    assert 'href="../assets/speed.css"' in html


@pytest.mark.build
def test_font_subsets_keep_every_glyph_the_pages_draw(site):
    """For each KaTeX font: every character drawn in KaTeX output on any page of the language
    that the original font has is still in the subset (read back with fontTools)."""
    from fontTools.ttLib import TTFont

    for root in (site, site / "en"):
        pages = [p for p in root.rglob("index.html") if root == site / "en" or "en" not in p.relative_to(site).parts]
        drawn = set()
        for page in pages:
            p = speed._KatexText()
            p.feed(page.read_text(encoding="utf-8"))
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
    sections = lambda h: h.count('<section class="lazy-section">')  # noqa: E731
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
