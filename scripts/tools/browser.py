"""Headless Chromium for looking at the built site: shared by the browser tests and
``make screenshots``.

``serve(site_dir)`` serves a folder on 127.0.0.1 at a free port in a thread;
``chromium()`` starts Debian's Chromium through Debian's chromedriver with the
flags that keep it quiet on a closed network, and with Chrome's performance log
on, so that every network request can be read back (``requests(driver)``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--disable-quic",
    "--lang=ja",
)


def available():
    """None if Chromium and chromedriver are installed, else the reason they are not."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists() and shutil.which(Path(path).name) is None:
            return f"{path} not found (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site_dir):
    """Serve ``site_dir`` on http://127.0.0.1:<free port>/ ; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def chromium(width=1280, height=900, dark=False, user_data_dir=None):
    """A Selenium driver for headless Chromium with performance and console logs."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or CHROMIUM
    for f in FLAGS:
        opts.add_argument(f)
    opts.add_argument(f"--window-size={width},{height}")
    if user_data_dir:
        opts.add_argument(f"--user-data-dir={user_data_dir}")
    if dark:
        opts.add_argument("--force-dark-mode")
        opts.add_argument("--blink-settings=preferredColorScheme=0")
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or CHROMEDRIVER)
    driver = _chrome_class(webdriver.Chrome)(service=service, options=opts)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    if dark:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    return driver


# What a deferred block of scripts/site/hooks/speed.py holds until it is built.
HELD = ".lazy-section > noscript"
# The page's deferred blocks are all built: or there are none, or the page runs without
# JavaScript (then they are ordinary content).
WHOLE = ("return !document.documentElement.classList.contains('lazy-blocks')"
         f" || !document.querySelector('{HELD}')")


@functools.cache
def _chrome_class(base):
    class Chrome(base):
        """``get(url)`` returns once the page is whole: after the load event, speed.py's script
        builds the deferred blocks when the browser is idle.  ``get(url, whole=False)`` returns
        at the load event, as Selenium does."""

        def get(self, url, whole=True):
            super().get(url)
            if whole:
                wait_whole(self)

    return Chrome


def wait_whole(driver, timeout=30):
    """Wait until every deferred block of the page is built (see ``WHOLE``)."""
    deadline = time.monotonic() + timeout
    while not driver.execute_script(WHOLE):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{driver.current_url}: deferred blocks not built after {timeout} s")
        time.sleep(0.05)


def requests(driver):
    """URLs of every request the page made since the last call (from the performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def network(driver):
    """(urls, failures) since the last call: every request, and every request that failed
    or got an HTTP status of 400 or more (from the performance log)."""
    urls, failed, status = [], [], {}
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        params = msg.get("params", {})
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(params["request"]["url"])
            status[params["requestId"]] = params["request"]["url"]
        elif msg.get("method") == "Network.responseReceived" and params["response"]["status"] >= 400:
            failed.append(f"{params['response']['status']} {params['response']['url']}")
        elif msg.get("method") == "Network.loadingFailed" and not params.get("canceled"):
            failed.append(f"{params.get('errorText')} {status.get(params['requestId'], '?')}")
    return urls, failed


def console_errors(driver):
    """Console messages of level SEVERE since the last call."""
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
