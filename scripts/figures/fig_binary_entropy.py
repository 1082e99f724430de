"""Binary entropy H_b(p) and the binary cross-entropy c(a) against a.

Left: H_b(p), largest (ln 2 nats) at p = 1/2 and zero for a certain outcome.
Right: the one-example cost c(a) = −y ln a − (1−y) ln(1−a) of chapter 2 for
several targets y; each curve is smallest at a = y, where it equals H_b(y) (the
dotted curve H_b(a)), so the cross-entropy cost is minimised by predicting the
target and never falls below its entropy.  Notation as in the text: H_b for the
binary entropy, c for one example's cost.
"""

import math

import numpy as np

from figures import figstyle
from xent.infotheory import binary_cross_entropy, binary_entropy
from xent.neuron import sigmoid

TARGETS = (0.0, 0.2, 0.5, 0.9)
COLORS = (figstyle.GREY, figstyle.GREEN, figstyle.CROSS_ENTROPY, figstyle.QUADRATIC)


def compute(targets=TARGETS):
    """H_b on a grid of p; c(a) on a grid of a for each y; the minima (y, H_b(y))."""
    p = np.linspace(0.0, 1.0, 201)
    a = sigmoid(np.linspace(-30.0, 30.0, 801))  # dense near 0 and 1, where C(y, a) climbs to +inf
    return {
        "p": p,
        "H": binary_entropy(p),
        "a": a,
        "targets": np.array(targets),
        "C": np.array([binary_cross_entropy(y, a) for y in targets]),
        "minima": np.array([binary_entropy(y) for y in targets]),
    }


def plot(d):
    fig, (ax_h, ax_c) = figstyle.figure(ncols=2, width=7.8, height=3.2)
    ax_h.plot(d["p"], d["H"], color=figstyle.CROSS_ENTROPY)
    ax_h.plot([0.5], [math.log(2)], "o", color=figstyle.CROSS_ENTROPY, ms=5)
    ax_h.annotate(r"$H_b(\frac{1}{2})=\ln 2$", (0.5, math.log(2)), xytext=(0, 8), textcoords="offset points",
                  ha="center", fontsize=9)
    ax_h.set(xlabel="$p$", ylabel="$H_b(p)$", xlim=(0, 1), ylim=(0, 0.85))

    ax_c.plot(d["p"], d["H"], ":", color=figstyle.GREY, lw=1.2, label=r"$H_b(a)$")
    for y, c, h, color in zip(d["targets"], d["C"], d["minima"], COLORS):
        ax_c.plot(d["a"], c, color=color, label=f"$y={y:g}$")
        ax_c.plot([y], [h], "o", color=color, ms=5, clip_on=False, zorder=3)
    ax_c.set(xlabel="$a$", ylabel="$c(a)$", xlim=(0, 1), ylim=(0, 2.5))
    ax_c.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
