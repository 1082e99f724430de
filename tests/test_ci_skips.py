"""The no-skip-in-CI hook of tests/conftest.py: with CI=true a skipped test fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(tmp_path, ci):
    (tmp_path / "test_one_skip.py").write_text("import pytest\n\ndef test_s():\n    pytest.skip('cannot run here')\n")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    env["PYTHONPATH"] = str(HERE)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-c", os.devnull,
                           "--rootdir", str(tmp_path), str(tmp_path / "test_one_skip.py")],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)


def test_a_skip_fails_in_ci_only(tmp_path):
    local = run(tmp_path, ci=False)
    assert local.returncode == 0, local.stdout + local.stderr
    ci = run(tmp_path, ci=True)
    assert ci.returncode != 0, ci.stdout + ci.stderr
    assert "skipped tests fail the run" in ci.stderr and "cannot run here" in ci.stderr
