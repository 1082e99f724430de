"""Bibliographic data of the work, read from ``CITATION.cff`` (the one source of truth).

A plain module (no MkDocs): the site hook ``cite.py`` uses it, and so can the PDF
build and the tests.  Load it by path, not by putting its folder on ``sys.path``
(the folder's ``math.py`` would shadow the standard library's ``math``)::

    spec = importlib.util.spec_from_file_location("citation", ".../citation.py")
    citation = importlib.util.module_from_spec(spec)
    sys.modules["citation"] = citation          # dataclasses need the module registered
    spec.loader.exec_module(citation)

``citation.load_module()`` below does exactly that for callers that know this file.

What it gives:

- ``load(path=CFF) -> Work``: titles and abstracts per language (``"ja"``, ``"en"``),
  authors, version, release date, licences, repository URL, and the works the site
  cites (``Work.cited``, keyed by their anchor on the references page);
- ``site_url(environ)``: the site's absolute URL from the ``SITE_URL`` setting, or None;
- ``reference(...)`` / ``bibtex(...)`` / ``csl_json(...)`` / ``ris(...)``: the formatted
  reference, the BibTeX entry, the CSL-JSON item and the RIS record for the whole work or
  for one page, in the page's language (``url=None``: local preview, no URL in any of them);
- ``hosting(environ)``: whether this is a build for hosting (``HOSTING=1``), which needs
  ``SITE_URL`` and links the PDFs.

Bad data (a missing field, an unknown language) raises ``CitationError`` naming it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[3]
CFF = ROOT / "CITATION.cff"
LANGS = ("ja", "en")

# How each SPDX licence of CITATION.cff is named on the site, and what it covers.
LICENCES = {
    "CC-BY-4.0": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "MIT": {"name": "MIT", "url": "https://opensource.org/license/mit"},
}


class CitationError(ValueError):
    """CITATION.cff or the SITE_URL setting is not what the build needs."""


@dataclass(frozen=True)
class Cited:
    """One work cited by the site (a ``references`` entry of CITATION.cff with an anchor)."""

    anchor: str          # its id on references.md, e.g. "nielsen2015"
    title: str
    authors: tuple       # display names, "Given Family" or an entity name
    year: int | None
    type: str
    journal: str = ""
    publisher: str = ""
    volume: str = ""
    issue: str = ""
    start: str = ""
    end: str = ""
    url: str = ""


@dataclass(frozen=True)
class Work:
    titles: dict                 # {"ja": ..., "en": ...}
    abstracts: dict
    authors: tuple               # display names
    bib_authors: tuple           # the same as BibTeX names
    version: str
    date_released: dt.date
    licenses: tuple              # SPDX ids: the work's (top level), then the code's, e.g. ("CC-BY-4.0", "MIT")
    repository: str              # repository-code, no trailing slash
    keywords: tuple = ()
    url: str = ""                # the work's published address (CFF url / preferred-citation url)
    cited: dict = field(default_factory=dict)   # anchor -> Cited

    @property
    def year(self) -> int:
        return self.date_released.year

    def title(self, lang: str) -> str:
        if lang not in self.titles:
            raise CitationError(f"CITATION.cff: no title for language {lang!r} (have {sorted(self.titles)})")
        return self.titles[lang]

    def abstract(self, lang: str) -> str:
        return self.abstracts.get(lang, "")


def _name(person: dict) -> str:
    """Display name: an entity's ``name``, or "Given Family"."""
    if "name" in person:
        return person["name"]
    given, family = person.get("given-names", ""), person.get("family-names", "")
    if not family:
        raise CitationError(f"CITATION.cff: an author has neither 'name' nor 'family-names': {person}")
    return f"{given} {family}".strip()


def _bib_name(person: dict) -> str:
    """BibTeX name: ``{Entity Name}`` (braced, so BibTeX does not split it) or ``Family, Given``."""
    if "name" in person:
        return "{" + bib_escape(person["name"]) + "}"
    given, family = person.get("given-names", ""), person["family-names"]
    return bib_escape(f"{family}, {given}" if given else family)


def _date(value, what) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CitationError(f"CITATION.cff: {what} is not a YYYY-MM-DD date: {value!r}") from None


def _anchor(entry: dict) -> str | None:
    for ident in entry.get("identifiers", []):
        if ident.get("type") == "other" and str(ident.get("description", "")).startswith("anchor"):
            return str(ident["value"])
    return None


def load(path: Path | str = CFF) -> Work:
    """Read CITATION.cff.  Raises CitationError on a missing or malformed field."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CitationError(f"{path} does not exist") from None
    except yaml.YAMLError as e:
        raise CitationError(f"{path}: not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise CitationError(f"{path}: expected a mapping at the top level")
    for key in ("title", "authors", "version", "date-released", "license", "repository-code"):
        if key not in data:
            raise CitationError(f"{path}: missing field {key!r}")
    titles, abstracts = {"en": data["title"]}, {"en": str(data.get("abstract", "")).strip()}
    cited = {}
    licenses = data["license"] if isinstance(data["license"], list) else [data["license"]]
    for entry in data.get("references", []):
        if entry.get("scope") == "language edition":
            (lang,) = entry["languages"]
            titles[lang], abstracts[lang] = entry["title"], str(entry.get("abstract", "")).strip()
            continue
        if entry.get("scope") == "code":   # the repository's code and its own licence (MIT)
            licenses += entry["license"] if isinstance(entry["license"], list) else [entry["license"]]
            continue
        anchor = _anchor(entry)
        if anchor is None:
            raise CitationError(f"{path}: reference {entry.get('title')!r} has no anchor identifier")
        if anchor in cited:
            raise CitationError(f"{path}: two references with the anchor {anchor!r}")
        year = entry.get("year")
        cited[anchor] = Cited(
            anchor=anchor, title=entry["title"], authors=tuple(_name(a) for a in entry["authors"]),
            year=int(year) if year is not None else None, type=entry["type"],
            journal=str(entry.get("journal", "")), publisher=str((entry.get("publisher") or {}).get("name", "")),
            volume=str(entry.get("volume", "")), issue=str(entry.get("issue", "")),
            start=str(entry.get("start", "")), end=str(entry.get("end", "")), url=str(entry.get("url", "")),
        )
    missing = [lang for lang in LANGS if lang not in titles]
    if missing:
        raise CitationError(f"{path}: no title for language(s) {missing}")
    unknown = [l for l in licenses if l not in LICENCES]
    if unknown:
        raise CitationError(f"{path}: licence(s) {unknown} have no display name in citation.LICENCES")
    return Work(
        titles=titles, abstracts=abstracts, authors=tuple(_name(a) for a in data["authors"]),
        bib_authors=tuple(_bib_name(a) for a in data["authors"]),
        version=str(data["version"]), date_released=_date(data["date-released"], "date-released"),
        licenses=tuple(licenses), repository=str(data["repository-code"]).rstrip("/"),
        keywords=tuple(data.get("keywords", [])), cited=cited, url=str(data.get("url", "")),
    )


def site_url(environ=os.environ) -> str | None:
    """The ``SITE_URL`` setting as an absolute http(s) URL ending in ``/``, or None when unset."""
    raw = environ.get("SITE_URL", "").strip()
    if not raw:
        return None
    u = urlparse(raw)
    if u.scheme not in ("http", "https") or not u.netloc or u.query or u.fragment:
        raise CitationError(f"SITE_URL must be an absolute http(s) URL without query or fragment, got {raw!r}")
    return raw if raw.endswith("/") else raw + "/"


def hosting(environ=os.environ) -> bool:
    """``HOSTING=1``: a build meant for hosting (``make publish``, the GitHub workflow).  It must
    know ``SITE_URL`` (raises CitationError, one line, otherwise) and links the PDFs."""
    raw = environ.get("HOSTING", "").strip()
    if raw not in ("", "0", "1"):
        raise CitationError(f"HOSTING must be 1 (a build for hosting) or 0/unset (local preview), got {raw!r}")
    if raw != "1":
        return False
    if not environ.get("SITE_URL", "").strip():
        raise CitationError("HOSTING=1 needs SITE_URL: set SITE_URL=https://host/path/ to the address the site "
                            "will be served from (e.g. make publish SITE_URL=https://example.org/repo/)")
    return True


def absolute(base: str | None, path: str) -> str:
    """``path`` (relative to the site root, no leading slash) under ``base``, or root-relative when base is None."""
    path = path.lstrip("/")
    return (base + path) if base else "/" + path


# ---------------------------------------------------------------- formatted references

def _authors_text(authors, lang) -> str:
    if lang == "ja":
        return "・".join(authors)
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + ", and " + authors[-1]


def reference(work: Work, lang: str, url: str | None, page_title: str | None = None, chapter=None) -> str:
    """A formatted reference in ``lang``: the whole work, or one page of it when ``page_title``
    is given (``chapter``: its chapter number, if it has one).  ``url`` empty or None (a local
    preview, whose address means nothing to a reader): the reference names no URL."""
    who, site = _authors_text(work.authors, lang), work.title(lang)
    date = work.date_released.isoformat()
    if lang == "ja":
        ch = f"第 {chapter} 章" if chapter is not None else ""
        body = f"{ch}「{page_title}」『{site}』" if page_title else f"『{site}』"
        return f"{who}（{work.year}）{body}バージョン {work.version}、{date}。{url or ''}".rstrip()
    ch = f"Chapter {chapter}, " if chapter is not None else ""
    body = f"{ch}“{page_title}.” In {site}" if page_title else site
    return f"{who} ({work.year}). {body}, version {work.version}, {date}. {url or ''}".rstrip()


_BIB_SPECIAL = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
})


def bib_escape(text: str) -> str:
    """Text as a BibTeX field value (inside braces): LaTeX specials escaped."""
    return text.translate(_BIB_SPECIAL)


def bibtex_key(work: Work, lang: str, page_path: str = "") -> str:
    """A stable ASCII key: ``xentref2026ja`` for the work, ``xentref2026ja-slowdown`` for a page."""
    slug = re.sub(r"[^a-z0-9]+", "-", page_path.lower()).strip("-")
    return f"xentref{work.year}{lang}" + (f"-{slug}" if slug else "")


def bibtex(work: Work, lang: str, url: str | None, page_title: str | None = None, page_path: str = "",
           chapter=None) -> str:
    """A BibTeX entry for the work (``@book``) or one of its pages (``@incollection``).

    Why these types: ``@incollection`` means the same in BibTeX, biblatex and the reference
    managers' importers (Zotero: a book section): ``title`` is the page, ``booktitle`` the work,
    ``chapter`` its number, so a chapter citation keeps the work it belongs to.  ``@misc`` has no
    ``booktitle`` (BibTeX styles and Zotero drop it; biblatex reads ``@misc`` as ``@misc``, not
    ``@online``), and BibTeX's ``@inbook`` puts the *book's* title in ``title``.  The corporate
    author is in double braces (``{{Cross-Entropy Reference contributors}}``) so BibTeX and the
    importers keep it one name.  ``url`` empty or None: no ``url`` field (local preview)."""
    site = work.title(lang)
    fields = [
        ("author", " and ".join(work.bib_authors)),
        ("title", "{" + bib_escape(page_title or site) + "}"),
    ]
    if page_title:
        fields.append(("booktitle", "{" + bib_escape(site) + "}"))
    if chapter is not None:
        fields.append(("chapter", str(chapter)))
    fields += [
        ("year", str(work.year)),
        ("date", work.date_released.isoformat()),
        ("version", bib_escape(work.version)),
    ]
    if url:
        fields.append(("url", url))
    fields += [
        ("langid", {"ja": "japanese", "en": "english"}[lang]),
        ("note", bib_escape(f"Version {work.version}" if lang == "en" else f"バージョン {work.version}")),
    ]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    kind = "incollection" if page_title else "book"
    return f"@{kind}{{{bibtex_key(work, lang, page_path)},\n{body}\n}}"


def csl_json(work: Work, lang: str, url: str | None, page_title: str | None = None, page_path: str = "",
             chapter=None) -> list:
    """The same citation as a CSL-JSON item list (what Zotero, Mendeley, pandoc and citeproc read):
    ``book`` for the work, ``chapter`` (with ``container-title``) for a page.  The collective
    author is a ``literal`` name, so no processor splits it into given and family names."""
    d = work.date_released
    item = {
        "id": bibtex_key(work, lang, page_path),
        "type": "chapter" if page_title else "book",
        "title": page_title or work.title(lang),
        "author": [{"literal": a} for a in work.authors],
        "issued": {"date-parts": [[d.year, d.month, d.day]]},
        "version": work.version,
        "language": lang,
    }
    if page_title:
        item["container-title"] = work.title(lang)
    if chapter is not None:
        item["chapter-number"] = str(chapter)
    if url:
        item["URL"] = url
    return [item]


def ris(work: Work, lang: str, url: str | None, page_title: str | None = None, chapter=None) -> str:
    """The same citation as an RIS record (EndNote, Zotero, Mendeley, RefWorks): ``BOOK`` for the
    work, ``CHAP`` (``T2`` = the work) for a page.  Lines end in CRLF as the format asks."""
    d = work.date_released
    lines = [("TY", "CHAP" if page_title else "BOOK"), ("TI", page_title or work.title(lang))]
    if page_title:
        lines.append(("T2", work.title(lang)))
    if chapter is not None:
        lines.append(("SE", f"{chapter}"))
    lines += [("AU", a) for a in work.authors]
    lines += [("PY", str(d.year)), ("DA", d.strftime("%Y/%m/%d")), ("ET", work.version),
              ("LA", lang)]
    if url:
        lines.append(("UR", url))
    lines.append(("N1", f"Version {work.version}" if lang == "en" else f"バージョン {work.version}"))
    lines.append(("ER", ""))
    return "".join(f"{k}  - {v}\r\n" for k, v in lines)


# ---------------------------------------------------------------- dates from git

def _git(args, cwd):
    try:
        r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    return r.stdout.strip() if r.returncode == 0 else None


def is_shallow(repo: Path | str = ROOT) -> bool:
    return _git(["rev-parse", "--is-shallow-repository"], repo) == "true"


def _shallow_boundary(repo) -> set:
    path = _git(["rev-parse", "--git-path", "shallow"], repo)
    if not path:
        return set()
    f = Path(path) if Path(path).is_absolute() else Path(repo) / path
    return set(f.read_text().split()) if f.exists() else set()


def last_updated(path: Path | str, repo: Path | str = ROOT) -> str | None:
    """Date (YYYY-MM-DD) of the last commit that changed ``path``: git's committer date, so the
    same for every build of a given commit.  None when git cannot tell: no git, no repository,
    a file never committed, or a shallow clone whose history ends at the commit found (that
    commit only looks as if it changed the file; the real change may be older)."""
    out = _git(["log", "-1", "--format=%H %cs", "--", str(path)], repo)
    if not out:
        return None
    sha, date = out.split()
    if sha in _shallow_boundary(repo):
        return None
    return date


def licence_links(work: Work) -> list[dict]:
    """[{spdx, name, url}] for the licences of CITATION.cff, in its order."""
    return [{"spdx": s, **LICENCES[s]} for s in work.licenses]


def load_module(path: Path | str = Path(__file__)):
    """Import this file by path as the module ``citation`` (see the module docstring)."""
    import importlib.util
    import sys

    if "citation" in sys.modules:
        return sys.modules["citation"]
    spec = importlib.util.spec_from_file_location("citation", str(path))
    module = importlib.util.module_from_spec(spec)
    sys.modules["citation"] = module
    spec.loader.exec_module(module)
    return module
