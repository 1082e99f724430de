"""MkDocs hook for ``make bench`` only: build the same Markdown as a comparison variant.

Never part of the real site (``mkdocs.yml`` does not list it); ``scripts/tools/bench.py`` writes a
temporary config that replaces ``scripts/site/hooks/math.py`` by this hook and sets
``extra.bench_variant``:

- ``mathjax`` — Material for MkDocs' documented client-side setup: arithmatex's
  ``\\(…\\)`` / ``\\[…\\]`` left in the page, ``window.MathJax`` configured as in
  Material's "Math" reference page (including its ``document$.subscribe`` snippet) and
  MathJax 3 ``tex-mml-chtml.js``, served from the site (``node_modules/mathjax/es5``,
  pinned in ``package-lock.json``) instead of a CDN.  No KaTeX CSS.
- ``floor`` — the same page with no math at all: every formula removed, no math CSS,
  fonts or JavaScript.  The fastest a page with this prose and these figures can be.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[3]
MATHJAX = ROOT / "node_modules" / "mathjax" / "es5"
VARIANTS = ("mathjax", "floor")

# Material for MkDocs, reference/math.md, "MathJax" (docs/javascripts/mathjax.js).
MATHJAX_CONFIG = r"""window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};

document$.subscribe(() => {
  MathJax.startup.output.clearCache()
  MathJax.typesetClear()
  MathJax.texReset()
  MathJax.typesetPromise()
})
"""

_MATH = re.compile(r'<span class="arithmatex">\\\(.*?\\\)</span>|<div class="arithmatex">\\\[.*?\\\]</div>', re.S)


def _variant(config):
    v = config["extra"].get("bench_variant")
    if v not in VARIANTS:
        raise PluginError(f"bench_variant hook: extra.bench_variant must be one of {VARIANTS}, got {v!r}")
    return v


def on_config(config):
    variant = _variant(config)
    config["extra_css"] = [c for c in config["extra_css"] if "katex" not in str(c)]
    if variant == "mathjax":
        if not (MATHJAX / "tex-mml-chtml.js").exists():
            raise PluginError("MathJax is not installed: run `npm ci` (make bench does this)")
        config["extra_javascript"].append("assets/mathjax-config.js")
        config["extra_javascript"].append("assets/mathjax/tex-mml-chtml.js")
    return config


def on_files(files, config):
    if _variant(config) == "mathjax":
        files.append(File.generated(config, "assets/mathjax-config.js", content=MATHJAX_CONFIG))
        for path in sorted(p for p in MATHJAX.rglob("*") if p.is_file() and p.suffix in (".js", ".woff", ".json")):
            rel = path.relative_to(MATHJAX).as_posix()
            files.append(File.generated(config, f"assets/mathjax/{rel}", abs_src_path=str(path)))
    return files


def on_page_content(html, page, config, files):
    if _variant(config) == "floor":
        return _MATH.sub("", html)
    return html
