"""The built site as a reader sees it, in headless Chromium served from 127.0.0.1.

Skips locally when Chromium is missing (and says why); fails in CI (CI=true).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tools import browser

pytestmark = pytest.mark.browser

PAGES = {"ja": "slowdown/", "en": "en/slowdown/"}
QUERIES = {
    "ja": ["交差エントロピー", "コスト関数", "シグモイド"],
    "en": ["entropy", "sigmoid", "cost"],
}


def wait(driver, script, timeout=15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: d.execute_script(script))


def load(driver, url):
    driver.get(url)
    wait(driver, "return document.readyState === 'complete'")
    wait(driver, "return document.fonts.status === 'loaded'")


def assert_local_only(urls, base):
    host = urlparse(base).netloc
    leaving = [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != host]
    assert not leaving, f"requests to other hosts: {leaving}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_renders_math_and_figures_offline(chromium, served_site, lang):
    browser.requests(chromium)
    browser.console_errors(chromium)
    load(chromium, served_site + PAGES[lang])
    assert chromium.execute_script("return document.documentElement.lang") == lang
    # math: KaTeX HTML present, laid out, and its font actually loaded from the site
    n_math = chromium.execute_script("return document.querySelectorAll('.katex').length")
    assert n_math >= 5
    assert chromium.execute_script("return document.querySelector('.math-display .katex-html').getBoundingClientRect().height > 10")
    assert chromium.execute_script("return document.fonts.check('16px KaTeX_Main')")
    assert chromium.execute_script(
        "return [...document.fonts].some(f => f.family.includes('KaTeX') && f.status === 'loaded')")
    # numbered equation with its id
    assert chromium.execute_script("return document.querySelector('#eq-quadratic-cost .katex-tag') !== null")
    # figures: every image of the current palette loaded once the reader scrolls to it (they are
    # loading="lazy"; the other palette's variant is display:none and, rightly, never fetched)
    shown = "[...document.querySelectorAll('figure img')].filter(i => i.getClientRects().length > 0)"
    n_figs = chromium.execute_script(f"return {shown}.length")
    assert n_figs >= 2
    for k in range(n_figs):
        chromium.execute_script(f"{shown}[{k}].scrollIntoView()")
        wait(chromium, f"const i = {shown}[{k}]; return i.complete && i.naturalWidth > 0")
    imgs = chromium.execute_script(
        f"return {shown}.map(i => [i.currentSrc || i.getAttribute('src'), i.complete && i.naturalWidth > 0])")
    figs = [i for i in imgs if i[0].split("#")[0].endswith(".svg") and "figures/" in i[0]]
    assert len(figs) >= 2 and all(ok for _, ok in figs), imgs
    urls = browser.requests(chromium)
    assert any("katex" in u and u.endswith(".woff2") for u in urls), "no KaTeX font requested"
    assert_local_only(urls, served_site)
    assert browser.console_errors(chromium) == []


def search(driver, query):
    box = driver.find_element("css selector", "input.md-search__input")
    driver.execute_script("document.querySelector('label.md-search__icon, .md-header__button[for=__search]')?.click()")
    driver.execute_script("document.getElementById('__search').checked = true")
    box.clear()
    box.send_keys(query)
    try:
        wait(driver, "return document.querySelectorAll('.md-search-result__item').length > 0", timeout=10)
    except Exception:  # noqa: BLE001 - report what the page shows
        pass
    return driver.execute_script(
        "return [...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href)")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_search_finds_pages_in_the_readers_language(chromium, served_site, lang):
    browser.requests(chromium)
    browser.console_errors(chromium)
    load(chromium, served_site + PAGES[lang])
    wait(chromium, "return document.querySelector('.md-search-result__meta') !== null")
    for query in QUERIES[lang]:
        hits = search(chromium, query)
        assert hits, f"{lang}: no result for {query!r}"
        in_en = [("/en/" in urlparse(h).path) for h in hits]
        assert all(in_en) if lang == "en" else not any(in_en), f"{query!r}: results in the wrong language: {hits}"
    assert_local_only(browser.requests(chromium), served_site)
    assert browser.console_errors(chromium) == []


@pytest.mark.parametrize("start, other", [("slowdown/", "en/slowdown/"), ("en/slowdown/", "slowdown/"),
                                          ("", "en/"), ("en/", "")])
def test_language_switcher_lands_on_the_same_page(chromium, served_site, start, other):
    load(chromium, served_site + start)
    links = chromium.execute_script(
        "return [...document.querySelectorAll('a.md-select__link')].map(a => [a.hreflang, a.href])")
    target_lang = "en" if other.startswith("en/") else "ja"
    href = dict(links)[target_lang]
    assert href == served_site + other
    load(chromium, href)
    assert chromium.execute_script("return document.documentElement.lang") == target_lang
    assert browser.console_errors(chromium) == []


@pytest.mark.parametrize("page", ["notebooks/slowdown/", "en/notebooks/kl-asymmetry/"])
def test_notebook_page_offline_with_math_figures_and_a_working_download_button(chromium, served_site, page):
    browser.requests(chromium)
    browser.console_errors(chromium)
    load(chromium, served_site + page)
    assert chromium.execute_script("return document.querySelectorAll('.notebook .katex').length") >= 5
    imgs = chromium.execute_script("return [...document.querySelectorAll('.notebook img')]"
                                   ".map(i => i.complete && i.naturalWidth > 100)")
    assert len(imgs) >= 2 and all(imgs)
    button = chromium.find_element("css selector", "a.md-button[download]")
    assert button.is_displayed() and button.size["width"] > 100
    fetched = chromium.execute_script(
        "return fetch(arguments[0]).then(r => r.json()).then(nb => [nb.nbformat, nb.cells.length])", button.get_attribute("href"))
    assert fetched[0] == 4 and fetched[1] > 5
    urls = browser.requests(chromium)
    assert_local_only(urls, served_site)
    assert browser.console_errors(chromium) == []
