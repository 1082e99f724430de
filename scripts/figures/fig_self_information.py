"""Self-information −log p of an event of probability p.

The same curve in bits (log base 2) and in nats (natural log): a certain event
carries no information, halving the probability adds one bit, and the surprise
grows without bound as p → 0.  Supports the definition of self-information.
"""

import math

import numpy as np

from figures import figstyle
from xent.infotheory import self_information

HALVINGS = (1.0, 0.5, 0.25, 0.125)  # p = 2^-k: 0, 1, 2, 3 bits


def compute():
    """p on (0, 1], −log₂ p and −ln p, and the marked points p = 2^-k (bits) and p = 1/e (one nat)."""
    p = np.linspace(0.005, 1.0, 400)
    marks = np.array(HALVINGS)
    return {
        "p": p,
        "bits": self_information(p, base=2),
        "nats": self_information(p),
        "marks": marks,
        "marks_bits": self_information(marks, base=2),
        "one_nat": (1.0 / math.e, self_information(1.0 / math.e)),
    }


def plot(d):
    fig, ax = figstyle.figure(width=6.4, height=3.4)
    ax.plot(d["p"], d["bits"], color=figstyle.CROSS_ENTROPY, label=r"$-\log_2 p$")
    ax.plot(d["p"], d["nats"], "--", color=figstyle.QUADRATIC, label=r"$-\ln p$")
    ax.plot(d["marks"], d["marks_bits"], "o", color=figstyle.CROSS_ENTROPY, ms=5, clip_on=False, zorder=3)
    for p, b in zip(d["marks"], d["marks_bits"]):
        if p == 1:
            ax.annotate(r"$-\log 1=0$", (p, b), xytext=(-4, 8), textcoords="offset points", ha="right",
                        fontsize=9, color=figstyle.GREY)
        else:
            ax.annotate(f"$-\\log_2 \\frac{{1}}{{{round(1 / p)}}}={b:g}$", (p, b), xytext=(7, 4),
                        textcoords="offset points", fontsize=9, color=figstyle.CROSS_ENTROPY)
    pe, ne = d["one_nat"]
    ax.plot([pe], [ne], "s", color=figstyle.QUADRATIC, ms=5)
    ax.annotate(f"$-\\ln \\frac{{1}}{{e}}={ne:g}$", (pe, ne), xytext=(-6, -16), textcoords="offset points",
                ha="right", fontsize=9, color=figstyle.QUADRATIC)
    ax.set(xlabel="$p$", ylabel=r"$-\log p$", xlim=(0, 1), ylim=(0, 7.5))
    ax.legend(loc="upper right", frameon=False)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
