"""MkDocs hook: notebook pages (rendered by mkdocs-jupyter) that look and behave like the others.

mkdocs-jupyter turns ``docs/<lang>/notebooks/*.ipynb`` into HTML with nbconvert. That HTML
carries ~600 KB of JupyterLab CSS, a MathJax script and a mermaid import from cdnjs, and
leaves the math of Markdown cells as raw ``$…$``. This hook, run before ``math.py``:

- keeps only the cells (drops the inline CSS and every script: the site makes no request to
  another host; ``docs/assets/notebook.css`` styles the cells, palette-aware);
- gives code cells Material's code markup (``<div class="highlight"><pre><code>``), so they
  get the site's syntax colours and copy button;
- wraps ``$…$`` / ``$$…$$`` of Markdown cells as pymdownx.arithmatex does, so that
  ``math.py`` renders them with KaTeX at build time (``\\label``/``\\eqref`` included);
- gives headings ids slugified from the English version's headings (the same in both languages)
  and points the TOC at them;
- resolves links to ``*.md`` pages, fills each figure's alt text from its cell's metadata
  (``"alt"``; a figure without one stops the build), uses Material's heading anchors;
- moves each figure (inline base64 PNG) to a file beside the page (``<stem>-<k>.png``), so the
  page stays small and the images are cached, and makes it a link to that file: the figures are
  Matplotlib's, drawn for a notebook's width, so on a phone a tap opens one to zoom into (the
  link replaces the output's ``tabindex``: one tab stop per figure);
- writes the downloadable copy of the notebook beside the page (``page.nb_download``,
  shown as a button by ``docs/overrides/main.html``), with ``\\eqref{eq:x}`` replaced by the
  built number ``(N.k)`` and ``\\label{eq:x}`` by ``\\tag{N.k}``, so it reads right in Jupyter.
"""

from __future__ import annotations

import base64
import html as htmlmod
import json
import posixpath
import re
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from pymdownx.slugs import slugify

SLUG = slugify(case="lower")  # as the toc extension of mkdocs.yml: Japanese headings keep their words

WRAPPER_START = '<div class="jupyter-wrapper">'
WRAPPER_END = "</div> <!-- jupyter-wrapper -->"
MD_CELL = '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">'
NO_ALT = 'alt="No description has been provided for this image"'

CLIPBOARD = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'
                       r'|<div class="clipboard-copy-txt" id="cell-\d+">.*?</div>\s*', re.S)
CODE = re.compile(r'<div class="highlight-ipynb hl-(\w+)\s*"><pre>(<span></span>)?(.*?)</pre></div>', re.S)
PROTECT = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
DISPLAY_P = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>", re.S)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$", re.S)
MD_LINK = re.compile(r'href="(?![a-z]+:|/|#)([^"#]+\.md)(#[^"]*)?"')
ANCHOR = re.compile(r'<a class="anchor-link" href="(#[^"]*)">¶</a>')
LABEL = re.compile(r"\\label\{([^{}]+)\}")
EQREF = re.compile(r"\\eqref\{([^{}]+)\}")
HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)<a class="headerlink" href="#[^"]*"', re.S)
PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')
IMAGE = re.compile(r'(<div class="jp-RenderedImage[^"]*")(?: tabindex="0")?>(\s*)(<img [^>]*src="([^"/]+\.png)"[^>]*>)')


def is_notebook(page):
    return page.file.src_uri.endswith(".ipynb")


def _math(segment):
    """Wrap the math of one Markdown cell's HTML like arithmatex; leave <pre>/<code> alone."""
    out, pos = [], 0
    for m in PROTECT.finditer(segment):
        out.append(_math_text(segment[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_math_text(segment[pos:]))
    return "".join(out)


def _math_text(text):
    text = DISPLAY_P.sub(lambda m: f'<div class="arithmatex">\\[{m.group(1)}\\]</div>', text)
    text = DISPLAY.sub(lambda m: f'<div class="arithmatex">\\[{m.group(1)}\\]</div>', text)
    return INLINE.sub(lambda m: f'<span class="arithmatex">\\({m.group(1)}\\)</span>', text)


def _markdown_cells(html):
    """Apply _math to each Markdown cell (from its opening tag to the next cell)."""
    parts = html.split(MD_CELL)
    out = [parts[0]]
    for part in parts[1:]:
        cut = part.find('<div class="jp-Cell ')
        cut = len(part) if cut < 0 else cut
        out.append(MD_CELL + _math(part[:cut]) + part[cut:])
    return "".join(out)


def _links(html, page, files):
    def repl(m):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), m.group(1)))
        target = files.get_file_from_path(path)
        if target is None:
            raise PluginError(f"{page.file.src_uri}: link to a missing page {m.group(1)!r}")
        href = get_relative_url(target.url or ".", page.file.url or ".")
        if target.url == "" or target.url.endswith("/"):
            href = href.rstrip("/") + "/"
        return f'href="{href}{m.group(2) or ""}"'

    return MD_LINK.sub(repl, html)


def _alt_texts(nb, src_uri):
    alts = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                alt = cell.get("metadata", {}).get("alt")
                if not alt:
                    raise PluginError(f"{src_uri}: cell {i} draws a figure but has no \"alt\" text in its metadata")
                alts.append(alt)
    return alts


def _fill_alt(html, alts, src_uri):
    parts = html.split(NO_ALT)
    if len(parts) - 1 != len(alts):
        raise PluginError(f"{src_uri}: {len(parts) - 1} figures on the page but {len(alts)} alt texts in the notebook")
    return parts[0] + "".join(f'alt="{htmlmod.escape(alt)}"' + part for alt, part in zip(alts, parts[1:]))


def _english_headings(page, config):
    """Headings of the English version of this notebook (docs/en/<same path>), in order, or None."""
    en = Path(config["docs_dir"]).parent / "en" / page.file.src_uri
    if not en.is_file():
        return None
    cells = json.loads(en.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return [m.group(1) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*$", text, re.M)]


def _heading_ids(html, page, config):
    """Give headings ids slugified from the English headings, the same in both languages (as the
    pages' explicit ids; nbconvert's ids are empty for Japanese), and point the TOC at them."""
    ids, english = [], _english_headings(page, config)
    if english is not None and len(english) != len(HEADING.findall(html)):
        raise PluginError(f"{page.file.src_uri}: not as many headings as its English version")

    def repl(m):
        text = english[len(ids)] if english else htmlmod.unescape(re.sub(r"<[^>]+>", "", m.group(3))).strip()
        new = base = SLUG(text, "-") or "section"
        k = 0
        while new in ids:
            k += 1
            new = f"{base}_{k}"
        ids.append(new)
        return f'<h{m.group(1)} id="{new}">{m.group(3)}<a class="headerlink" href="#{new}"'

    html = HEADING.sub(repl, html)
    entries, todo = [], list(page.toc)
    while todo:
        item = todo.pop(0)
        entries.append(item)
        todo[:0] = item.children
    if len(entries) != len(ids):
        raise PluginError(f"{page.file.src_uri}: {len(ids)} headings but {len(entries)} table-of-contents entries")
    for item, new in zip(entries, ids):
        item.id = new
    return html


def _figures_to_files(html, page):
    stem, k = Path(page.file.src_uri).stem, 0
    folder = Path(page.file.abs_dest_path).parent
    folder.mkdir(parents=True, exist_ok=True)

    def repl(m):
        nonlocal k
        k += 1
        name = f"{stem}-{k}.png"
        (folder / name).write_bytes(base64.b64decode(m.group(1)))
        return f'src="{name}"'

    html = PNG.sub(repl, html)
    return IMAGE.sub(lambda m: f'{m.group(1)}>{m.group(2)}<a class="notebook-figure" href="{m.group(4)}">{m.group(3)}</a>', html)


def on_page_content(html, page, config, files):
    if not is_notebook(page):
        return html
    src = page.file.src_uri
    start, end = html.find(WRAPPER_START), html.find(WRAPPER_END)
    if start < 0 or end < 0:
        raise PluginError(f"{src}: mkdocs-jupyter's HTML has changed (no jupyter-wrapper); update hooks/notebooks.py")
    html = html[start:end + len(WRAPPER_END)]
    html = CLIPBOARD.sub("", html)
    html = CODE.sub(lambda m: f'<div class="language-{m.group(1)} highlight"><pre><span></span><code>{m.group(3)}</code></pre></div>', html)
    html = _markdown_cells(html)
    html = _links(html, page, files)
    html = ANCHOR.sub(r'<a class="headerlink" href="\1" title="Permanent link">¶</a>', html)
    html = _heading_ids(html, page, config)
    nb = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
    html = _fill_alt(html, _alt_texts(nb, src), src)
    html = _figures_to_files(html, page)
    page.nb_download = Path(src).name
    return f'<div class="notebook">{html}</div>'


def download_copy(nb, numbers):
    """The notebook as offered for download: equation references resolved to their numbers."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = LABEL.sub(lambda m: f"\\tag{{{numbers[m.group(1)][1]}}}", cell.source)
            cell.source = EQREF.sub(lambda m: f"({numbers[m.group(1)][1]})", cell.source)
    return nb


def on_post_page(output, page, config):
    if is_notebook(page):
        nb = nbformat.read(page.file.abs_src_path, as_version=4)
        numbers = getattr(page, "equation_numbers", None)
        if numbers is None:
            raise PluginError(f"{page.file.src_uri}: no equation numbers (is hooks/math.py listed after notebooks.py?)")
        dest = Path(page.file.abs_dest_path).parent / page.nb_download
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_suffix(".tmp")
        tmp.write_text(nbformat.writes(download_copy(nb, numbers)) + "\n", encoding="utf-8")
        tmp.replace(dest)
    return output
