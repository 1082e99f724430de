"""Screenshots of the built site in headless Chromium, for looking at what we ship.

    python scripts/tools/screenshots.py [--site site] [--out .build/screenshots] [--widths 390,1280]
                                  [--palettes light,dark] [--search QUERY] [PAGE ...]
    python scripts/tools/screenshots.py --readme      # the two small PNGs the README shows

PAGE is a URL path inside the site (default: every page of both languages).
Writes <out>/<lang>-<page>-<width>-<light|dark>.png at the page's full height: the viewport
is set to the width and a fixed height before each page loads, the page's height is then
measured and the viewport grown to it, so no height carries over from the previous page.
``--search QUERY`` types QUERY into the search box and captures the viewport with the results.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import tempfile
import time
from pathlib import Path

from tools import browser

ROOT = Path(__file__).resolve().parents[2]
PHONE, DESKTOP = 390, 1280
VIEW_HEIGHT = {PHONE: 844, DESKTOP: 900}
MAX_HEIGHT = 16000
README_SHOTS = (("screenshots/chapter-desktop.png", "en/cross-entropy/", DESKTOP),
                ("screenshots/chapter-phone.png", "cross-entropy/", PHONE))


def pages_in(site):
    """URL paths of all built pages (index.html files), Japanese first."""
    out = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.startswith(("search", "assets")) or "/pagefind" in f"/{rel}":
            continue
        out.append("" if rel == "." else rel + "/")
    return sorted(out, key=lambda p: (p.startswith("en/"), p))


def viewport(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def settle(driver, timeout=15):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script("return document.readyState === 'complete' && document.fonts.status === 'loaded'"
                                 " && [...document.images].every(i => i.complete)"):
            return
        time.sleep(0.05)


def save_png(driver, path):
    """Capture the viewport into ``path`` (temp file, then rename)."""
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    fd, tmp = tempfile.mkstemp(suffix=".png", dir=path.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def shoot(driver, url, path, width):
    """A full-height screenshot of ``url`` at ``width`` CSS px."""
    viewport(driver, width, VIEW_HEIGHT[width])
    driver.get(url)
    settle(driver)
    height = VIEW_HEIGHT[width]
    for _ in range(3):  # the layout can change with the viewport height (sticky sidebars)
        h = min(max(driver.execute_script("return document.documentElement.scrollHeight"), VIEW_HEIGHT[width]),
                MAX_HEIGHT)
        if h == height:
            break
        height = h
        viewport(driver, width, height)
        time.sleep(0.1)
    save_png(driver, path)


def shoot_search(driver, url, query, path, width):
    """The viewport after typing ``query`` into the search box (results open)."""
    from selenium.webdriver.common.by import By

    viewport(driver, width, VIEW_HEIGHT[width])
    driver.get(url)
    settle(driver)
    driver.execute_script("document.getElementById('__search').click()")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.send_keys(query)
    end = time.monotonic() + 10
    while time.monotonic() < end and not driver.execute_script(
            "return document.querySelectorAll('.md-search-result__item').length > 0"
            " || /見つかりません|Nothing found/.test(document.querySelector('.md-search-result__meta').textContent)"):
        time.sleep(0.05)
    time.sleep(0.3)
    save_png(driver, path)


def shrink(path):
    """Quantise a PNG to 128 colours (the README screenshots stay small)."""
    from PIL import Image

    img = Image.open(path).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    fd, tmp = tempfile.mkstemp(suffix=".png", dir=path.parent)
    os.close(fd)
    img.save(tmp, optimize=True)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--site", default=str(ROOT / "site"))
    p.add_argument("--out", default=str(ROOT / ".build" / "screenshots"))
    p.add_argument("--widths", default=f"{PHONE},{DESKTOP}")
    p.add_argument("--palettes", default="light,dark")
    p.add_argument("--search", help="capture the search results for this query instead of full pages")
    p.add_argument("--readme", action="store_true", help="write the README's two screenshots into screenshots/")
    p.add_argument("pages", nargs="*")
    p.error = lambda m: p.exit(2, f"screenshots.py: error: {m}\n")
    args = p.parse_args(argv)
    site, out = Path(args.site), Path(args.out)
    if not (site / "index.html").exists():
        p.error(f"{site} has no index.html: run `make site` first")
    try:
        widths = [int(w) for w in args.widths.split(",")]
    except ValueError:
        p.error(f"--widths wants comma-separated numbers, not {args.widths!r}")
    bad = [w for w in widths if w not in VIEW_HEIGHT]
    if bad:
        p.error(f"width {bad[0]} is not one of {sorted(VIEW_HEIGHT)}")
    palettes = args.palettes.split(",")
    if not set(palettes) <= {"light", "dark"}:
        p.error(f"--palettes wants light and/or dark, not {args.palettes!r}")
    why = browser.available()
    if why:
        p.error(why)
    with browser.serve(site) as base:
        if args.readme:
            driver = browser.chromium()
            try:
                for rel, page, width in README_SHOTS:
                    path = ROOT / rel
                    path.parent.mkdir(parents=True, exist_ok=True)
                    viewport(driver, width, VIEW_HEIGHT[width])
                    driver.get(base + page)
                    settle(driver)
                    save_png(driver, path)
                    shrink(path)
                    print(path)
            finally:
                driver.quit()
            return 0
        out.mkdir(parents=True, exist_ok=True)
        pages = args.pages or pages_in(site)
        for palette in palettes:
            driver = browser.chromium(dark=palette == "dark")
            try:
                for page in pages:
                    name = page.strip("/").replace("/", "-") or "index"
                    name = name if name.startswith("en") else "ja-" + name
                    if name == "en":
                        name = "en-index"
                    for width in widths:
                        if args.search:
                            path = out / f"{name}-search-{width}-{palette}.png"
                            shoot_search(driver, base + page, args.search, path, width)
                        else:
                            path = out / f"{name}-{width}-{palette}.png"
                            shoot(driver, base + page, path, width)
                        print(path)
            finally:
                driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
