"""Figures: every script is deterministic, matches the committed SVG, and is shown on a page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from figures import figstyle

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "scripts" / "figures").glob("fig_*.py"))
STEMS = [s.stem[len("fig_"):] for s in SCRIPTS]
VARIANTS = list(figstyle.VARIANTS)  # "", ".dark", ".narrow", ".narrow.dark"


def run(script, out):
    return subprocess.run([sys.executable, str(script), "--out", str(out)], capture_output=True, text=True,
                          cwd=out, timeout=120)


def test_there_are_figures():
    assert len(SCRIPTS) >= 2


@pytest.mark.parametrize("script", SCRIPTS, ids=STEMS)
def test_figure_is_deterministic_and_committed(script, tmp_path):
    stem = script.stem[len("fig_"):]
    first, second = tmp_path / "1", tmp_path / "2"
    first.mkdir()
    second.mkdir()
    names = sorted(f"{stem}{v}.svg" for v in VARIANTS)
    for out in (first, second):
        r = run(script, out)
        assert r.returncode == 0, r.stderr
        assert sorted(p.name for p in out.iterdir()) == names, "writes exactly the variants, no temp files"
    for name in names:
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        assert a == b, f"{name}: two runs differ"
        committed = ROOT / "figures" / name
        assert committed.exists(), f"figures/{name} is not committed (run make figures)"
        assert committed.read_bytes() == a, f"figures/{name} differs from what its script makes (run make figures)"
        assert a.startswith(b"<?xml") and b"</svg>" in a[-20:]


def _size_pt(svg):
    m = re.search(rb'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    return float(m.group(1)), float(m.group(2))


@pytest.mark.parametrize("stem", STEMS)
def test_variants_are_what_they_claim(stem):
    """Phone variants are phone-wide and no wider than tall panels; dark variants have no white
    background and draw their text in a light ink."""
    fig = ROOT / "figures"
    wide_w, _ = _size_pt((fig / f"{stem}.svg").read_bytes())
    for v in (".narrow", ".narrow.dark"):
        w, h = _size_pt((fig / f"{stem}{v}.svg").read_bytes())
        assert w * 4 / 3 <= 400, f"{stem}{v}.svg is {w * 4 / 3:.0f} CSS px wide: not a phone variant"
        assert w < wide_w
    for v in (".dark", ".narrow.dark"):
        svg = (fig / f"{stem}{v}.svg").read_text(encoding="utf-8")
        background = re.search(r'<g id="patch_1">\s*<path d="[^"]*" style="([^"]*)"', svg)
        assert background and "fill: none" in background.group(1), f"{stem}{v}.svg: figure background is not transparent"
        light = (fig / f"{stem}.svg").read_text(encoding="utf-8")
        assert light.count("#000000") > 0 and svg.count("#000000") == 0, f"{stem}{v}.svg: black ink on a dark page"


def test_no_figure_without_script():
    orphans = {p.name.split(".")[0] for p in (ROOT / "figures").glob("*.svg")} - set(STEMS)
    assert not orphans, f"figures without a script: {orphans}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_figure_is_referenced(lang):
    """Each figure appears on a page of the language, with its script named in the caption.

    English pages are checked only once the English article covers a figure's page.
    """
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs" / lang).glob("*.md"))
    shown = set(re.findall(r"figures/([\w-]+)\.svg", text))
    if lang == "en":
        ja_pages = {p.name for p in (ROOT / "docs" / "ja").glob("*.md")}
        en_pages = {p.name for p in (ROOT / "docs" / "en").glob("*.md")}
        if ja_pages - en_pages:
            pytest.skip(f"English translation incomplete: missing {sorted(ja_pages - en_pages)}")
    missing = set(STEMS) - shown
    assert not missing, f"figures not shown on any {lang} page: {sorted(missing)}"
    for stem in shown:
        assert f"scripts/figures/fig_{stem}.py" in text, f"caption of {stem} does not name its script"


def test_bad_output_folder_is_refused(tmp_path):
    r = run(SCRIPTS[0], tmp_path)
    assert r.returncode == 0
    r = subprocess.run([sys.executable, str(SCRIPTS[0]), "--out", str(tmp_path / "missing")],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "does not exist" in r.stderr
    assert not (tmp_path / "missing").exists()


def test_batch_renderer_refuses_bad_input(tmp_path):
    tool = ROOT / "scripts" / "figures" / "render_figures.py"
    for args, msg in (([STEMS[0], "--out", str(tmp_path / "missing")], "does not exist"),
                      (["no_such_figure", "--out", str(tmp_path)], "no script")):
        r = subprocess.run([sys.executable, str(tool), *args], capture_output=True, text=True)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and msg in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_numpy_runs_its_avx2_loops_on_every_x86_cpu():
    """Importing ``figures`` disables NumPy's AVX-512 dispatch on x86-64 (its float64 exp/log differ
    from the AVX2 path in the last ulp; see figures/__init__.py), unless the caller chose a setting."""
    import os
    import platform

    if platform.machine().lower() not in ("x86_64", "amd64"):
        pytest.skip("NumPy has no AVX-512 dispatch off x86-64")  # noqa: PT - the test is about x86 only
    env = {k: v for k, v in os.environ.items() if k != "NPY_DISABLE_CPU_FEATURES"}
    code = ("import figures, numpy\n"
            "from numpy._core._multiarray_umath import __cpu_dispatch__ as d, __cpu_features__ as f\n"
            "print(int(any(f.get(t) for t in d if t.startswith(('AVX512', 'X86_V4')))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "0", "AVX-512 loops still enabled after import figures"


# ---- the same bytes with any libm (issue 16) ----------------------------------------------------------
# Another CPU computes exp/log with another library, a few ulps apart.  The SVGs are written with
# figstyle.SVG_DECIMALS decimals (see figstyle.quantise), so such noise cannot reach the bytes unless a
# coordinate sits within ~1e-13 pt of a rounding boundary of a 0.001 pt grid.  These tests do not rely on
# that argument alone: they render every figure with a worse libm and with NumPy's own AVX-512 loops.

def _render_all(out, env_extra=None, noise_seed=None):
    import os

    env = dict(os.environ, **(env_extra or {}))
    tool = ["figures/render_figures.py", "--out", str(out), *STEMS]
    cmd = [sys.executable, "-m", "tools.ulpnoise", "--seed", str(noise_seed), *tool] if noise_seed is not None \
        else [sys.executable, *tool]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT / "scripts", env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return sorted(p.name for p in out.iterdir() if (ROOT / "figures" / p.name).read_bytes() != p.read_bytes())


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_do_not_change_when_every_exp_and_log_is_an_ulp_off(seed, tmp_path):
    assert _render_all(tmp_path, noise_seed=seed) == []


def test_figures_do_not_change_with_numpys_avx512_loops(tmp_path):
    """With the AVX-512 pin lifted (an empty NPY_DISABLE_CPU_FEATURES is kept by figures/__init__.py):
    on this kind of CPU NumPy then runs exp/log loops that differ from glibc's in a few % of arguments."""
    assert _render_all(tmp_path, env_extra={"NPY_DISABLE_CPU_FEATURES": ""}) == []


def test_the_noise_reaches_the_plotted_data():
    """The noise tests above can fail: under the noise, the figures' data differ in their last digits
    (before quantise, 12 of the 68 SVGs changed this way with NumPy's AVX-512 loops)."""
    import numpy as np

    from figures import fig_eta_sweep, fig_reliability
    from tools import ulpnoise

    clean = [fig_eta_sweep.compute(), fig_reliability.compute()]
    with ulpnoise.noisy_libm(seed=1):
        noisy = [fig_eta_sweep.compute(), fig_reliability.compute()]

    def leaves(d):
        if isinstance(d, dict):
            return [x for k in sorted(d) for x in leaves(d[k])]
        if isinstance(d, (list, tuple)):
            return [x for v in d for x in leaves(v)]
        try:
            return [np.asarray(d, dtype=float).ravel()]
        except (TypeError, ValueError):
            return []

    moved = sum(int(np.sum(a != b)) for c, n in zip(clean, noisy) for a, b in zip(leaves(c), leaves(n)))
    assert moved > 0, "the noise did not reach the data: the libm tests above prove nothing"


def test_quantise_rounds_positions_only():
    q = figstyle.quantise
    assert q(b'<path d="M 381.5225004 242.597656 L 12.5 -0.0004 z"/>') == b'<path d="M 381.523 242.598 L 12.5 0 z"/>'
    assert q(b'<use x="1.0005" y="2.0625" fill="#123456"/>') == b'<use x="1" y="2.062" fill="#123456"/>'  # half to even
    assert q(b'transform="translate(10.123456 -3.0000001) scale(0.015625)"') == \
        b'transform="translate(10.123 -3) scale(0.015625)"'  # factors keep their digits
    assert q(b'style="stroke-width: 0.8123456" id="m0a1.23456"') == b'style="stroke-width: 0.8123456" id="m0a1.23456"'
