"""Social preview image: docs/assets/social-card.png (1200 x 630 PNG, Open Graph / Twitter cards).

One image serves both languages: it carries only the cross-entropy formula and the two costs of a
sigmoid output with target y = 0 (cross-entropy grows without bound as a -> 1, the quadratic cost
stays below 1/2), drawn from closed forms, with no text that would need translating.  The site
serves it itself (no external service).  The PNG is byte-deterministic: Agg renderer, bundled
DejaVu fonts, no metadata, fixed size; tests/test_social_card.py checks that a rerun gives the
committed bytes.

    .venv/bin/python scripts/figures/social_card.py [--out docs/assets/social-card.png]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "assets" / "social-card.png"
WIDTH, HEIGHT, DPI = 1200, 630, 100
INDIGO, ORANGE = "#3f51b5", "#e65100"


def compute(n=400):
    """Costs of an output a in (0, 1) against the target y = 0: quadratic a^2/2 and cross-entropy -ln(1 - a)."""
    a = np.linspace(0.0, 0.98, n)
    return {"a": a, "quadratic": a**2 / 2, "cross_entropy": -np.log1p(-a)}


def plot(data):
    with plt.rc_context({"font.family": "DejaVu Sans", "mathtext.fontset": "dejavusans"}):
        fig = plt.figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
        fig.text(0.05, 0.80, r"$C = -\frac{1}{n}\sum_x \left[\,y \ln a + (1-y)\ln(1-a)\,\right]$",
                 fontsize=34, color="#1a1a1a")
        ax = fig.add_axes((0.08, 0.12, 0.86, 0.55))
        ax.plot(data["a"], data["cross_entropy"], color=INDIGO, lw=5, label=r"$-\ln(1-a)$")
        ax.plot(data["a"], data["quadratic"], color=ORANGE, lw=5, ls="--", label=r"$a^2/2$")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 4)
        ax.set_xlabel(r"$a\quad (y = 0)$", fontsize=24)
        ax.tick_params(labelsize=18)
        ax.legend(fontsize=24, frameon=False, loc="upper left")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig


def png_bytes(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    plt.close(fig)
    return buf.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output PNG (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.out.parent.is_dir():
        print(f"social_card.py: --out: folder {args.out.parent} does not exist", file=sys.stderr)
        return 2
    data = png_bytes(plot(compute()))
    fd, tmp = tempfile.mkstemp(dir=args.out.parent, prefix=".social-card-", suffix=".png")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
