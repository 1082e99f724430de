"""MkDocs hook: chapter 3's "frameworks" tables, from scripts/frameworks/results.json.

A line ``<!-- frameworks: <key> -->`` in a page's Markdown becomes a table: for the loss ``<key>``
of the JSON (written by scripts/frameworks/run.py, which runs PyTorch, JAX/optax, Keras 3 and
scikit-learn), one row per framework with its call, default reduction, what it takes, its value in
float64 and float32, and whether it equals the printed equation; the first row is the equation itself
(computed by ``xent``).  ``<!-- frameworks: bce_saturated -->`` is the table of BCELoss's value and
gradient at saturated outputs, ``<!-- frameworks: versions -->`` the line naming the versions run.
An unknown key or a missing JSON stops the build.  The numbers are in the JSON, not in the Markdown:
tests/test_frameworks.py checks the built tables against it and it against a fresh framework run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[3]
RESULTS = ROOT / "scripts" / "frameworks" / "results.json"
MARKER = re.compile(r"^<!-- frameworks: ([a-z_0-9]+) -->[ \t]*$", re.M)
FMT = {"float64": "{:.10g}", "float32": "{:.5g}"}
# a framework value equals the equation when within this relative distance (float64 values): the JSON
# keeps 10 significant digits, so one unit in the 10th digit
SAME = 1.5e-10

NAMES = {"pytorch": "PyTorch", "pytorch_probs": "PyTorch", "pytorch_weight": "PyTorch",
         "pytorch_batchmean": "PyTorch", "pytorch_log_target": "PyTorch",
         "optax": "JAX / optax", "keras": "Keras 3", "sklearn": "scikit-learn"}
TEXT = {
    "ja": {
        "head": ("フレームワーク", "呼び出し", "既定の reduction", "既定の入力", "float64", "float32", "式との比較"),
        "math": "式（`xent`）", "inputs": "入力", "none": "—", "same": "一致", "differs": "異なる",
        "takes": {"logits": "ロジット", "probabilities": "確率", "log-probabilities": "対数確率"},
        "sat_head": ("z", "y", "型", "式: 値 / ∂/∂z", "`BCELoss(sigmoid(z))`", "`BCEWithLogitsLoss(z)`",
                     "Keras `BinaryCrossentropy()(y, sigmoid(z))`"),
        "versions": "実行したバージョン: {v}（Keras のバックエンド: {backend}）。表の値は "
                    "`make frameworks`（`scripts/frameworks/run.py`）が実際に各フレームワークを実行して "
                    "`scripts/frameworks/results.json` に書いたもので、`tests/test_frameworks.py` が式と照合します。",
    },
    "en": {
        "head": ("framework", "call", "default reduction", "takes by default", "float64", "float32", "vs. the equation"),
        "math": "equation (`xent`)", "inputs": "Inputs", "none": "—", "same": "equal", "differs": "differs",
        "takes": {"logits": "logits", "probabilities": "probabilities", "log-probabilities": "log-probabilities"},
        "sat_head": ("z", "y", "dtype", "equation: value / ∂/∂z", "`BCELoss(sigmoid(z))`", "`BCEWithLogitsLoss(z)`",
                     "Keras `BinaryCrossentropy()(y, sigmoid(z))`"),
        "versions": "Versions run: {v} (Keras backend: {backend}). The tables' values were written to "
                    "`scripts/frameworks/results.json` by `make frameworks` (`scripts/frameworks/run.py`), "
                    "which runs each framework; `tests/test_frameworks.py` checks them against the equations.",
    },
}
# which equation value a row is compared with, when it is not "math"
REFERENCE = {("ce_weight", "pytorch_probs"): "math_probs", ("ce_weight", "keras"): "math_probs",
             ("ce_ignore", "pytorch_weight"): "math_weight", ("kl", "pytorch"): "math_mean"}


def load():
    if not RESULTS.is_file():
        raise PluginError(f"{RESULTS.relative_to(ROOT)} does not exist (run `make frameworks`)")
    return json.loads(RESULTS.read_text(encoding="utf-8"))


def number(x, dtype="float64"):
    """A value as printed in the tables: the JSON's digits, with a typographic minus."""
    return FMT[dtype].format(x).replace("-", "−")


def code(s):
    return "`" + s.replace("|", "\\|") + "`" if s else "—"


def reference(key, fw, loss):
    return loss[REFERENCE.get((key, fw), "math")]


def loss_table(key, loss, lang):
    tx = TEXT[lang]
    inputs = ", ".join(f"{k} = `{json.dumps(v)}`" for k, v in sorted(loss["inputs"].items()))
    lines = [f"{tx['inputs']}: {inputs}", "",
             "| " + " | ".join(tx["head"]) + " |", "|" + "---|" * len(tx["head"])]
    lines.append(f"| {tx['math']} | | | | {number(loss['math'])} | | |")
    for fw, r in loss["rows"].items():
        if r["value"] is None:
            cells = [NAMES[fw], code(r["call"]), "—", "—", "—", "—", "—"]
        else:
            ref = reference(key, fw, loss)
            v = r["value"]
            same = abs(v["float64"] - ref) <= SAME * abs(ref)
            cells = [NAMES[fw], code(r["call"]), code(r["reduction"]), tx["takes"][r["takes"]],
                     number(v["float64"]), number(v["float32"], "float32"),
                     tx["same"] if same else f"**{tx['differs']}**"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def saturated_table(loss, lang):
    tx = TEXT[lang]
    lines = ["| " + " | ".join(tx["sat_head"]) + " |", "|" + "---|" * len(tx["sat_head"])]
    for c in loss["cases"]:
        for dt in ("float64", "float32"):
            def vg(d, dt=dt):
                return f"{number(d['value'], dt)} / {number(d['grad'], dt)}"
            lines.append("| " + " | ".join([number(c["z"]), number(c["y"]), dt,
                                            f"{number(c['math']['value'])} / {number(c['math']['grad'])}",
                                            vg(c["pytorch_bce"][dt]), vg(c["pytorch_logits"][dt]), vg(c["keras"][dt])])
                         + " |")
    return "\n".join(lines)


def versions_line(data, lang):
    v = data["versions"]
    names = [("PyTorch", "torch"), ("JAX", "jax"), ("jaxlib", "jaxlib"), ("optax", "optax"), ("Keras", "keras"),
             ("scikit-learn", "scikit-learn"), ("NumPy", "numpy"), ("Python", "python")]
    return TEXT[lang]["versions"].format(v=", ".join(f"{n} {v[k]}" for n, k in names), backend=v["keras_backend"])


def render(key, data, lang, where="page"):
    if key == "versions":
        return versions_line(data, lang)
    if key not in data["losses"]:
        raise PluginError(f"{where}: <!-- frameworks: {key} -->: no loss {key!r} in "
                          f"{RESULTS.relative_to(ROOT)} (known: {', '.join(sorted(data['losses']))})")
    loss = data["losses"][key]
    return saturated_table(loss, lang) if key == "bce_saturated" else loss_table(key, loss, lang)


def on_page_markdown(markdown, page, config, files):
    if not MARKER.search(markdown):
        return markdown
    data = load()
    lang = config["theme"]["language"]
    return MARKER.sub(lambda m: render(m.group(1), data, lang, page.file.src_uri), markdown)
