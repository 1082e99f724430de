"""MkDocs hook: put files that live outside ``docs/<lang>/`` into each language build.

- ``figures/*.svg``   -> ``figures/``       (MkDocs serves only docs_dir; figures are generated)
- ``docs/assets/*``   -> ``assets/``        (CSS and JS shared by both languages)
- KaTeX's CSS and woff2 fonts from ``node_modules/katex/dist`` -> ``assets/katex/``
  (the CSS is rewritten to reference only the woff2 files we ship; every browser
  that runs Material reads woff2).

A missing KaTeX install stops the build with a message that says what to run.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[3]
FIGURES = ROOT / "figures"
SHARED = ROOT / "docs" / "assets"
KATEX = ROOT / "node_modules" / "katex" / "dist"

_FONT_SRC = re.compile(r"src:url\((fonts/[^)]+\.woff2)\) format\(\"woff2\"\)(?:,url\([^)]+\) format\(\"[a-z]+\"\))*")


def katex_css():
    """KaTeX's minified CSS with font sources reduced to woff2."""
    css = (KATEX / "katex.min.css").read_text(encoding="utf-8")
    out, n = _FONT_SRC.subn(r'src:url(\1) format("woff2")', css)
    if n == 0 or ".woff)" in out or ".ttf)" in out:
        raise PluginError("assets hook: KaTeX CSS font declarations changed; update _FONT_SRC")
    return out


def on_files(files, config):
    if not (KATEX / "katex.min.css").exists():
        raise PluginError("KaTeX is not installed: run `npm ci` (make site does this)")
    for svg in sorted(FIGURES.glob("*.svg")):
        files.append(File.generated(config, f"figures/{svg.name}", abs_src_path=str(svg)))
    for path in sorted(p for p in SHARED.rglob("*") if p.is_file()):
        rel = path.relative_to(SHARED).as_posix()
        files.append(File.generated(config, f"assets/{rel}", abs_src_path=str(path)))
    files.append(File.generated(config, "assets/katex/katex.min.css", content=katex_css()))
    for font in sorted((KATEX / "fonts").glob("*.woff2")):
        files.append(File.generated(config, f"assets/katex/fonts/{font.name}", abs_src_path=str(font)))
    return files
