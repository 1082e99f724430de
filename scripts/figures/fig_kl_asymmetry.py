"""KL divergence is not symmetric: D_KL(P‖Q) ≠ D_KL(Q‖P).

Left: a distribution P concentrated on two of four outcomes and the uniform Q.
Right: the terms p_i ln(p_i/q_i) and q_i ln(q_i/p_i) whose sums are the two
divergences.  Q puts mass 1/4 where P has only 1/20, and D_KL(Q‖P) charges for
that more heavily than D_KL(P‖Q) charges for the reverse, so the two differ.
"""

import numpy as np
from scipy.special import rel_entr

from figures import figstyle
from xent.infotheory import kl_divergence

P = (0.45, 0.45, 0.05, 0.05)
Q = (0.25, 0.25, 0.25, 0.25)


def compute(p=P, q=Q):
    """P, Q, the per-outcome terms of both divergences, and the divergences (nats)."""
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
    i = np.arange(1, d["P"].size + 1)
    w = 0.38
    ax_d.bar(i - w / 2, d["P"], w, color=figstyle.CROSS_ENTROPY, label="$P$")
    ax_d.bar(i + w / 2, d["Q"], w, color=figstyle.ORANGE, label="$Q$")
    ax_d.set(xlabel="$i$", ylabel="$P(i),\\ Q(i)$", xticks=i, ylim=(0, 0.55))
    ax_d.legend(loc="upper right", frameon=False)

    ax_t.bar(i - w / 2, d["terms_pq"], w, color=figstyle.CROSS_ENTROPY,
             label=r"$P(i)\ln(P(i)/Q(i))$")
    ax_t.bar(i + w / 2, d["terms_qp"], w, color=figstyle.ORANGE,
             label=r"$Q(i)\ln(Q(i)/P(i))$")
    ax_t.axhline(0, color="black", lw=0.8)
    ax_t.set(xlabel="$i$", xticks=i, ylim=(-0.2, 0.75))
    ax_t.legend(loc="upper left", frameon=False, fontsize=9)
    text = f"$D_{{\\mathrm{{KL}}}}(P\\|Q)={d['kl_pq']:.3f}$\n$D_{{\\mathrm{{KL}}}}(Q\\|P)={d['kl_qp']:.3f}$"
    ax_t.text(0.03, 0.78, text, transform=ax_t.transAxes, ha="left", va="top", fontsize=10, linespacing=1.6)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, lambda: plot(compute()))
