"""ln σ(z) computed naively and stably.

The naive ``np.log(1 / (1 + np.exp(-z)))`` (natural log) fails at both ends: for z < 0 it
is right until exp(−z) overflows near z = −709.78 and then gives −inf (left);
for z > 0 it loses digits as 1 + e^{−z} rounds towards 1 and returns exactly 0
from z ≈ 36.7 on, although −ln σ(z) ≈ e^{−z} > 0 (right).  The stable form
ln σ(z) = −softplus(−z) is accurate on the whole range.  Supports computing
the cross-entropy from logits.
"""

import numpy as np
from matplotlib.ticker import NullLocator

from figures import figstyle
from xent.losses import log_sigmoid, naive_log_sigmoid


def _boundary(fails, good, bad, steps=80):
    """Bisect between a z where ``fails`` is False (good) and one where it is True (bad); return the last good z."""
    for _ in range(steps):
        mid = 0.5 * (good + bad)
        if fails(mid):
            bad = mid
        else:
            good = mid
    return good


def compute():
    """−ln σ(z) both ways for z < 0 (|z| up to 1e4) and for z in [0, 60], and where the naive form breaks."""
    neg = -np.logspace(0, 4, 401)  # z from −1 to −1e4
    pos = np.linspace(0.0, 60.0, 601)
    return {
        "neg": neg,
        "pos": pos,
        "stable_neg": -log_sigmoid(neg),
        "naive_neg": -naive_log_sigmoid(neg),
        "stable_pos": -log_sigmoid(pos),
        "naive_pos": -naive_log_sigmoid(pos),
        # below z_overflow the naive form gives −inf; above z_zero it gives exactly 0
        "z_overflow": _boundary(lambda z: np.isinf(naive_log_sigmoid(z)), -1.0, -1e4),
        "z_zero": _boundary(lambda z: naive_log_sigmoid(z) == 0, 1.0, 60.0),
    }


NAIVE = r"$-\ln(1/(1+e^{-z}))$"


def plot(d):
    fig, (ax_n, ax_p) = figstyle.figure(ncols=2, width=7.8, height=3.4)
    x = -d["neg"]
    ok = np.isfinite(d["naive_neg"])
    ax_n.plot(x, d["stable_neg"], color=figstyle.CROSS_ENTROPY, label=r"$\mathrm{softplus}(-z)$")
    ax_n.plot(x[ok], d["naive_neg"][ok], "--", color=figstyle.QUADRATIC, label=NAIVE)
    ax_n.axvspan(-d["z_overflow"], x[-1], color=figstyle.QUADRATIC, alpha=0.12, lw=0)
    ax_n.text(0.69, 0.04, f"$z<{d['z_overflow']:.2f}$:\n{NAIVE[:-1]}=+\\infty$", transform=ax_n.transAxes,
              ha="right", va="bottom", fontsize=9, color=figstyle.QUADRATIC)
    decades = [1, 10, 100, 1e3, 1e4]
    ax_n.set(xscale="log", yscale="log", xlabel="$-z$", ylabel=r"$-\ln\sigma(z)$", xlim=(1, 1e4), ylim=(1, 2e4),
             xticks=decades, yticks=decades, title="$z<0$")
    ax_n.legend(loc="upper left", frameon=False, fontsize=9)

    z = d["pos"]
    nz = d["naive_pos"] > 0
    ax_p.plot(z, d["stable_pos"], color=figstyle.CROSS_ENTROPY)
    ax_p.plot(z[nz], d["naive_pos"][nz], "--", color=figstyle.QUADRATIC)
    ax_p.axvspan(d["z_zero"], z[-1], color=figstyle.QUADRATIC, alpha=0.12, lw=0)
    ax_p.text(0.6, 0.04, f"$z>{d['z_zero']:.1f}$:\n{NAIVE[:-1]}=0$", transform=ax_p.transAxes,
              ha="right", va="bottom", fontsize=9, color=figstyle.QUADRATIC)
    ax_p.set(yscale="log", xlabel="$z$", ylabel=r"$-\ln\sigma(z)$", xlim=(0, 60), ylim=(1e-27, 10),
             yticks=[1e-24, 1e-16, 1e-8, 1], title="$z>0$")
    ax_p.yaxis.set_minor_locator(NullLocator())  # 28 decades: minor ticks would only add clutter
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
