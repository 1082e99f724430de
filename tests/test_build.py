"""The strict build: both languages build, equations and figures resolve, nothing is fetched
from another host, and the math hook fails loudly on bad input."""

from __future__ import annotations

import re
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from conftest import ROOT, mkdocs_build


class Page(HTMLParser):
    """ids, links and resource URLs of one HTML page."""

    def __init__(self, text):
        super().__init__()
        self.ids, self.links, self.resources, self.eqs = set(), [], [], {}
        self._eq = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for key in ("src", "srcset", "data"):
            if key in a:
                self.resources.append(a[key])
        if tag == "link" and "href" in a:
            self.resources.append(a["href"])
        if tag == "div" and a.get("class") == "math-display" and a.get("id", "").startswith("eq-"):
            self._eq = a["id"]

    def handle_data(self, data):
        m = re.fullmatch(r"\(([\d.]+)\)", data.strip())
        if self._eq and m:
            self.eqs[self._eq] = m.group(1)
            self._eq = None


def html_pages(site):
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def url_of(site, path):
    rel = path.relative_to(site).as_posix()
    return "http://site/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_both_languages_built(site):
    assert (site / "index.html").exists() and (site / "en" / "index.html").exists()
    assert 'lang="ja"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in (site / "en" / "index.html").read_text(encoding="utf-8")


def test_internal_links_and_equation_anchors_resolve(site):
    parsed = {url_of(site, p): Page(p.read_text(encoding="utf-8")) for p in html_pages(site)}
    broken = []
    for url, page in parsed.items():
        for href in page.links:
            target = urljoin(url, href)
            u = urlparse(target)
            if u.netloc != "site":
                continue
            base = target.split("#")[0]
            if base.endswith("/") or base.endswith(".html"):
                dest = parsed.get(base if not base.endswith("index.html") else base[: -len("index.html")])
                if dest is None:
                    broken.append(f"{url}: {href} (no such page)")
                elif u.fragment and u.fragment not in dest.ids:
                    broken.append(f"{url}: {href} (no id {u.fragment})")
    assert not broken, "\n".join(broken)


def test_eqref_links_show_the_target_number(site):
    pages = {url_of(site, p): p.read_text(encoding="utf-8") for p in html_pages(site)}
    numbers = {}
    for url, text in pages.items():
        for eq, n in Page(text).eqs.items():
            numbers[(url.split("/en/")[0] + ("/en/" if "/en/" in url else "/"), eq)] = n
    refs = 0
    for url, text in pages.items():
        for href, shown in re.findall(r'<a class="eqref" href="([^"]*)">\(([\d.]+)\)</a>', text):
            target = urljoin(url, href)
            tpage, frag = target.split("#")
            tparsed = Page(pages[tpage])
            assert tparsed.eqs.get(frag) == shown, f"{url}: link to {target} shows ({shown})"
            refs += 1
    assert refs > 0


def test_equation_numbers_agree_between_languages(site):
    """A citation '(2.3)' means the same equation in Japanese and English."""
    for ja in html_pages(site):
        rel = ja.relative_to(site)
        if rel.parts[0] == "en":
            continue
        en = site / "en" / rel
        if en.exists():
            a, b = Page(ja.read_text(encoding="utf-8")).eqs, Page(en.read_text(encoding="utf-8")).eqs
            assert a == b, f"{rel}: equation numbers differ between ja and en"


def test_all_math_rendered_at_build_time(site):
    for p in html_pages(site):
        text = p.read_text(encoding="utf-8")
        assert 'class="arithmatex"' not in text, f"{p}: unrendered math"
        assert "\\eqref" not in text and "\\label" not in text.replace("annotation", ""), f"{p}: raw \\eqref/\\label"


def test_no_resource_from_another_host(site):
    """Scripts, styles, fonts, images: all from the site itself (links to references are fine)."""
    offenders = []
    for p in html_pages(site):
        for res in Page(p.read_text(encoding="utf-8")).resources:
            if urlparse(res).netloc or res.startswith("//"):
                offenders.append(f"{p.relative_to(site)}: {res}")
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            u = url.strip("'\"")
            if urlparse(u).netloc or u.startswith("//"):
                offenders.append(f"{css.relative_to(site)}: {u}")
    assert not offenders, "\n".join(offenders)


def test_figures_shown_exist_in_site(site):
    for p in html_pages(site):
        for src in re.findall(r'<img [^>]*src="([^"]+\.svg)"', p.read_text(encoding="utf-8")):
            assert (p.parent / src).resolve().exists(), f"{p}: {src}"


# ---- the math hook on a throwaway project ---------------------------------------------------

def tiny_project(tmp_path, pages):
    """A minimal MkDocs project that uses this repository's hooks and assets."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: t
        docs_dir: docs
        theme: {{name: material, language: ja, font: false}}
        hooks: [{ROOT}/scripts/site/hooks/math.py]
        markdown_extensions: [{{pymdownx.arithmatex: {{generic: true}}}}]
        """), encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_numbering_and_cross_page_references(tmp_path):
    cfg = tiny_project(tmp_path, {
        "index.md": "---\nchapter: 3\n---\n# A\n\n$$\na = 1\n\\label{eq:one}\n$$\n\n$$\nb = 2\n$$\n\n"
                    "$$\nc = 3 \\label{eq:two}\n$$\n\nSee \\eqref{eq:two} and \\eqref{eq:far}.\n",
        "other.md": "# B\n\n$$\nd = 4 \\label{eq:far}\n$$\n\nBack to \\eqref{eq:one}.\n",
    })
    r = mkdocs_build(cfg, tmp_path / "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    other = (tmp_path / "out" / "other" / "index.html").read_text(encoding="utf-8")
    assert Page(index).eqs == {"eq-one": "3.1", "eq-two": "3.2"}  # unlabelled b = 2 has no number
    assert Page(other).eqs == {"eq-far": "1"}
    assert '<a class="eqref" href="#eq-two">(3.2)</a>' in index
    assert '<a class="eqref" href="other/#eq-far">(1)</a>' in index
    assert '<a class="eqref" href="../#eq-one">(3.1)</a>' in other


@pytest.mark.parametrize("page, message", [
    ("# X\n\n$$\n\\frac{1}{\n$$\n", ["index.md", "\\frac{1}{", "does not render"]),
    ("# X\n\nSee \\eqref{eq:nowhere}.\n", ["index.md", "eq:nowhere", "unknown"]),
    ("# X\n\n$$\na \\label{eq:d}\n$$\n\n$$\nb \\label{eq:d}\n$$\n", ["eq:d", "already defined"]),
    ("# X\n\nInline $a \\label{eq:i}$.\n", ["index.md", "inline"]),
    ("# X\n\n$x = 日本$\n", ["index.md", "日本", "does not render"]),
])
def test_math_hook_fails_the_build_naming_page_and_formula(tmp_path, page, message):
    cfg = tiny_project(tmp_path, {"index.md": page})
    r = mkdocs_build(cfg, tmp_path / "out", cwd=tmp_path)
    assert r.returncode != 0
    out = r.stdout + r.stderr
    for m in message:
        assert m in out, f"{m!r} not in build output:\n{out[-2000:]}"


def test_missing_figure_fails_the_build(tmp_path):
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("*.md"))
    (tmp_path / "docs" / "ja" / "index.md").write_text("# X\n\n![x](figures/nope.svg)\n", encoding="utf-8")
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(f"INHERIT: {ROOT}/mkdocs.yml\ndocs_dir: docs/ja\nnav: [index.md]\n"
                   f"hooks: [{ROOT}/scripts/site/hooks/figures.py]\n", encoding="utf-8")
    r = mkdocs_build(cfg, tmp_path / "out", cwd=tmp_path)
    assert r.returncode != 0
    # the figures hook's own message (strict mode alone would also fail, on the broken link)
    assert "figure figures/nope.svg does not exist (run `make figures`)" in r.stdout + r.stderr, r.stdout + r.stderr


def test_figures_are_numbered_in_page_order(site):
    text = (site / "en" / "slowdown" / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<figure[^>]*id="fig-([\w-]+)".*?<span class="fig-number">Figure ([\d.]+)</span>', text, re.S)
    assert [n for _, n in found] == [f"1.{k}" for k in range(1, len(found) + 1)] and len(found) >= 2
    ja = (site / "slowdown" / "index.html").read_text(encoding="utf-8")
    assert '<span class="fig-number">図 1.1</span>' in ja


def _pagefind_fragments(root):
    """The pages of a Pagefind index as Pagefind stores them: one gzip file per page holding
    the signature ``pagefind_dcd`` and then JSON (url, content: the indexed text, anchors)."""
    import gzip
    import json

    out = {}
    for frag in (root / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(frag.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), frag
        data = json.loads(raw[len(b"pagefind_dcd"):])
        out[data["url"]] = data
    return out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_search_is_a_pagefind_index_per_language(site, lang):
    """Each language has its own Pagefind index holding exactly its pages (each marked with
    data-pagefind-body); Material's lunr index is emptied (its worker is replaced)."""
    import json

    root = (site / "en") if lang == "en" else site
    entry = json.loads((root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == [lang]
    marked = set()
    for page in root.rglob("index.html"):
        rel = page.parent.relative_to(root).as_posix()
        if (lang == "en" or not (rel + "/").startswith("en/")) and "data-pagefind-body" in page.read_text(encoding="utf-8"):
            marked.add("/" if rel == "." else f"/{rel}/")
    indexed = set(_pagefind_fragments(root))
    assert indexed == marked and len(indexed) >= 9
    assert entry["languages"][lang]["page_count"] == len(indexed)
    assert json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    html = (root / "slowdown" / "index.html").read_text(encoding="utf-8")
    assert "search-idle-worker.js" in html and "workers/search." not in html


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_search_index_holds_each_formula_once_without_tex(site, lang):
    """Search excerpts show a formula once (KaTeX's visible text), not also its MathML copy and
    TeX source, and not the ¶ of the heading permalinks."""
    root = (site / "en") if lang == "en" else site
    pages = _pagefind_fragments(root)
    squeeze = lambda s: re.sub(r"[\s\u200b]+", "", s)  # noqa: E731  (Pagefind puts U+200B between Japanese words)
    flat = squeeze(" ".join(d["content"] for d in pages.values()))
    assert "\\frac" not in flat and "\\sigma" not in flat and "\\partial" not in flat
    assert "σ′σ′" not in flat and "kkk" not in flat and "¶" not in flat
    # the visible formula is indexed: (1.1) of chapter 1, z = wx + b
    assert "z=wx+b" in squeeze(pages["/slowdown/"]["content"]) and "σ" in flat


def test_figure_references_show_the_figure_number(site):
    """A link written as [図 2.1](#fig-x) / [Figure 2.1](page.md#fig-x) names the number the figure really has."""
    pages = {url_of(site, p): p.read_text(encoding="utf-8") for p in html_pages(site)}
    numbers = {}
    for url, text in pages.items():
        for stem, n in re.findall(r'<figure[^>]*id="fig-([\w-]+)".*?<span class="fig-number">\S+ ([\d.]+)</span>',
                                  text, re.S):
            numbers[(url, stem)] = n
    checked = 0
    for url, text in pages.items():
        for href, shown in re.findall(r'<a href="([^"]*#fig-[\w-]+)">(?:図|Figure) ([\d.]+)</a>', text):
            target, stem = urljoin(url, href).split("#fig-")
            assert numbers.get((target, stem)) == shown, f"{url}: link to fig-{stem} says {shown}"
            checked += 1
    assert checked >= 8


def test_every_figure_is_referred_to_from_its_page(site):
    """A reader of the prose learns which figure illustrates a paragraph: every numbered figure has a
    link to it (#fig-stem) in its own page's text, outside the figure itself."""
    missing = []
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        stems = re.findall(r'<figure[^>]*id="fig-([\w-]+)"', text)
        prose = re.sub(r"<figure.*?</figure>", "", text, flags=re.S)
        missing += [f"{url_of(site, path)}#fig-{s}" for s in stems if f'href="#fig-{s}"' not in prose]
    assert not missing, missing
