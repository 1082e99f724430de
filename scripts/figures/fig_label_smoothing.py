"""Label smoothing: the target and the loss against the logit margin.

Left: the one-hot target and the smoothed target (1 − ε) y + ε/K for the
worked example's K = 3 classes and ε = 0.1 (chapter 3).  Right: the softmax
cross-entropy L of logits (Δ, 0, …, 0) (true class first) against the margin
Δ.  Without smoothing the loss keeps falling as Δ → ∞, so training pushes the logits apart forever; with smoothing
it has a finite minimum, where softmax(z) equals the smoothed target.
"""

import numpy as np

from figures import figstyle
from figures.fig_softmax_example import LOGITS
from xent.examples import LABEL_SMOOTHING
from xent.losses import smoothed_target, softmax_cross_entropy, softmax_cross_entropy_grad

K = len(LOGITS)  # the worked example's number of classes (the softmax example)
EPS = LABEL_SMOOTHING  # and its smoothing
MARGINS = (-2.0, 12.0, 561)  # from, to, number of points


def margin_logits(m, k=K):
    """Logits (Δ, 0, …, 0), one row per margin Δ (the argument m): the true class 0 leads every other class by Δ."""
    m = np.atleast_1d(np.asarray(m, dtype=float))
    z = np.zeros((m.size, k))
    z[:, 0] = m
    return z


def loss_at_margin(m, eps, k=K):
    """Softmax cross-entropy (class 0 true, smoothing eps) of the logits (Δ, 0, …, 0), one value per margin."""
    z = margin_logits(m, k)
    return softmax_cross_entropy(z, np.zeros(len(z), dtype=int), label_smoothing=eps, reduction="none")


def slope_at_margin(m, eps, k=K):
    """∂L/∂Δ = ∂L/∂z_0 for the logits (Δ, 0, …, 0), from the loss's own gradient (softmax − y_smooth)."""
    return softmax_cross_entropy_grad(margin_logits(m, k), np.array([0]), label_smoothing=eps, reduction="sum")[0, 0]


def optimal_margin(eps, k=K, lo=0.0, hi=50.0, steps=100):
    """The margin Δ* where ∂L/∂Δ = 0, by bisection (L is convex in Δ); needs eps > 0, else there is none."""
    if not slope_at_margin(lo, eps, k) < 0 < slope_at_margin(hi, eps, k):
        raise ValueError(f"no optimal margin in [{lo}, {hi}] for eps={eps!r}")
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if slope_at_margin(mid, eps, k) < 0 else (lo, mid)
    return 0.5 * (lo + hi)


def compute(k=K, eps=EPS, margins=MARGINS):
    """Both targets, the loss curves, and the margin minimising the smoothed loss with its loss."""
    m = np.linspace(*margins)
    m_opt = optimal_margin(eps, k)
    z1 = margin_logits(0.0, k)
    return {
        "k": k,
        "eps": eps,
        "one_hot": smoothed_target(z1, np.array([0]), 0.0)[0],
        "smooth": smoothed_target(z1, np.array([0]), eps)[0],
        "m": m,
        "loss_hard": loss_at_margin(m, 0.0, k),
        "loss_smooth": loss_at_margin(m, eps, k),
        "m_opt": m_opt,
        "loss_opt": float(loss_at_margin(m_opt, eps, k)[0]),
    }


def plot(d):
    fig, (ax_t, ax_l) = figstyle.figure(ncols=2, width=7.8, height=3.3, gridspec_kw={"width_ratios": (1, 1.3)})
    j = np.arange(d["k"])
    w = 0.38
    ax_t.set_axisbelow(True)
    ax_t.grid(axis="x", visible=False)
    ax_t.bar(j - w / 2, d["one_hot"], w, color=figstyle.GREY, label="$y$")
    ax_t.bar(j + w / 2, d["smooth"], w, color=figstyle.CROSS_ENTROPY, label=r"$(1-\varepsilon)y+\varepsilon/K$")
    # the targets to three decimals, as the text prints them (0.933, 0.033)
    ax_t.annotate(f"${d['smooth'][0]:.3f}$", (j[0] + w, d["smooth"][0]), xytext=(2, 0), textcoords="offset points",
                  ha="left", va="center", fontsize=9)
    ax_t.annotate(f"${d['smooth'][1]:.3f}$", (j[1] + w / 2, d["smooth"][1]), xytext=(0, 3), textcoords="offset points",
                  ha="center", fontsize=9)
    ax_t.set(xticks=j, xlabel="$j$", ylim=(0, 1.3))
    ax_t.legend(loc="upper right", frameon=False, fontsize=9)
    ax_t.text(0.97, 0.72, f"$K={d['k']},\\ \\varepsilon={d['eps']:g}$", transform=ax_t.transAxes, ha="right",
              va="top", fontsize=9)

    ax_l.plot(d["m"], d["loss_hard"], color=figstyle.GREY, label=r"$\varepsilon=0$")
    ax_l.plot(d["m"], d["loss_smooth"], color=figstyle.CROSS_ENTROPY, label=f"$\\varepsilon={d['eps']:g}$")
    mo, lo = d["m_opt"], d["loss_opt"]
    ax_l.plot([mo], [lo], "o", color=figstyle.CROSS_ENTROPY, ms=6, zorder=3)
    ax_l.vlines(mo, 0, lo, color=figstyle.CROSS_ENTROPY, lw=0.8, ls=":")
    ax_l.annotate(f"$\\Delta^*={mo:.2f}$\n$L={lo:.3f}$", (mo, lo), xytext=(0, 26), textcoords="offset points",
                  ha="center", fontsize=9, color=figstyle.CROSS_ENTROPY)
    ax_l.set(xlabel=r"$\Delta = z_0 - z_j$", ylabel="$L$", xlim=(d["m"][0], d["m"][-1]), ylim=(0, 3.0))
    ax_l.legend(loc="upper right", frameon=False)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
