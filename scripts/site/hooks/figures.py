"""MkDocs hook: number the figures of a page and check that they exist.

Each figure ``<img>`` gets its intrinsic ``width`` and ``height`` (from the SVG, so the page
does not shift when it arrives) and ``loading="lazy"`` (figures below the fold are fetched
when the reader nears them).

``<figure id="fig-<stem>">`` elements are numbered in page order, ``N.k`` with ``N``
from ``chapter:`` in the front matter (``k`` alone without it), and the number is put
in front of the caption: 図 1.2 / Figure 1.2.  The id stays ``fig-<stem>``, the same in
both languages.  A figure whose SVG does not exist in ``figures/`` stops the build.

Each figure image ``![alt](figures/<stem>.svg)`` becomes two ``<picture>`` elements, one per
palette (Material hides ``img[src$="#only-dark"]`` in the light palette and ``#only-light``
in the dark one), each with a ``<source>`` for phones that selects the stacked, phone-width
variant.  The variants are written by the figure scripts (``scripts/figstyle.py``,
``VARIANTS``); a missing variant stops the build too.  The Markdown stays one image.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[3]
FIGURES = ROOT / "figures"
WORD = {"ja": "図", "en": "Figure"}
LINK_NAME = {"ja": "{number} へのリンク", "en": "Link to {number}"}
LINK_TITLE = {"ja": "この図へのリンクをコピー", "en": "Copy a link to this figure"}

_IMG = re.compile(r'<img [^>]*src="[^"]*figures/([^"/]+\.svg)"')
_SVG_SIZE = re.compile(r'<svg [^>]*width="([0-9.]+)pt" height="([0-9.]+)pt"')


def _size_attrs(name):
    """width/height in CSS px of figures/<name> (matplotlib writes pt: 1 pt = 4/3 px), lazy loading."""
    head = (FIGURES / name).read_text(encoding="utf-8")[:2000]
    size = _SVG_SIZE.search(head)
    if size is None:
        raise PluginError(f"figures/{name}: no width/height in pt on <svg>")
    w, h = (round(float(x) * 4 / 3) for x in size.groups())
    return f'width="{w}" height="{h}" loading="lazy" decoding="async" '

_IMG_TAG = re.compile(r'<img ([^>]*?)src="([^"]*figures/)([^"/.]+)\.svg"([^>]*)>')
# Phones (Material's small-screen breakpoints are in em of 16 px): below this width the
# wide figure would be drawn at less than ~0.85 of its size, so the stacked variant is used.
PHONE = "(max-width: 37.5em)"
VARIANTS = {"light": ("", ".narrow", "only-light"), "dark": (".dark", ".narrow.dark", "only-dark")}


def pictures(m):
    """The two palette <picture>s for one figure <img>."""
    before, folder, stem, after = m.groups()
    out = []
    for palette, (wide, narrow, only) in VARIANTS.items():
        out.append(f'<picture class="fig-{palette}"><source media="{PHONE}" srcset="{folder}{stem}{narrow}.svg">'
                   f'<img {_size_attrs(stem + wide + ".svg")}{before}src="{folder}{stem}{wide}.svg#{only}"{after}></picture>')
    return "".join(out)
_FIGURE = re.compile(r'(<figure[^>]*\bid="fig-[^"]+"[^>]*>)(.*?)(<figcaption>)', re.S)


def on_page_content(html, page, config, files):
    for name in _IMG.findall(html):
        stem = name[: -len(".svg")]
        for wide, narrow, _ in VARIANTS.values():
            for variant in (f"{stem}{wide}.svg", f"{stem}{narrow}.svg"):
                if not (FIGURES / variant).exists():
                    raise PluginError(f"{page.file.src_uri}: figure figures/{variant} does not exist (run `make figures`)")
    html = _IMG_TAG.sub(pictures, html)
    chapter = page.meta.get("chapter")
    word = WORD.get(config["theme"]["language"], "Figure")
    count = 0

    def number(m):
        nonlocal count
        count += 1
        label = f"{chapter}.{count}" if chapter is not None else f"{count}"
        target = re.search(r'id="(fig-[^"]+)"', m.group(1)).group(1)
        # The number is a link to the figure's own anchor (docs/assets/anchor-copy.js copies it).
        name = LINK_NAME.get(config["theme"]["language"], LINK_NAME["en"]).format(number=f"{word} {label}")
        return (f'{m.group(1)}{m.group(2)}{m.group(3)}<a class="fig-link anchor-link" href="#{target}" '
                f'aria-label="{name}" title="{LINK_TITLE.get(config["theme"]["language"], LINK_TITLE["en"])}">'
                f'<span class="fig-number">{word} {label}</span></a> ')

    return _FIGURE.sub(number, html)
