"""Cross-entropy does not cure saturation in a hidden layer.

A 1-1-1 network (x = 1 → sigmoid hidden neuron z₁ = w₁x + b₁, h = σ(z₁) →
sigmoid output neuron z₂ = w₂h + b₂, a = σ(z₂)), cross-entropy cost, y = 0.
Left: |∂C/∂w₁| = |(a − y) w₂ σ′(z₁) x| and the output neuron's |∂C/∂b₂| =
|a − y| against z₁, with the output neuron at w₂ = b₂ = 2 (a ≥ 0.88, badly
wrong): the output gradient stays near a, the hidden weight's falls with σ′(z₁).
Right: gradient descent (η = 0.15, 300 epochs) on all four parameters from the
hidden starts (w₁, b₁) = (0.6, 0.9) and (2, 2): the hidden weight of the
saturated start hardly moves.
"""

import numpy as np
from matplotlib.lines import Line2D

from figures import figstyle
from xent.experiments import hidden_saturation, train_hidden
from xent.neuron import CrossEntropyCost, sigmoid_prime

ETA = 0.15
EPOCHS = 300
OUTPUT_START = (2.0, 2.0)  # (w2, b2)
Z1 = np.linspace(-8.0, 8.0, 321)


def compute(eta=ETA, epochs=EPOCHS):
    """Gradients against z₁ (output neuron fixed) and training runs from both hidden starts."""
    gw1, _, _, gb2 = hidden_saturation(Z1, *OUTPUT_START, CrossEntropyCost)
    z1_starts = np.array([w + b for w, b in figstyle.STARTS])
    gw1_0, _, _, gb2_0 = hidden_saturation(z1_starts, *OUTPUT_START, CrossEntropyCost)
    runs = [train_hidden(CrossEntropyCost, w1, b1, *OUTPUT_START, eta, epochs) for w1, b1 in figstyle.STARTS]
    return {"z1": Z1, "gw1": gw1, "gb2": gb2, "sp": sigmoid_prime(Z1),
            "z1_starts": z1_starts, "gw1_0": gw1_0, "gb2_0": gb2_0, "runs": runs}


def plot(d):
    fig, (ax_g, ax_t) = figstyle.figure(ncols=2, width=7.2, height=3.3, gridspec_kw={"wspace": 0.3})
    ce = figstyle.CROSS_ENTROPY
    ax_g.plot(d["z1"], d["gb2"], ":", color=ce, label=r"$|\partial C/\partial b_2| = a$")
    ax_g.plot(d["z1"], d["gw1"], "-", color=ce, label=r"$|\partial C/\partial w_1|$")
    ax_g.plot(d["z1"], d["sp"], "-", color=figstyle.GREEN, lw=1.0, alpha=0.6, label=r"$\sigma'(z_1)$")
    for z, g, marker in zip(d["z1_starts"], d["gw1_0"], ("o", "s")):
        ax_g.plot([z], [g], marker, color=ce, ms=6)
        ax_g.annotate(f"${g:.3f}$", (z, g), xytext=(5, 3), textcoords="offset points",
                      ha="left", va="bottom", fontsize=9, color=ce)
    ax_g.set(yscale="log", xlabel="$z_1$", xlim=(-8, 8), ylim=(1e-4, 2))
    ax_g.set_title(f"$w_2={OUTPUT_START[0]:g},\\ b_2={OUTPUT_START[1]:g}$", loc="left")
    ax_g.legend(loc="lower center", frameon=False, fontsize=10 if figstyle.narrow() else None)  # phone: subscripts ≥ 9 px
    for t, ls in zip(d["runs"], figstyle.START_STYLE):
        ax_t.plot(t.epoch, t.w1 - t.w1[0], ls, color=ce)
    ax_t.axhline(0, color=figstyle.GREY, lw=0.8)
    ax_t.set(xlabel="epoch", ylabel=r"$w_1 - w_1^{(0)}$", xlim=(0, d["runs"][0].epoch[-1]), ylim=(-0.7, 0.05))
    ax_t.set_title(f"$\\eta={ETA:g}$", loc="left")
    keys = [Line2D([], [], color=ce, ls=ls, marker=m, label=f"$w_1^{{(0)}}={w:g},\\ b_1^{{(0)}}={b:g}$")
            for (w, b), ls, m in zip(figstyle.STARTS, figstyle.START_STYLE, ("o", "s"))]
    ax_t.legend(handles=keys, loc="lower right", frameon=False, fontsize=10 if figstyle.narrow() else None)
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
