"""Another libm, simulated: NumPy's exp, log, log1p and expm1 answer up to 1 ulp off, at random.

Libraries of elementary functions agree to within an ulp or two, not bit for bit: NumPy's
AVX-512 loops, glibc's FMA and non-FMA variants, Apple's and aarch64's libm each round
some results the other way (measured here: NumPy's AVX-512 exp differs from glibc's in 4.6%
of 200000 random arguments; glibc's non-FMA exp from its FMA exp in 0.07%).  What we commit
or compare byte for byte must not depend on which one a reader's machine has.  We cannot run
every libm, so we run a worse one: every float64 result of those four functions is moved to
the next float up or down, or left, at random (exact results, 0, 1, ±inf and NaN, stay: every
libm gets exp(0) = 1 and log(1) = 0 right).  If an output survives that, it survives any
libm that is accurate to 1 ulp.

    from tools import ulpnoise
    with ulpnoise.noisy_libm(seed=1):
        ...                      # code that calls np.exp, np.log, ... through the numpy module

    python -m tools.ulpnoise --seed 1 SCRIPT [ARGS...]   # run a script under the noise

Only calls made through the ``numpy`` module's attributes are affected (``np.exp(x)``), not
calls that SciPy or Matplotlib make from compiled code; ``source()`` gives the same patch as
source text, to be run first in a notebook kernel that cannot import this module.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import runpy
import sys

FUNCTIONS = ("exp", "log", "log1p", "expm1")

_SOURCE = '''
import numpy as _np

def _ulpnoise_install(seed, functions={functions!r}):
    rng = _np.random.default_rng(seed)
    originals = {{}}

    def wrap(f):
        def noisy(*args, **kwargs):
            r = f(*args, **kwargs)
            arr = _np.asarray(r)
            if arr.dtype != _np.float64 or kwargs.get("out") is not None:
                return r
            step = rng.integers(-1, 2, arr.shape)
            step[(arr == 0) | (arr == 1) | ~_np.isfinite(arr)] = 0
            moved = _np.where(step > 0, _np.nextafter(arr, _np.inf), _np.where(step < 0, _np.nextafter(arr, -_np.inf), arr))
            return moved if isinstance(r, _np.ndarray) else _np.float64(moved)
        noisy.__wrapped__ = f
        return noisy

    for name in functions:
        originals[name] = getattr(_np, name)
        setattr(_np, name, wrap(originals[name]))
    return originals
'''.format(functions=FUNCTIONS)


def source(seed):
    """Python source that installs the noise in the running interpreter (for a notebook's first cell)."""
    return _SOURCE + f"\n_ulpnoise_install({int(seed)})\ndel _ulpnoise_install\n"


@contextlib.contextmanager
def noisy_libm(seed=1):
    """Within the block, np.exp/log/log1p/expm1 return results up to 1 ulp off (reproducibly for ``seed``)."""
    import numpy as np

    scope = {}
    exec(_SOURCE, scope)  # noqa: S102 - our own source, shared with source() so both patch alike
    originals = scope["_ulpnoise_install"](int(seed))
    try:
        yield
    finally:
        for name, f in originals.items():
            setattr(np, name, f)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m tools.ulpnoise",
                                 description="Run a Python script with NumPy's exp/log/log1p/expm1 up to 1 ulp off.")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("script")
    ap.add_argument("args", nargs=argparse.REMAINDER)
    a = ap.parse_args(argv)
    if not os.path.isfile(a.script):
        sys.exit(f"python -m tools.ulpnoise: no such script: {a.script}")
    sys.argv = [a.script, *a.args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(a.script)))
    with noisy_libm(a.seed):
        runpy.run_path(a.script, run_name="__main__")


if __name__ == "__main__":
    main()
