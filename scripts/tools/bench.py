"""Benchmarks (``make bench``): the build's wall-clock times and what the heaviest pages cost a reader.

    python scripts/tools/bench.py [--rounds 15] [--runs 1] [--langs ja,en] [--out bench/results.md] [--skip-build-times]

1. Build times (median of ``--runs``): cold ``make site`` into an empty temporary folder
   (dependencies installed, figures up to date), cold ``make figures`` into an empty folder,
   and a no-op ``make figures`` right after.
2. Reader-side cost of math.  The same Markdown is built three ways into ``.build/bench/``:
   ``site`` (this site: KaTeX at build time), ``mathjax`` (Material's documented client-side
   MathJax 3 setup, MathJax from npm served locally) and ``floor`` (every formula removed);
   see ``scripts/site/hooks/bench_variant.py``.  For each language the page with the most formulas
   is loaded in headless Chromium, every variant once per round, in an order rotated each
   round, each load in a fresh browser profile with the cache disabled.  Per load:

   - *math ready*: from navigation start until every formula in the DOM is typeset
     (MathJax: each ``.arithmatex`` holds an ``mjx-container``), the DOM is parsed, layout
     done and ``document.fonts`` has nothing left loading, then the next frame;
   - *page whole*: until, in addition, the sections that ``scripts/site/hooks/speed.py``
     defers (held as text in ``<noscript>``, more than a screen below the top) are built
     into the DOM after the load (with their formulas: they are KaTeX HTML already); the
     MathJax variant defers nothing, so there it is math ready;
   - *blocked*: total blocking time after first contentful paint, sum of (long task − 50 ms)
     for the tasks that start after FCP, until 1.5 s after the page is whole;
   - *CLS*: sum of layout-shift values (no user input) over the same window;
   - *requests* and *gzip KB*: every request made in the window; bytes are what a gzip
     (level 6) server would send: text files gzipped, woff/woff2/png as they are.

   The medians (and min–max of math ready) go to a Markdown table in ``--out`` that the
   README quotes, with the ratios to the floor and to MathJax.

Timings are reported, never asserted: performance is measured here, not in the tests.
Bad arguments: one line on stderr, exit code 2; the results file is written to a temporary
file and renamed, so a failed run leaves the previous one in place.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from tools import browser

ROOT = Path(__file__).resolve().parents[2]

VARIANTS = ("site", "mathjax", "floor")
LABELS = {
    "site": "this site (KaTeX at build time)",
    "mathjax": "Material's documented MathJax 3 setup, served locally",
    "floor": "the same page with no math (the floor)",
}
LANGS = ("ja", "en")
CONFIGS = {"ja": "mkdocs.yml", "en": "mkdocs.en.yml"}


def variant_hooks():
    """The hooks of mkdocs.yml with math.py swapped for bench_variant.py: the variants keep
    everything but the math (sections, figures, citation box, CSS; speed.py adds font preloads
    only to pages with KaTeX output, and subsets fonts only when it saw some)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^hooks:\n((?:  - .*\n)+)", text, re.M).group(1)
    hooks = [re.match(r"  - (\S+)", line).group(1) for line in block.splitlines()]
    if "scripts/site/hooks/math.py" not in hooks:
        fail("mkdocs.yml: no scripts/site/hooks/math.py among the hooks")
    # notebooks.py feeds notebook math to math.py and checks its numbers: both go.
    return ["scripts/site/hooks/bench_variant.py" if h == "scripts/site/hooks/math.py" else h
            for h in hooks if h != "scripts/site/hooks/notebooks.py"]


RAW = (".woff", ".woff2", ".png", ".jpg", ".gif", ".webp")
SETTLE_MS = 1500

# Runs in every page before its own scripts: records long tasks, layout shifts, FCP, and the
# first frame at which all math is typeset, layout is done and no font is loading.
PROBE = r"""
(() => {
  const B = window.__bench = {lt: [], cls: 0, fcp: null, ready: null, whole: null};
  const obs = (type, f) => { try { new PerformanceObserver(l => l.getEntries().forEach(f)).observe({type, buffered: true}); } catch (e) {} };
  obs('longtask', e => B.lt.push([e.startTime, e.duration]));
  obs('layout-shift', e => { if (!e.hadRecentInput) B.cls += e.value; });
  obs('paint', e => { if (e.name === 'first-contentful-paint') B.fcp = e.startTime; });
  const typeset = () => {
    const tex = document.querySelectorAll('.arithmatex');
    return tex.length === 0 || document.querySelectorAll('.arithmatex mjx-container').length >= tex.length;
  };
  const held = () => document.querySelector('HELD');
  const whole = () => {
    if (!held()) { B.whole = performance.now(); return; }
    requestAnimationFrame(whole);
  };
  const tick = () => {
    if (document.readyState !== 'loading' && document.body && typeset()) {
      void document.body.offsetHeight;            // layout now, so that every needed font has been asked for
      if (document.fonts.status === 'loaded') { requestAnimationFrame(() => { B.ready = performance.now(); whole(); }); return; }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
""".replace("HELD", browser.HELD)


def fail(msg):
    sys.exit(f"bench.py: error: {msg}")


def _children_cpu():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def run(cmd, env=None, **kw):
    """Run ``cmd``; return (wall-clock seconds, stdout).  ``run.cpu`` holds the CPU seconds
    (user + system) of the processes it started: on a shared machine the wall-clock time
    includes waiting for a core, the CPU time does not."""
    t, c = time.perf_counter(), _children_cpu()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, **kw)
    dt = time.perf_counter() - t
    run.cpu = _children_cpu() - c
    if r.returncode != 0:
        tail = (r.stderr.strip() or r.stdout.strip()).splitlines()[-3:]
        fail(f"{' '.join(map(str, cmd))} failed: {' | '.join(tail)}")
    return dt, r.stdout


def clean_env():
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    return env


# --------------------------------------------------------------------------- build times

def build_times(runs):
    env = clean_env()
    jobs = f"-j{os.cpu_count() or 1}"
    cold_site, cold_site_cpu, cold_fig, noop = [], [], [], []
    run(["make", "-s", "env", "figures"], env=env)  # dependencies installed, figures up to date
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            cold_site.append(run(["make", "-s", "site", f"SITE_DIR={tmp}/site"], env=env)[0])
            cold_site_cpu.append(run.cpu)
            figdir = Path(tmp) / "figs"
            cold_fig.append(run(["make", "-s", jobs, "figures", f"FIGDIR={figdir}"], env=env)[0])
            dt, out = run(["make", jobs, "figures", f"FIGDIR={figdir}"], env=env)
            if "all up to date" not in out:
                fail(f"the second make figures did work:\n{out}")
            noop.append(dt)
    n_fig = len(list((ROOT / "scripts" / "figures").glob("fig_*.py")))
    med = statistics.median
    return [
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (other work running); "
        f"{n_fig} figures; median of {runs} run(s)",
        f"cold `make site` (both languages, figures up to date): {med(cold_site):.2f} s (target <= 20 s; "
        f"CPU time {med(cold_site_cpu):.2f} s, about the wall-clock time on an idle machine)",
        f"cold `make figures` (all {n_fig}, make {jobs}): {med(cold_fig):.2f} s",
        f"no-op `make figures`: {med(noop):.2f} s (target <= 1 s)",
    ]


# --------------------------------------------------------------------------- variant builds

def variant_config(variant, lang, tmp):
    """A config file that inherits the real one and swaps the math hook for bench_variant.py."""
    lines = [
        f"INHERIT: {json.dumps(str(ROOT / CONFIGS[lang]))}",
        f"docs_dir: {json.dumps(str(ROOT / 'docs' / lang))}",
        f"theme: {{custom_dir: {json.dumps(str(ROOT / 'docs' / 'overrides'))}}}",
        "hooks:",
        *[f"  - {json.dumps(str(ROOT / h))}" for h in variant_hooks()],
        f"extra: {{bench_variant: {variant}}}",
    ]
    path = Path(tmp) / f"mkdocs.{variant}.{lang}.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_variant(variant, lang, dest):
    """Build one language of one variant into ``dest`` (strict)."""
    with tempfile.TemporaryDirectory() as tmp:
        cfg = ROOT / CONFIGS[lang] if variant == "site" else variant_config(variant, lang, tmp)
        run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(cfg), "-d", str(dest)],
            env=clean_env())


def build_variants(out, langs):
    """``out/<variant>/`` for each variant, with ``en/`` inside as on the real site."""
    for variant in VARIANTS:
        shutil.rmtree(out / variant, ignore_errors=True)
        for lang in ("ja", "en"):
            if lang in langs or lang == "ja":  # the Japanese build owns the root folder
                build_variant(variant, lang, out / variant / ("en" if lang == "en" else ""))


_KATEX = re.compile(r'<span class="katex">')


def heaviest_page(site_dir, lang):
    """URL path (relative to the variant root) of the page with the most formulas."""
    root = site_dir / "en" if lang == "en" else site_dir
    best = None
    for page in sorted(root.rglob("index.html")):
        if lang == "ja" and (site_dir / "en") in page.parents:
            continue
        n = len(_KATEX.findall(page.read_text(encoding="utf-8")))
        if best is None or n > best[0]:
            best = (n, page)
    rel = best[1].parent.relative_to(site_dir).as_posix()
    return ("" if rel == "." else rel + "/"), best[0]


# --------------------------------------------------------------------------- browser

def gzip_size(path):
    data = path.read_bytes()
    return len(data) if path.suffix in RAW else len(gzip.compress(data, 6, mtime=0))


def local_file(served_root, url):
    path = unquote(urlparse(url).path).lstrip("/")
    f = served_root / path
    return f / "index.html" if f.is_dir() or path.endswith("/") or path == "" else f


def load_once(url, served_root, profile):
    driver = browser.chromium(user_data_dir=profile)
    try:
        driver.execute_cdp_cmd("Page.enable", {})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
        driver.get_log("performance")
        driver.get(url)
        t0 = time.monotonic()
        while driver.execute_script("return window.__bench.whole") is None:
            if time.monotonic() - t0 > 60:
                fail(f"{url}: math not ready or page not whole after 60 s")
            time.sleep(0.05)
        ready, whole = driver.execute_script("return [window.__bench.ready, window.__bench.whole]")
        while driver.execute_script("return performance.now()") < whole + SETTLE_MS:
            time.sleep(0.1)
        b = driver.execute_script("return window.__bench")
        urls = [u for u in browser.requests(driver) if urlparse(u).scheme in ("http", "https")]
        errors = browser.console_errors(driver)
    finally:
        driver.quit()
    fcp = b["fcp"] or 0.0
    blocked = sum(max(0.0, d - 50) for s, d in b["lt"] if s >= fcp and s <= whole + SETTLE_MS)
    files = [local_file(served_root, u) for u in urls]
    missing = [u for u, f in zip(urls, files) if not f.is_file()]
    if missing:
        fail(f"{url}: requests for missing files: {missing[:3]}")
    return {"ready": ready, "whole": whole, "fcp": fcp, "blocked": blocked, "cls": b["cls"], "requests": len(urls),
            "gzip": sum(gzip_size(f) for f in files), "errors": len(errors)}


def measure(out, pages, rounds, log=print):
    """{(variant, lang): [load, ...]} from ``rounds`` interleaved rounds in rotated order."""
    jobs = [(v, lang) for lang in pages for v in VARIANTS]
    results = {j: [] for j in jobs}
    with browser.serve(out) as base, tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            k = r % len(jobs)
            for i, (v, lang) in enumerate(jobs[k:] + jobs[:k]):
                profile = Path(tmp) / f"p{r}-{i}"
                results[(v, lang)].append(load_once(f"{base}{v}/{pages[lang]}", out, str(profile)))
                shutil.rmtree(profile, ignore_errors=True)
            log(f"  round {r + 1}/{rounds} done")
    return results


# --------------------------------------------------------------------------- report

def summarize(results, pages, counts, rounds, load=None):
    med = statistics.median
    rows = []
    for lang in pages:
        s = {v: {k: med([x[k] for x in results[(v, lang)]]) for k in ("ready", "whole", "fcp", "blocked", "cls", "requests", "gzip")}
             for v in VARIANTS}
        for v in VARIANTS:
            ready = [x["ready"] for x in results[(v, lang)]]
            rows.append({
                "lang": lang, "page": "/" + pages[lang], "variant": v, **s[v],
                "ready_min": min(ready), "ready_max": max(ready),
                "vs_floor": s[v]["ready"] / s["floor"]["ready"],
                "vs_mathjax": s[v]["ready"] / s["mathjax"]["ready"],
                "errors": sum(x["errors"] for x in results[(v, lang)]),
            })
    lines = [
        f"Heaviest page of each language (most formulas: "
        + ", ".join(f"`/{pages[lang]}` {counts[lang]}" for lang in pages)
        + f"), headless Chromium on 127.0.0.1, {rounds} interleaved rounds in rotated order, "
        "fresh profile and cache off for every load; medians"
        + (f"; load average {load[0]:.1f} at the start, {load[1]:.1f} at the end on {os.cpu_count()} cores." if load else "."),
        "",
        "| page | variant | math ready, ms (min–max) | × floor | × MathJax | page whole, ms | first paint, ms | blocked after first paint, ms | CLS | requests | gzip KB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['page']}` | {LABELS[r['variant']]} | {r['ready']:.0f} ({r['ready_min']:.0f}–{r['ready_max']:.0f}) "
            f"| {r['vs_floor']:.2f} | {r['vs_mathjax']:.2f} | {r['whole']:.0f} | {r['fcp']:.0f} | {r['blocked']:.0f} | {r['cls']:.3f} "
            f"| {r['requests']:.0f} | {r['gzip'] / 1000:.0f} |")
    return rows, lines


def write_atomic(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=15, help="interleaved rounds of page loads (default 15)")
    p.add_argument("--runs", type=int, default=1, help="runs of the build timings (default 1)")
    p.add_argument("--langs", default="ja,en", help="comma-separated languages to load (default ja,en)")
    p.add_argument("--out", default="bench/results.md", help="Markdown table (default bench/results.md)")
    p.add_argument("--build-dir", default=".build/bench", help="where the variants are built")
    p.add_argument("--skip-build-times", action="store_true", help="only the page benchmark")
    p.error = lambda m: p.exit(2, f"bench.py: error: {m}\n")
    args = p.parse_args(argv)
    if args.rounds < 1:
        p.error("--rounds must be >= 1")
    if args.runs < 1:
        p.error("--runs must be >= 1")
    langs = [x for x in args.langs.split(",") if x]
    if not langs or any(x not in LANGS for x in langs):
        p.error(f"--langs must be a comma-separated subset of {','.join(LANGS)}, got {args.langs!r}")
    out_file = (ROOT / args.out) if not Path(args.out).is_absolute() else Path(args.out)
    if not out_file.parent.is_dir():
        p.error(f"--out: folder {out_file.parent} does not exist")
    why = browser.available()
    if why:
        fail(f"the page benchmark needs headless Chromium: {why}")

    header = []
    if not args.skip_build_times:
        header = build_times(args.runs)
        print("\n".join(header), flush=True)

    out = (ROOT / args.build_dir).resolve()
    print(f"building the variants ({', '.join(VARIANTS)}) into {out} …", flush=True)
    build_variants(out, langs)
    pages, counts = {}, {}
    for lang in langs:
        pages[lang], counts[lang] = heaviest_page(out / "site", lang)
    print(f"loading {', '.join('/' + pages[x] for x in langs)} × {len(VARIANTS)} variants × {args.rounds} rounds …",
          flush=True)
    load0 = os.getloadavg()[0]
    results = measure(out, pages, args.rounds)
    rows, table = summarize(results, pages, counts, args.rounds, (load0, os.getloadavg()[0]))
    errors = sum(r["errors"] for r in rows)
    text = "\n".join(
        ["<!-- written by `make bench` (scripts/tools/bench.py); do not edit by hand -->", ""]
        + ([f"- {h}" for h in header] + [""] if header else [])
        + table + ([f"", f"Console errors during the loads: {errors}."] if errors else [])) + "\n"
    write_atomic(out_file, text)
    print("\n".join(table))
    print(f"written to {out_file.relative_to(ROOT) if out_file.is_relative_to(ROOT) else out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
