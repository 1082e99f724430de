"""Cross-entropy = entropy + KL divergence: H(p, q) = H(p) + D_KL(p‖q).

Left: one distribution p and four models q₁ … q₄ of it (q₁ = p, then further
and further off).  Right: H(p, q_k) as a stacked bar, the fixed part H(p) plus
D_KL(p‖q_k).  Only the KL part depends on q, so minimising the cross-entropy
over q minimises the KL divergence, and the minimum H(p) is reached at q = p.
The names (lower-case p, q; outcomes x) are the text's.
"""

import numpy as np

from figures import figstyle
from xent.infotheory import cross_entropy, entropy, kl_divergence

P = (0.5, 0.25, 0.15, 0.1)
QS = (P, (0.4, 0.3, 0.2, 0.1), (0.25, 0.25, 0.25, 0.25), (0.1, 0.15, 0.25, 0.5))
Q_COLORS = (figstyle.CROSS_ENTROPY, figstyle.GREEN, figstyle.PURPLE, figstyle.QUADRATIC)


def compute(p=P, qs=QS):
    """P, the Q's, and for each Q: H(P), D_KL(P‖Q), H(P, Q) in nats."""
    return {
        "P": np.array(p),
        "Q": np.array(qs),
        "H": entropy(p),
        "KL": np.array([kl_divergence(p, q) for q in qs]),
        "CE": np.array([cross_entropy(p, q) for q in qs]),
    }


def plot(d):
    fig, (ax_d, ax_b) = figstyle.figure(ncols=2, width=7.8, height=3.3, gridspec_kw={"width_ratios": (1, 1.15)})
    i = np.arange(1, d["P"].size + 1)
    ax_d.plot(i, d["P"], "o-", color="black", lw=2.6, ms=6, label="$p$", zorder=1)
    for k, (q, c) in enumerate(zip(d["Q"], Q_COLORS), start=1):
        ax_d.plot(i, q, "s--", color=c, lw=1.3, ms=4, label=f"$q_{k}$", zorder=2)
    ax_d.set(xlabel="$x$", xticks=i, ylim=(0, 0.65))
    ax_d.legend(loc="upper center", frameon=False, ncols=3, fontsize=9)

    k = np.arange(1, len(d["Q"]) + 1)
    ax_b.set_axisbelow(True)
    ax_b.grid(axis="x", visible=False)
    ax_b.bar(k, np.full(k.size, d["H"]), 0.6, color=figstyle.GREY, alpha=0.55, label=f"$H(p)={d['H']:.3f}$")
    ax_b.bar(k, d["KL"], 0.6, bottom=d["H"], color=figstyle.ORANGE, label=r"$D_{\mathrm{KL}}(p\|q_k)$")
    for kk, ce in zip(k, d["CE"]):
        ax_b.annotate(f"${ce:.3f}$", (kk, ce), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
    ax_b.set(ylabel="$H(p,q_k)$", xticks=k, xticklabels=[f"$q_{kk}$" for kk in k], ylim=(0, 2.3))
    for label, c in zip(ax_b.get_xticklabels(), Q_COLORS):
        label.set_color(c)
    ax_b.legend(loc="upper left", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
