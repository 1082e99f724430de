"""One script per figure (``fig_<stem>.py`` writes ``figures/<stem>.svg``) and the shared style.

Byte-identical SVGs across machines need identical floating point, and matplotlib's path
transforms and SciPy's optimisers go through OpenBLAS, whose kernels differ per CPU (FMA or
not), which moved the 6th decimal of a few SVG coordinates between two x86-64 machines.  Importing
this package pins OpenBLAS to its plain SSE3 kernels (``OPENBLAS_CORETYPE``), which every x86-64
CPU runs; it must happen before NumPy is imported, so the entry points (``render_figures.py``,
``tests/conftest.py``) import this package first, and a figure script run on its own restarts
itself with the setting (``figstyle.main``).
"""

import os
import sys

import platform

BLAS_ENV = {"OPENBLAS_CORETYPE": "Prescott"}
if platform.machine().lower() in ("x86_64", "amd64"):
    # NumPy's AVX-512 loops for float64 exp/log (its own kernels, and SVML) differ from the
    # AVX2/baseline ones (glibc's libm) in the last ulp, which a 1000-step training loop
    # amplifies into the 6th decimal of an SVG coordinate.  Every x86-64 CPU runs the AVX2 path.
    BLAS_ENV["NPY_DISABLE_CPU_FEATURES"] = "X86_V4 AVX512_ICL AVX512_SPR"
# A value of NPY_DISABLE_CPU_FEATURES set by the caller is kept (.ci/run reruns the figure and
# explorer tests with AVX2 disabled too, to show the bytes do not depend on it).
NPY_KEY = "NPY_DISABLE_CPU_FEATURES"
if NPY_KEY in os.environ:
    BLAS_ENV.pop(NPY_KEY, None)
if "numpy" in sys.modules and any(os.environ.get(k) != v for k, v in BLAS_ENV.items()):
    os.environ["_FIGSTYLE_BLAS"] = "0"  # too late for this process; figstyle.main restarts a script
os.environ.update(BLAS_ENV)
