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
- **Sections far down are not even parsed while the page loads.**  Skipping style and layout
  left the parser: the heaviest page's HTML is five times the floor's.  A block that begins
  more than ``DEFER_AFTER`` characters of text below the top of the article (over a screen
  and a fifth on a 1920 x 1200 screen, checked in the browser) holds its content, except what
  a script looks for on load (code blocks, tables, explorers), in ``<noscript>``: with
  JavaScript the browser's parser reads a ``<noscript>`` as one text node, and ``REVEAL``
  builds the elements when the block comes within a screen of the window, or when the
  browser is idle after the load (every block within about a second), or at once when the
  reader needs the whole page (a link or address to something not yet built, a reload or a
  step back in history, printing, the browser's find).  Without JavaScript a ``<noscript>``
  is ordinary content.  Pagefind skips ``<noscript>``, so blocks carry markers until the
  search index is built and become ``<noscript>`` in ``on_post_build``.
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

Runs after ``math.py``, ``figures.py`` and ``search.py`` (the last hook in ``mkdocs.yml``): the
search index is built from the page before its deferred blocks go into ``<noscript>``.
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


def top_level_elements(html):
    """Offsets and tag ``(start, end, tag)`` of the elements of ``html`` that are not inside
    another one (a script or style element whole; comments are not elements)."""
    depth, found, start, opened = 0, [], None, ""
    for m in _TOKEN.finditer(html):
        closing, tag, selfclosing = m.group(2), (m.group(3) or "").lower(), m.group(5)
        if not tag:                                   # a comment, or a script/style element whole
            if depth == 0 and m.group(1):
                found.append((m.start(), m.end(), m.group(1).lower()))
            continue
        if tag in VOID or selfclosing:
            if depth == 0:
                found.append((m.start(), m.end(), tag))
            continue
        if not closing:
            if depth == 0:
                start, opened = m.start(), tag
            depth += 1
            continue
        depth -= 1
        if depth < 0:
            raise PluginError(f"speed hook: </{tag}> closes an element that was not opened")
        if depth == 0:
            found.append((start, m.end(), opened))
    if depth != 0:
        raise PluginError("speed hook: the page's HTML does not close every element it opens")
    return found


def top_level_headings(html):
    """Offsets ``(start, end)`` of the headings h2–h6 that are not inside another element."""
    return [(start, end) for start, end, tag in top_level_elements(html) if tag in HEADINGS]


# What draws nothing at the end of a run (an explorer's loaders: Markdown puts a raw <link> in a <p>).
_TRAILING = re.compile(r"(?:\s*(?:<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>|<p>\s*<link [^>]*>\s*</p>|<link [^>]*>))+\s*$",
                       re.S)


def text_weight(html):
    """About how many characters of text ``html`` shows: its text without tags and without
    KaTeX's MathML copy, spaces collapsed, plus room for what is tall and has little text (a
    displayed formula counts as 250 characters, a figure as 600, a table row as 60)."""
    text = _TAG.sub("", _MATHML_COPY.sub("", html))
    return (len(" ".join(text.split())) + 250 * html.count('class="katex-display"')
            + 600 * html.count("<img ") + 60 * html.count("<tr"))


def deferrable(block):
    """Whether an element may wait, unparsed, in a ``<noscript>`` (see ``DEFER_AFTER``): nothing
    in it that a script looks for when the page loads (Material's copy buttons on code, its
    scrolling frame around tables, tabs; an explorer; forms), and no ``</noscript>`` that
    would end it early.  (Material opens details boxes for printing and for a link into one;
    ``REVEAL`` does that for the boxes it builds.)"""
    return not _UNSAFE.search(block)


def sections(html, defer=True):
    """Wrap the content between top-level headings (h2–h6) in ``<div class="lazy-section">``.

    The headings themselves stay outside the blocks, and so does what comes before the first
    heading (title, introduction: above the fold).  Nothing but whitespace between two
    headings: no block.  Scripts, styles and stylesheet links at the end of a run stay after
    the block: they draw nothing, and an empty paragraph's margins inside a block would no
    longer collapse with the next heading's.

    With ``defer``, a block that starts more than ``DEFER_AFTER`` characters of text (by
    ``text_weight``) below the start of the article, and that is ``deferrable``, is written
    as ``<div class="lazy-section deferred">`` with its content between the markers ``OPEN``
    and ``CLOSE``; ``defer_blocks`` later turns them into ``<noscript>…</noscript>``.
    """
    heads = top_level_headings(html)
    if not heads:
        return html
    out = [html[:heads[0][0]]]
    above = text_weight(html[:heads[0][0]])
    bounds = [start for start, _ in heads[1:]] + [len(html)]
    for (start, end), nxt in zip(heads, bounds):
        out.append(html[start:end])
        above += text_weight(html[start:end])
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
        body = run[lead:cut]
        deferred = defer_runs(body) if defer and above > DEFER_AFTER else body
        cls = "lazy-section deferred" if deferred != body else "lazy-section"
        out.append(f'{run[:lead]}<div class="{cls}">\n{deferred}</div>\n{run[cut:]}')
        above += text_weight(run)
    return "".join(out)


def defer_runs(body):
    """``body`` with each run of its top-level elements that are all ``deferrable`` (and hold
    at least ``MIN_RUN`` characters of markup) between the markers ``OPEN`` and ``CLOSE``; the
    elements that are not deferrable (a code block, an explorer) stay as they are."""
    out, pos, run, last = [], 0, None, 0      # run: start of the current run; last: its end

    def flush():
        chunk = body[run:last]
        out.append(f"{OPEN}{chunk}{CLOSE}" if len(chunk) >= MIN_RUN else chunk)

    for start, end, _ in top_level_elements(body):
        if deferrable(body[start:end]):
            if run is None:
                out.append(body[pos:start])
                run = start
            last = end
        else:
            if run is not None:
                flush()
                pos, run = last, None
            out.append(body[pos:end])
        pos = end
    if run is not None:
        flush()
        pos = last
    out.append(body[pos:])
    return "".join(out)


# A block is deferred only this far down (characters of text, ``text_weight``): at least 1.5
# screens on a 1920 x 1200 screen in both languages (measured); tests/test_speed.py checks in
# the browser that every deferred block begins more than 1.2 screens down, at three sizes.
DEFER_AFTER = 3000
MIN_RUN = 2000          # characters of markup: a smaller run is not worth a <noscript>
# Markers of a deferred block's content until the site is indexed for search (Pagefind does
# not index what is in a <noscript>); on_post_build makes them <noscript> and </noscript>.
OPEN, CLOSE = "<!--deferred-->", "<!--/deferred-->"
_TAG = re.compile(r"<[^>]*>")
_MATHML_COPY = re.compile(r'<span class="katex-mathml">.*?</math></span>', re.S)
_UNSAFE = re.compile(r"<(?:script|style|pre|table|input|textarea|select|button|form|iframe|object|embed|"
                     r"video|audio|canvas|template|noscript)\b|</noscript|class=[\"'](?:xp|tabbed)", re.I)


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
_deferred: list[str] = []


def on_config(config):
    _chars.clear()
    _deferred.clear()
    return config


def on_page_content(html, page, config, files):
    # make bench's MathJax variant typesets the page once, when it loads: nothing may come later.
    defer = (config.get("extra") or {}).get("bench_variant") != "mathjax"
    return sections(slim_mathml(html), defer=defer)


# In <head>, before the body is parsed (readable source: ``REVEAL_SOURCE``).  With JavaScript
# the blocks start lazy (speed.css draws them only near the screen).  A deferred block's
# ``<noscript>`` is turned into elements (``fill``) when it comes within a screen of the
# window, when the browser is idle after the load (one block per idle moment, in page order),
# and at once for everything that needs the whole page: a link or address to an element not
# yet built (an equation further down), a reload or a step back in history (the browser puts
# the reader back where they were: then every block is also drawn at once, so that the page
# has its true height when the browser restores the position), printing, and the browser's
# find (Ctrl/Cmd+F).  Once every block is built, <html> gets ``data-blocks="whole"`` and the
# event ``blocks:whole`` fires (keyboard.js then re-checks which formulas scroll).  Each block
# is then marked ``drawn``, one per idle moment, so that soon every block is in the
# accessibility tree (Chromium leaves a block it skips out of it).  Without JavaScript nothing
# is lazy or deferred.
REVEAL_SOURCE = r"""
(function () {
  var d = document.documentElement, blocks = document.getElementsByClassName("lazy-section"), io = null, printed = [];
  d.classList.add("lazy-blocks");
  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 50); };
  function waiting(b) { return b.querySelector(":scope > noscript"); }
  function fill(b) {
    var n, built = false;
    while ((n = waiting(b))) {
      n.insertAdjacentHTML("beforebegin", n.textContent);
      n.remove();
      built = true;
    }
    if (built && io) io.unobserve(b);
    return built;
  }
  function whole() {
    if (d.hasAttribute("data-blocks")) return;
    for (var i = 0; i < blocks.length; i++) fill(blocks[i]);
    if (io) io.disconnect();
    d.setAttribute("data-blocks", "whole");
    document.dispatchEvent(new Event("blocks:whole"));
  }
  function show(el) {
    for (var p = el.closest("details"); p; p = p.parentElement.closest("details")) p.open = true;
  }
  function missing(hash) {
    var id = hash ? decodeURIComponent(hash.slice(1)) : "";
    return id && !document.getElementById(id) ? id : "";
  }
  function target(hash, scroll) {
    var id = missing(hash);
    if (!id) return;
    whole();
    var el = document.getElementById(id);
    if (!el) return;
    show(el);
    if (scroll) el.scrollIntoView();
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href*='#']");
    if (a && a.pathname === location.pathname) target(a.hash, false);
  }, true);
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && /^[fg]$/i.test(e.key)) whole();
  }, true);
  addEventListener("hashchange", function () { target(location.hash, true); });
  addEventListener("beforeprint", function () {
    whole();
    printed = [].filter.call(document.querySelectorAll(".lazy-section.deferred details:not([open])"), function (x) { x.open = true; return true; });
  });
  addEventListener("afterprint", function () {
    printed.forEach(function (x) { x.open = false; });
    printed = [];
  });
  document.addEventListener("DOMContentLoaded", function () {
    var nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    if (nav && (nav.type === "reload" || nav.type === "back_forward")) {
      whole();
      for (var k = 0; k < blocks.length; k++) blocks[k].classList.add("drawn");
    }
    target(location.hash, true);
    if (d.hasAttribute("data-blocks") || !window.IntersectionObserver) return;
    io = new IntersectionObserver(function (es) {
      es.forEach(function (e) { if (e.isIntersecting) fill(e.target); });
    }, {rootMargin: "100% 0px"});
    for (var i = 0; i < blocks.length; i++) if (waiting(blocks[i])) io.observe(blocks[i]);
  });
  addEventListener("load", function () {
    var i = 0, j = 0;
    idle(function build() {
      while (i < blocks.length && !fill(blocks[i])) i++;
      if (i < blocks.length) return idle(build);
      whole();
      idle(function draw() { if (j < blocks.length) { blocks[j++].classList.add("drawn"); idle(draw); } });
    });
  });
})();
"""


def _minify(js):
    """``js`` with its comments, indentation and line breaks gone (it has no ``//`` in strings
    and every statement ends with ``;`` or ``}``)."""
    return re.sub(r"\s*\n\s*", "", js).strip()


REVEAL = f"<script>{_minify(REVEAL_SOURCE)}</script>"


def on_post_page(output, page, config):
    if OPEN in output:
        _deferred.append(page.file.abs_dest_path)
    head = REVEAL if 'class="lazy-section' in output else ""
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


def defer_blocks(html):
    """The deferred blocks' content in ``<noscript>``: with JavaScript the browser's parser reads
    a ``<noscript>`` as plain text and builds no elements (``REVEAL`` builds them after the
    load); without JavaScript it is ordinary content."""
    return html.replace(OPEN, "<noscript>").replace(CLOSE, "</noscript>")


def write_atomic(path, text):
    """Replace ``path`` with ``text`` through a temporary file, keeping the file's permissions
    (mkstemp makes the temporary file private: a web server running as another user could
    not read the page)."""
    mode = path.stat().st_mode & 0o777
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def on_post_build(config):
    # After search.py has indexed the site (speed.py is the last hook in mkdocs.yml).
    for path in _deferred:
        page = Path(path)
        write_atomic(page, defer_blocks(page.read_text(encoding="utf-8")))
    _deferred.clear()
    fonts = Path(config["site_dir"]) / FONT_DIR
    if not _chars or not fonts.is_dir():
        return
    text = "".join(sorted(_chars | ALWAYS))
    for font in sorted(fonts.glob("*.woff2")):
        subset_font(font, font, text)
