"""CITATION.cff as the CFF tools read it (issue 17): valid under cffconvert 2.0.0, and its
schema.org, Zenodo and APA-like outputs right — one licence URL, the site's URL, the collective
author's name.  cffconvert pins jsonschema<4 (the main lock has 4.26), so it lives in its own venv,
.venv-cff, from requirements-cff.lock (Makefile; `make test` creates it)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

from conftest import IN_CI, ROOT

CFFCONVERT = ROOT / ".venv-cff" / "bin" / "cffconvert"


def cffconvert(*args, cff=ROOT / "CITATION.cff"):
    if not CFFCONVERT.exists():
        why = "cffconvert is not installed: run `make .venv-cff/.installed` (make test does)"
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)
    return subprocess.run([str(CFFCONVERT), "-i", str(cff), *args], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"))


def cff():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_cffconvert_validates_the_cff():
    r = cffconvert("--validate")
    assert r.returncode == 0 and "valid" in r.stdout, r.stdout + r.stderr


def test_cffconvert_rejects_a_broken_cff(tmp_path):
    bad = tmp_path / "CITATION.cff"
    data = cff()
    data["preferred-citation"]["type"] = "not-a-type"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert cffconvert("--validate", cff=bad).returncode != 0


def test_schema_org_output():
    r = cffconvert("-f", "schema.org")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["license"] == "https://spdx.org/licenses/CC-BY-4.0", out["license"]   # not "…/['CC-BY-4.0', 'MIT']"
    assert out["url"] == cff()["url"] and out["codeRepository"] == cff()["repository-code"]
    assert [a["name"] for a in out["author"]] == ["Cross-Entropy Reference contributors"]
    assert out["version"] == cff()["version"] and out["name"] == cff()["title"]


def test_zenodo_output():
    r = cffconvert("-f", "zenodo")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["license"] == {"id": "CC-BY-4.0"}, out["license"]   # Zenodo takes one licence id
    assert out["creators"] == [{"name": "Cross-Entropy Reference contributors"}]
    assert out["publication_date"] == cff()["date-released"]


def test_apalike_output():
    r = cffconvert("-f", "apalike")
    assert r.returncode == 0, r.stderr
    data = cff()
    assert r.stdout.strip() == (f"Cross-Entropy Reference contributors ({data['date-released'][:4]}). {data['title']} "
                                f"(version {data['version']}). URL: {data['url']}")


def test_the_lock_is_exact_and_separate():
    lock = (ROOT / "requirements-cff.lock").read_text(encoding="utf-8")
    pins = [l for l in lock.splitlines() if l and not l.startswith("#")]
    assert all("==" in p for p in pins) and "cffconvert==2.0.0" in pins and "jsonschema==3.2.0" in pins
    assert "jsonschema==4.26.0" in (ROOT / "requirements.lock").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "test: env $(CFF_STAMP)" in makefile and "requirements-cff.lock" in makefile
