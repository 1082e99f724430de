"""σ(z) and σ'(z) with the two starting points of the experiment.

The start w = 0.6, b = 0.9 gives z = 1.5 and σ'(1.5) ≈ 0.149; the start
w = b = 2 gives z = 4 and σ'(4) ≈ 0.0177, more than eight times smaller.  The
quadratic cost's gradient carries this factor, hence the slow start.
"""

import numpy as np

from figures import figstyle
from xent.neuron import sigmoid, sigmoid_prime


def compute():
    z = np.linspace(-8, 8, 401)
    starts = np.array([w * 1.0 + b for w, b in figstyle.STARTS])
    return z, starts


def plot(data):
    z, starts = data
    fig, ax = figstyle.figure(width=6.4, height=3.2)
    ax.plot(z, sigmoid(z), color=figstyle.CROSS_ENTROPY, label=r"$\sigma(z)$")
    ax.plot(z, sigmoid_prime(z), color=figstyle.GREEN, label=r"$\sigma'(z)$")
    for z0, marker in zip(starts, ("o", "s")):
        s, ds = float(sigmoid(z0)), float(sigmoid_prime(z0))
        ax.plot([z0], [s], marker, color=figstyle.CROSS_ENTROPY, ms=6)
        ax.plot([z0], [ds], marker, color=figstyle.GREEN, ms=6)
        ax.vlines(z0, ds, s, color=figstyle.GREY, lw=0.8, ls=":")
        # σ' to three significant digits, as the text prints it (0.149, 0.0177)
        ax.annotate(f"$z={z0:g}$\n$\\sigma={s:.2f}$\n$\\sigma'={ds:#.3g}$",
                    (z0, s), xytext=(z0 + 0.4 if z0 > 3 else z0 - 3.2, 0.55),
                    fontsize=9, arrowprops=dict(arrowstyle="-", color=figstyle.GREY, lw=0.6))
    ax.set(xlabel="$z$", xlim=(-8, 8), ylim=(0, 1.05))
    ax.legend(loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
