"""Run the real frameworks on chapter 3's losses and write scripts/frameworks/results.json.

Runs in .venv-frameworks (requirements-frameworks.lock: PyTorch, JAX/optax, Keras 3 on the JAX
backend, scikit-learn): ``make frameworks``.  For each loss of the chapter's "frameworks" tables
it records, per framework, the call, its default reduction, what it takes (logits, probabilities,
log-probabilities), and the value it returns on the page's inputs (``xent.examples``) in float64
and float32; beside them the value of the printed equation, computed by ``xent`` (numpy only).
The build (scripts/site/hooks/frameworks.py) turns the file into the tables; tests/test_frameworks.py
runs this script again and compares.

Rounding: float64 values are written with 10 significant digits, float32 values with 5.  Between
CPUs (SIMD width, vectorised exp/log kernels, summation order) a float64 loss of a few terms moves
by a few ulps, ≲ 1e-15 relative, and a float32 one by a few float32 ulps, ≲ 1e-6 relative.  A
written digit changes only if the value lies within that distance of a rounding boundary: with
steps of ≥ 1e-10 and ≥ 1e-5 relative that is a chance of ≲ 1e-5 and ≲ 1e-1 per value at the very
worst (mantissa near 9.99…), typically 1e-3 for float32; tests/test_frameworks.py therefore compares a
fresh run with the file digit by digit and, where a digit differs, accepts it only if the fresh value
is that close to the boundary.  Gradients are written like values.

Bad input (an unknown option, an output folder that does not exist): one line on stderr, exit 2,
no file written.  The file is written atomically (temp file in the same folder, then rename), with
sorted keys, so the same run gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")  # Keras 3 on JAX (installed beside it); before importing keras
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

from xent import examples as EX
from xent import infotheory, losses

OUT = Path(__file__).resolve().parent / "results.json"
DIGITS = {"float64": 10, "float32": 5}
DTYPES = ("float64", "float32")
FRAMEWORKS = ("pytorch", "optax", "keras", "sklearn")


def sig(x, digits):
    """x rounded to ``digits`` significant digits, as a float (0 stays 0; inf/nan are refused)."""
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"non-finite result {x!r}")
    return float(f"{x:.{digits - 1}e}") + 0.0


# --- the frameworks ---------------------------------------------------------------------------

def _imports():
    import jax
    jax.config.update("jax_enable_x64", True)  # float64 in JAX and Keras; float32 is asked for explicitly
    import jax.numpy as jnp
    import keras
    import optax
    import sklearn
    import sklearn.metrics
    import torch
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    return jax, jnp, keras, optax, sklearn, torch


jax, jnp, keras, optax, sklearn, torch = _imports()
TDT = {"float64": torch.float64, "float32": torch.float32}


def t(x, dt, grad=False):
    return torch.tensor(np.asarray(x, dtype=dt), requires_grad=grad)


def j(x, dt):
    return jnp.asarray(np.asarray(x, dtype=dt))


def onehot(idx, k):
    y = np.zeros((len(idx), k))
    y[np.arange(len(idx)), idx] = 1.0
    return y


def softmax_np(z, dt):
    z = np.asarray(z, dtype=dt)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sigmoid_np(z, dt):
    return (1.0 / (1.0 + np.exp(-np.asarray(z, dtype=dt)))).astype(dt)


def quiet(fn, *args):
    """fn(*args) without its warnings (KLDivLoss warns that its default 'mean' is not the KL)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args)


def in_dtype(fn, dt):
    """fn(dt) with Keras's floatx set to dt: Keras converts float64 inputs to floatx otherwise."""
    keras.config.set_floatx(dt)
    try:
        return fn(dt)
    finally:
        keras.config.set_floatx("float32")


def row(call, reduction, takes, fn, note=None):
    """One framework's entry: its call, default reduction, input convention and the values."""
    out = {"call": call, "reduction": reduction, "takes": takes}
    if fn is None:
        out["value"] = None
    else:
        out["value"] = {dt: float(in_dtype(fn, dt)) for dt in DTYPES}
    if note:
        out["note"] = note
    return out


NONE = lambda call=None: {"call": call, "reduction": None, "takes": None, "value": None}


def cases():
    Z, T, W = np.array(EX.FW_LOGITS), np.array(EX.FW_TARGETS), np.array(EX.FW_CLASS_WEIGHTS)
    n, k = Z.shape
    Y = onehot(T, k)
    z1, t1 = np.array([EX.SOFTMAX_LOGITS]), np.array([EX.SOFTMAX_TRUE_CLASS])
    eps = EX.LABEL_SMOOTHING
    soft = np.array([EX.FW_SOFT_TARGET])
    ZM, YM = np.array(EX.ML_LOGITS), np.array(EX.ML_TARGETS)
    pw = EX.IMBALANCE_POS_WEIGHT
    P, Q = np.array([EX.P_EX]), np.array([EX.Q_EX])
    cce = lambda dt, **kw: keras.losses.CategoricalCrossentropy(from_logits=True, dtype=dt, **kw)
    scce = lambda dt: keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype=dt)
    F = torch.nn.functional
    ignored = T.copy()
    ignored[-1] = EX.FW_IGNORE_INDEX
    kept = ignored != EX.FW_IGNORE_INDEX
    out = {}

    # softmax cross-entropy, class-index targets: the batch
    out["ce_index"] = {
        "inputs": {"logits": Z.tolist(), "target": T.tolist()},
        "math": losses.softmax_cross_entropy(Z, T),
        "rows": {
            "pytorch": row("nn.CrossEntropyLoss()(z, t)", "mean", "logits",
                           lambda dt: F.cross_entropy(t(Z, dt), torch.tensor(T))),
            "optax": row("optax.softmax_cross_entropy_with_integer_labels(z, t).mean()", "none", "logits",
                         lambda dt: optax.softmax_cross_entropy_with_integer_labels(j(Z, dt), jnp.asarray(T)).mean()),
            "keras": row("keras.losses.SparseCategoricalCrossentropy(from_logits=True)(t, z)", "sum_over_batch_size",
                         "probabilities", lambda dt: scce(dt)(T, Z.astype(dt))),
            "sklearn": row("log_loss(t, softmax(z))", "mean", "probabilities",
                           lambda dt: sklearn.metrics.log_loss(T, softmax_np(Z, dt), labels=list(range(k)))),
        },
    }
    # the same batch as probability targets: one-hot rows
    out["ce_probs"] = {
        "inputs": {"logits": Z.tolist(), "target": Y.tolist()},
        "math": losses.softmax_cross_entropy(Z, Y),
        "rows": {
            "pytorch": row("nn.CrossEntropyLoss()(z, y)", "mean", "logits",
                           lambda dt: F.cross_entropy(t(Z, dt), t(Y, dt))),
            "optax": row("optax.softmax_cross_entropy(z, y).mean()", "none", "logits",
                         lambda dt: optax.softmax_cross_entropy(j(Z, dt), j(Y, dt)).mean()),
            "keras": row("keras.losses.CategoricalCrossentropy(from_logits=True)(y, z)", "sum_over_batch_size",
                         "probabilities", lambda dt: cce(dt)(Y.astype(dt), Z.astype(dt))),
            "sklearn": row("log_loss(y, softmax(z))", "mean", "probabilities",
                           lambda dt: sklearn.metrics.log_loss(Y, softmax_np(Z, dt))),
        },
    }
    # a soft target: a normalised multi-hot vector, on the worked example
    out["ce_soft"] = {
        "inputs": {"logits": z1.tolist(), "target": soft.tolist()},
        "math": losses.softmax_cross_entropy(z1, soft),
        "rows": {
            "pytorch": row("nn.CrossEntropyLoss()(z, y)", "mean", "logits",
                           lambda dt: F.cross_entropy(t(z1, dt), t(soft, dt))),
            "optax": row("optax.softmax_cross_entropy(z, y).mean()", "none", "logits",
                         lambda dt: optax.softmax_cross_entropy(j(z1, dt), j(soft, dt)).mean()),
            "keras": row("keras.losses.CategoricalCrossentropy(from_logits=True)(y, z)", "sum_over_batch_size",
                         "probabilities", lambda dt: cce(dt)(soft.astype(dt), z1.astype(dt))),
            "sklearn": NONE(),
        },
    }
    # class weights: index targets divide by Σ w[t_i], probability targets by n
    wt = W[T]
    out["ce_weight"] = {
        "inputs": {"logits": Z.tolist(), "target": T.tolist(), "weight": W.tolist()},
        "math": losses.class_weighted_mean(losses.softmax_cross_entropy(Z, T, reduction="none"), T, W),
        "math_probs": float((wt * losses.softmax_cross_entropy(Z, T, reduction="none")).sum() / n),
        "rows": {
            "pytorch": row("nn.CrossEntropyLoss(weight=w)(z, t)", "mean", "logits",
                           lambda dt: F.cross_entropy(t(Z, dt), torch.tensor(T), weight=t(W, dt))),
            "pytorch_probs": row("nn.CrossEntropyLoss(weight=w)(z, y)", "mean", "logits",
                                 lambda dt: F.cross_entropy(t(Z, dt), t(Y, dt), weight=t(W, dt))),
            "optax": row("(w[t] * optax.softmax_cross_entropy_with_integer_labels(z, t)).sum() / w[t].sum()",
                         "none", "logits",
                         lambda dt: (j(wt, dt) * optax.softmax_cross_entropy_with_integer_labels(
                             j(Z, dt), jnp.asarray(T))).sum() / j(wt, dt).sum()),
            "keras": row("keras.losses.SparseCategoricalCrossentropy(from_logits=True)(t, z, sample_weight=w[t])",
                         "sum_over_batch_size", "probabilities",
                         lambda dt: scce(dt)(T, Z.astype(dt), sample_weight=wt.astype(dt))),
            "sklearn": row("log_loss(t, softmax(z), sample_weight=w[t])", "mean", "probabilities",
                           lambda dt: sklearn.metrics.log_loss(T, softmax_np(Z, dt), sample_weight=wt.astype(dt),
                                                               labels=list(range(k)))),
        },
    }
    # ignore_index: the last example is left out of the sum and of the denominator
    out["ce_ignore"] = {
        "inputs": {"logits": Z.tolist(), "target": ignored.tolist(), "weight": W.tolist(),
                   "ignore_index": EX.FW_IGNORE_INDEX},
        "math": losses.softmax_cross_entropy(Z[kept], T[kept]),
        "math_weight": losses.class_weighted_mean(losses.softmax_cross_entropy(Z[kept], T[kept], reduction="none"),
                                                  T[kept], W),
        "rows": {
            "pytorch": row("nn.CrossEntropyLoss(ignore_index=-100)(z, t)", "mean", "logits",
                           lambda dt: F.cross_entropy(t(Z, dt), torch.tensor(ignored))),
            "pytorch_weight": row("nn.CrossEntropyLoss(weight=w, ignore_index=-100)(z, t)", "mean", "logits",
                                  lambda dt: F.cross_entropy(t(Z, dt), torch.tensor(ignored), weight=t(W, dt))),
            "optax": row("optax.softmax_cross_entropy_with_integer_labels(z, t, where=t != -100).mean(where=t != -100)",
                         "none", "logits",
                         lambda dt: optax.softmax_cross_entropy_with_integer_labels(
                             j(Z, dt), jnp.asarray(np.where(kept, ignored, 0)))[kept].mean()),
            "keras": row("keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-100)(t, z)",
                         "sum_over_batch_size", "probabilities",
                         lambda dt: keras.losses.SparseCategoricalCrossentropy(
                             from_logits=True, ignore_class=EX.FW_IGNORE_INDEX, dtype=dt)(ignored, Z.astype(dt))),
            "sklearn": row("log_loss(t[keep], softmax(z)[keep])", "mean", "probabilities",
                           lambda dt: sklearn.metrics.log_loss(T[kept], softmax_np(Z, dt)[kept], labels=list(range(k)))),
        },
    }
    # label smoothing on the worked example
    out["ce_smoothing"] = {
        "inputs": {"logits": z1.tolist(), "target": t1.tolist(), "label_smoothing": eps},
        "math": losses.softmax_cross_entropy(z1, t1, label_smoothing=eps),
        "rows": {
            "pytorch": row("nn.CrossEntropyLoss(label_smoothing=0.1)(z, t)", "mean", "logits",
                           lambda dt: F.cross_entropy(t(z1, dt), torch.tensor(t1), label_smoothing=eps)),
            "optax": row("optax.softmax_cross_entropy(z, optax.smooth_labels(y, 0.1)).mean()", "none", "logits",
                         lambda dt: optax.softmax_cross_entropy(
                             j(z1, dt), optax.smooth_labels(j(onehot(t1, 3), dt), eps)).mean()),
            "keras": row("keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(y, z)",
                         "sum_over_batch_size", "probabilities",
                         lambda dt: cce(dt, label_smoothing=eps)(onehot(t1, 3).astype(dt), z1.astype(dt))),
            "sklearn": NONE(),
        },
    }
    # binary cross-entropy with logits: the multi-label batch, without and with pos_weight
    out["bce_logits"] = {
        "inputs": {"logits": ZM.tolist(), "target": YM.tolist()},
        "math": losses.binary_cross_entropy_with_logits(ZM, YM, reduction="mean"),
        "rows": {
            "pytorch": row("nn.BCEWithLogitsLoss()(z, y)", "mean", "logits",
                           lambda dt: F.binary_cross_entropy_with_logits(t(ZM, dt), t(YM, dt))),
            "optax": row("optax.sigmoid_binary_cross_entropy(z, y).mean()", "none", "logits",
                         lambda dt: optax.sigmoid_binary_cross_entropy(j(ZM, dt), j(YM, dt)).mean()),
            "keras": row("keras.losses.BinaryCrossentropy(from_logits=True)(y, z)", "sum_over_batch_size",
                         "probabilities",
                         lambda dt: keras.losses.BinaryCrossentropy(from_logits=True, dtype=dt)(
                             YM.astype(dt), ZM.astype(dt))),
            "sklearn": row("log_loss(y.ravel(), sigmoid(z).ravel())", "mean", "probabilities",
                           lambda dt: sklearn.metrics.log_loss(YM.ravel(), sigmoid_np(ZM, dt).ravel())),
        },
    }
    pwm = 1.0 + (pw - 1.0) * YM
    out["bce_pos_weight"] = {
        "inputs": {"logits": ZM.tolist(), "target": YM.tolist(), "pos_weight": pw},
        "math": float(losses.weighted_binary_cross_entropy_with_logits(ZM, YM, pw).mean()),
        "rows": {
            "pytorch": row("nn.BCEWithLogitsLoss(pos_weight=torch.tensor(9.0))(z, y)", "mean", "logits",
                           lambda dt: F.binary_cross_entropy_with_logits(t(ZM, dt), t(YM, dt),
                                                                         pos_weight=torch.tensor(pw, dtype=TDT[dt]))),
            "optax": row("(optax.sigmoid_binary_cross_entropy(z, y) * (1 + 8 * y)).mean()", "none", "logits",
                         lambda dt: (optax.sigmoid_binary_cross_entropy(j(ZM, dt), j(YM, dt)) * j(pwm, dt)).mean()),
            "keras": row("keras.losses.BinaryCrossentropy(from_logits=True, reduction=None)(y, z) — then ×(1 + 8y), mean",
                         "sum_over_batch_size", "probabilities",
                         lambda dt: (np.asarray(keras.losses.binary_crossentropy(
                             YM[..., None].astype(dt), ZM[..., None].astype(dt), from_logits=True)) * pwm).mean()),
            "sklearn": row("log_loss(y.ravel(), sigmoid(z).ravel(), sample_weight=(1 + 8 * y).ravel())", "mean",
                           "probabilities",
                           lambda dt: sklearn.metrics.log_loss(YM.ravel(), sigmoid_np(ZM, dt).ravel(),
                                                               sample_weight=pwm.ravel())),
        },
    }
    # BCELoss on probabilities σ(z): the multi-label batch, then the saturated cases (value and d/dz)
    out["bce_probs"] = {
        "inputs": {"logits": ZM.tolist(), "target": YM.tolist()},
        "math": losses.binary_cross_entropy_with_logits(ZM, YM, reduction="mean"),
        "rows": {
            "pytorch": row("nn.BCELoss()(torch.sigmoid(z), y)", "mean", "probabilities",
                           lambda dt: F.binary_cross_entropy(torch.sigmoid(t(ZM, dt)), t(YM, dt))),
            "optax": NONE(),
            "keras": row("keras.losses.BinaryCrossentropy()(y, sigmoid(z))", "sum_over_batch_size", "probabilities",
                         lambda dt: keras.losses.BinaryCrossentropy(dtype=dt)(
                             YM.astype(dt), sigmoid_np(ZM, dt))),
            "sklearn": row("log_loss(y.ravel(), sigmoid(z).ravel())", "mean", "probabilities",
                           lambda dt: sklearn.metrics.log_loss(YM.ravel(), sigmoid_np(ZM, dt).ravel())),
        },
    }
    out["bce_saturated"] = {"inputs": {"cases": [list(c) for c in EX.FW_SATURATED]}, "cases": saturated()}
    # KL divergence KL(p ‖ q) of chapter 5's example, one row
    kl = infotheory.kl_divergence(EX.P_EX, EX.Q_EX)
    out["kl"] = {
        "inputs": {"p": P.tolist(), "q": Q.tolist()},
        "math": kl,
        "math_mean": kl / P.size,
        "rows": {
            "pytorch": row("nn.KLDivLoss()(q.log(), p)", "mean", "log-probabilities",
                           lambda dt: quiet(F.kl_div, torch.log(t(Q, dt)), t(P, dt))),
            "pytorch_batchmean": row("nn.KLDivLoss(reduction='batchmean')(q.log(), p)", "batchmean",
                                     "log-probabilities",
                                     lambda dt: F.kl_div(torch.log(t(Q, dt)), t(P, dt), reduction="batchmean")),
            "pytorch_log_target": row("nn.KLDivLoss(reduction='batchmean', log_target=True)(q.log(), p.log())",
                                      "batchmean", "log-probabilities",
                                      lambda dt: F.kl_div(torch.log(t(Q, dt)), torch.log(t(P, dt)),
                                                          reduction="batchmean", log_target=True)),
            "optax": row("optax.kl_divergence(jnp.log(q), p).mean()", "none", "log-probabilities",
                         lambda dt: optax.kl_divergence(jnp.log(j(Q, dt)), j(P, dt)).mean()),
            "keras": row("keras.losses.KLDivergence()(p, q)", "sum_over_batch_size", "probabilities",
                         lambda dt: keras.losses.KLDivergence(dtype=dt)(P.astype(dt), Q.astype(dt))),
            "sklearn": NONE("scipy.stats.entropy(p, q)"),
        },
    }
    return out


def saturated():
    """BCELoss on σ(z) for the (z, y) of EX.FW_SATURATED: value and d/dz, per framework and dtype.

    PyTorch's BCELoss backward divides by max(x (1 − x), 1e−12): once σ(z)(1 − σ(z)) < 1e−12 the
    gradient with respect to z is scaled down; once σ(z) rounds to 1 (z > 16.6 in float32, > 36.7
    in float64) it is 0.  Keras clips the probability to [1e−7, 1 − 1e−7]: value and gradient flat.
    """
    res = []
    for z, y in EX.FW_SATURATED:
        c = {"z": z, "y": y,
             "math": {"value": float(losses.binary_cross_entropy_with_logits([[z]], [[y]], reduction="mean")),
                      "grad": float(losses.binary_cross_entropy_with_logits_grad([[z]], [[y]], reduction="mean")[0, 0])}}
        for dt in DTYPES:
            zt = t([z], dt, grad=True)
            v = torch.nn.functional.binary_cross_entropy(torch.sigmoid(zt), t([y], dt))
            v.backward()
            zl = t([z], dt, grad=True)
            vl = torch.nn.functional.binary_cross_entropy_with_logits(zl, t([y], dt))
            vl.backward()

            def kf(zz, dt=dt):
                return keras.losses.BinaryCrossentropy(dtype=dt)(jnp.asarray([[y]], dtype=dt), jax.nn.sigmoid(zz))
            zk = jnp.asarray([[z]], dtype=dt)
            c.setdefault("pytorch_bce", {})[dt] = {"value": float(v.detach()), "grad": float(zt.grad[0])}
            c.setdefault("pytorch_logits", {})[dt] = {"value": float(vl.detach()), "grad": float(zl.grad[0])}
            c.setdefault("keras", {})[dt] = {"value": float(in_dtype(lambda _: kf(zk), dt)),
                                             "grad": float(in_dtype(lambda _: jax.grad(kf)(zk)[0, 0], dt))}
        res.append(c)
    return res


def versions():
    import importlib.metadata as md
    v = {name: md.version(name) for name in ("torch", "jax", "jaxlib", "optax", "keras", "scikit-learn", "numpy")}
    v["keras_backend"] = keras.backend.backend()
    v["python"] = ".".join(map(str, sys.version_info[:3]))
    return v


def rounded(obj, dt=None):
    """The results with every float rounded for its dtype (see the module docstring)."""
    if isinstance(obj, dict):
        return {k: rounded(v, k if k in DIGITS else dt) for k, v in obj.items()}
    if isinstance(obj, list):
        return [rounded(v, dt) for v in obj]
    if isinstance(obj, float):
        return sig(obj, DIGITS[dt or "float64"])
    return obj


def results(raw=False):
    data = {"versions": versions(), "losses": cases(), "digits": DIGITS}
    return data if raw else rounded(data)


def dumps(data):
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def write(data, out):
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=out.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(dumps(data))
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT, help=f"the JSON file to write (default {OUT})")
    ap.add_argument("--raw", action="store_true", help="print the unrounded results as JSON on stdout, write nothing")

    def error(msg):
        print(f"run.py: {msg}", file=sys.stderr)
        raise SystemExit(2)
    ap.error = error
    args = ap.parse_args(argv)
    if not args.raw and not args.out.parent.is_dir():
        error(f"output folder {args.out.parent} does not exist")
    try:
        data = results(raw=args.raw)
    except ValueError as e:
        error(str(e))
    if args.raw:
        sys.stdout.write(dumps(data))
    else:
        write(data, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
