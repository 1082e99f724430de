"""The real frameworks (issue 18): scripts/frameworks/run.py in .venv-frameworks, against xent and the JSON.

float64 tolerance: one loss evaluation of a few terms (log-sum-exp, softplus, a mean of ≤ 6 terms) is
well conditioned (condition number ≲ 10 here), so frameworks and xent agree to a few ulps × 10:
rel 64 · eps64 ≈ 1.4e-14.  float32: the same argument with eps32: rel 64 · eps32 ≈ 7.6e-6.
Keras's BCE on the JAX backend averages in float32 even for float64 inputs (keras.ops.mean), so its
float64 value gets the float32 tolerance; the page says so.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from xent import examples as EX
from xent import losses

ROOT = Path(__file__).resolve().parent.parent
FW_PY = ROOT / ".venv-frameworks" / "bin" / "python"
RUN = ROOT / "scripts" / "frameworks" / "run.py"
JSON = ROOT / "scripts" / "frameworks" / "results.json"
TOL = {"float64": 64 * np.finfo(np.float64).eps, "float32": 64 * np.finfo(np.float32).eps}
FLOAT32_IN_FLOAT64 = {("bce_logits", "keras"), ("bce_probs", "keras"), ("bce_pos_weight", "keras")}
# rows compared with another equation value than "math" (the page's "differs" rows, by design)
REFERENCE = {("ce_weight", "pytorch_probs"): "math_probs", ("ce_weight", "keras"): "math_probs",
             ("ce_ignore", "pytorch_weight"): "math_weight", ("kl", "pytorch"): "math_mean"}
DIFFERS = {("bce_pos_weight", "sklearn")}  # divides by Σ w: checked separately


@pytest.fixture(scope="module")
def fresh():
    if not FW_PY.is_file():
        pytest.skip(".venv-frameworks is missing: run `make .venv-frameworks/.installed` (make test does)")
    out = subprocess.run([str(FW_PY), str(RUN), "--raw"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def rows(data):
    for key, loss in data["losses"].items():
        for fw, r in loss.get("rows", {}).items():
            if r["value"] is not None:
                yield key, fw, loss, r


def test_frameworks_equal_the_equations(fresh):
    bad = []
    for key, fw, loss, r in rows(fresh):
        if (key, fw) in DIFFERS:
            continue
        ref = loss[REFERENCE.get((key, fw), "math")]
        for dt in ("float64", "float32"):
            tol = TOL["float32" if (key, fw) in FLOAT32_IN_FLOAT64 else dt]
            if abs(r["value"][dt] - ref) > tol * abs(ref):
                bad.append(f"{key}/{fw}/{dt}: {r['value'][dt]!r} vs {ref!r}")
    assert not bad, bad


def test_json_equals_a_fresh_run(fresh):
    spec = __import__("importlib.util").util.spec_from_file_location("fwrun_rounding", RUN)
    committed = json.loads(JSON.read_text(encoding="utf-8"))
    # the frameworks' versions are pinned by the lock; Python's patch release is not (CI may differ)
    assert {k: v for k, v in committed["versions"].items() if k != "python"} == \
        {k: v for k, v in fresh["versions"].items() if k != "python"}

    def walk(a, b, path, dt=None):
        if isinstance(a, dict):
            assert set(a) == set(b), path
            for k in a:
                walk(a[k], b[k], f"{path}/{k}", k if k in ("float64", "float32") else dt)
        elif isinstance(a, list):
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{path}/{i}", dt)
        elif isinstance(a, float):
            digits = committed["digits"][dt or "float64"]
            assert float(f"{b:.{digits - 1}e}") + 0.0 == a or abs(a - b) <= TOL[dt or "float64"] * abs(b) + 1e-300, \
                f"{path}: JSON {a!r}, fresh {b!r}"
        else:
            assert a == b, path
    assert spec is not None
    walk(committed["losses"], fresh["losses"], "losses")


def test_corrected_claims(fresh):
    L = fresh["losses"]
    # one-hot probabilities ≠ class index with weights: index / Σ w[t], probabilities / n
    w = L["ce_weight"]["rows"]
    assert abs(w["pytorch"]["value"]["float64"] - w["pytorch_probs"]["value"]["float64"]) > 1
    t = np.array(EX.FW_TARGETS)
    per = losses.softmax_cross_entropy(EX.FW_LOGITS, t, reduction="none")
    W = np.array(EX.FW_CLASS_WEIGHTS)[t]
    assert w["pytorch"]["value"]["float64"] == pytest.approx((W * per).sum() / W.sum(), rel=1e-13)
    assert w["pytorch_probs"]["value"]["float64"] == pytest.approx((W * per).sum() / len(t), rel=1e-13)
    # ignore_index drops out of the weighted denominator
    ig = L["ce_ignore"]
    assert ig["rows"]["pytorch_weight"]["value"]["float64"] == pytest.approx(
        (W[:-1] * per[:-1]).sum() / W[:-1].sum(), rel=1e-13)
    # BCELoss's gradient: −0.094 at z = −30 (not −1), 0 in float32 at z = 17; BCEWithLogits is right
    sat = {(c["z"], c["y"]): c for c in L["bce_saturated"]["cases"]}
    c = sat[(-30.0, 1.0)]
    assert round(c["pytorch_bce"]["float64"]["grad"], 3) == -0.094
    assert c["pytorch_bce"]["float64"]["grad"] == pytest.approx(losses.clamped_bce_grad(-30.0, 1.0), rel=1e-6)
    assert c["pytorch_logits"]["float64"]["grad"] == pytest.approx(-1.0, abs=1e-12)
    c = sat[(17.0, 0.0)]
    assert c["pytorch_bce"]["float32"]["grad"] == 0.0 and c["pytorch_bce"]["float32"]["value"] == 100.0
    assert losses.clamped_bce_grad(17.0, 0.0, dtype=np.float32) == 0.0
    # a normalised multi-hot target is a legitimate soft target: every framework gives the equation
    s = L["ce_soft"]
    assert s["rows"]["pytorch"]["value"]["float64"] == pytest.approx(s["math"], rel=1e-13)


# ---- the built tables are the JSON --------------------------------------------------------------

class _Tables:
    """Every <table> of a built page as a list of rows of cell texts."""

    def __init__(self, html):
        from html.parser import HTMLParser

        tables, state = [], {"cell": None}

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag == "table":
                    tables.append([])
                elif tag == "tr" and tables:
                    tables[-1].append([])
                elif tag in ("td", "th") and tables:
                    state["cell"] = []

            def handle_endtag(self, tag):
                if tag in ("td", "th") and state["cell"] is not None:
                    tables[-1][-1].append(" ".join("".join(state["cell"]).split()))
                    state["cell"] = None

            def handle_data(self, data):
                if state["cell"] is not None:
                    state["cell"].append(data)

        P().feed(html)
        self.tables = tables


def _printed(x, digits):
    return f"{x:.{digits}g}".replace("-", "−")


@pytest.mark.parametrize("lang", ("ja", "en"))
def test_built_tables_are_the_json(site, lang):
    """Each marker of the page became a table whose cells are the JSON's values (formatted here,
    independently of the hook: 10 significant digits in float64, 5 in float32), one row per framework."""
    import re

    data = json.loads(JSON.read_text(encoding="utf-8"))
    md = (ROOT / "docs" / lang / "classification.md").read_text(encoding="utf-8")
    keys = [k for k in re.findall(r"^<!-- frameworks: ([a-z_0-9]+) -->", md, re.M) if k != "versions"]
    html = ((site / "en") if lang == "en" else site).joinpath("classification", "index.html").read_text(encoding="utf-8")
    tables = [t for t in _Tables(html).tables if t and len(t[0]) == 7 and t[0][4] == "float64"]
    loss_keys = [k for k in keys if k != "bce_saturated"]
    assert len(tables) == len(loss_keys) >= 8, (len(tables), loss_keys)
    for key, table in zip(loss_keys, tables):
        loss = data["losses"][key]
        body = table[1:]
        assert body[0][4] == _printed(loss["math"], 10), (key, body[0])
        framework_rows = [r for r in loss["rows"].values()]
        assert len(body) == 1 + len(framework_rows), key
        for cells, r in zip(body[1:], framework_rows):
            if r["value"] is None:
                assert cells[4] == "—", (key, cells)
            else:
                assert cells[4] == _printed(r["value"]["float64"], 10), (key, cells)
                assert cells[5] == _printed(r["value"]["float32"], 5), (key, cells)
            assert (r["call"] or "—") == cells[1].replace("\\|", "|"), (key, cells)
    versions = data["versions"]
    for name in ("torch", "jax", "keras"):
        assert any(name in k.lower() for k in versions), versions
    for v in versions.values():
        assert str(v) in html, f"version {v} is not printed on the page"
