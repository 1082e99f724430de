"""Recall@3 of the site's search, typed into the search box in headless Chromium.

    python scripts/tools/search_eval.py [--engines pagefind,lunr-split,lunr-ja] [--verbose]

For each engine, both languages are built into a temporary folder and every query in
``tests/data/search-queries.json`` is typed into Material's search box as a reader does;
a query counts when one of its expected sections is among the first three result links
the reader sees (folded "more on this page" entries do not count).  Prints a Markdown
table (the one in README.md).  Engines:

- ``pagefind``: what the site ships (scripts/site/hooks/search.py, docs/assets/search-pagefind.js);
- ``lunr-split``: Material's lunr search as configured before (``lang: [ja, en]``, no
  stemmer) plus the query splitter that cut a query where the script changes
  (漢字 / かな / カタカナ / Latin; injected here, it is no longer shipped);
- ``lunr-ja``: Material's documented Japanese configuration (``lang: ja``: TinySegmenter
  for the index, Material's own query segmentation of kanji runs), default pipeline;
  English: Material's defaults (``lang: en``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from tools import browser

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "tests" / "data" / "search-queries.json"

# The query splitter that shipped before Pagefind (docs/assets/search-segment.js).
LUNR_SPLIT = r"""
(function () {
  var RUN = /[\p{Script=Han}々〆ヵヶ]+|[\p{Script=Hiragana}]+|[\p{Script=Katakana}ー]+|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヵヶ]+/gu;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 2 && typeof message.data === "string") {
      arguments[0] = Object.assign({}, message, { data: (message.data.match(RUN) || []).join(" ") });
    }
    return post.apply(this, arguments);
  };
})();
"""

ENGINES = {
    "pagefind": {"ja": "", "en": ""},
    "lunr-split": {
        "ja": "extra: {search_engine: lunr}\nextra_javascript: []\n",
        "en": "extra: {search_engine: lunr}\nextra_javascript: []\n",
    },
    "lunr-ja": {
        "ja": "extra: {search_engine: lunr}\nextra_javascript: []\n"
              "plugins: {search: {lang: ja, pipeline: [stemmer, stopWordFilter, trimmer]}}\n",
        "en": "extra: {search_engine: lunr}\nextra_javascript: []\n"
              "plugins: {search: {lang: en, pipeline: [stemmer, stopWordFilter, trimmer]}}\n",
    },
}
LABELS = {
    "lunr-split": "Material lunr `lang: [ja, en]` + query split at script changes (before)",
    "lunr-ja": "Material lunr, documented `lang: ja` (TinySegmenter) / `lang: en`",
    "pagefind": "Pagefind 1.6.0 extended, sections ranked, in Material's UI (shipped)",
}


def load_queries(path=QUERIES):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {lang: data[lang] for lang in ("ja", "en")}


def build(engine, out):
    """Build both languages with the engine's overrides into ``out``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for lang, config, dest in (("ja", "mkdocs.yml", out), ("en", "mkdocs.en.yml", out / "en")):
        extra = ENGINES[engine][lang]
        cfg = config
        tmp = None
        if extra:
            fd, tmp = tempfile.mkstemp(prefix=".search-eval-", suffix=".yml", dir=ROOT)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(f"INHERIT: {config}\n{extra}")
            cfg = tmp
        try:
            r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", cfg, "-d", str(dest)],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        finally:
            if tmp:
                os.unlink(tmp)
        if r.returncode != 0:
            raise SystemExit(f"search_eval.py: build of {engine}/{lang} failed:\n{r.stderr}")


def wait(driver, script, timeout=15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(script))


def open_search(driver, url):
    """Load ``url`` and wait until Material's search is ready for typing."""
    driver.get(url)
    wait(driver, "return document.readyState === 'complete'")
    ready = ("var m = document.querySelector('.md-search-result__meta');"
             "return m !== null && m.textContent.trim() !== '' && !/初期化|Initializing/.test(m.textContent)")
    wait(driver, ready)


def type_query(driver, query, timeout=10):
    """Type ``query`` into the search box as a reader does; return the visible result links in order."""
    from selenium.webdriver.common.by import By

    driver.execute_script("var t = document.getElementById('__search'); if (!t.checked) t.click();"
                          "var r = document.querySelector('.md-search-result__list'); if (r) r.innerHTML = '';"
                          "document.querySelector('.md-search-result').removeAttribute('data-query');")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.clear()
    box.send_keys(query)
    # Done when the list says it shows this query (the shipped search marks it), or, for
    # Material's own search, when the meta line reports and the list has settled.
    script = """
      var shown = document.querySelector('.md-search-result').getAttribute('data-query');
      if (shown !== null) return shown === arguments[0] && document.querySelector('input.md-search__input').value === shown;
      var meta = document.querySelector('.md-search-result__meta').textContent;
      var box = document.querySelector('input.md-search__input').value;
      var n = document.querySelectorAll('.md-search-result__list > li').length;
      var key = box + '|' + n + '|' + meta;
      if (window.__lastKey === key) { window.__stable = (window.__stable || 0) + 1; } else { window.__stable = 0; }
      window.__lastKey = key;
      return box === arguments[0] && (n > 0 || /見つかりません|No matching|Nothing found/.test(meta)) && window.__stable >= 3;
    """
    try:
        wait(driver, script.replace("arguments[0]", json.dumps(query)), timeout=timeout)
    except Exception:  # noqa: BLE001 - no results within the time: report an empty list
        return []
    return driver.execute_script(
        "return [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')]"
        ".filter(a => !a.closest('details:not([open])')).map(a => a.href)")


def target(href, root):
    """A result link as 'page/#section' relative to the language root (no query string)."""
    u = urlparse(href)
    path = u.path[len(urlparse(root).path):] if u.path.startswith(urlparse(root).path) else u.path
    return path + (f"#{u.fragment}" if u.fragment else "")


def evaluate(driver, base, queries, verbose=False, k=3):
    """{lang: (hits, total, misses)} for the site served at ``base``."""
    out = {}
    for lang, items in queries.items():
        root = base + ("en/" if lang == "en" else "")
        open_search(driver, root)
        hits, misses = 0, []
        for item in items:
            links = type_query(driver, item["q"])
            got = [target(h, root) for h in links[:k]]
            ok = any(e in got for e in item["expect"])
            hits += ok
            if not ok:
                misses.append((item["q"], got))
            if verbose:
                print(f"  {'ok  ' if ok else 'MISS'} {lang} {item['q']!r}: {got}", file=sys.stderr)
        out[lang] = (hits, len(items), misses)
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--engines", default="lunr-split,lunr-ja,pagefind")
    p.add_argument("--queries", default=str(QUERIES))
    p.add_argument("--site", help="evaluate this built site (one engine) instead of building")
    p.add_argument("--verbose", action="store_true")
    p.error = lambda m: p.exit(2, f"search_eval.py: error: {m}\n")
    args = p.parse_args(argv)
    engines = args.engines.split(",")
    unknown = [e for e in engines if e not in ENGINES]
    if unknown:
        p.error(f"unknown engine {unknown[0]!r} (choose from {', '.join(ENGINES)})")
    why = browser.available()
    if why:
        p.error(why)
    queries = load_queries(args.queries)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:
            site = Path(args.site) if args.site else Path(tmp) / engine
            if not args.site:
                build(engine, site)
            driver = browser.chromium(user_data_dir=str(Path(tmp) / f"profile-{engine}"))
            try:
                if engine == "lunr-split":
                    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LUNR_SPLIT})
                with browser.serve(site) as base:
                    res = evaluate(driver, base, queries, verbose=args.verbose)
            finally:
                driver.quit()
            rows.append((engine, res))
            for lang, (_, _, misses) in res.items():
                for q, got in misses:
                    print(f"{engine} {lang} miss {q!r}: {got}", file=sys.stderr)
    print("| engine | recall@3 ja | recall@3 en |")
    print("|---|---|---|")
    for engine, res in rows:
        cells = [f"{h}/{n} = {h / n:.2f}" for h, n, _ in (res["ja"], res["en"])]
        print(f"| {LABELS[engine]} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
