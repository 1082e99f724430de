"""NNDL's cross-entropy animation rule against true gradient descent (η = 0.005).

One sigmoid neuron, x = 1, y = 0, both starts.  NNDL's animation
(``js/saturation3.js``, ``saturation4.js``) steps by ∂C/∂a = 1/(1 − a):
Δw = Δb = −η/(1 − a); gradient descent on the same cross-entropy steps by
∂C/∂z = a: Δw = Δb = −η a.  The ratio is 1/σ′(z), so the animation learns far
faster than gradient descent at its stated η: the curves it shows are not
those of gradient descent at η = 0.005.  Drawn over the epochs the widget draws
(0 … 300).
"""

from matplotlib.lines import Line2D

from figures import figstyle
from xent.experiments import NNDL_ETA, NNDL_FRAMES, train_nndl_animation
from xent.neuron import CrossEntropyCost, Trajectory, train

RULES = (
    ("nndl", figstyle.PURPLE, r"$\Delta w=\Delta b=-\eta\,/\,(1-a)$"),
    ("gradient", figstyle.CROSS_ENTROPY, r"$\Delta w=\Delta b=-\eta\,a$"),
)


def compute(eta=NNDL_ETA, epochs=NNDL_FRAMES):
    """{rule: [Trajectory per start]} over epochs 0 … ``epochs``."""
    nndl = [train_nndl_animation(w, b, eta) for w, b in figstyle.STARTS]
    return {
        "nndl": [Trajectory(**{f: getattr(t, f)[: epochs + 1] for f in Trajectory.FIELDS}) for t in nndl],
        "gradient": [train(CrossEntropyCost, w, b, eta, epochs) for w, b in figstyle.STARTS],
    }


def plot(runs):
    fig, (ax_a, ax_c) = figstyle.figure(ncols=2, width=7.2, height=3.2, gridspec_kw={"wspace": 0.3})
    for rule, color, _ in RULES:
        for t, ls in zip(runs[rule], figstyle.START_STYLE):
            ax_a.plot(t.epoch, t.a, ls, color=color)
            ax_c.plot(t.epoch, t.cost, ls, color=color)
    end = runs["gradient"][0].epoch[-1]
    ax_a.set(xlabel="epoch", ylabel="$a$", ylim=(0, 1), xlim=(0, end))
    ax_a.set_title(f"$\\eta = {NNDL_ETA:g},\\ x=1,\\ y=0$", loc="left")
    ax_c.set(xlabel="epoch", ylabel="$C = -\\ln(1-a)$", ylim=(0, None), xlim=(0, end))
    keys = [Line2D([], [], color=color, label=label) for _, color, label in RULES]
    keys += [Line2D([], [], color=figstyle.GREY, ls=ls, label=f"$w_0={w:g},\\ b_0={b:g}$")
             for (w, b), ls in zip(figstyle.STARTS, figstyle.START_STYLE)]
    fig.legend(handles=keys, loc="lower center", bbox_to_anchor=(0.5, 0.94), ncols=1 if figstyle.narrow() else 2,
               frameon=False)  # phone: one column of keys, at full size
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
