"""Output after 300 epochs against the learning rate, for both costs and starts.

One sigmoid neuron, x = 1, y = 0.  Top: a after 300 epochs against η (log
axis, 0.001 to 10) from the two starts; the cross-entropy ends lower than the
quadratic cost at every η and from both starts, so the costs are compared
fairly at one common η, not at different ones (NNDL: 0.15 for the quadratic,
0.005 for the cross-entropy; both marked).  Bottom: the same over η × the
start's z₀ = w₀ + b₀ (with x = 1 the path of a depends on the start only
through z₀; the two starts are the horizontal lines): the quadratic cost's
result depends strongly on how saturated the start is, the cross-entropy's
hardly at all.
"""

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, NullLocator

from figures import figstyle
from xent.experiments import NNDL_ETA, sweep

EPOCHS = 300
ETAS = np.geomspace(1e-3, 10.0, 81)
Z0 = np.linspace(0.5, 8.0, 61)
MARKED_ETAS = (NNDL_ETA, 0.15)
COSTS = ("quadratic", "cross-entropy")
TITLE = {"quadratic": r"$C=a^2/2$", "cross-entropy": r"$C=-\ln(1-a)$"}
A_LEVELS = 10.0 ** np.arange(-4.0, 0.01, 0.5)
PLAIN = FuncFormatter(lambda v, _: f"{v:g}")  # 0.001 … 10: plain numbers read better than 10^k
CONTOURS = (0.1, 0.5)  # output levels drawn as white contours in the lower panels


def compute(etas=ETAS, z0=Z0, epochs=EPOCHS):
    """a after ``epochs`` epochs: per cost, at the two starts and on the (η, z₀) grid (w₀ = b₀ = z₀/2)."""
    grid_starts = [(z / 2, z / 2) for z in z0]
    return {
        "eta": etas,
        "z0": z0,
        "start_z0": np.array([w + b for w, b in figstyle.STARTS]),
        "a": {c: sweep(c, etas, figstyle.STARTS, epochs) for c in COSTS},
        "grid": {c: sweep(c, etas, grid_starts, epochs) for c in COSTS},
    }


def plot(d):
    # Top: one wide panel; bottom: two maps sharing a colour bar.
    if figstyle.narrow():  # phone: the three panels stacked, marked with their wide places
        fig, (top, *maps) = figstyle.figure(nrows=3, width=7.2, height=6.0, gridspec_kw={"hspace": 0.6})
        for ax, m in zip((top, *maps), "⬒◱◲"):
            figstyle.mark(ax, m)
    else:
        fig, axes = figstyle.figure(ncols=2, nrows=2, width=7.2, height=6.0,
                                    gridspec_kw={"hspace": 0.45, "wspace": 0.3})
        gs = axes[0, 0].get_gridspec()
        for ax in axes[0]:
            ax.remove()
        top = fig.add_subplot(gs[0, :])
        maps = axes[1]
    # phone: the colour bar lies under the last map, so the figure keeps the phone's width
    cax = maps[1].inset_axes([0.0, -0.55, 1.0, 0.07] if figstyle.narrow() else [1.06, 0.0, 0.05, 1.0])
    for c in COSTS:
        for j, ls in enumerate(figstyle.START_STYLE):
            top.plot(d["eta"], d["a"][c][:, j], ls, color=figstyle.COST_COLOR[c])
    for eta in MARKED_ETAS:
        top.axvline(eta, color=figstyle.GREY, lw=0.8, ls=":")
        top.annotate(f"$\\eta={eta:g}$", (eta, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                     textcoords="offset points", ha="center", va="bottom", fontsize=9)
    keys = [Line2D([], [], color=figstyle.COST_COLOR[c], label=TITLE[c]) for c in COSTS]
    keys += [Line2D([], [], color=figstyle.GREY, ls=ls, label=f"$w_0={w:g},\\ b_0={b:g}$")
             for (w, b), ls in zip(figstyle.STARTS, figstyle.START_STYLE)]
    if figstyle.narrow():
        top.legend(handles=keys, loc="lower left", bbox_to_anchor=(0, 1.12), frameon=False)
    else:
        top.legend(handles=keys, loc="upper right", frameon=False)
    top.set(xscale="log", xlabel=r"$\eta$", ylabel="$a$", ylim=(0, 1.0), xlim=(d["eta"][0], d["eta"][-1]))
    for ax, c in zip(maps, COSTS):
        a = d["grid"][c].T
        cf = ax.contourf(d["eta"], d["z0"], a, levels=A_LEVELS, norm=LogNorm(), cmap="viridis", extend="min")
        cs = ax.contour(d["eta"], d["z0"], a, levels=CONTOURS, colors="white", linewidths=0.8)
        ax.clabel(cs, fmt="%g", fontsize=8)
        for z, ls in zip(d["start_z0"], figstyle.START_STYLE):
            ax.axhline(z, color="white", ls=ls, lw=1.4)
        for eta in MARKED_ETAS:
            ax.axvline(eta, color="white", lw=0.8, ls=":")
        ax.set(xscale="log", xlabel=r"$\eta$", ylabel="$z_0 = w_0 + b_0$", title=TITLE[c])
        ax.grid(False)
    for ax in (top, *maps):
        ax.xaxis.set_major_formatter(PLAIN)
        ax.xaxis.set_minor_locator(NullLocator())
    orientation = "horizontal" if figstyle.narrow() else "vertical"
    cb = fig.colorbar(cf, cax=cax, label="$a$", ticks=10.0 ** np.arange(-4, 1), orientation=orientation)
    axis = cb.ax.xaxis if figstyle.narrow() else cb.ax.yaxis
    axis.set_major_formatter(PLAIN)
    axis.set_minor_locator(NullLocator())
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
