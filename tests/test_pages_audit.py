"""Every page of both languages in headless Chromium, light and dark palette.

One load per page and palette checks: axe-core (npm, pinned) finds no serious or critical
violation (the dark pass runs only the palette-dependent colour-contrast rule); no console
error, no failed request, no request off 127.0.0.1; every image loaded and with alt text;
``lang`` right; every formula carries KaTeX's MathML for screen readers; every same-page
anchor exists.  The keyboard tests walk the Tab order.  A static check over ``site/``
(no browser) resolves every local ``src``/``href`` to a file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from tools import browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def pages(site):
    out = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/")[-1] in ("search", "pagefind") or "assets" in rel.split("/"):
            continue
        out.append("" if rel == "." else rel + "/")
    return out


def run_axe(driver, rules=None):
    driver.set_script_timeout(180)
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    res = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))), e => done(String(e)));",
        options)
    assert not isinstance(res, str), res
    return [v for v in res if v["impact"] in ("serious", "critical")]


def load(driver, url):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 20, poll_frequency=0.05).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && document.fonts.status === 'loaded'"))
    # Sections below the fold are drawn when they come near the screen (content-visibility,
    # docs/assets/speed.css): draw them all, as for a reader who has scrolled through the page.
    driver.execute_script(DRAW_ALL)
    # Figures are loading="lazy" and come in one variant per palette (the other is not
    # rendered): load the shown ones now, as scrolling would, and wait for them.
    driver.execute_script(SHOWN_IMAGES + "shown.forEach(i => { i.loading = 'eager'; });")
    WebDriverWait(driver, 20, poll_frequency=0.05).until(lambda d: d.execute_script(
        SHOWN_IMAGES + "return shown.every(i => i.complete);"))


DRAW_ALL = ("const s = document.createElement('style');"
            "s.textContent = '.md-typeset .lazy-section { content-visibility: visible !important; }';"
            "document.head.append(s);")
SHOWN_IMAGES = "const shown = [...document.images].filter(i => i.getClientRects().length > 0);"


PAGE_FACTS = """
const imgs = [...document.images].filter(i => i.getClientRects().length > 0).map(i => ({src: i.getAttribute('src'), ok: i.naturalWidth > 0,
                                            alt: (i.getAttribute('alt') || '').trim()}));
const ids = new Set([...document.querySelectorAll('[id]')].map(e => e.id));
const anchors = [...document.querySelectorAll('a[href^="#"]')].map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
                  .filter(h => h && !ids.has(h));
return {lang: document.documentElement.lang, imgs, anchors,
        katex: document.querySelectorAll('.katex:not([aria-hidden=true])').length,  // not the equation numbers
        mathml: document.querySelectorAll('.katex .katex-mathml math').length,
        scheme: document.body.getAttribute('data-md-color-scheme')};
"""


# Dark palette: the share of near-white pixels of every image shown in the article, drawn as
# the page draws it (its CSS filter, on the page's background).  Covers the notebooks' output
# plots, which are not <figure>s (tests/test_layout.py checks the figures' dark variants).
WHITE_CARDS = """
const done = arguments[arguments.length - 1];
const bg = getComputedStyle(document.body).backgroundColor;
const out = [];
for (const img of [...document.querySelectorAll('.md-content img')].filter(i => i.getClientRects().length && i.naturalWidth)) {
  const r = img.getBoundingClientRect();
  const c = document.createElement('canvas');
  c.width = Math.max(1, Math.round(r.width)); c.height = Math.max(1, Math.round(r.height));
  const ctx = c.getContext('2d');
  ctx.fillStyle = bg; ctx.fillRect(0, 0, c.width, c.height);
  const f = getComputedStyle(img).filter;
  ctx.filter = f && f !== 'none' ? f : 'none';
  ctx.drawImage(img, 0, 0, c.width, c.height);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let white = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] > 235 && d[i + 1] > 235 && d[i + 2] > 235) white++;
  out.push({src: (img.getAttribute('src') || '').slice(0, 80), white: white / (d.length / 4)});
}
done(out);
"""


@pytest.fixture(scope="module")
def audit_pages(site):
    return pages(site)


@pytest.mark.browser
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_page_is_clean_and_accessible(chromium, served_site, site, audit_pages, palette):
    assert len(audit_pages) >= 18
    dark = palette == "dark"
    chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": palette}]})
    host = urlparse(served_site).netloc
    problems = []
    try:
        # Material stores the palette it chose on the first visit; start from none.
        load(chromium, served_site + "404.html")
        chromium.execute_script("localStorage.clear()")
        browser.network(chromium)
        browser.console_errors(chromium)
        for page in audit_pages:
            lang = "en" if page.startswith("en/") else "ja"
            load(chromium, served_site + page)
            facts = chromium.execute_script(PAGE_FACTS)
            want = "slate" if dark else "default"
            if facts["scheme"] != want:  # Material remembers a palette per language: switch as a reader does
                chromium.execute_script("document.querySelector('form[data-md-component=palette] label:not([hidden])').click()")
                facts["scheme"] = chromium.execute_script("return document.body.getAttribute('data-md-color-scheme')")
            where = f"/{page} ({palette})"
            if facts["scheme"] != ("slate" if dark else "default"):
                problems.append(f"{where}: palette {facts['scheme']}")
            if facts["lang"] != lang:
                problems.append(f"{where}: lang={facts['lang']!r}")
            for img in facts["imgs"]:
                if not img["ok"]:
                    problems.append(f"{where}: image not loaded: {img['src']}")
                if len(img["alt"]) < 10 and "figures/" in (img["src"] or ""):
                    problems.append(f"{where}: figure without a describing alt text: {img['src']}")
            if facts["mathml"] != facts["katex"]:
                problems.append(f"{where}: {facts['katex']} formulas but {facts['mathml']} MathML copies")
            if facts["anchors"]:
                problems.append(f"{where}: links to missing anchors {facts['anchors'][:5]}")
            if dark:
                problems += [f"{where}: a white card in the dark palette ({w['white']:.0%} near-white): {w['src']}"
                             for w in chromium.execute_async_script(WHITE_CARDS) if w["white"] > 0.03]
            for v in run_axe(chromium, ["color-contrast"] if dark else None):
                problems.append(f"{where}: axe {v['impact']} {v['id']} ({v['help']}): {v['nodes']}")
            urls, failed = browser.network(chromium)
            off = [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != host]
            problems += [f"{where}: request off 127.0.0.1: {u}" for u in off]
            problems += [f"{where}: failed request: {f}" for f in failed]
            problems += [f"{where}: console: {e['message']}" for e in browser.console_errors(chromium)]
    finally:
        chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        chromium.execute_script("localStorage.clear()")
    assert not problems, "\n".join(problems)




HOME_TITLES = """
const shown = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                     return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && s.visibility !== 'hidden'; };
const squeeze = s => s.replace(/\\s+/g, ' ').trim();
const text = e => squeeze([...e.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))
                            .map(n => n.textContent).join(''));                 // without the permalink sign
const own = e => squeeze([...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(''));
const toc = text(document.querySelector('.md-sidebar--secondary label.md-nav__title'));
const site = text(document.querySelector('.md-header__topic .md-ellipsis'));
return {toc, site,
        // the contents title, and headings or contents entries that read the same
        tocTitles: [...document.querySelectorAll('h1, h2, h3, label.md-nav__title, .md-sidebar--secondary a.md-nav__link')]
                     .filter(e => shown(e) && text(e) === toc).length,
        navSite: [...document.querySelectorAll('.md-sidebar *')].filter(e => shown(e) && own(e) === site).length};
"""


@pytest.mark.browser
@pytest.mark.parametrize("page", ["", "en/"])
def test_home_page_has_one_contents_title_and_no_repeated_site_title(chromium, served_site, page):
    """Issue 7: the home page's table of contents has one title (the page has no heading of the
    same name), and the sidebars do not repeat the site title that the header shows."""
    for width in (1280, 1024):
        chromium.set_window_size(width, 900)
        try:
            load(chromium, served_site + page)
            r = chromium.execute_script(HOME_TITLES)
        finally:
            chromium.set_window_size(1280, 900)
        assert r["toc"] and r["site"], r
        assert r["tocTitles"] == 1, f"/{page} @{width}px: {r['tocTitles']} visible headings read {r['toc']!r}"
        assert r["navSite"] == 0, f"/{page} @{width}px: the sidebar repeats the site title {r['site']!r}"


# Controls that Tab skips on purpose, each with its keyboard equivalent in Material:
# the backdrop and the in-box icon close the search (Escape), the reset button clears it
# (Escape, or select-and-delete).
# In the phone drawer, a panel title goes back a level and the current page's entry opens its
# sections; the same pages and sections are links that Tab reaches (drawer, table of contents).
SKIPPED_ON_PURPOSE = ("label.md-search__overlay", "label.md-search__icon", "button[type=reset].md-search__icon",
                      "label.md-nav__title", "label.md-nav__link[for=__toc]")

FOCUS_AUDIT = """
const skipped = arguments[0];
const visible = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                       return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth
                              && s.visibility !== 'hidden' && !e.closest('[inert]'); };
const controls = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, label[for], [tabindex]')]
  .filter(visible).filter(e => !skipped.some(sel => e.matches(sel)));
const reachable = e => {
  if (e.tabIndex >= 0 && !e.disabled) return true;
  if (e.tagName === 'LABEL') {           // a label is reached through its control (radio group: any member)
    const t = document.getElementById(e.htmlFor);
    if (!t) return false;
    const group = t.type === 'radio' ? [...document.getElementsByName(t.name)] : [t];
    return group.some(g => g.tabIndex >= 0 && getComputedStyle(g).display !== 'none');
  }
  return false;
};
const unreachable = controls.filter(e => !reachable(e)).map(e => e.outerHTML.slice(0, 100));
// Focus ring: focus each Tab stop (after a real Tab key, so :focus-visible applies) and read its style.
const noRing = [];
for (const e of controls.filter(e => e.tabIndex >= 0 && e.tagName !== 'LABEL')) {
  e.focus();
  if (document.activeElement !== e) continue;
  const shown = e.matches('input.md-option') ? e.nextElementSibling : e;
  const s = getComputedStyle(shown);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
               || s.textDecorationLine.includes('underline');
  if (!ring) noRing.push(e.outerHTML.slice(0, 100));
}
return [controls.length, unreachable, noRing];
"""


@pytest.mark.browser
@pytest.mark.parametrize("page, width", [("cross-entropy/", 1280), ("en/cross-entropy/", 390)])
def test_keyboard_skip_link_focus_and_controls(chromium, served_site, page, width):
    """Tab reaches the skip link first and shows it; every visible control is a Tab stop (or
    reached through its control); every Tab stop shows a focus indicator."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    chromium.set_window_size(width, 900)
    try:
        load(chromium, served_site + page)
        chromium.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        ActionChains(chromium).send_keys(Keys.TAB).perform()
        first = chromium.execute_script(
            "const a = document.activeElement, r = a.getBoundingClientRect();"
            "return [a.className, a.getAttribute('href'), r.width > 0 && r.height > 0 && r.top >= 0]")
        assert "md-skip" in first[0] and (first[1] or "").startswith("#"), first
        assert first[2], "the skip link is not visible when focused"
        n, unreachable, no_ring = chromium.execute_script(FOCUS_AUDIT, list(SKIPPED_ON_PURPOSE))
        assert n > 20
        assert not unreachable, f"{len(unreachable)} controls not reachable with Tab: {unreachable[:5]}"
        assert not no_ring, f"{len(no_ring)} Tab stops without a visible focus indicator: {no_ring[:5]}"
        if width < 600:  # the phone header's menu and search buttons work from the keyboard
            chromium.execute_script("document.querySelector('label.md-header__button[for=__search]').focus()")
            ActionChains(chromium).send_keys(Keys.ENTER).perform()
            assert chromium.execute_script("return document.getElementById('__search').checked")
            ActionChains(chromium).send_keys(Keys.ESCAPE).perform()
    finally:
        chromium.set_window_size(1280, 900)


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)


def test_every_local_reference_in_site_resolves(site):
    """Static, no browser: every local href/src of every page names a file in site/ (pages,
    anchors are checked by test_build.py; this covers CSS, JS, images, fonts, downloads)."""
    missing = []
    for html in sorted(site.rglob("*.html")):
        if "pagefind" in html.relative_to(site).parts:
            continue
        parser = _Refs()
        parser.feed(html.read_text(encoding="utf-8"))
        page_url = "http://site/" + html.relative_to(site).as_posix()
        for ref in parser.refs:
            u = urlparse(urljoin(page_url, ref))
            if u.scheme not in ("http", "https") or u.netloc != "site":
                continue
            if u.path.endswith(".pdf"):  # the PDFs are made by `make pdf` after the site build
                continue
            path = site / unquote(u.path.lstrip("/"))
            if u.path.endswith("/"):
                path = path / "index.html"
            if not path.exists():
                missing.append(f"{html.relative_to(site)}: {ref}")
    css_missing = []
    for css in sorted(site.rglob("*.css")):
        for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "http:", "https:", "#")):
                continue
            if not (css.parent / unquote(ref.split("?")[0].split("#")[0])).exists():
                css_missing.append(f"{css.relative_to(site)}: {ref}")
    assert not missing and not css_missing, "\n".join(missing + css_missing)
