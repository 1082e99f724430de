"""The whole article of one language as one PDF (``make pdf``).

Usage::

    .venv/bin/python scripts/tools/pdf.py --site site --lang ja --out site/pdf/cross-entropy-reference-ja.pdf

It reads the *built* site, so the PDF shows exactly what the site shows (math already
rendered by KaTeX at build time, numbered equations and figures from the build):

1. the pages (not the notebooks), in the site's navigation order (the ``<link rel="next">`` chain from the
   language's home page), each page's ``<article>`` without what only makes sense on the
   web (permalink signs, the per-page citation block, edit buttons, KaTeX's hidden MathML
   copy); ``<details>`` (solutions) are opened;
2. are stitched into one print page: a cover (title, authors, version, date, licence and
   how to cite the whole work, all from ``CITATION.cff`` via ``scripts/site/hooks/citation.py``),
   a table of contents, then one chapter per page, each starting on a new sheet;
3. links between pages become links inside the document: ``../slowdown/#eq-neuron`` ->
   ``#eq-neuron``; an id used on two pages (a footnote, a common heading) is prefixed with
   its page (``glossary--notation``); a page itself is ``#page-<slug>``.  Links to other files
   of the site point to ``SITE_URL`` when it is set and are dropped (text kept) otherwise;
4. headless Chromium (Debian's, through chromedriver, as the browser tests) prints it with
   ``Page.printToPDF``: A4, page numbers in the footer, the PDF outline from the headings.
   It prints twice: the first PDF tells on which page each chapter and section starts
   (its named destinations), the second carries those numbers in the table of contents.

Figures are the site's SVG files in ``<img>``, which Chromium prints as vector paths.
The PDF is written to a temporary file beside ``--out`` and renamed; bad input gives one
line on stderr and exit code 2, and no output file.
"""

from __future__ import annotations

import argparse
import base64
import html
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parents[2]
LANG_ROOT = {"ja": "", "en": "en/"}
HOST = "http://site.invalid/"   # a base for resolving the pages' relative links; never requested
PRINT_PATH = "__pdf__/print.html"

# What the web page has and the printed article does not.
DROP = (".headerlink", ".cite-appendix", ".katex-mathml", ".md-content__button", ".md-source-file",
        "script", "form", ".md-clipboard")

TEXT = {
    "ja": {"contents": "目次", "version": "バージョン", "date": "公開日", "authors": "著者",
           "cite": "この作品の引用", "licence": "ライセンス", "pdf_of": "この PDF はウェブ版から生成しました",
           "page": "ページ"},
    "en": {"contents": "Contents", "version": "Version", "date": "Released", "authors": "Authors",
           "cite": "How to cite this work", "licence": "Licence", "pdf_of": "This PDF is generated from the web edition",
           "page": "page"},
}

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-size: 125%; }
html, body { background: #fff !important; }
body { margin: 0; }
.md-typeset { font-size: 0.62rem; line-height: 1.6; }
.md-typeset h1 { font-size: 1.7em; margin: 0 0 1em; color: inherit; font-weight: 500; }
.md-typeset h2 { font-size: 1.3em; margin-top: 1.4em; }
.md-typeset h1, .md-typeset h2, .md-typeset h3, .md-typeset h4 { break-after: avoid; page-break-after: avoid; }
.pdf-chapter { break-before: page; page-break-before: always; }
.md-typeset figure, .md-typeset .math-display, .md-typeset table, .md-typeset pre,
.md-typeset .admonition-title { break-inside: avoid; page-break-inside: avoid; }
.md-typeset figure img { max-height: 105mm; }
.md-typeset .math-display { overflow: visible; }
.md-typeset .katex-display { overflow: visible; }
.md-typeset details { display: block; }
.md-typeset details > summary::after { display: none; }
.md-typeset a { color: #303fa1; text-decoration: none; }
.md-typeset table:not([class]) { font-size: 0.9em; }
/* cover */
.pdf-cover { height: 250mm; display: flex; flex-direction: column; }
.pdf-cover h1 { font-size: 2.4em; line-height: 1.3; margin: 40mm 0 6mm; font-weight: 700; }
.pdf-cover .pdf-subtitle { font-size: 1.15em; color: #444; margin: 0 0 14mm; }
.pdf-cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3em 1.2em; margin: 0 0 10mm; }
.pdf-cover dt { font-weight: 700; margin: 0; }
.pdf-cover dd { margin: 0; }
.pdf-cover .pdf-cite { margin-top: auto; }
.pdf-cover pre { white-space: pre-wrap; word-break: break-all; font-size: 0.8em; }
.pdf-cover .pdf-cite p.pdf-reference { font-size: 0.95em; }
/* table of contents */
.pdf-toc { break-before: page; page-break-before: always; }
.md-typeset.pdf-toc ol, .md-typeset.pdf-toc ol ol { list-style: none; margin: 0; padding: 0; }
.md-typeset.pdf-toc li { margin: 0; list-style: none; }
.md-typeset.pdf-toc ol ol { margin-left: 1.6em; }
.pdf-toc a { display: flex; color: inherit; }
.pdf-toc > ol > li { margin-top: 0.6em; font-weight: 700; }
.pdf-toc > ol > li li { font-weight: 400; }
.pdf-toc .pdf-toc-title { flex: 0 1 auto; }
.pdf-toc .pdf-toc-fill { flex: 1 1 auto; border-bottom: 1px dotted #999; margin: 0 0.4em 0.35em; min-width: 1em; }
.pdf-toc .pdf-toc-page { flex: 0 0 auto; min-width: 1.6em; text-align: right; }
"""

FOOTER = ('<div style="font-size:8px;width:100%;padding:0 15mm;display:flex;justify-content:space-between;'
          'color:#555;font-family:\'Noto Sans CJK JP\',sans-serif">'
          '<span>{title}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')


class PdfError(Exception):
    """Bad input or a failed step: one line for stderr."""


@dataclass
class Page:
    url: str                 # path inside the language root: "", "slowdown/", ...
    slug: str                # "index", "slowdown", ...
    title: str = ""
    article: object = None   # the BeautifulSoup <article>
    ids: list = field(default_factory=list)


def _soup(text):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def _slug(url):
    return url.strip("/").replace("/", "-") or "index"


def read_pages(lang_dir):
    """The built pages of one language, in navigation order (``rel=next`` from the home page)."""
    pages, seen, url = [], set(), ""
    while url is not None:
        path = lang_dir / url / "index.html"
        if url in seen:
            raise PdfError(f"navigation loops back to {url or 'the home page'}")
        if not path.is_file():
            raise PdfError(f"{path} does not exist (build the site first: make site)")
        seen.add(url)
        soup = _soup(path.read_text(encoding="utf-8"))
        article = soup.select_one("article.md-content__inner")
        if article is None:
            raise PdfError(f"{path}: no <article class=md-content__inner> (not a page of this site?)")
        page = Page(url=url, slug=_slug(url), article=article)
        h1 = article.find("h1")
        page.title = heading_text(h1) if h1 else page.slug
        if not url.startswith("notebooks/"):  # the notebooks are code to run: offered as .ipynb, not printed
            pages.append(page)
        nxt = soup.select_one('link[rel="next"]')
        if nxt is None:
            url = None
        else:
            target = urlparse(urljoin(HOST + url, nxt["href"])).path.lstrip("/")
            url = target if target.endswith("/") or target == "" else target.rsplit("/", 1)[0] + "/"
    return pages


def clean(article):
    for sel in DROP:
        for el in article.select(sel):
            el.decompose()
    # scripts/site/hooks/speed.py: sections drawn when near the screen and lazy figures are for
    # the screen; the print page draws and loads everything at once.
    for section in article.select(".lazy-section"):
        for held in section.find_all("noscript", recursive=False):   # a deferred block's content
            held.unwrap()
        section.unwrap()
    for img in article.find_all("img", loading=True):
        del img["loading"]
    for d in article.find_all("details"):
        d["open"] = ""


def id_maps(pages):
    """{slug: {old id: new id}}: ids unique across the pages keep their name."""
    owners = {}
    for p in pages:
        p.ids = [el["id"] for el in p.article.find_all(id=True)]
        for i in set(p.ids):
            owners.setdefault(i, set()).add(p.slug)
    return {p.slug: {i: (i if len(owners[i]) == 1 else f"{p.slug}--{i}") for i in p.ids} for p in pages}


def rewrite(pages, lang, site_url):
    """Ids made unique, links between pages made internal, resources made root-relative."""
    maps = id_maps(pages)
    by_url = {p.url: p for p in pages}
    lang_root = LANG_ROOT[lang]
    for p in pages:
        own = maps[p.slug]
        for el in p.article.find_all(id=True):
            el["id"] = own[el["id"]]
        base = HOST + lang_root + p.url
        for el in p.article.find_all(src=True):
            el["src"] = urlparse(urljoin(base, el["src"])).path
        for a in p.article.find_all("a", href=True):
            href = a["href"]
            target = urljoin(base, href)
            u = urlparse(target)
            if not target.startswith(HOST):
                continue  # another host (references, licences): keep
            path = u.path.lstrip("/")
            rel = path[len(lang_root):] if path.startswith(lang_root) else None
            if rel is not None and rel.endswith("index.html"):
                rel = rel[: -len("index.html")]
            if rel is not None and rel in by_url:
                t = by_url[rel]
                a["href"] = "#" + (maps[t.slug].get(u.fragment, f"page-{t.slug}") if u.fragment else f"page-{t.slug}")
                if u.fragment and u.fragment not in maps[t.slug]:
                    raise PdfError(f"{p.url or 'index'}: link {href} names an anchor that {t.url or 'index'} lacks")
            elif site_url:
                a["href"] = site_url + path + (f"#{u.fragment}" if u.fragment else "")
            else:
                del a["href"]  # a file of the site that the PDF does not contain, and no URL to reach it
    return maps


def _citation_module():
    import importlib.util

    if "citation" in sys.modules:
        return sys.modules["citation"]
    spec = importlib.util.spec_from_file_location("citation", ROOT / "scripts" / "site" / "hooks" / "citation.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["citation"] = mod
    spec.loader.exec_module(mod)
    return mod


def cover_html(lang):
    """The cover: everything on it comes from CITATION.cff."""
    citation = _citation_module()
    try:
        work = citation.load()
        site = citation.site_url()
    except citation.CitationError as e:
        raise PdfError(str(e)) from None
    t = TEXT[lang]
    # Without SITE_URL the site has no address yet: the cover then names none (a root-relative
    # "/" would mean nothing on paper) and the BibTeX entry has no url field.
    url = citation.absolute(site, LANG_ROOT[lang]) if site else ""
    bib = citation.bibtex(work, lang, url)
    if not url:
        bib = re.sub(r"\n  url = \{\},?", "", bib)
    other = "en" if lang == "ja" else "ja"
    licences = ", ".join(f'<a href="{l["url"]}">{html.escape(l["name"])}</a>' for l in citation.licence_links(work))
    esc = html.escape
    return f"""
<section class="pdf-cover" id="pdf-cover">
  <h1>{esc(work.title(lang))}</h1>
  <p class="pdf-subtitle">{esc(work.title(other))}</p>
  <dl>
    <dt>{t["authors"]}</dt><dd>{esc(", ".join(work.authors))}</dd>
    <dt>{t["version"]}</dt><dd>{esc(work.version)}</dd>
    <dt>{t["date"]}</dt><dd>{work.date_released.isoformat()}</dd>
    <dt>{t["licence"]}</dt><dd>{licences}</dd>
    {f'<dt>URL</dt><dd><a href="{esc(url)}">{esc(url)}</a></dd>' if url else ""}
  </dl>
  <div class="pdf-cite">
    <h2>{t["cite"]}</h2>
    <p class="pdf-reference">{esc(citation.reference(work, lang, url).strip())}</p>
    <pre><code>{esc(bib)}</code></pre>
    <p>{t["pdf_of"]} ({esc(work.repository)}).</p>
  </div>
</section>"""


def heading_text(el):
    """A heading's text as the page shows it: no spaces where the phrases hook put <wbr> between
    Japanese phrases (get_text(" ") would insert one at every text-node boundary), no permalink."""
    return " ".join(el.get_text().split()).rstrip("¶").strip()


def toc_entries(pages):
    """[(level, anchor, text)] for every page (h1) and its sections (h2)."""
    out = []
    for p in pages:
        out.append((1, f"page-{p.slug}", p.title))
        for h2 in p.article.find_all("h2", id=True):
            out.append((2, h2["id"], heading_text(h2)))
    return out


def toc_html(entries, lang, numbers=None):
    numbers = numbers or {}
    parts, depth = [f'<nav class="pdf-toc md-typeset" id="pdf-toc"><h1>{TEXT[lang]["contents"]}</h1>'], 0
    for level, anchor, text in entries:
        if level > depth:
            parts.append("<ol>" * (level - depth))
        elif level < depth:
            parts.append("</li></ol>" * (depth - level) + "</li>")
        elif depth:
            parts.append("</li>")
        depth = level
        num = numbers.get(anchor, "")
        parts.append(f'<li><a href="#{anchor}"><span class="pdf-toc-title">{html.escape(text)}</span>'
                     f'<span class="pdf-toc-fill"></span><span class="pdf-toc-page">{num}</span></a>')
    parts.append("</li></ol>" * depth + "</nav>")
    return "".join(parts)


def stylesheets(lang_dir, lang):
    """The home page's stylesheets (Material, palette, site.css, KaTeX) as root-relative URLs."""
    soup = _soup((lang_dir / "index.html").read_text(encoding="utf-8"))
    base = HOST + LANG_ROOT[lang]
    return [urlparse(urljoin(base, l["href"])).path for l in soup.select('link[rel="stylesheet"]')]


def print_html(pages, lang, css, numbers=None):
    entries = toc_entries(pages)
    chapters = []
    for p in pages:
        body = "".join(str(c) for c in p.article.contents)
        chapters.append(f'<section class="pdf-chapter md-typeset" id="page-{p.slug}">{body}</section>')
    links = "".join(f'<link rel="stylesheet" href="{html.escape(h)}">' for h in css)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>{html.escape(pages[0].title)}</title>{links}
<style>{PRINT_CSS}</style></head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
<main class="md-typeset">{cover_html(lang)}{toc_html(entries, lang, numbers)}{"".join(chapters)}</main>
</body></html>"""


def build_document(site_dir, lang, site_url=None):
    """(pages, html-maker): the print page of one language, from the built site."""
    if lang not in LANG_ROOT:
        raise PdfError(f"unknown language {lang!r} (use ja or en)")
    lang_dir = Path(site_dir) / LANG_ROOT[lang]
    if not (lang_dir / "index.html").is_file():
        raise PdfError(f"{lang_dir / 'index.html'} does not exist (build the site first: make site)")
    pages = read_pages(lang_dir)
    for p in pages:
        clean(p.article)
    rewrite(pages, lang, site_url)
    css = stylesheets(lang_dir, lang)
    return pages, lambda numbers=None: print_html(pages, lang, css, numbers)


def _serve(site_dir, documents):
    """Serve ``site_dir`` plus in-memory pages ({path: html}) on 127.0.0.1; a context manager."""
    import contextlib
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = urlparse(self.path).path.lstrip("/")
            if path in documents:
                body = documents[path].encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    @contextlib.contextmanager
    def run():
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site_dir)))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()
            httpd.server_close()

    return run()


def _print(driver, url, title):
    driver.get(url)
    driver.set_script_timeout(60)
    ok = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const imgs = [...document.images].map(i => i.complete ? Promise.resolve() :
            new Promise(r => { i.onload = r; i.onerror = r; }));
        Promise.all(imgs).then(() => document.fonts.ready).then(() =>
            done([...document.images].every(i => i.naturalWidth > 0)));
    """)
    if not ok:
        raise PdfError("a figure of the print page did not load")
    reply = driver.execute_cdp_cmd("Page.printToPDF", {
        "printBackground": True,
        "preferCSSPageSize": True,
        "displayHeaderFooter": True,
        "headerTemplate": "<span></span>",
        "footerTemplate": FOOTER.format(title=html.escape(title)),
        "generateDocumentOutline": True,
    })
    return base64.b64decode(reply["data"])


def page_numbers(pdf_bytes, anchors):
    """{anchor: 1-based page} for the anchors that are named destinations of the PDF."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    index = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, start=1)}
    out = {}
    for name, dest in reader.named_destinations.items():
        name = name.lstrip("/")  # pypdf gives PDF names with their slash
        if name in anchors and dest.page is not None:
            ref = dest.page.idnum if hasattr(dest.page, "idnum") else None
            if ref in index:
                out[name] = index[ref]
    return out


def render(site_dir, lang, out, driver=None, site_url=None):
    """Build the PDF of ``lang`` from ``site_dir`` into ``out`` (temporary file, then rename)."""
    out = Path(out)
    if not out.parent.is_dir():
        raise PdfError(f"output folder {out.parent} does not exist")
    pages, make_html = build_document(site_dir, lang, site_url)
    entries = toc_entries(pages)
    anchors = {a for _, a, _ in entries}
    own_driver = driver is None
    if own_driver:
        from tools import browser

        why = browser.available()
        if why:
            raise PdfError(f"headless Chromium is needed for the PDF: {why}")
        driver = browser.chromium(width=1000, height=1400)
    citation = _citation_module()
    title = citation.load().title(lang)
    try:
        docs = {PRINT_PATH: make_html()}
        with _serve(site_dir, docs) as base:
            first = _print(driver, base + PRINT_PATH, title)
            numbers = page_numbers(first, anchors)
            missing = anchors - set(numbers)
            if missing:
                raise PdfError(f"no page found for {len(missing)} table-of-contents entries, e.g. {sorted(missing)[0]}")
            docs[PRINT_PATH] = make_html(numbers)
            pdf = _print(driver, base + PRINT_PATH, title)
    finally:
        if own_driver:
            driver.quit()
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the PDF is published with the site
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


class _Args(argparse.ArgumentParser):
    def error(self, message):  # one line on stderr, exit code 2 (argparse would add the usage)
        print(f"pdf.py: {message}", file=sys.stderr)
        sys.exit(2)


def main(argv=None):
    ap = _Args(description="Print the built site of one language as one PDF.")
    ap.add_argument("--site", default="site", help="the built site (make site), default: site")
    ap.add_argument("--lang", required=True, choices=sorted(LANG_ROOT))
    ap.add_argument("--out", required=True, help="the PDF to write")
    args = ap.parse_args(argv)
    try:
        citation = _citation_module()
        try:
            site_url = citation.site_url()
        except citation.CitationError as e:
            raise PdfError(str(e)) from None
        render(args.site, args.lang, args.out, site_url=site_url)
    except PdfError as e:
        print(f"pdf.py: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
