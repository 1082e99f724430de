"""Forward and reverse KL: fitting one Gaussian to a two-mode mixture.

p is a mixture of two Gaussians.  The Gaussian q minimising the forward
D_KL(p‖q) spreads over both modes (it takes p's mean and variance:
mass-covering); the one minimising the reverse D_KL(q‖p) sits on one mode
(mode-seeking).  Supports the claim that which way round the KL is taken
decides what a fitted model does with the modes it cannot represent.
"""

import numpy as np

from figures import figstyle
from xent.infotheory import (fit_gaussian_forward_kl, fit_gaussian_reverse_kl, gaussian_logpdf, gaussian_mixture_logpdf,
                        gaussian_mixture_pdf)

WEIGHTS = (0.6, 0.4)
MEANS = (-2.0, 2.0)
SIGMAS = (0.7, 0.7)
GRID = (-10.0, 10.0, 2001)  # x from, to, number of points of the grid the KLs are computed on
PLOT = (-7.0, 7.0, 351)  # the coarser grid the curves are drawn on


def compute(weights=WEIGHTS, means=MEANS, sigmas=SIGMAS, grid=GRID, plot_grid=PLOT):
    """Both fits on the fine grid (the reverse fit started once on each mode), and p and the two q to draw."""
    x = np.linspace(*grid)
    log_p = gaussian_mixture_logpdf(x, weights, means, sigmas)
    forward = fit_gaussian_forward_kl(x, log_p)
    reverse = fit_gaussian_reverse_kl(x, log_p, starts=list(zip(means, sigmas)))
    x = np.linspace(*plot_grid)
    return {
        "x": x,
        "p": gaussian_mixture_pdf(x, weights, means, sigmas),
        "forward": forward,
        "reverse": reverse,
        "q_forward": np.exp(gaussian_logpdf(x, forward.mu, forward.sigma)),
        "q_reverse": np.exp(gaussian_logpdf(x, reverse.mu, reverse.sigma)),
    }


def plot(d):
    fig, ax = figstyle.figure(width=6.8, height=3.3)
    x = d["x"]
    ax.fill_between(x, d["p"], color=figstyle.GREY, alpha=0.25, lw=0)
    ax.plot(x, d["p"], color=figstyle.GREY, lw=1.4, label="$p$")
    f, r = d["forward"], d["reverse"]
    ax.plot(x, d["q_forward"], color=figstyle.CROSS_ENTROPY,
            label=r"$\mathrm{arg\,min}_q\, D_{\mathrm{KL}}(p\|q)$" + f"\n$\\mu={f.mu:.2f},\\ \\sigma={f.sigma:.2f}$")
    ax.plot(x, d["q_reverse"], "--", color=figstyle.QUADRATIC,
            label=r"$\mathrm{arg\,min}_q\, D_{\mathrm{KL}}(q\|p)$" + f"\n$\\mu={r.mu:.2f},\\ \\sigma={r.sigma:.2f}$")
    ax.set(xlabel="$x$", xlim=(x[0], x[-1]), ylim=(0, 0.6))
    if figstyle.narrow():  # phone: the curves fill the panel; the key goes below it
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), frameon=False, fontsize=9, labelspacing=0.9)
        fig.set_size_inches(figstyle.NARROW_WIDTH, 4.4)
    else:
        ax.legend(loc="upper right", frameon=False, fontsize=9, labelspacing=0.9)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
