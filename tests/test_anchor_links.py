"""Equation and figure numbers are "copy link" affordances (issue 17): a plain link to their own
anchor (without JavaScript too), reached with Tab, named in the page's language; activating one
copies the anchor's absolute address to the clipboard and shows it in a status line — also in the
far sections that scripts/site/hooks/speed.py builds after the load (event delegation)."""

from __future__ import annotations

import re
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.browser

READ_CLIPBOARD = """const done = arguments[arguments.length - 1];
navigator.clipboard.readText().then(done, e => done('ERROR ' + e));"""


def _grant_clipboard(driver, base):
    driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": base.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})


def _status(driver):
    return driver.execute_script(
        "const s = document.querySelector('.anchor-status.is-shown'); return s ? s.textContent : null;")


def test_tab_reaches_the_equation_number_and_enter_copies_its_address(chromium, served_site):
    _grant_clipboard(chromium, served_site)
    url = served_site + "en/cross-entropy/"
    chromium.get(url)
    first = chromium.execute_script("return document.querySelector('a.eq-number').getAttribute('href')")
    body = chromium.find_element("css selector", "body")
    body.click()
    chromium.execute_script("window.scrollTo(0, 0); document.activeElement.blur();")
    reached = None
    for _ in range(400):
        ActionChains(chromium).send_keys(Keys.TAB).perform()
        if chromium.execute_script("return document.activeElement.matches('a.anchor-link')"):
            reached = chromium.execute_script("return document.activeElement.getAttribute('href')")
            break
    assert reached == first, f"Tab did not reach the first equation number ({first}), got {reached}"
    name = chromium.execute_script("return document.activeElement.getAttribute('aria-label')")
    assert re.fullmatch(r"Link to equation \(2\.1\)", name), name
    ring = chromium.execute_script("const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth")
    assert not ring.startswith("none"), ring
    ActionChains(chromium).send_keys(Keys.ENTER).perform()
    expected = url + first
    for _ in range(100):
        if _status(chromium):
            break
        time.sleep(0.05)
    assert _status(chromium) == f"Link copied: {expected}"
    assert chromium.execute_async_script(READ_CLIPBOARD) == expected
    assert chromium.current_url == expected, "the address bar shows it too"
    assert chromium.execute_script("return document.activeElement.getAttribute('href')") == first, "focus stays"


def test_figure_number_and_a_far_equation_copy_their_address_in_japanese(chromium, served_site):
    _grant_clipboard(chromium, served_site)
    url = served_site + "information/"
    chromium.get(url)   # returns once the far sections are built
    links = chromium.execute_script(
        "return [...document.querySelectorAll('a.anchor-link')].map(a => [a.className, a.getAttribute('href'), a.getAttribute('aria-label')])")
    assert any("fig-link" in c for c, _, _ in links) and any("eq-number" in c for c, _, _ in links)
    for cls, name in (("fig-link", r"図 5\.\d+ へのリンク"), ("eq-number", r"式 \(5\.\d+\) へのリンク")):
        _, href, label = [l for l in links if cls in l[0]][-1]   # the last one: in a far section
        assert re.fullmatch(name, label), label
        chromium.execute_script("const a = [...document.querySelectorAll('a.' + arguments[0])].pop();"
                                "a.scrollIntoView({block: 'center'}); a.focus();", cls)
        ActionChains(chromium).send_keys(Keys.ENTER).perform()
        expected = url + href
        assert chromium.execute_async_script(READ_CLIPBOARD) == expected
        assert _status(chromium) == f"リンクをコピーしました: {expected}"


def test_without_javascript_the_number_is_a_plain_link(chromium, served_site):
    chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        chromium.get(served_site + "en/derivation/", whole=False)
        link = chromium.find_element("css selector", "a.eq-number")
        href = link.get_attribute("href")
        assert href.startswith(served_site + "en/derivation/#eq-")
        chromium.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        assert chromium.current_url == href and not _status(chromium)
    finally:
        chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
