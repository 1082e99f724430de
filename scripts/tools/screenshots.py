"""Screenshots of the built site in headless Chromium, for looking at what we ship.

    python scripts/tools/screenshots.py [--site site] [--out .build/screenshots] [--widths 390,1280]
                                  [--palettes light,dark] [--search QUERY] [PAGE ...]
    python scripts/tools/screenshots.py --readme      # the two small PNGs the README shows

PAGE is a URL path inside the site (default: every page of both languages).
Writes <out>/<lang>-<page>-<width>-<light|dark>.png at the page's full height: the viewport
is set to the width and a fixed phone or desktop height before each page loads, so no height
carries over from the previous page; the figures the palette shows are loaded (they are lazy),
the document's height is measured at that viewport and the page is captured beyond the
viewport in tiles that are joined (the viewport is not grown: Material's sidebars are as tall
as the viewport, so a grown viewport would grow the page).
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
MAX_HEIGHT = 60000  # CSS px: the longest page (en/information/ at 390 px) measured 22707
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
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})  # the page gets all ``width``
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


# The images a reader sees: each figure comes as one <picture> per palette, the other one is
# not rendered (and, being lazy, never loads).
SHOWN = "[...document.images].filter(i => i.getClientRects().length > 0)"


def settle(driver, timeout=15):
    """Wait for the page, its fonts and the images shown in this palette (loaded now, as
    scrolling would load them)."""
    driver.execute_script(f"{SHOWN}.forEach(i => {{ i.loading = 'eager'; }})")
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script("return document.readyState === 'complete' && document.fonts.status === 'loaded'"
                                 f" && {SHOWN}.every(i => i.complete)"):
            return
        time.sleep(0.05)


def save_png(driver, path, height=None, tile=4000):
    """Capture the viewport, or the top ``height`` CSS px of the page in tiles joined into one
    image, into ``path`` (temp file, then rename)."""
    from io import BytesIO

    from PIL import Image

    if height is None:
        shots = [driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})["data"]]
    else:
        width = driver.execute_script("return document.documentElement.clientWidth")
        shots = [driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": y, "width": width, "height": min(tile, height - y), "scale": 1}})["data"]
            for y in range(0, height, tile)]
    images = [Image.open(BytesIO(base64.b64decode(s))) for s in shots]
    out = images[0] if len(images) == 1 else Image.new("RGB", (images[0].width, sum(i.height for i in images)))
    if len(images) > 1:
        y = 0
        for i in images:
            out.paste(i, (0, y))
            y += i.height
    fd, tmp = tempfile.mkstemp(suffix=".png", dir=path.parent)
    os.close(fd)
    out.save(tmp, format="PNG")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


# Sections below the fold are drawn only when they come near the screen (content-visibility,
# docs/assets/speed.css); a reader who scrolls sees them all, so draw them all.
DRAW_ALL = ("const s = document.createElement('style');"
            "s.textContent = '.md-typeset .lazy-section { content-visibility: visible !important; }';"
            "document.head.append(s);")


def shoot(driver, url, path, width):
    """A full-height screenshot of ``url`` at ``width`` CSS px."""
    viewport(driver, width, VIEW_HEIGHT[width])
    driver.get(url)
    driver.execute_script(DRAW_ALL)
    settle(driver)
    height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    save_png(driver, path, height=min(height, MAX_HEIGHT))


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
