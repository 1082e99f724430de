"""Shared fixtures: the built site (both languages, strict) and headless Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import figures  # noqa: F401  before NumPy: pins the BLAS kernels so figures are byte-identical

from tools import browser

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def mkdocs_build(config, site_dir, cwd=ROOT):
    """Run a strict MkDocs build; return the CompletedProcess."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The whole site built from the working tree into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "site"
    for config, dest in (("mkdocs.yml", out), ("mkdocs.en.yml", out / "en")):
        r = mkdocs_build(ROOT / config, dest)
        assert r.returncode == 0, f"mkdocs build -f {config} failed:\n{r.stdout}\n{r.stderr}"
    return out


@pytest.fixture(scope="session")
def served_site(site):
    with browser.serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    why = browser.available()
    if why:
        if IN_CI:
            pytest.fail(f"browser tests must run in CI: {why}")
        print(f"\nskipping browser tests: {why}", file=sys.stderr)
        pytest.skip(why)
    try:
        driver = browser.chromium(user_data_dir=str(tmp_path_factory.mktemp("chromium-profile")))
    except Exception as e:  # noqa: BLE001 - any start-up failure is reported the same way
        if IN_CI:
            pytest.fail(f"headless Chromium did not start in CI: {e}")
        pytest.skip(f"headless Chromium did not start: {e}")
    yield driver
    driver.quit()


# --- no skip in CI ------------------------------------------------------------------------
# In CI (CI=true) a skipped test fails the run: a test that cannot run there checks nothing.
# A skip is allowed only if its reason contains one of these strings (none today; add one with
# the reason why it cannot run in CI).
ALLOWED_CI_SKIPS: tuple[str, ...] = ()
_SKIPPED: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if not any(allowed in reason for allowed in ALLOWED_CI_SKIPS):
            _SKIPPED.append(f"{report.nodeid}: {reason}")


def pytest_collectreport(report):
    pytest_runtest_logreport(report)


def pytest_sessionfinish(session, exitstatus):
    if IN_CI and _SKIPPED:
        print("\nCI=true: skipped tests fail the run (tests/conftest.py ALLOWED_CI_SKIPS is empty):\n  "
              + "\n  ".join(_SKIPPED), file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
