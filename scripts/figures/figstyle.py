"""Shared style and deterministic saving for every figure script.

Each ``scripts/figures/fig_<stem>.py`` builds a matplotlib Figure and calls
:func:`main`, which writes ``figures/<stem>.svg`` (or ``<dir>/<stem>.svg`` with
``--out <dir>``).  The SVG is byte-identical from run to run: fixed hash salt,
no date, no creator string, text drawn as paths (DejaVu Sans, shipped with
matplotlib).  The file is written to a temporary name in the same folder and
renamed, so a failed run never leaves a partial figure behind.

Figures carry symbols and numbers only; words belong in the translated captions.
They have an opaque white background so that they read the same in Material's
light and dark palettes.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "figures"

# Okabe–Ito colours: distinguishable with colour-vision deficiencies.
QUADRATIC = "#D55E00"  # vermillion
CROSS_ENTROPY = "#0072B2"  # blue
GREEN = "#009E73"
ORANGE = "#E69F00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
GREY = "#666666"
COST_COLOR = {"quadratic": QUADRATIC, "cross-entropy": CROSS_ENTROPY}

# The two starting points of the NNDL chapter 3 experiment (x = 1, y = 0).
STARTS = ((0.6, 0.9), (2.0, 2.0))
START_STYLE = ("-", "--")

RC = {
    "svg.hashsalt": "cross-entropy-reference",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "lines.linewidth": 1.8,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "path.simplify": False,
}


def figure(ncols=1, nrows=1, width=6.4, height=3.6, **kw):
    """Return (fig, axes) with the project style applied."""
    plt.rcParams.update(RC)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), **kw)
    return fig, axes


def svg_bytes(fig):
    """Render ``fig`` to deterministic SVG bytes."""
    plt.rcParams.update(RC)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return buf.getvalue()


def write_atomic(path, data):
    """Write bytes to ``path`` via a temporary file in the same folder, then rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stem_of(script):
    """``scripts/fig_foo.py`` -> ``foo``; the script name alone decides the output name."""
    name = Path(script).stem
    if not name.startswith("fig_"):
        raise ValueError(f"figure scripts are named fig_<stem>.py, got {name}")
    return name[len("fig_"):]


def main(script, build, argv=None):
    """Command line of every figure script: build the figure and save it.

    ``build`` is a zero-argument callable returning a Figure.
    """
    if argv is None and os.environ.get("_FIGSTYLE_BLAS") == "0":
        # Run on its own, the script imported NumPy before the BLAS kernels were pinned
        # (figures/__init__.py): start again with the setting in place, before any import.
        os.environ["_FIGSTYLE_BLAS"] = "1"
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
    stem = stem_of(script)
    p = argparse.ArgumentParser(prog=Path(script).name, description=f"Write {stem}.svg.")
    p.add_argument("--out", default=str(FIGURES), help="output folder (default: figures/)")
    p.error = lambda msg: p.exit(2, f"{p.prog}: error: {msg}\n")
    args = p.parse_args(argv)
    out = Path(args.out)
    if not out.is_dir():
        p.error(f"output folder {out} does not exist")
    data = svg_bytes(build())
    try:
        write_atomic(out / f"{stem}.svg", data)
    except OSError as e:
        p.error(f"cannot write {out / (stem + '.svg')}: {e.strerror}")
    return 0


if __name__ == "__main__":
    sys.exit("figstyle.py is a module; run a scripts/figures/fig_<stem>.py instead")
