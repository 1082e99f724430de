"""`make pdf`: the whole article of each language as one PDF (scripts/tools/pdf.py).

The PDFs are printed once per test session, by the session's headless Chromium from the
session's site build.  What they should contain is read from that built site (chapter titles,
equation and figure numbers) and from CITATION.cff, never from scripts/tools/pdf.py.  The PDF is
read with poppler-utils (pdftotext, pdffonts: Debian, installed by .ci/run) and pypdf (links,
destinations).  Without Chromium or poppler-utils these tests skip locally and fail in CI.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import IN_CI, ROOT

PAGE_RANGE = {"ja": (35, 80), "en": (40, 85)}   # measured 50 and 55 pages (December 2026); README states these
LANG_ROOT = {"ja": "", "en": "en/"}
FIGURE_WORD = {"ja": "図", "en": "Figure"}


# ------------------------------------------------------------------ what the site shows

class _Collect(HTMLParser):
    """From one built page: its h1 text, its equation tags and its figure numbers."""

    def __init__(self):
        super().__init__()
        self.h1, self.tags, self.figs = "", [], []
        self._in = None
        self._depth = 0
        self._buf = []

    VOID = {"wbr", "br", "img", "hr", "input", "meta", "link", "source"}

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag in self.VOID:  # no end tag follows (the phrases hook puts <wbr> into Japanese headings)
            return
        if self._in:
            self._depth += 1
        elif tag == "h1":
            self._in, self._depth, self._buf = "h1", 1, []
        elif "katex-tag" in cls.split() or cls == "tag":
            self._in, self._depth, self._buf = "tag", 1, []
        elif "fig-number" in cls.split():
            self._in, self._depth, self._buf = "fig", 1, []

    def handle_endtag(self, tag):
        if not self._in:
            return
        self._depth -= 1
        if self._depth == 0:
            text = "".join(self._buf).replace("¶", "").strip()
            if self._in == "h1" and not self.h1:
                self.h1 = text
            elif self._in == "tag":
                self.tags.append(text)
            elif self._in == "fig":
                self.figs.append(text)
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)


def nav_order():
    """Page files in the order of mkdocs.yml's nav (the site's reading order)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") :]
    return re.findall(r"^\s+-\s+([\w-]+)\.md\s*$", nav, re.M)


def site_facts(site, lang):
    """[(page, h1, equation tags, figure numbers)] of the built site, in nav order."""
    out = []
    for name in nav_order():
        path = site / LANG_ROOT[lang] / ("" if name == "index" else name) / "index.html"
        html = path.read_text(encoding="utf-8")
        html = html[html.index("<article"): html.index("</article>")]
        html = re.sub(r'<span class="katex-mathml".*?</math></span>', "", html, flags=re.S)
        c = _Collect()
        c.feed(html)
        # a no-break space (after a Japanese heading's number) comes out of the PDF as a space
        out.append((name, c.h1.replace("\u00a0", " "), c.tags, c.figs))
    return out


# ------------------------------------------------------------------ the PDFs, once

def _poppler_missing():
    for tool in ("pdftotext", "pdffonts"):
        if shutil.which(tool) is None:
            return f"{tool} not found (apt-get install poppler-utils)"
    return None


@pytest.fixture(scope="session")
def pdfs(site, chromium, tmp_path_factory):
    why = _poppler_missing()
    if why:
        if IN_CI:
            pytest.fail(f"PDF tests must run in CI: {why}")
        print(f"\nskipping PDF tests: {why}", file=sys.stderr)
        pytest.skip(why)
    from tools import browser, pdf

    out = tmp_path_factory.mktemp("pdf")
    browser.requests(chromium)
    browser.console_errors(chromium)
    made = {}
    for lang in ("ja", "en"):
        made[lang] = pdf.render(site, lang, out / f"{lang}.pdf", driver=chromium)
    made["requests"] = browser.requests(chromium)
    made["console_errors"] = browser.console_errors(chromium)
    made["folder"] = out
    return made


def pdf_text(path, layout=False):
    """The text of each page (pdftotext separates pages with form feeds)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="session")
def texts(pdfs):
    return {lang: pdf_text(pdfs[lang]) for lang in ("ja", "en")}


pytestmark = pytest.mark.browser
LANGS = pytest.mark.parametrize("lang", ["ja", "en"])


# ------------------------------------------------------------------ tests

def test_print_page_loads_everything_from_the_site(pdfs):
    assert pdfs["requests"], "the print page made no request at all"
    assert all(u.startswith(("http://127.0.0.1:", "data:")) for u in pdfs["requests"]), pdfs["requests"]
    assert pdfs["console_errors"] == [], pdfs["console_errors"]
    # written by temporary file + rename: nothing else is left in the output folder
    assert sorted(p.name for p in pdfs["folder"].iterdir()) == ["en.pdf", "ja.pdf"]


@LANGS
def test_page_count_in_range(texts, lang):
    lo, hi = PAGE_RANGE[lang]
    assert lo <= len(texts[lang]) <= hi, len(texts[lang])


@LANGS
def test_cover_from_citation_cff(texts, lang):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    title = cff["title"] if lang == "en" else next(
        r["title"] for r in cff["references"] if r.get("scope") == "language edition")
    cover = texts[lang][0]
    assert title in cover.replace("\n", " ")
    assert str(cff["version"]) in cover
    assert str(cff["date-released"]) in cover
    for author in cff["authors"]:
        assert author["name"] in cover
    assert "@book{" in cover  # the BibTeX entry of the whole work (citation.bibtex: @book)


def _cjk(text):
    return sum(1 for ch in text if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff")


def test_text_extractable_and_in_the_language(texts):
    ja, en = "".join(texts["ja"]), "".join(texts["en"])
    assert _cjk(ja) > 20000, _cjk(ja)  # the Japanese article: tens of thousands of kana and kanji
    assert ja.count("です") + ja.count("ます") > 300
    # the English PDF has Japanese only where the site quotes it (title, glossary, errata)
    assert _cjk(en) < _cjk(ja) / 10, (_cjk(en), _cjk(ja))
    assert en.count(" the ") > 500


@LANGS
def test_no_raw_tex_left(texts, lang):
    body = "".join(texts[lang])
    for raw in ("\\frac", "$$", "\\(", "\\[", "\\label", "\\eqref", "\\begin{", "\\mathrm"):
        assert raw not in body, raw


@LANGS
def test_every_chapter_equation_number_and_figure_present(site, texts, lang):
    facts = site_facts(site, lang)
    body = "\n".join(texts[lang])
    flat = re.sub(r"\s+", "", body)
    n_tags = n_figs = 0
    for name, h1, tags, figs in facts:
        assert h1 and h1 in body, (name, h1)
        for tag in tags:
            n_tags += 1
            assert re.sub(r"\s+", "", tag) in flat, (name, tag)
        for fig in figs:
            n_figs += 1
            assert re.sub(r"\s+", "", fig) in flat, (name, fig)
    assert n_tags >= 50 and n_figs >= 16, (n_tags, n_figs)  # the site numbers 50+ equations and 16 figures


@LANGS
def test_fonts_embedded(pdfs, lang):
    out = subprocess.run(["pdffonts", str(pdfs[lang])], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "no fonts at all"
    # columns: name type encoding emb sub uni object ID; the name may be "[none]"
    not_embedded = [r for r in rows if r.split()[-5] != "yes"]
    assert not not_embedded, not_embedded
    assert any("KaTeX_Main" in r for r in rows), "math is not set in KaTeX's fonts"


@LANGS
def test_figures_are_vectors(pdfs, lang):
    from pypdf import PdfReader

    reader = PdfReader(pdfs[lang])
    subtypes = []
    for page in reader.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        subtypes += [str(x.get_object().get("/Subtype")) for x in xobjects.values()]
    assert "/Image" not in subtypes, "a figure was rasterised"
    assert subtypes.count("/Form") >= 16  # each SVG figure is drawn as vector paths in a form


@LANGS
def test_internal_links_land_on_the_right_page(site, pdfs, texts, lang):
    """Every internal link names a destination of the PDF; equation, figure and chapter
    destinations are on the page that shows that equation number, figure number, chapter title."""
    from pypdf import PdfReader

    reader = PdfReader(pdfs[lang])
    page_of = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages)}
    dests = {str(k).lstrip("/"): page_of[d.page.idnum] for k, d in reader.named_destinations.items()}
    internal, external = [], []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            if "/Dest" in a:
                internal.append(str(a["/Dest"]).lstrip("/"))
            elif a.get("/A", {}).get("/S") == "/GoTo":
                internal.append(str(a["/A"]["/D"]).lstrip("/"))
            elif a.get("/A", {}).get("/S") == "/URI":
                external.append(str(a["/A"]["/URI"]))
    assert len(internal) >= 150, len(internal)  # the TOC alone has one per chapter and section
    missing = sorted(set(internal) - set(dests))
    assert not missing, missing
    assert not [u for u in external if "127.0.0.1" in u or "localhost" in u or ".invalid" in u], external

    flat = [re.sub(r"\s+", "", t) for t in texts[lang]]
    facts = site_facts(site, lang)
    html = {name: (site / LANG_ROOT[lang] / ("" if name == "index" else name) / "index.html").read_text(encoding="utf-8")
            for name, *_ in facts}
    checked = 0
    for name, h1, tags, figs in facts:
        ids = re.findall(r'<div class="math-display" id="(eq-[^"]+)">', html[name])
        assert len(ids) == len(tags), (name, ids, tags)
        for eq_id, tag in zip(ids, tags):
            if eq_id in dests:
                assert re.sub(r"\s+", "", tag) in flat[dests[eq_id]], (eq_id, tag, dests[eq_id] + 1)
                checked += 1
        fig_ids = re.findall(r'<figure[^>]*\bid="(fig-[^"]+)"', html[name])
        assert len(fig_ids) == len(figs), (name, fig_ids, figs)
        for fig_id, fig in zip(fig_ids, figs):
            if fig_id in dests:
                # the destination is the top of the figure; its caption may start the next page
                near = flat[dests[fig_id]] + (flat[dests[fig_id] + 1] if dests[fig_id] + 1 < len(flat) else "")
                assert re.sub(r"\s+", "", fig) in near, (fig_id, fig, dests[fig_id] + 1)
                checked += 1
    assert checked >= 30, checked


@LANGS
def test_table_of_contents_page_numbers(site, pdfs, lang):
    """The TOC gives, for every chapter, the page on which its title opens the page."""
    pages = pdf_text(pdfs[lang], layout=True)
    firsts = [next((l.strip() for l in p.splitlines() if l.strip()), "") for p in pages]
    toc = "\n".join(pages[1:4])
    previous = 0
    for name, h1, _, _ in site_facts(site, lang):
        m = re.search(re.escape(h1) + r"\s+(\d+)\s*$", toc, re.M)
        assert m, (name, h1)
        number = int(m.group(1))
        assert firsts[number - 1] == h1, (name, h1, number, firsts[number - 1])
        assert number > previous  # chapters in nav order
        previous = number
        # the footer carries the page number too
        assert re.search(rf"\b{number} / {len(pages)}\b", pages[number - 1]), pages[number - 1][-200:]


# ------------------------------------------------------------------ bad input (no browser)

def _run(*args):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "tools" / "pdf.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("case", ["no-site", "bad-lang", "no-out-folder", "not-a-site"])
def test_bad_input_is_one_line_and_no_file(tmp_path, case):
    site = tmp_path / "site"
    site.mkdir()
    out = tmp_path / "out.pdf"
    if case == "no-site":
        args = ["--site", str(tmp_path / "missing"), "--lang", "ja", "--out", str(out)]
    elif case == "bad-lang":
        args = ["--site", str(site), "--lang", "fr", "--out", str(out)]
    elif case == "no-out-folder":
        args = ["--site", str(site), "--lang", "en", "--out", str(tmp_path / "nowhere" / "x.pdf")]
    else:
        (site / "index.html").write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
        args = ["--site", str(site), "--lang", "ja", "--out", str(out)]
    r = _run(*args)
    assert r.returncode == 2, r
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pdf.py: "), r.stderr
    assert not out.exists() and list(tmp_path.glob("*.tmp")) == [] and list(tmp_path.glob(".*.tmp")) == []
