"""Shared style and deterministic saving for every figure script.

Each ``scripts/figures/fig_<stem>.py`` builds a matplotlib Figure and calls
:func:`main`, which writes ``figures/<stem>.svg`` (or ``<dir>/<stem>.svg`` with
``--out <dir>``).  The SVG is byte-identical from run to run: fixed hash salt,
no date, no creator string, text drawn as paths (DejaVu Sans, shipped with
matplotlib).  The file is written to a temporary name in the same folder and
renamed, so a failed run never leaves a partial figure behind.

Figures carry symbols and numbers only; words belong in the translated captions.

Every figure is written in four variants from one ``compute()`` and the same ``plot()``
(see :data:`VARIANTS`): ``<stem>.svg`` (wide, light palette), ``<stem>.dark.svg``
(wide, dark palette), ``<stem>.narrow.svg`` and ``<stem>.narrow.dark.svg`` (panels
stacked in one column about a phone's width, so the text keeps its size on a phone).
:func:`figure` does the stacking; the dark palette is an rcParams set plus a recolouring
of the few inks that would vanish on a dark page (black, grey, the dark blue).
"""

from __future__ import annotations

import argparse
import decimal
import io
import os
import re
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


# The dark palette: Material's "slate" page colour (hsl(225, 15%, 14%)) shows through a
# transparent figure; text, spines and the inks listed in DARK_INK are lightened.
SLATE = "#1e2129"
DARK_RC = {
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "legend.facecolor": SLATE,
    "text.color": "#d3d6dd",
    "axes.labelcolor": "#d3d6dd",
    "axes.edgecolor": "#a4a8b2",
    "xtick.color": "#a4a8b2",
    "ytick.color": "#a4a8b2",
    "xtick.labelcolor": "#d3d6dd",
    "ytick.labelcolor": "#d3d6dd",
    "grid.color": "#3a3e4a",
}
# Light-palette inks that fall below a 3:1 contrast on SLATE, and what they become.
DARK_INK = {
    "#000000": "#e3e5ea",  # black lines and text
    GREY: "#9a9ea8",  # 2.8:1 -> 6.0:1
    CROSS_ENTROPY: "#2f8fd8",  # 3.1:1 -> 4.6:1, still the blue of the captions
}

# Phone variant: one column of panels, 3 in ≈ 290 CSS px (1 pt = 4/3 CSS px).  On a phone the
# page draws it at the column's full width (343–358 px at 390 px), i.e. about 1.2 times its
# size, so that 9 pt labels and their 70 % subscripts come out at 9 CSS px or more.
NARROW_WIDTH = 3.0
NARROW_PANEL_HEIGHT = 2.3

# In the phone variant each stacked panel carries a mark of the place it has in the wide
# figure, so that "left", "right", "top" and "bottom" in the captions still find it.
POSITION_MARKS = {(1, 2): "◧◨", (1, 3): "◧◫◨", (2, 2): "◰◳◱◲"}

# Output suffix -> (narrow, dark).  "" is the wide light figure.
VARIANTS = {"": (False, False), ".dark": (False, True), ".narrow": (True, False), ".narrow.dark": (True, True)}
_variant = {"narrow": False, "dark": False}


def narrow():
    """True while the phone variant is drawn (for the few layouts :func:`figure` cannot stack)."""
    return _variant["narrow"]


def dark():
    """True while the dark-palette variant is drawn."""
    return _variant["dark"]


def rc():
    """rcParams of the variant being drawn (complete for every key either palette sets)."""
    light = {**{k: matplotlib.rcParamsDefault[k] for k in DARK_RC}, **RC}
    return {**light, **DARK_RC} if _variant["dark"] else light


def figure(ncols=1, nrows=1, width=6.4, height=3.6, **kw):
    """Return (fig, axes) with the project style applied.

    In the phone variant the ``nrows × ncols`` panels are stacked in one column (the
    axes come back in the shape the caller asked for, in reading order), the figure is
    :data:`NARROW_WIDTH` wide, and column spacing and ratios become row spacing and ratios.
    """
    plt.rcParams.update(rc())
    if not _variant["narrow"]:
        return plt.subplots(nrows, ncols, figsize=(width, height), **kw)
    n = nrows * ncols
    gs = dict(kw.pop("gridspec_kw", None) or {})
    if n > 1:
        ratios = gs.pop("width_ratios", None) if ncols > 1 else gs.pop("height_ratios", None)
        gs.pop("height_ratios", None)
        if ratios is not None and nrows * ncols == len(ratios):
            gs["height_ratios"] = ratios
        space = max(gs.pop("wspace", 0.0), gs.pop("hspace", 0.0))
        if space:  # the caller spaces its panels itself (no tight_layout): keep room for labels
            gs["hspace"] = max(space, 0.45)
        h = NARROW_PANEL_HEIGHT * n
    else:
        h = max(NARROW_PANEL_HEIGHT, min(height, height * NARROW_WIDTH / width * 1.5))
    fig, axes = plt.subplots(n, 1, figsize=(NARROW_WIDTH, h), gridspec_kw=gs or None, **kw)
    marks = POSITION_MARKS.get((nrows, ncols))
    if marks:
        for ax, m in zip(axes, marks):
            mark(ax, m)
    if n > 1 and nrows > 1 and ncols > 1:
        axes = axes.reshape(nrows, ncols)
    return fig, axes


def mark(ax, symbol):
    """Put a position mark (see POSITION_MARKS) at the top left of a stacked panel."""
    ax.annotate(symbol, (0, 1), xycoords="axes fraction", xytext=(-4, 6), textcoords="offset points",
                ha="right", va="bottom", fontsize=12, color=plt.rcParams["text.color"])


def _recolor(fig):
    """Dark variant: replace the light inks listed in DARK_INK on every artist of ``fig``."""
    from matplotlib.colors import to_hex, to_rgba

    table = {k.lower(): v for k, v in DARK_INK.items()}

    def swap(c):
        if c is None or (isinstance(c, str) and c in ("none", "auto", "face", "inherit")):
            return c
        rgba = to_rgba(c)
        new = table.get(to_hex(rgba, keep_alpha=False))
        return c if new is None else to_rgba(new, rgba[3])

    for a in fig.findobj():
        for getter, setter in (("get_color", "set_color"), ("get_markerfacecolor", "set_markerfacecolor"),
                               ("get_markeredgecolor", "set_markeredgecolor")):
            if hasattr(a, getter) and hasattr(a, setter) and not hasattr(a, "get_facecolors"):
                try:
                    c = getattr(a, getter)()
                except (TypeError, ValueError):
                    continue
                if isinstance(c, str) or (hasattr(c, "__len__") and len(c) in (3, 4) and not hasattr(c[0], "__len__")):
                    getattr(a, setter)(swap(c))
        if hasattr(a, "get_facecolors"):  # collections: arrays of colours
            for get, put in (("get_facecolors", "set_facecolors"), ("get_edgecolors", "set_edgecolors")):
                cols = getattr(a, get)()
                if len(cols):
                    getattr(a, put)([swap(tuple(c)) for c in cols])
        elif hasattr(a, "get_facecolor") and hasattr(a, "set_edgecolor") and not hasattr(a, "get_color"):
            a.set_facecolor(swap(a.get_facecolor()))
            a.set_edgecolor(swap(a.get_edgecolor()))


def variants(compute, plot):
    """{suffix: SVG bytes} for every variant in VARIANTS, from one ``compute()``."""
    data = compute()
    out = {}
    try:
        for suffix, (is_narrow, is_dark) in VARIANTS.items():
            _variant.update(narrow=is_narrow, dark=is_dark)
            fig = plot(data)
            if is_dark:
                _recolor(fig)
            out[suffix] = svg_bytes(fig)
    finally:
        _variant.update(narrow=False, dark=False)
    return out


def write_variants(out_dir, stem, compute, plot):
    """Write ``<stem><suffix>.svg`` for every variant (each atomically); return the paths."""
    paths = []
    for suffix, data in variants(compute, plot).items():
        path = Path(out_dir) / f"{stem}{suffix}.svg"
        write_atomic(path, data)
        paths.append(path)
    return paths


def svg_bytes(fig):
    """Render ``fig`` to deterministic SVG bytes."""
    plt.rcParams.update(rc())
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return quantise(buf.getvalue())


# Matplotlib writes coordinates with 6 decimals (in pt).  The last of them is within reach of float
# noise: a value computed with another libm (AVX-512 NumPy, another CPU's libm) moves by a few ulps,
# and when it sits next to a rounding boundary the 6th decimal flips (12 of 68 SVGs did on AVX-512).
# Writing 3 decimals (1/1000 pt = 1/750 px, far below what a screen or printer resolves) makes such a
# flip a thousand times rarer: a coordinate changes only if the noise carries it across a boundary of
# a 0.001 grid, P ≈ noise/0.001 pt ≈ 1e-10 per coordinate for noise 1e-13 pt.  tests/test_figures.py
# renders every figure with ±1 ulp of noise on every exp/log and checks the bytes do not change.
SVG_DECIMALS = 3
_LONG_DECIMAL = re.compile(rb"(?<![\w#.])(-?)(\d+\.\d{%d,})(?![\w.])" % (SVG_DECIMALS + 1))
# Only positions are rounded: path data, x/y/width/height and translate(); a scale() or matrix()
# factor (glyphs are scaled by 0.015625) or a style value keeps every digit Matplotlib wrote.
_POSITIONS = re.compile(rb'( (?:d|x|y|width|height)=")([^"]*)(")|(translate\()([^)]*)(\))')
_QUANTUM = decimal.Decimal(1).scaleb(-SVG_DECIMALS)


def _round_decimal(m):
    d = decimal.Decimal(m.group(2).decode()).quantize(_QUANTUM, rounding=decimal.ROUND_HALF_EVEN)
    text = format(d, "f").rstrip("0").rstrip(".")
    sign = m.group(1) if text not in ("0", "") else b""
    return sign + (text or "0").encode()


def _round_positions(m):
    head, body, tail = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    return head + _LONG_DECIMAL.sub(_round_decimal, body) + tail


def quantise(svg):
    """``svg`` with every position of more than SVG_DECIMALS decimals rounded to SVG_DECIMALS (exactly, in decimal)."""
    return _POSITIONS.sub(_round_positions, svg)


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


def main(script, compute, plot, argv=None):
    """Command line of every figure script: compute once, draw and save every variant."""
    if argv is None and os.environ.get("_FIGSTYLE_BLAS") == "0":
        # Run on its own, the script imported NumPy before the BLAS kernels were pinned
        # (figures/__init__.py): start again with the setting in place, before any import.
        os.environ["_FIGSTYLE_BLAS"] = "1"
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
    stem = stem_of(script)
    p = argparse.ArgumentParser(prog=Path(script).name, description=f"Write {stem}.svg and its variants.")
    p.add_argument("--out", default=str(FIGURES), help="output folder (default: figures/)")
    p.error = lambda msg: p.exit(2, f"{p.prog}: error: {msg}\n")
    args = p.parse_args(argv)
    out = Path(args.out)
    if not out.is_dir():
        p.error(f"output folder {out} does not exist")
    try:
        write_variants(out, stem, compute, plot)
    except OSError as e:
        p.error(f"cannot write {e.filename or out}: {e.strerror}")
    return 0


if __name__ == "__main__":
    sys.exit("figstyle.py is a module; run a scripts/figures/fig_<stem>.py instead")
