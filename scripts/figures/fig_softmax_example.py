"""A worked softmax cross-entropy example: logits → probabilities → loss → gradient.

Logits z = (2.0, 1.0, 0.1), true class 0.  softmax turns them into
probabilities p (the one-hot target y drawn as outlines), the loss is
L = −ln p₀ (chapter 3 writes the loss L), and its gradient with respect to the logits is p − y: negative for
the true class, positive for the others, no σ' factor.  Supports the formula
∂L/∂z = softmax(z) − y.
"""

import numpy as np

from figures import figstyle
from xent.losses import softmax, softmax_cross_entropy, softmax_cross_entropy_grad

LOGITS = (2.0, 1.0, 0.1)
TRUE_CLASS = 0


def compute(logits=LOGITS, true_class=TRUE_CLASS):
    """Logits, softmax probabilities, one-hot target, loss and gradient for one sample."""
    z = np.array([logits])
    t = np.array([true_class])
    y = np.zeros_like(z)
    y[0, true_class] = 1.0
    return {
        "z": z[0],
        "p": softmax(z)[0],
        "y": y[0],
        "true_class": true_class,
        "loss": softmax_cross_entropy(z, t),
        "grad": softmax_cross_entropy_grad(z, t)[0],
    }


def _labels(ax, x, values, fmt="{:.3f}"):
    for xi, v in zip(x, values):
        ax.annotate(f"${fmt.format(v)}$", (xi, v), xytext=(0, 3 if v >= 0 else -3), textcoords="offset points",
                    ha="center", va="bottom" if v >= 0 else "top", fontsize=9)


def plot(d):
    fig, (ax_z, ax_p, ax_g) = figstyle.figure(ncols=3, width=8.4, height=3.0)
    j = np.arange(d["z"].size)
    colors = [figstyle.GREEN if k == d["true_class"] else figstyle.CROSS_ENTROPY for k in j]
    for ax in (ax_z, ax_p, ax_g):
        ax.set_axisbelow(True)
        ax.grid(axis="x", visible=False)
        ax.set(xticks=j, xlabel="$j$")

    ax_z.bar(j, d["z"], 0.6, color=colors)
    _labels(ax_z, j, d["z"], "{:.1f}")
    ax_z.set(title="$z_j$", ylim=(0, 2.4))

    ax_p.bar(j, d["y"], 0.6, fill=False, edgecolor=figstyle.GREY, ls="--", lw=1.0, label="$y_j$")
    ax_p.bar(j, d["p"], 0.6, color=colors)
    _labels(ax_p, j, d["p"])
    t = d["true_class"]
    ax_p.text(0.97, 0.72, f"$L=-\\ln p_{t}={d['loss']:.3f}$", transform=ax_p.transAxes, ha="right", va="top",
              fontsize=10)
    ax_p.set(title=r"$p_j=\mathrm{softmax}(z)_j$", ylim=(0, 1.15))
    ax_p.legend(loc="upper right", frameon=False, fontsize=9)

    ax_g.bar(j, d["grad"], 0.6, color=colors)
    ax_g.axhline(0, color="black", lw=0.8)
    _labels(ax_g, j, d["grad"])
    ax_g.set(title=r"$\partial L/\partial z_j=p_j-y_j$", ylim=(-0.5, 0.4))
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
