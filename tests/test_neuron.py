"""The single neuron: published numbers, gradients, the update rule, the command line."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from xent import neuron

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "scripts" / "xent" / "neuron.py"
STARTS = ((0.6, 0.9), (2.0, 2.0))


# --------------------------------------------------------------- independent reference


def a_ref(w, b, x):
    return 1.0 / (1.0 + np.exp(-(w * x + b)))


def cost_ref(name, w, b, x, y):
    """C(w, b) written from the definitions, with np.log (not through neuron.py)."""
    a = a_ref(w, b, x)
    if name == "quadratic":
        return 0.5 * (a - y) ** 2
    return -(y * np.log(a) + (1.0 - y) * np.log(1.0 - a))


def train_ref(name, w, b, eta, epochs, x, y):
    """Plain-Python gradient descent: returns lists w, b, a, cost (epochs + 1 entries)."""
    ws, bs = [w], [b]
    for _ in range(epochs):
        a = 1.0 / (1.0 + math.exp(-(ws[-1] * x + bs[-1])))
        dz = (a - y) * a * (1.0 - a) if name == "quadratic" else a - y
        ws.append(ws[-1] - eta * dz * x)
        bs.append(bs[-1] - eta * dz)
    a = [1.0 / (1.0 + math.exp(-(wk * x + bk))) for wk, bk in zip(ws, bs)]
    c = [float(cost_ref(name, wk, bk, x, y)) for wk, bk in zip(ws, bs)]
    return ws, bs, a, c


# ------------------------------------------------------------------ published numbers


@pytest.mark.parametrize("start, a0, a300", [(STARTS[0], "0.82", "0.09"), (STARTS[1], "0.98", "0.20")])
def test_nndl_quadratic_numbers(start, a0, a300):
    """NNDL ch. 3: quadratic cost, η = 0.15, 300 epochs: 0.82 → 0.09 and 0.98 → 0.20."""
    t = neuron.train(neuron.QuadraticCost, *start, eta=0.15, epochs=300)
    assert f"{t.a[0]:.2f}" == a0
    assert f"{t.a[-1]:.2f}" == a300
    assert len(t.a) == 301 and t.epoch[-1] == 300


# ------------------------------------------------------------------------- gradients

POINTS = [(0.6, 0.9, 1.0, 0.0), (2.0, 2.0, 1.0, 0.0), (-1.3, 0.4, 0.7, 1.0), (0.5, -2.0, -1.5, 0.3),
          (3.0, 1.0, 2.0, 0.8), (-0.2, 0.1, 1.0, 0.5)]


@pytest.mark.parametrize("cost", [neuron.QuadraticCost, neuron.CrossEntropyCost], ids=lambda c: c.name)
@pytest.mark.parametrize("w, b, x, y", POINTS)
def test_gradient_matches_central_differences(cost, w, b, x, y):
    h = 1e-6
    fd_w = (cost_ref(cost.name, w + h, b, x, y) - cost_ref(cost.name, w - h, b, x, y)) / (2 * h)
    fd_b = (cost_ref(cost.name, w, b + h, x, y) - cost_ref(cost.name, w, b - h, x, y)) / (2 * h)
    gw, gb = neuron.gradient(cost, w, b, x, y)
    assert gw == pytest.approx(fd_w, rel=1e-6, abs=1e-9)
    assert gb == pytest.approx(fd_b, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("cost", [neuron.QuadraticCost, neuron.CrossEntropyCost], ids=lambda c: c.name)
def test_cost_fn_matches_definition(cost):
    for w, b, x, y in POINTS:
        assert float(cost.fn(w * x + b, y)) == pytest.approx(float(cost_ref(cost.name, w, b, x, y)), rel=1e-12)


# ------------------------------------------------------------------------ update rule


@pytest.mark.parametrize("cost", [neuron.QuadraticCost, neuron.CrossEntropyCost], ids=lambda c: c.name)
@pytest.mark.parametrize("w, b, eta, x, y", [(0.6, 0.9, 0.15, 1.0, 0.0), (2.0, 2.0, 0.15, 1.0, 0.0),
                                             (2.0, 2.0, 0.005, 1.0, 0.0), (-1.0, 0.5, 0.7, 0.8, 0.6)])
def test_trajectory_follows_update_rule(cost, w, b, eta, x, y):
    t = neuron.train(cost, w, b, eta, 300, x, y)
    ws, bs, a, c = train_ref(cost.name, w, b, eta, 300, x, y)
    np.testing.assert_allclose(t.w, ws, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(t.b, bs, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(t.z, np.array(ws) * x + np.array(bs), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(t.a, a, rtol=1e-12)
    np.testing.assert_allclose(t.cost, c, rtol=1e-9)
    np.testing.assert_array_equal(t.epoch, np.arange(301))
    # step by step: each update is exactly −η ∂C/∂(w, b) at the previous point
    for k in (0, 1, 150, 299):
        gw, gb = neuron.gradient(cost, t.w[k], t.b[k], x, y)
        assert t.w[k + 1] == pytest.approx(t.w[k] - eta * gw, rel=1e-14, abs=1e-15)
        assert t.b[k + 1] == pytest.approx(t.b[k] - eta * gb, rel=1e-14, abs=1e-15)


def test_zero_epochs_is_the_start():
    t = neuron.train("cross-entropy", 0.6, 0.9, 0.15, 0)
    assert len(t.a) == 1 and t.w[0] == 0.6 and t.b[0] == 0.9


# ------------------------------------------------------------------------- the CLI


def run_cli(*args):
    return subprocess.run([sys.executable, str(CLI), *args], capture_output=True, text=True, timeout=60)


OPTS = {"--cost": "cross-entropy", "--w": "2", "--b": "2", "--eta": "0.15", "--epochs": "25"}


def cli_args(**override):
    """Options as ``--name=value`` (so negative values are not taken for options)."""
    opts = dict(OPTS, **{f"--{k}": v for k, v in override.items()})
    return [f"{k}={v}" for k, v in opts.items()]


BASE = cli_args()


def test_cli_csv():
    r = run_cli(*BASE)
    assert r.returncode == 0 and r.stderr == ""
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 26
    assert list(rows[0]) == ["epoch", "w", "b", "z", "a", "cost"]
    assert int(rows[0]["epoch"]) == 0 and float(rows[0]["w"]) == 2.0 and float(rows[0]["b"]) == 2.0
    assert float(rows[0]["a"]) == pytest.approx(1 / (1 + math.exp(-4.0)), rel=1e-15)
    assert [int(r["epoch"]) for r in rows] == list(range(26))
    t = neuron.train("cross-entropy", 2.0, 2.0, 0.15, 25)
    assert [float(r["a"]) for r in rows] == t.a.tolist()  # repr round-trips exactly


def test_cli_json():
    r = run_cli(*BASE, "--format", "json", "--x", "0.5", "--y", "1")
    assert r.returncode == 0 and r.stderr == ""
    d = json.loads(r.stdout)
    assert set(d) == {"epoch", "w", "b", "z", "a", "cost"}
    assert {len(v) for v in d.values()} == {26}
    assert d["epoch"][0] == 0 and d["w"][0] == 2.0 and d["b"][0] == 2.0 and d["z"][0] == 3.0
    ws, bs, a, c = train_ref("cross-entropy", 2.0, 2.0, 0.15, 25, 0.5, 1.0)
    np.testing.assert_allclose(d["w"], ws, rtol=1e-12)
    np.testing.assert_allclose(d["cost"], c, rtol=1e-9)


def test_cli_quadratic_published():
    r = run_cli("--cost", "quadratic", "--w", "0.6", "--b", "0.9", "--eta", "0.15", "--epochs", "300")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 301 and f"{float(rows[-1]['a']):.2f}" == "0.09"


BAD = {
    "eta zero": {"eta": "0"},
    "eta negative": {"eta": "-0.1"},
    "epochs negative": {"epochs": "-1"},
    "epochs not whole": {"epochs": "2.5"},
    "y above 1": {"y": "1.5"},
    "y below 0": {"y": "-0.1"},
    "unknown cost": {"cost": "hinge"},
    "w not a number": {"w": "abc"},
    "eta not a number": {"eta": "fast"},
    "eta nan": {"eta": "nan"},
    "w nan": {"w": "nan"},
    "b inf": {"b": "inf"},
    "x nan": {"x": "nan"},
    "y nan": {"y": "nan"},
    "unknown format": {"format": "xml"},
}


@pytest.mark.parametrize("override", BAD.values(), ids=BAD.keys())
def test_cli_bad_input_is_one_line_exit_2(override):
    r = run_cli(*cli_args(**override))
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and r.stderr.endswith("\n"), r.stderr
    assert r.stderr.startswith("neuron.py: error: ")


def test_cli_missing_option_is_one_line():
    r = run_cli("--cost", "quadratic")
    assert r.returncode == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1
