"""MkDocs hook: search with Pagefind behind Material's search box.

Material's search UI (the box, the result list, keyboard handling, both palettes, the
phone layout) stays; the engine behind it is Pagefind (npm ``pagefind``, extended build:
it segments Japanese), which ranks by section and weighs headings above body text.
See README.md, "Search", for the measured comparison with Material's lunr search.

- ``on_page_content``: each page is marked ``search: exclude`` for Material's search plugin,
  which then does not parse it (its index is not used).
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
    """The Node binary of the Python lock: ``math.py``'s ``node_executable`` (loaded by path, as
    ``cite.py`` loads ``citation.py``; hooks are not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_math_hook", Path(__file__).with_name("math.py"))
    math_hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(math_hook)
    return math_hook.node_executable()


def _engine(config):
    return (config.get("extra") or {}).get("search_engine", "pagefind")


def on_page_content(html, page, config, files):
    # Pagefind answers the queries: Material's search plugin need not parse every page (it
    # took about 40 % of a build's CPU time); `search: exclude` makes it skip the page.
    if _engine(config) == "pagefind":
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return html


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
