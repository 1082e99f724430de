"""`make screenshots` (scripts/tools/screenshots.py): full-page PNGs at phone and desktop width.

The height of each PNG is compared with the page's height measured independently in the
session's Chromium, as a reader gets it: the window at that width, scrolled to the bottom
until the page stops growing (sections below the fold are drawn as they come near, see
docs/assets/speed.css).  A long page is taken before a short one, so a height carried over
from the previous page would show; the last rows of a PNG are the footer.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "tools" / "screenshots.py"
PAGES = ("en/derivation/", "notebooks/")  # a chapter (sections drawn lazily), then a short page

READER_HEIGHT = """
const done = arguments[arguments.length - 1];
(async () => {
  let last = -1;
  for (let i = 0; i < 40 && document.documentElement.scrollHeight !== last; i++) {
    last = document.documentElement.scrollHeight;
    for (let y = 0; y < last; y += innerHeight / 2) { scrollTo(0, y); await new Promise(r => requestAnimationFrame(r)); }
    scrollTo(0, last); await new Promise(r => setTimeout(r, 50));
  }
  // the colour the footer's last line is drawn in: its background over its ancestors' ones
  const layers = [];
  for (let e = document.querySelector('.md-footer-meta'); e; e = e.parentElement) {
    const [r, g, b, a = 1] = getComputedStyle(e).backgroundColor.match(/[\\d.]+/g).map(Number);
    layers.unshift([r, g, b, a]);
  }
  let rgb = [255, 255, 255];
  for (const [r, g, b, a] of layers) rgb = [r, g, b].map((c, i) => c * a + rgb[i] * (1 - a));
  done([document.documentElement.scrollHeight, rgb]);
})();
"""


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=600)


@pytest.mark.browser
def test_screenshots_are_full_height_at_phone_and_desktop_width(chromium, served_site, site, tmp_path):
    from PIL import Image

    r = run("--site", site, "--out", tmp_path, "--palettes", "light", *PAGES)
    assert r.returncode == 0, r.stderr
    chromium.set_script_timeout(120)
    try:
        for page in PAGES:
            name = page.strip("/").replace("/", "-")
            name = name if name.startswith("en") else f"ja-{name}"
            for width in (390, 1280):
                png = Image.open(tmp_path / f"{name}-{width}-light.png").convert("RGB")
                chromium.set_window_size(width, 900)
                chromium.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})
                chromium.get(served_site + page)
                height, footer = chromium.execute_async_script(READER_HEIGHT)
                assert png.width == width, (page, png.size)
                assert abs(png.height - height) <= 2, f"{page} @{width}px: PNG {png.height} px, page {height} px"
                bottom = png.getpixel((width // 2, png.height - 3))
                assert max(abs(a - b) for a, b in zip(bottom, footer)) <= 8, (page, width, bottom, footer)
    finally:
        chromium.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": False})
        chromium.set_window_size(1280, 900)
    lengths = {page: Image.open(tmp_path / f"{'en-derivation' if page.startswith('en') else 'ja-notebooks'}-390-light.png").height
               for page in PAGES}
    assert lengths["en/derivation/"] > 2 * lengths["notebooks/"], lengths  # the order does test a carry-over


def test_screenshots_bad_input_is_one_line(site, tmp_path):
    for args, words in ((["--widths", "500"], "width 500"), (["--palettes", "sepia"], "--palettes"),
                        (["--site", tmp_path / "nothing"], "make site")):
        r = run("--out", tmp_path / "out", *(["--site", site] if "--site" not in args else []), *args)
        assert r.returncode == 2 and words in r.stderr and len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
