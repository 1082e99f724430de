"""Quadratic cost: learning curves from the two starts.

One sigmoid neuron, x = 1, y = 0, η = 0.15, 300 epochs, quadratic cost.  From
a = 0.82 the output falls at once; from a = 0.98 it hardly moves for the first
epochs.  Supports the claim that the quadratic cost learns slowly when the
neuron is badly wrong (NNDL ch. 3).
"""

from figures import figstyle
from xent.neuron import QuadraticCost, train

ETA = 0.15
EPOCHS = 300


def compute(eta=ETA, epochs=EPOCHS):
    """Trajectories from both starts."""
    return [train(QuadraticCost, w, b, eta, epochs) for w, b in figstyle.STARTS]


def plot(runs):
    fig, (ax_a, ax_c) = figstyle.figure(ncols=2, width=7.2, height=3.0)
    for t, ls in zip(runs, figstyle.START_STYLE):
        label = f"$w_0={t.w[0]:g},\\ b_0={t.b[0]:g}$"
        ax_a.plot(t.epoch, t.a, ls, color=figstyle.QUADRATIC, label=label)
        ax_c.plot(t.epoch, t.cost, ls, color=figstyle.QUADRATIC, label=label)
    ax_a.set(xlabel="epoch", ylabel="$a$", ylim=(0, 1), xlim=(0, EPOCHS))
    ax_c.set(xlabel="epoch", ylabel="$C = (a-y)^2/2$", ylim=(0, None), xlim=(0, EPOCHS))
    if figstyle.narrow():  # phone: the curves fill the panel; the key goes above it
        ax_c.legend(loc="lower right", bbox_to_anchor=(1, 1.0), frameon=False)
    else:
        ax_c.legend(loc="upper right", frameon=False)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
