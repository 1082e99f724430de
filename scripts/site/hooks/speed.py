"""MkDocs hook: make math-heavy pages load about as fast as pages without math.

Measured with ``make bench`` (``bench/results.md``); each step is kept because the numbers
support it:

- **Sections drawn when they come near the screen.**  Each ``<h2>`` section of a page is
  wrapped in ``<section class="lazy-section">``; ``docs/assets/speed.css`` gives those
  ``content-visibility: auto`` with a remembered intrinsic size, so the browser skips style,
  layout and paint of the KaTeX markup below the fold until the reader scrolls to it.  The
  content stays in the DOM: screen readers, find-in-page, anchors and search see all of it,
  and it reads without JavaScript.
- **KaTeX fonts cut to the glyphs the site uses.**  After the build, every KaTeX woff2 font
  is subset (fontTools) to the characters that appear in the visible KaTeX output of the
  built pages (plus digits and brackets for equation numbers), and written back as woff2.
  Results are cached in ``.build/katex-fonts/`` by font and character set.
- **The two fonts nearly every formula needs are preloaded** (``KaTeX_Main-Regular``,
  ``KaTeX_Math-Italic``) on pages that have math, so they load alongside the CSS instead of
  after the first layout.

Runs after ``math.py`` and ``figures.py`` (list it after them in ``mkdocs.yml``).
"""

from __future__ import annotations

import hashlib
import html.parser
import os
import re
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[3]
CACHE = ROOT / ".build" / "katex-fonts"
FONT_DIR = "assets/katex/fonts"
PRELOAD = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")
ALWAYS = set("0123456789().,[] ")   # equation numbers (N.k) and \eqref links

_H2 = re.compile(r"^<h2[ >]", re.M)


def sections(html):
    """Wrap every top-level ``<h2>`` section in ``<section class="lazy-section">``.

    What comes before the first ``<h2>`` (title, introduction: above the fold) stays as is.
    """
    starts = [m.start() for m in _H2.finditer(html)]
    if not starts:
        return html
    out = [html[:starts[0]]]
    for a, b in zip(starts, starts[1:] + [len(html)]):
        out.append(f'<section class="lazy-section">\n{html[a:b]}</section>\n')
    return "".join(out)


class _KatexText(html.parser.HTMLParser):
    """Characters inside ``.katex-html`` (what KaTeX draws with its fonts)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chars = set()

    def handle_starttag(self, tag, attrs):
        if self.depth:
            if tag not in ("br", "img", "path", "line", "rect"):   # void / svg leaves in KaTeX output
                self.depth += 1
        elif tag == "span" and "katex-html" in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if self.depth and tag not in ("br", "img", "path", "line", "rect"):
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.chars.update(data)


_chars: set[str] = set()


def on_config(config):
    _chars.clear()
    return config


def on_page_content(html, page, config, files):
    return sections(html)


def on_post_page(output, page, config):
    if 'class="katex"' not in output:
        return output
    p = _KatexText()
    p.feed(output)
    _chars.update(p.chars)
    links = "".join(
        f'<link rel="preload" href="{get_relative_url(f"{FONT_DIR}/{name}", page.url or ".")}" '
        f'as="font" type="font/woff2" crossorigin>'
        for name in PRELOAD)
    return output.replace("</title>", "</title>" + links, 1)


def subset_font(src, dest, text):
    """Subset ``src`` (woff2) to the characters of ``text`` into ``dest`` (woff2), cached."""
    data = src.read_bytes()
    key = hashlib.sha256(data + b"\0" + text.encode("utf-8")).hexdigest()[:20]
    cached = CACHE / f"{src.stem}-{key}.woff2"
    if not cached.exists():
        from fontTools import subset
        from fontTools.ttLib import TTFont

        try:
            import brotli  # noqa: F401  (fontTools needs it for woff2)
        except ImportError as e:
            raise PluginError("speed hook: the brotli module is missing (pip install -r requirements.lock)") from e
        opts = subset.Options()
        opts.flavor = "woff2"
        opts.layout_features = ["*"]
        opts.notdef_outline = True
        opts.name_IDs = ["*"]
        font = TTFont(str(src))
        sub = subset.Subsetter(opts)
        sub.populate(text=text)
        sub.subset(font)
        CACHE.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=CACHE, suffix=".tmp")
        os.close(fd)
        try:
            font.flavor = "woff2"
            font.save(tmp)
            os.replace(tmp, cached)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    shutil.copyfile(cached, dest)


def on_post_build(config):
    fonts = Path(config["site_dir"]) / FONT_DIR
    if not _chars or not fonts.is_dir():
        return
    text = "".join(sorted(_chars | ALWAYS))
    for font in sorted(fonts.glob("*.woff2")):
        subset_font(font, font, text)
