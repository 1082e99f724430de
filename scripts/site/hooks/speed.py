"""MkDocs hook: make math-heavy pages load about as fast as pages without math.

Measured with ``make bench`` (``bench/results.md``); each step is kept because the numbers
support it:

- **Blocks drawn when they come near the screen.**  The content between two headings
  (``<h2>``–``<h6>`` at the top level of the article) is wrapped in
  ``<div class="lazy-section">``; with JavaScript, ``docs/assets/speed.css`` gives those
  ``content-visibility: auto`` with a remembered intrinsic size, so the browser skips style,
  layout and paint of the KaTeX markup below the fold while the page loads.  The headings
  stay *outside* the blocks: Material's table-of-contents scroll spy reads every heading's
  ``offsetTop`` on load, and reading the position of an element inside a skipped block makes
  the browser lay that whole block out (measured: with the headings inside, every section of
  the heaviest page was laid out on load).
- **Then every block is drawn.**  Chromium leaves the content of a skipped block out of the
  accessibility tree (measured with the DevTools protocol: 27 of 320 formulas' MathML were
  in it), so a small script in ``<head>`` (``REVEAL``) marks the blocks ``.drawn`` one at a
  time whenever the browser is idle after the load; soon every formula is in the tree.  The
  same script sets ``html.lazy-blocks``, which the CSS requires: without JavaScript no block
  is lazy and the page is drawn whole.
- **A smaller MathML copy.**  KaTeX writes each formula twice: HTML for the eye
  (``aria-hidden``) and MathML for screen readers, as
  ``<math><semantics><mrow>…</mrow><annotation encoding="application/x-tex">TeX</annotation></semantics></math>``.
  The TeX annotation is not rendered (``semantics`` shows its first child only; Chromium
  leaves it out of the accessibility tree), and a lone ``<mrow>`` directly in ``<math>`` is
  the row that ``<math>`` already is; ``slim_mathml`` drops both, so the presentation
  MathML that screen readers read is unchanged (three elements fewer per formula).
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
import html as htmlmod
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

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
HEADINGS = ("h2", "h3", "h4", "h5", "h6")


# A tag (quoted attribute values may hold ">"), a comment, or a script/style element whole.
_TOKEN = re.compile(r"""<!--.*?-->|<(script|style)\b.*?</\1\s*>"""
                    r"""|<(/?)([A-Za-z][\w:-]*)((?:[^>"'/]++|"[^"]*+"|'[^']*+'|/(?!>))*+)(/?)>""", re.S | re.I)


def top_level_headings(html):
    """Offsets ``(start, end)`` of the headings h2–h6 that are not inside another element."""
    depth, found, start = 0, [], None
    for m in _TOKEN.finditer(html):
        closing, tag, selfclosing = m.group(2), (m.group(3) or "").lower(), m.group(5)
        if not tag or tag in VOID or selfclosing:
            continue
        if not closing:
            if depth == 0 and tag in HEADINGS:
                start = m.start()
            depth += 1
            continue
        depth -= 1
        if depth < 0:
            raise PluginError(f"speed hook: </{tag}> closes an element that was not opened")
        if depth == 0 and start is not None:
            found.append((start, m.end()))
            start = None
    if depth != 0:
        raise PluginError("speed hook: the page's HTML does not close every element it opens")
    return found


# What draws nothing at the end of a run (an explorer's loaders: Markdown puts a raw <link> in a <p>).
_TRAILING = re.compile(r"(?:\s*(?:<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>|<p>\s*<link [^>]*>\s*</p>|<link [^>]*>))+\s*$",
                       re.S)


def sections(html):
    """Wrap the content between top-level headings (h2–h6) in ``<div class="lazy-section">``.

    The headings themselves stay outside the blocks, and so does what comes before the first
    heading (title, introduction: above the fold).  Nothing but whitespace between two
    headings: no block.  Scripts, styles and stylesheet links at the end of a run stay after
    the block: they draw nothing, and an empty paragraph's margins inside a block would no
    longer collapse with the next heading's.
    """
    heads = top_level_headings(html)
    if not heads:
        return html
    out = [html[:heads[0][0]]]
    bounds = [start for start, _ in heads[1:]] + [len(html)]
    for (start, end), nxt in zip(heads, bounds):
        out.append(html[start:end])
        run = html[end:nxt]
        if not run.strip():
            out.append(run)
            continue
        lead = len(run) - len(run.lstrip("\n"))
        tail = _TRAILING.search(run)
        cut = tail.start() if tail else len(run)
        if not run[lead:cut].strip():
            out.append(run)
            continue
        out.append(f'{run[:lead]}<div class="lazy-section">\n{run[lead:cut]}</div>\n{run[cut:]}')
    return "".join(out)


_MATHML = re.compile(
    r'(<math xmlns="http://www.w3.org/1998/Math/MathML"(?: display="block")?>)<semantics>(.*?)'
    r'<annotation encoding="application/x-tex">[^<]*</annotation></semantics></math>', re.S)


def _lone_mrow(inner):
    """``inner`` without its outer ``<mrow>…</mrow>`` if that one element is all of it."""
    if not (inner.startswith("<mrow>") and inner.endswith("</mrow>")):
        return inner
    depth = 0
    for m in re.finditer(r"<mrow>|</mrow>", inner):
        depth += 1 if m.group(0) == "<mrow>" else -1
        if depth == 0 and m.end() != len(inner):
            return inner          # the first mrow closes before the end: a row of several
    return inner[len("<mrow>"):-len("</mrow>")]


def slim_mathml(html):
    """KaTeX's MathML without the TeX annotation, ``<semantics>`` and a lone top ``<mrow>``."""
    return _MATHML.sub(lambda m: f"{m.group(1)}{_lone_mrow(m.group(2))}</math>", html)


_KATEX_HTML = '<span class="katex-html" aria-hidden="true">'


_KATEX_TAG = re.compile(r"<(/?)([a-z]+)[^>]*?(/?)>")   # KaTeX's own markup: no ">" inside its attributes


def katex_chars(html):
    """The characters inside KaTeX's visible output (``span.katex-html``): what its fonts draw."""
    chars, pos = set(), 0
    while (start := html.find(_KATEX_HTML, pos)) >= 0:
        depth, text_from = 0, start
        for m in _KATEX_TAG.finditer(html, start):
            if depth and m.start() > text_from:
                text = html[text_from:m.start()]
                chars.update(htmlmod.unescape(text) if "&" in text else text)
            text_from = m.end()
            if m.group(3) or m.group(2) in VOID:
                continue
            depth += -1 if m.group(1) else 1
            if depth == 0:
                break
        pos = text_from
    return chars


_chars: set[str] = set()


def on_config(config):
    _chars.clear()
    return config


def on_page_content(html, page, config, files):
    return sections(slim_mathml(html))


# In <head>, before the body is parsed: with JavaScript, blocks start lazy (speed.css draws
# them only near the screen) and are then drawn one at a time whenever the browser is idle
# after the load, so that soon every block is drawn and in the accessibility tree (Chromium
# leaves a block that it skips out of it).  Without JavaScript nothing is lazy.
REVEAL = (
    '<script>(function(){var d=document.documentElement;d.classList.add("lazy-blocks");'
    'var idle=window.requestIdleCallback||function(f){return setTimeout(f,50)};'
    'addEventListener("load",function(){var b=document.getElementsByClassName("lazy-section"),i=0;'
    'idle(function next(){if(i<b.length){b[i++].classList.add("drawn");idle(next)}})})})()</script>'
)


def on_post_page(output, page, config):
    head = REVEAL if 'class="lazy-section"' in output else ""
    if 'class="katex"' in output:
        _chars.update(katex_chars(output))
        head += "".join(
            f'<link rel="preload" href="{get_relative_url(f"{FONT_DIR}/{name}", page.url or ".")}" '
            f'as="font" type="font/woff2" crossorigin>'
            for name in PRELOAD)
    return output.replace("</title>", "</title>" + head, 1) if head else output


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
