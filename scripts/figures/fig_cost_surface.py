"""Quadratic and cross-entropy cost over (w, b), with the gradient-descent paths.

One sigmoid neuron, x = 1, y = 0: both costs depend on (w, b) only through
z = w + b, so the contours are parallel lines.  The quadratic cost has a flat
plateau where the output saturates near 1 (upper right); the cross-entropy keeps
a steady slope there.  The paths from the two starts (η = 0.15, 300 epochs, a
dot every 25 epochs) show where each cost is slow: the dots of the quadratic
path from (2, 2) bunch up on the plateau.
"""

import numpy as np

from figures import figstyle
from xent.neuron import CrossEntropyCost, QuadraticCost, train

ETA = 0.15
EPOCHS = 300
DOT_EVERY = 25
LIM = (-3.0, 4.0)
LEVELS = {"quadratic": np.linspace(0.0, 0.5, 11), "cross-entropy": np.linspace(0.0, 8.0, 17)}


def compute(eta=ETA, epochs=EPOCHS, n=36):
    """Cost on a (w, b) grid and the gradient-descent paths from both starts, per cost."""
    w, b = np.meshgrid(np.linspace(*LIM, n), np.linspace(*LIM, n))
    out = {}
    for c in (QuadraticCost, CrossEntropyCost):
        out[c.name] = {
            "C": c.fn(w * 1.0 + b, 0.0),
            "paths": [train(c, w0, b0, eta, epochs) for w0, b0 in figstyle.STARTS],
        }
    return w, b, out


def plot(data):
    w, b, out = data
    fig, axes = figstyle.figure(ncols=2, width=7.2, height=3.9, sharey=True,
                                gridspec_kw={"wspace": 0.3})
    for ax, name, title in zip(axes, ("quadratic", "cross-entropy"), (r"$C=a^2/2$", r"$C=-\ln(1-a)$")):
        d = out[name]
        levels = LEVELS[name]
        cf = ax.contourf(w, b, d["C"], levels=levels, cmap="Greys", alpha=0.45)
        ax.contour(w, b, d["C"], levels=levels[1:-1], colors="white", linewidths=0.6)
        color = figstyle.COST_COLOR[name]
        for t, ls, marker in zip(d["paths"], figstyle.START_STYLE, ("o", "s")):
            ax.plot(t.w, t.b, ls, color=color, lw=1.4)
            ax.plot(t.w[::DOT_EVERY], t.b[::DOT_EVERY], "o", color=color, ms=3.5, mec="white", mew=0.5)
            ax.plot(t.w[0], t.b[0], marker, color=color, ms=7, mfc="white", mew=1.4)
            ax.plot(t.w[-1], t.b[-1], marker, color=color, ms=6)
        ax.set(xlabel="$w$", xlim=LIM, ylim=LIM, aspect="equal")
        ax.set_title(title)
        ax.grid(False)
        fig.colorbar(cf, ax=ax, fraction=0.05, pad=0.04, label="$C$", ticks=levels[::2])
    axes[0].set_ylabel("$b$")
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
