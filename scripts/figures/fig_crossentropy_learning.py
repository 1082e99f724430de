"""Cross-entropy cost: learning curves from the two starts, at η = 0.15 and at η = 0.005.

One sigmoid neuron, x = 1, y = 0, 300 epochs.  Top row: η = 0.15, the learning
rate of the quadratic-cost figure, so the cost function is the only difference;
bottom row: η = 0.005, NNDL's learning rate for its cross-entropy animation.
Each row also draws the quadratic cost's output at the same η, faintly.  At equal η the
cross-entropy learns faster from both starts, and from a = 0.98 it starts at
once instead of stalling (NNDL ch. 3).
"""

from matplotlib.lines import Line2D

from figures import figstyle
from xent.experiments import NNDL_ETA
from xent.neuron import CrossEntropyCost, QuadraticCost, train

ETAS = (0.15, NNDL_ETA)
EPOCHS = 300


def compute(etas=ETAS, epochs=EPOCHS):
    """{η: {cost name: [Trajectory per start]}}."""
    return {eta: {c.name: [train(c, w, b, eta, epochs) for w, b in figstyle.STARTS]
                  for c in (CrossEntropyCost, QuadraticCost)}
            for eta in etas}


def plot(runs):
    fig, axes = figstyle.figure(ncols=2, nrows=len(runs), width=7.2, height=5.4, sharex=True,
                                gridspec_kw={"hspace": 0.3, "wspace": 0.3})  # fixed: tight_layout costs a draw
    for (eta, by_cost), (ax_a, ax_c) in zip(runs.items(), axes):
        for name, alpha, lw in (("quadratic", 0.35, 1.2), ("cross-entropy", 1.0, 1.8)):
            color = figstyle.COST_COLOR[name]
            for t, ls in zip(by_cost[name], figstyle.START_STYLE):
                label = f"$w_0={t.w[0]:g},\\ b_0={t.b[0]:g}$" if name == "cross-entropy" else None
                ax_a.plot(t.epoch, t.a, ls, color=color, alpha=alpha, lw=lw, label=label)
                if name == "cross-entropy":
                    ax_c.plot(t.epoch, t.cost, ls, color=color, lw=lw, label=label)
        ax_a.set(ylabel="$a$", ylim=(0, 1), xlim=(0, EPOCHS))
        ax_a.set_title(f"$\\eta = {eta:g}$", loc="left")
        ax_c.set(ylabel="$C = -\\ln(1-a)$", ylim=(0, 4.3), xlim=(0, EPOCHS))
        ax_c.set_title(f"$\\eta = {eta:g}$", loc="left")
    axes[0, 1].legend(loc="upper right", frameon=False, fontsize=10 if figstyle.narrow() else None)
    cost_keys = [Line2D([], [], color=figstyle.CROSS_ENTROPY, lw=1.8, label="$C=-\\ln(1-a)$"),
                 Line2D([], [], color=figstyle.QUADRATIC, lw=1.2, alpha=0.35, label="$C=a^2/2$")]
    axes[-1, 0].legend(handles=cost_keys, loc="lower left", frameon=False, fontsize=10 if figstyle.narrow() else None)
    for ax in axes[-1]:
        ax.set_xlabel("epoch")
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
