"""Screenshots of the built site in headless Chromium, for looking at what we ship.

    python scripts/tools/screenshots.py [--site site] [--out .build/screenshots] [PAGE ...]

PAGE is a URL path inside the site (default: every page of both languages).
Writes <out>/<lang>-<page>-<light|dark>.png, full page height.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from tools import browser

ROOT = Path(__file__).resolve().parents[2]


def pages_in(site):
    """URL paths of all built pages (index.html files), Japanese first."""
    out = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.startswith(("search", "assets")):
            continue
        out.append("" if rel == "." else rel + "/")
    return sorted(out, key=lambda p: (p.startswith("en/"), p))


def shoot(driver, url, path):
    driver.get(url)
    h = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(h, 600), 12000))
    fd, tmp = tempfile.mkstemp(suffix=".png", dir=path.parent)
    os.close(fd)
    driver.save_screenshot(tmp)
    os.replace(tmp, path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--site", default=str(ROOT / "site"))
    p.add_argument("--out", default=str(ROOT / ".build" / "screenshots"))
    p.add_argument("--dark-only", action="store_true")
    p.add_argument("pages", nargs="*")
    p.error = lambda m: p.exit(2, f"screenshots.py: error: {m}\n")
    args = p.parse_args(argv)
    site, out = Path(args.site), Path(args.out)
    if not (site / "index.html").exists():
        p.error(f"{site} has no index.html: run `make site` first")
    why = browser.available()
    if why:
        p.error(why)
    out.mkdir(parents=True, exist_ok=True)
    pages = args.pages or pages_in(site)
    with browser.serve(site) as base:
        for dark in ((True,) if args.dark_only else (False, True)):
            driver = browser.chromium(dark=dark)
            try:
                for page in pages:
                    name = (page.strip("/").replace("/", "-") or "ja-index")
                    if not name.startswith("en"):
                        name = "ja-" + name if not name.startswith("ja-") else name
                    path = out / f"{name}-{'dark' if dark else 'light'}.png"
                    shoot(driver, base + page, path)
                    print(path)
            finally:
                driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
