"""KL divergence is not symmetric: D_KL(p‖q) ≠ D_KL(q‖p).

The text's example (chapter 5, "Properties of the KL divergence"; Exercise 5.2),
with the text's names: p = (0.5, 0.5) and q = (0.9, 0.1).  Left: p and q.
Right: the terms p(x) ln(p(x)/q(x)) and q(x) ln(q(x)/p(x)) whose sums are the
two divergences.  p puts 0.5 on the outcome to which q gives only 0.1, and
D_KL(p‖q) charges 0.5 ln 5 for it; in D_KL(q‖p) that outcome is weighted by
q's 0.1 only, so the two divergences differ (0.511 and 0.368 nats).
"""

import numpy as np
from scipy.special import rel_entr

from figures import figstyle
from xent.examples import P_EX, Q_EX
from xent.infotheory import kl_divergence

P = P_EX  # the text's p
Q = Q_EX  # the text's q


def compute(p=P, q=Q):
    """p, q, the per-outcome terms of both divergences, and the divergences (nats)."""
    p, q = np.array(p), np.array(q)
    return {
        "P": p,
        "Q": q,
        "terms_pq": rel_entr(p, q),
        "terms_qp": rel_entr(q, p),
        "kl_pq": kl_divergence(p, q),
        "kl_qp": kl_divergence(q, p),
    }


def plot(d):
    fig, (ax_d, ax_t) = figstyle.figure(ncols=2, width=7.6, height=3.2)
    i = np.arange(1, d["P"].size + 1)  # the outcomes x, numbered from 1
    w = 0.38
    ax_d.bar(i - w / 2, d["P"], w, color=figstyle.CROSS_ENTROPY, label="$p$")
    ax_d.bar(i + w / 2, d["Q"], w, color=figstyle.ORANGE, label="$q$")
    ax_d.set(xlabel="$x$", ylabel="$p(x),\\ q(x)$", xticks=i, ylim=(0, 1.15))
    ax_d.legend(loc="upper right", frameon=False)

    ax_t.bar(i - w / 2, d["terms_pq"], w, color=figstyle.CROSS_ENTROPY,
             label=r"$p(x)\ln(p(x)/q(x))$")
    ax_t.bar(i + w / 2, d["terms_qp"], w, color=figstyle.ORANGE,
             label=r"$q(x)\ln(q(x)/p(x))$")
    ax_t.axhline(0, color="black", lw=0.8)
    ax_t.set(xlabel="$x$", xticks=i, ylim=(-0.4, 1.45))
    ax_t.legend(loc="upper left", frameon=False, fontsize=9)
    text = f"$D_{{\\mathrm{{KL}}}}(p\\|q)={d['kl_pq']:.3f}$\n$D_{{\\mathrm{{KL}}}}(q\\|p)={d['kl_qp']:.3f}$"
    ax_t.text(0.03, 0.64 if figstyle.narrow() else 0.78, text, transform=ax_t.transAxes, ha="left", va="top", fontsize=10, linespacing=1.6)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
