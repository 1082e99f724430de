"""MkDocs hook: number the figures of a page and check that they exist.

``<figure id="fig-<stem>">`` elements are numbered in page order, ``N.k`` with ``N``
from ``chapter:`` in the front matter (``k`` alone without it), and the number is put
in front of the caption: 図 1.2 / Figure 1.2.  The id stays ``fig-<stem>``, the same in
both languages.  A figure whose SVG does not exist in ``figures/`` stops the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[3]
FIGURES = ROOT / "figures"
WORD = {"ja": "図", "en": "Figure"}

_IMG = re.compile(r'<img [^>]*src="[^"]*figures/([^"/]+\.svg)"')
_FIGURE = re.compile(r'(<figure[^>]*\bid="fig-[^"]+"[^>]*>)(.*?)(<figcaption>)', re.S)


def on_page_content(html, page, config, files):
    for name in _IMG.findall(html):
        if not (FIGURES / name).exists():
            raise PluginError(f"{page.file.src_uri}: figure figures/{name} does not exist (run `make figures`)")
    chapter = page.meta.get("chapter")
    word = WORD.get(config["theme"]["language"], "Figure")
    count = 0

    def number(m):
        nonlocal count
        count += 1
        label = f"{chapter}.{count}" if chapter is not None else f"{count}"
        return f'{m.group(1)}{m.group(2)}{m.group(3)}<span class="fig-number">{word} {label}</span> '

    return _FIGURE.sub(number, html)
