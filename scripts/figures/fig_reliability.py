"""Reliability diagram: an over-confident model before and after temperature scaling.

Synthetic binary data (true logits s ~ N(0, 2²)); the model outputs σ(2.5 s), which ranks the
examples perfectly but is too sure.  Temperature scaling, fitted on one half of the data by
minimising the cross-entropy, brings the observed frequencies back onto the diagonal on the
other half.  Supports the calibration section of chapter 3.
"""

import numpy as np

from figures import figstyle
from xent import calibration as cal
from xent.neuron import sigmoid


def compute():
    """Bins before and after scaling on the test half, the fitted T, ECE and cross-entropy."""
    e = cal.make_experiment()
    t = cal.fit_temperature(e.logits_fit, e.labels_fit)
    out = {"T": t}
    for name, temp in (("before", 1.0), ("after", t)):
        p = sigmoid(e.logits_test / temp)
        out[name] = {
            "bins": cal.reliability_bins(p, e.labels_test),
            "ece": cal.expected_calibration_error(p, e.labels_test),
            "nll": cal.mean_bce(e.logits_test, e.labels_test, temp),
        }
    return out


def plot(d):
    fig, ax = figstyle.figure(width=4.2, height=4.0)
    ax.plot([0, 1], [0, 1], color=figstyle.GREY, lw=1.0, ls=":")
    for name, color, marker, label in (
        ("before", figstyle.QUADRATIC, "o", "$T = 1$"),
        ("after", figstyle.CROSS_ENTROPY, "s", f"$T = {d['T']:.2f}$"),
    ):
        mean_p, freq, _ = d[name]["bins"]
        ax.plot(mean_p, freq, marker=marker, ms=4.5, color=color, label=label)
    ax.set(xlabel=r"$\sigma(z/T)$", ylabel=r"$\Pr(y = 1)$", xlim=(0, 1), ylim=(0, 1), aspect="equal")
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.legend(loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    figstyle.main(__file__, compute, plot)
