"""Check a built site for dead links before it is published: ``make publish`` runs it last.

    python -m tools.sitecheck --site site [--site-url https://example.org/repo/]

Every ``href``/``src`` of every HTML page (``pagefind/`` aside), every ``url()`` of every CSS
file, and, with ``--site-url``, every absolute URL under that address in the pages (canonical,
hreflang, ``og:*``, ``citation_*``, JSON-LD), in ``sitemap.xml`` and in ``robots.txt`` must name
a file of the site (a folder URL names its ``index.html``; a fragment such as the PDF's
``#nameddest=`` is not checked).  Root-absolute links (``/repo/assets/…``, as MkDocs writes them
on the 404 pages) are read under the path of ``--site-url``, or ``/`` without it.  The PDFs
are links like the others: a site whose pages link a PDF that was not built fails here.

Exit 0 and one line with the counts when every link resolves; otherwise one line per dead link
(at most 20, then how many more) on stderr and exit 1; bad arguments: one line, exit 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

LOCAL = "sitecheck.invalid"   # host name standing for the site's folder while links are resolved
URL_IN_TEXT = re.compile(r"""https?://[^\s"'<>\\)]+""")


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.absolute = [], []
        self._script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._script = tag == "script" and a.get("type") == "application/ld+json"
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)
        if tag == "meta" and a.get("content", "").startswith(("http://", "https://")):
            self.absolute.append(a["content"])

    def handle_data(self, data):
        if self._script:
            self.absolute += URL_IN_TEXT.findall(data)

    def handle_endtag(self, tag):
        self._script = False


def _file(site: Path, path: str) -> Path:
    target = site / unquote(path.lstrip("/"))
    return target / "index.html" if path.endswith("/") or path == "" else target


def check(site: Path, site_url: str | None = None) -> tuple[list[str], int]:
    """([dead link descriptions], number of links checked)."""
    base = urlparse(site_url) if site_url else None
    base_path = base.path if base else "/"
    dead, checked = [], 0

    def resolve(where, url, shown=None):
        nonlocal checked
        u = urlparse(url)
        if base and (u.scheme, u.netloc) == (base.scheme, base.netloc):
            if not u.path.startswith(base_path):
                dead.append(f"{where}: {url} is outside SITE_URL {site_url}")
                return
            path = u.path[len(base_path):]
        elif u.netloc == LOCAL:
            path = u.path.lstrip("/")
        else:
            return
        checked += 1
        if not _file(site, path).exists():
            dead.append(f"{where}: {shown or url} (no file {_file(site, path).relative_to(site)})")

    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site)
        if "pagefind" in rel.parts:
            continue
        parser = _Refs()
        parser.feed(html.read_text(encoding="utf-8"))
        page = f"http://{LOCAL}/" + rel.as_posix()
        for ref in parser.refs:
            if ref.startswith(("http://", "https://")):
                if base:
                    resolve(rel, ref)
                continue
            if ref.startswith("/") and not ref.startswith("//"):
                if not ref.startswith(base_path):
                    dead.append(f"{rel}: {ref} is outside the site's path {base_path}")
                    continue
                ref = "/" + ref[len(base_path):]
            u = urlparse(urljoin(page, ref))
            if u.netloc == LOCAL and u.scheme == "http":
                resolve(rel, f"http://{LOCAL}{u.path}", shown=ref)
        if base:
            for url in parser.absolute:
                resolve(rel, url)
    for css in sorted(site.rglob("*.css")):
        for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "http:", "https:", "#")):
                continue
            checked += 1
            if not (css.parent / unquote(ref.split("?")[0].split("#")[0])).exists():
                dead.append(f"{css.relative_to(site)}: url({ref})")
    if base:
        for text_file in [*sorted(site.rglob("sitemap.xml")), site / "robots.txt"]:
            if text_file.exists():
                for url in URL_IN_TEXT.findall(text_file.read_text(encoding="utf-8")):
                    if "sitemaps.org/schemas" in url or "w3.org/1999" in url:
                        continue
                    resolve(text_file.relative_to(site), url)
    return dead, checked


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True, type=Path, help="the built site (both languages)")
    parser.add_argument("--site-url", help="the SITE_URL it was built with (checks absolute URLs too)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"sitecheck: {args.site} is not a built site (no index.html): run make site first", file=sys.stderr)
        return 2
    if args.site_url:
        u = urlparse(args.site_url)
        if u.scheme not in ("http", "https") or not u.netloc:
            print(f"sitecheck: --site-url must be an absolute http(s) URL, got {args.site_url!r}", file=sys.stderr)
            return 2
        if not args.site_url.endswith("/"):
            args.site_url += "/"
    dead, checked = check(args.site, args.site_url)
    if dead:
        for line in dead[:20]:
            print(f"sitecheck: dead link: {line}", file=sys.stderr)
        if len(dead) > 20:
            print(f"sitecheck: … and {len(dead) - 20} more", file=sys.stderr)
        return 1
    print(f"sitecheck: {checked} links in {args.site}, none dead")
    return 0


if __name__ == "__main__":
    sys.exit(main())
