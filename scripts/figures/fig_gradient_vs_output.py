"""The gradient ∂C/∂b against the output a, for both costs (x = 1, y = 0).

With y = 0, ∂C/∂b = ∂C/∂z is a²(1 − a) = a σ′(z) for the quadratic cost and a
for the cross-entropy.  The quadratic gradient peaks at a = 2/3 and falls to 0
as the neuron saturates at the wrong end (a → 1); the cross-entropy gradient
grows with the error.  The two starts a = σ(1.5) ≈ 0.82 and a = σ(4) ≈ 0.98 are
marked.
"""

import numpy as np

from figures import figstyle
from xent.neuron import CrossEntropyCost, QuadraticCost, sigmoid


def compute():
    """Output grid, |∂C/∂b| for each cost on it, and the same at the two starts."""
    a = np.linspace(0.0, 1.0, 501)[1:-1]
    z = np.log(a) - np.log1p(-a)  # σ⁻¹(a)
    z0 = np.array([w + b for w, b in figstyle.STARTS])
    return {
        "a": a,
        "a0": sigmoid(z0),
        "grad": {c.name: np.abs(c.delta(z, 0.0)) for c in (QuadraticCost, CrossEntropyCost)},
        "grad0": {c.name: np.abs(c.delta(z0, 0.0)) for c in (QuadraticCost, CrossEntropyCost)},
    }


LABEL = {"quadratic": r"$a^2(1-a)$", "cross-entropy": r"$a$"}


def plot(d):
    fig, ax = figstyle.figure(width=6.4, height=3.4)
    for name in ("cross-entropy", "quadratic"):
        ax.plot(d["a"], d["grad"][name], color=figstyle.COST_COLOR[name], label=LABEL[name])
    for a0, g in zip(d["a0"], zip(*(d["grad0"][n] for n in ("quadratic", "cross-entropy")))):
        ax.axvline(a0, color=figstyle.GREY, lw=0.8, ls=":")
        for name, gv, marker in zip(("quadratic", "cross-entropy"), g, ("o", "s")):
            ax.plot([a0], [gv], marker, color=figstyle.COST_COLOR[name], ms=5, clip_on=False)
        ha = "center" if not figstyle.narrow() else ("left" if a0 > 0.9 else "right")  # phone: no room for both centred
        ax.annotate(f"$a={a0:.2f}$", (a0, 1.02), xycoords=("data", "axes fraction"),
                    ha=ha, va="bottom", fontsize=9)
        # the quadratic gradient to three significant digits, as the text prints it (0.122, 0.0173)
        right = a0 > 0.9  # no room to the left of the last start: label it in the margin
        for v, text, color, dy in ((g[0], f"${g[0]:#.3g}$", figstyle.QUADRATIC, 0 if right else -9),
                                   (g[1], f"${g[1]:.2f}$", figstyle.CROSS_ENTROPY, 0)):
            ax.annotate(text, (a0, v), xytext=(7 if right else -7, dy), textcoords="offset points",
                        ha="left" if right else "right", va="center", fontsize=9, color=color,
                        annotation_clip=False)
    ax.set(xlabel="$a$", ylabel=r"$|\partial C/\partial b|$", xlim=(0, 1), ylim=(0, 1.05))
    ax.legend(loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
