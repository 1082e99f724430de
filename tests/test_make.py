"""The Makefile: figures are remade only when out of date; missing prerequisites get one clear line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def make(*args, env=None):
    e = dict(os.environ, **(env or {}))
    e.pop("MAKEFLAGS", None)
    e.pop("MAKELEVEL", None)
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          env=e, timeout=600)


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_figures_are_made_once_then_nothing(tmp_path):
    out = tmp_path / "figs"
    first = make("figures", f"FIGDIR={out}")
    assert first.returncode == 0, first.stderr
    made = sorted(p.name for p in out.glob("*.svg"))
    assert made == sorted(p.stem[4:] + ".svg" for p in (ROOT / "scripts" / "figures").glob("fig_*.py"))
    second = make("figures", f"FIGDIR={out}")
    assert second.returncode == 0
    assert "all up to date" in second.stdout and "render_figures" not in second.stdout
    # an out-of-date figure is remade, alone
    victim = sorted(out.glob("*.svg"))[0]
    os.utime(victim, (1, 1))
    third = make("figures", f"FIGDIR={out}")
    rendered = [l for l in third.stdout.splitlines() if l.startswith("render_figures.py")]
    assert len(rendered) == 1 and rendered[0].split()[3:] == [victim.stem], third.stdout
    for p in out.iterdir():
        assert p.read_bytes() == (ROOT / "figures" / p.name).read_bytes(), p.name


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_missing_python_is_one_clear_line(tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    r = make("-B", "prereq", f"PY={fake}")
    assert r.returncode != 0
    lines = [l for l in r.stdout.splitlines() + r.stderr.splitlines() if l.startswith("make: Python")]
    assert len(lines) == 1 and "3.11" in lines[0]


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_missing_node_is_one_clear_line(tmp_path):
    bindir = tmp_path / "bin"  # a PATH with make and Python but no node
    bindir.mkdir()
    (bindir / "python3").symlink_to(sys.executable)
    (bindir / "make").symlink_to(shutil.which("make"))
    r = subprocess.run([str(bindir / "make"), "--no-print-directory", "-B", "prereq"], cwd=ROOT,
                       capture_output=True, text=True, env={"PATH": str(bindir), "HOME": str(tmp_path)})
    assert r.returncode != 0
    lines = [l for l in r.stdout.splitlines() + r.stderr.splitlines() if l.startswith("make: Node.js")]
    assert len(lines) == 1 and "install" in lines[0], r.stdout + r.stderr
