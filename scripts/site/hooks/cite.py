"""MkDocs hook: citation data on every page, from ``CITATION.cff`` (read by ``citation.py``).

- ``on_config``: the site's name, description and author come from CITATION.cff; the
  site URL from the ``SITE_URL`` setting (environment), plus the language's root
  (``en/``), so canonical links, hreflang alternates, the sitemap, Open Graph and citation
  URLs are absolute when it is set.  Without it (a local preview) the pages carry **no**
  such URL at all (no canonical, ``og:url``, ``citation_public_url``, BibTeX ``url``,
  hreflang, sitemap): a root-relative one would be wrong wherever the site is copied.
  ``HOSTING=1`` (``make publish``, the workflow) requires ``SITE_URL`` and links the PDFs,
  which ``make publish`` builds before it checks every link (``scripts/tools/sitecheck.py``).
- ``on_page_content``: exercises get stable ids (``演習 1.2`` / ``Exercise 1.2`` ->
  ``id="ex-1-2"``), figure captions link their script in the source repository, and
  the works the page cites (links to ``references.md#<id>``) are collected.
- ``on_page_context``: ``cite`` in the template context holds everything the
  templates show (``docs/overrides/main.html``, ``partials/citation.html``,
  ``partials/citation-meta.html``): the page's reference and BibTeX entry (and the
  whole work's on the home page), version, last-updated date from git, the edit and
  source links, the PDF, Highwire ``citation_*`` tags, JSON-LD and Open Graph data.
- ``on_post_build``: the per-page exports (``cite/<page>.bib``, ``.ris``, ``.json``: BibTeX,
  RIS, CSL-JSON), the sitemap with hreflang alternates (``xhtml:link``), and ``robots.txt``
  at the site root (Japanese build), with the sitemaps of both languages when the URL is known.

A caption that names a script that does not exist, or an exercise whose number does not
match the page's chapter, stops the build.
"""

from __future__ import annotations

import html as htmlmod
import json
import logging
import re
import subprocess
from pathlib import Path

import importlib.util
import sys

from mkdocs.exceptions import PluginError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
log = logging.getLogger("mkdocs.hooks.cite")

if "citation" in sys.modules:
    citation = sys.modules["citation"]
else:  # by path: this folder's math.py must not shadow the standard library
    _spec = importlib.util.spec_from_file_location("citation", HERE / "citation.py")
    citation = importlib.util.module_from_spec(_spec)
    sys.modules["citation"] = citation
    _spec.loader.exec_module(citation)

BRANCH = "main"   # the branch that edit and source links point to
PDF = "pdf/cross-entropy-reference-{lang}.pdf"   # relative to each language's root (built by `make pdf`)
PREVIEW_IMAGE = "assets/social-card.png"          # built by scripts/figures/social_card.py, 1200 x 630
LOCALE = {"ja": "ja_JP", "en": "en_US"}

TEXT = {
    "ja": {
        "cite_page": "このページの引用", "cite_work": "この作品全体の引用", "reference": "参考文献の形式",
        "version": "バージョン", "updated": "最終更新", "changes": "更新と訂正", "pdf": "PDF 版",
        "pdf_chapter": "作品全体の PDF 版を、この章の位置で開きます",
        "downloads": "ダウンロード（文献管理ソフト用）",
        "edit": "このページを編集", "source": "ソースを見る", "repo": "ソースリポジトリ",
        "licence": "本文と図は {text}、コードは {code} で利用できます。",
        "credit": "NNDL（Nielsen 2015, CC BY-NC 3.0）と Dive into Deep Learning から使った実験の設計や数値は、使った箇所で出典を示しています。",
    },
    "en": {
        "cite_page": "Cite this page", "cite_work": "Cite the whole work", "reference": "Reference",
        "version": "Version", "updated": "Last updated", "changes": "Updates and corrections", "pdf": "PDF",
        "pdf_chapter": "The whole work as a PDF, opened at this chapter",
        "downloads": "Download (for reference managers)",
        "edit": "Edit this page", "source": "View source", "repo": "Source repository",
        "licence": "Text and figures are available under {text}, code under {code}.",
        "credit": "Experiment designs and numbers taken from NNDL (Nielsen 2015, CC BY-NC 3.0) and Dive into Deep Learning are credited where they are used.",
    },
}
EXERCISE_WORD = {"ja": "演習", "en": "Exercise"}

_work = None
_site = None        # SITE_URL (absolute, ends in /), or None
_hosting = False    # HOSTING=1: a build for hosting (needs SITE_URL; links the PDFs)
_pages = {}         # page.url -> {"updated": date or None} for the sitemap
_exports = {}       # path inside the language root ("cite/slowdown.bib") -> text
_lang_root = ""     # this build's language root inside the combined site: "" or "en/"
_cited = {}         # src_uri -> [anchor, ...] in order of first citation
_shallow_noted = False

_CAPTION_SCRIPT = re.compile(r'(<figcaption>.*?)<code>((?:scripts|figures)/[^<>"]+\.py)</code>(.*?</figcaption>)', re.S)
_EXERCISE = re.compile(r'<div class="admonition question">\s*<p class="admonition-title">(\S+) (\d+)\.(\d+)</p>')
_REF_LINK = re.compile(r'href="[^"#]*references/#([a-z0-9-]+)"')
_H2_ID = re.compile(r'<h2 id="([a-z0-9-]+)"')


def _lang(config):
    return config["theme"]["language"]


def _root(config):
    """This language's root inside the combined site: "" or "en/"."""
    lang = _lang(config)
    return next(l["root"] for l in config["extra"]["languages"] if l["code"] == lang)


def on_config(config):
    global _work, _site, _lang_root, _hosting
    try:
        _work = citation.load()
        _hosting = citation.hosting()
        _site = citation.site_url()
    except citation.CitationError as e:
        raise PluginError(str(e)) from None
    _pages.clear()
    _exports.clear()
    lang = _lang(config)
    _lang_root = _root(config)
    config["site_name"] = _work.title(lang)
    config["site_description"] = _work.abstract(lang)
    config["site_author"] = ", ".join(_work.authors)
    config["site_url"] = _site + _lang_root if _site else None
    text = TEXT[lang]
    # The footer: Material's partials/copyright.html shows config.copyright on every page (404 too).
    config["copyright"] = (f'{licence_html(lang)} {text["version"]} {_work.version}. '
                           f'<a href="{_work.repository}">{text["repo"]}</a>')
    return config


def licence_html(lang):
    """"Text and figures … CC BY 4.0, code … MIT." with links, in ``lang``."""
    by_spdx = {l["spdx"]: l for l in citation.licence_links(_work)}
    link = lambda spdx: f'<a href="{by_spdx[spdx]["url"]}" rel="license">{by_spdx[spdx]["name"]}</a>'
    return TEXT[lang]["licence"].format(text=link("CC-BY-4.0"), code=link("MIT"))


def _repo_link(kind, path):
    return f"{_work.repository}/{kind}/{BRANCH}/{path}"


def on_page_content(html, page, config, files):
    lang = _lang(config)
    chapter = page.meta.get("chapter")

    def exercise(m):
        word, n, k = m.group(1), m.group(2), m.group(3)
        if word != EXERCISE_WORD[lang] or (chapter is not None and int(n) != int(chapter)):
            raise PluginError(f"{page.file.src_uri}: exercise '{word} {n}.{k}' does not match the page "
                              f"(expected '{EXERCISE_WORD[lang]} {chapter}.k')")
        return m.group(0).replace('<div class="admonition question">',
                                  f'<div class="admonition question" id="ex-{n}-{k}">', 1)

    html = _EXERCISE.sub(exercise, html)

    def script_link(m):
        path = m.group(2)
        if not (ROOT / path).is_file():
            raise PluginError(f"{page.file.src_uri}: a figure caption names {path}, which does not exist")
        return f'{m.group(1)}<a class="fig-source" href="{_repo_link("blob", path)}"><code>{path}</code></a>{m.group(3)}'

    html = _CAPTION_SCRIPT.sub(script_link, html)

    anchors = _REF_LINK.findall(html)
    if page.file.src_uri == "references.md":
        anchors = [a for a in _H2_ID.findall(html) if a in _work.cited]
    _cited[page.file.src_uri] = [a for a in dict.fromkeys(anchors) if a in _work.cited]
    return html


# ---------------------------------------------------------------- git dates

def last_updated(paths, cwd=ROOT):
    """Latest commit date (YYYY-MM-DD, committer date) among ``paths``, or None when git cannot tell."""
    global _shallow_noted
    dates = []
    for path in paths:
        date = citation.last_updated(path, cwd)
        if date is None:
            if citation.is_shallow(cwd) and not _shallow_noted:
                _shallow_noted = True
                log.info("cite: shallow git history: pages whose last change is not in it show no date "
                         "(clone with full history, e.g. fetch-depth: 0)")
            return None
        dates.append(date)
    return max(dates) if dates else None


_SNIPPET = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^":]+)(?::[^"]*)?"', re.M)


def _sources(page, config):
    """The files a page is made of: its Markdown and the files it includes with snippets."""
    src = Path(page.file.abs_src_path)
    out = [src]
    text = src.read_text(encoding="utf-8")
    bases = [ROOT / b for b in config["mdx_configs"].get("pymdownx.snippets", {}).get("base_path", [])]
    for name in _SNIPPET.findall(text):
        for base in bases:
            if (base / name).is_file():
                out.append(base / name)
                break
    return out


# ---------------------------------------------------------------- per-page context

def _url(path, root=None):
    """Absolute URL of ``path`` (relative to a language root; this build's unless ``root`` is
    given) under SITE_URL, or None when SITE_URL is not set (local preview: no URL is printed)."""
    root = _lang_root if root is None else root
    return citation.absolute(_site, root + path) if _site else None


def _drop_none(d):
    return {k: v for k, v in d.items() if v is not None}


def export_stem(page_url):
    """File stem of a page's exports: ``index`` for the home page, ``notebooks-slowdown``, …"""
    return page_url.strip("/").replace("/", "-") or "index"


def hreflang_alternates(page_url, config):
    """[(hreflang, absolute URL)] of the page in every language that has it, plus ``x-default``
    (the Japanese original), or [] without SITE_URL or when only one language has the page."""
    if not _site:
        return []
    langs = config["extra"]["languages"]
    src = page_url  # same URL inside each language root: the two builds share file names
    have = [l for l in langs if _page_exists(l["code"], src)]
    if len(have) < 2:
        return []
    out = [(l["code"], citation.absolute(_site, l["root"] + src)) for l in have]
    return out + [("x-default", out[0][1])]


def _page_exists(lang, page_url):
    base = ROOT / "docs" / lang
    stem = page_url.strip("/") or "index"
    return any((base / f"{stem}{ext}").exists() or (base / stem / f"index{ext}").exists()
               for ext in (".md", ".ipynb"))


def _highwire_reference(c):
    parts = [f"citation_title={c.title}"] + [f"citation_author={a}" for a in c.authors]
    if c.year:
        parts.append(f"citation_publication_date={c.year}")
    for key, value in (("citation_journal_title", c.journal), ("citation_publisher", c.publisher),
                       ("citation_volume", c.volume), ("citation_issue", c.issue),
                       ("citation_firstpage", c.start), ("citation_lastpage", c.end)):
        if value:
            parts.append(f"{key}={value}")
    return "; ".join(p.replace(";", ",") for p in parts)


def _json_ld(page, config, nav, url, home_url, updated, lang):
    other = next(l for l in config["extra"]["languages"] if l["code"] != lang)
    author = [{"@type": "Organization", "name": a} for a in _work.authors]
    licences = [l["url"] for l in citation.licence_links(_work)]
    work = {
        "@type": "Book", "@id": home_url + "#work" if home_url else None, "name": _work.title(lang), "url": home_url,
        "inLanguage": lang, "version": _work.version, "datePublished": _work.date_released.isoformat(),
        "author": author, "license": licences, "description": _work.abstract(lang),
        "keywords": list(_work.keywords),
    }
    other_home = _url("", other["root"])
    relation = "workTranslation" if lang == "ja" else "translationOfWork"
    work = _drop_none(work)
    work[relation] = _drop_none({"@type": "Book", "name": _work.title(other["code"]), "inLanguage": other["code"],
                                 "url": other_home})
    if page.is_homepage:
        parts = []
        for p in nav.pages:
            if p.is_homepage:
                continue
            part = _drop_none({"@type": "Chapter", "name": _plain(p.title), "url": _url(p.url)})
            if p.meta.get("chapter") is not None:
                part["position"] = int(p.meta["chapter"])
            parts.append(part)
        work["hasPart"] = parts
        if updated:
            work["dateModified"] = updated
        return {"@context": "https://schema.org", **work}
    chapter = _drop_none({
        "@context": "https://schema.org", "@type": "Chapter", "name": _plain(page.title), "url": url,
        "inLanguage": lang, "author": author, "license": licences, "version": _work.version,
        "isPartOf": {k: v for k, v in work.items() if k not in ("keywords", "description")},
    })
    if page.meta.get("chapter") is not None:
        chapter["position"] = int(page.meta["chapter"])
    if updated:
        chapter["dateModified"] = updated
    return chapter


def _plain(title):
    return htmlmod.unescape(re.sub(r"<[^>]+>", "", title or ""))


def on_page_context(context, page, config, nav):
    lang = _lang(config)
    text = TEXT[lang]
    url = _url(page.url)
    home_url = _url("")
    title = _plain(page.title) if not page.is_homepage else None
    chapter = page.meta.get("chapter")
    if title and chapter is not None:  # "1. Learning slows down…" is cited as chapter 1, "Learning slows down…"
        title = re.sub(rf"^{int(chapter)}\.\s*", "", title)
    src_path = f"docs/{lang}/{page.file.src_uri}"
    updated = last_updated(_sources(page, config)) if page.file.abs_src_path else None
    cited = [_work.cited[a] for a in _cited.get(page.file.src_uri, [])]
    page.edit_url = _repo_link("edit", src_path)

    key_path = page.url
    args = (title, chapter) if title else (None, None)
    block_url = url if title else home_url
    block = {"heading": text["cite_page"] if title else text["cite_work"], "id": "cite-page" if title else "cite-work",
             "reference": citation.reference(_work, lang, block_url, *args),
             "bibtex": citation.bibtex(_work, lang, block_url, args[0], key_path, args[1])}
    stem = export_stem(page.url)
    key = citation.bibtex_key(_work, lang, key_path)
    _exports[f"cite/{stem}.bib"] = block["bibtex"] + "\n"
    _exports[f"cite/{stem}.ris"] = citation.ris(_work, lang, block_url, *args)
    _exports[f"cite/{stem}.json"] = json.dumps(citation.csl_json(_work, lang, block_url, args[0], key_path, args[1]),
                                               ensure_ascii=False, indent=2) + "\n"
    block["downloads"] = [(label, f"cite/{stem}.{ext}", f"{key}.{ext}", mime) for label, ext, mime in
                          (("BibTeX", "bib", "application/x-bibtex"), ("RIS", "ris", "application/x-research-info-systems"),
                           ("CSL-JSON", "json", "application/vnd.citationstyles.csl+json"))]
    blocks = [block]
    _pages[page.url] = {"updated": updated}
    # The PDF is linked only in a build for hosting (HOSTING=1), which `make publish` follows with
    # `make pdf` and a link check.  It is the whole work: citation_pdf_url only on the home page
    # (on a chapter it would claim the whole book as that chapter's full text); a chapter links
    # the book opened at its own heading (#nameddest=, a destination of the PDF).
    pdf_href = PDF.format(lang=lang) if _hosting else None
    if pdf_href and title:   # scripts/tools/pdf.py names each page's start "page-<stem>"
        pdf_href += f"#nameddest=page-{stem}"
    date = _work.date_released.isoformat()
    meta = [("citation_title", title or _work.title(lang))]
    meta += [("citation_author", a) for a in _work.authors]
    if title:
        meta.append(("citation_inbook_title", _work.title(lang)))
    meta += [
        ("citation_publication_date", date.replace("-", "/")),
        ("citation_language", lang),
        ("citation_public_url", url),
    ]
    if _hosting and not title:
        meta.append(("citation_pdf_url", _url(PDF.format(lang=lang))))
    meta += [("citation_reference", _highwire_reference(c)) for c in cited]
    meta = [(k, v) for k, v in meta if v is not None]
    description = page.meta.get("description") or _work.abstract(lang)
    og = [
        ("og:type", "article" if title else "website"),
        ("og:site_name", _work.title(lang)),
        ("og:title", title or _work.title(lang)),
        ("og:description", description),
        ("og:url", url),
        ("og:locale", LOCALE[lang]),
        ("og:image", _url(PREVIEW_IMAGE)),
        ("og:image:width", "1200" if _site else None),
        ("og:image:height", "630" if _site else None),
        ("og:image:alt", _work.title(lang) if _site else None),
    ]
    og = [(k, v) for k, v in og if v is not None]
    twitter = [
        ("twitter:card", "summary_large_image" if _site else "summary"),
        ("twitter:title", title or _work.title(lang)),
        ("twitter:description", description),
        ("twitter:image", _url(PREVIEW_IMAGE)),
    ]
    twitter = [(k, v) for k, v in twitter if v is not None]
    changelog = next((f for f in nav.pages if f.file.src_uri == "changelog.md"), None)
    context["cite"] = {
        "lang": lang, "text": text, "blocks": blocks, "version": _work.version, "updated": updated,
        "url": url, "edit_url": page.edit_url, "source_url": _repo_link("blob", src_path),
        "repository": _work.repository, "pdf_href": pdf_href, "pdf_chapter": bool(pdf_href and title),
        "hreflang": hreflang_alternates(page.url, config),
        "changelog_url": changelog.url if changelog else None,
        "licence_html": licence_html(lang),
        "credit": text["credit"],
        "meta": meta, "og": og, "twitter": twitter,
        "json_ld": json.dumps(_json_ld(page, config, nav, url, home_url, updated, lang), ensure_ascii=False,
                              indent=None, separators=(",", ":")).replace("</", "<\\/"),
    }
    return context


def _write(path, data):
    """Write ``data`` (str or bytes) atomically, readable by a web server (0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    tmp.chmod(0o644)
    tmp.replace(path)


def sitemap(config):
    """The language's sitemap: every page with its last change (git) and its hreflang alternates
    (``xhtml:link``, the same set as in the page's head; x-default is the Japanese original)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page_url in sorted(_pages):
        out.append("  <url>")
        out.append(f"    <loc>{htmlmod.escape(_url(page_url))}</loc>")
        if _pages[page_url]["updated"]:
            out.append(f"    <lastmod>{_pages[page_url]['updated']}</lastmod>")
        for code, href in hreflang_alternates(page_url, config):
            out.append(f'    <xhtml:link rel="alternate" hreflang="{code}" href="{htmlmod.escape(href)}"/>')
        out.append("  </url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def on_post_build(config):
    import gzip

    site_dir = Path(config["site_dir"])
    for rel, text in _exports.items():
        _write(site_dir / rel, text)
    maps = [site_dir / "sitemap.xml", site_dir / "sitemap.xml.gz"]
    if _site:
        xml = sitemap(config)
        _write(maps[0], xml)
        _write(maps[1], gzip.compress(xml.encode("utf-8"), mtime=0))
    else:  # MkDocs' sitemap without site_url lists nothing but "None": no sitemap at all
        for m in maps:
            m.unlink(missing_ok=True)
    if _root(config):
        return  # robots.txt belongs at the root of the combined site: the Japanese build writes it
    lines = ["# Every page may be crawled.", "User-agent: *", "Allow: /", ""]
    if _site:
        for lang in config["extra"]["languages"]:
            lines.append(f"Sitemap: {_site}{lang['root']}sitemap.xml")
    _write(site_dir / "robots.txt", "\n".join(lines) + "\n")
