"""Render several figures in one process: ``make figures`` calls this with the stems Make
found out of date.

    python scripts/figures/render_figures.py [--out DIR] STEM [STEM ...]

Each ``scripts/figures/fig_<stem>.py`` is imported (so matplotlib, NumPy and SciPy are imported
once, not once per figure) and its variants (``<stem>.svg``, ``.dark.svg``, ``.narrow.svg``,
``.narrow.dark.svg``) are saved exactly as running the script alone would save them.  Work is
spread over the CPU cores by forking
after the imports.  An unknown stem or a missing output folder: one line on stderr,
exit code 2, nothing written.
"""

from __future__ import annotations

import figures  # noqa: F401  first: pins the BLAS kernels before NumPy loads (see figures/__init__.py)
import argparse
import importlib
import multiprocessing
import os
import sys
from pathlib import Path

from figures import figstyle

SCRIPTS = Path(__file__).resolve().parent


def render(job):
    stem, out = job
    module = importlib.import_module(f"figures.fig_{stem}")
    figstyle.write_variants(out, stem, module.compute, module.plot)
    return stem


def main(argv=None):
    p = argparse.ArgumentParser(prog="render_figures.py", description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(figstyle.FIGURES))
    p.add_argument("stems", nargs="+")
    p.error = lambda m: p.exit(2, f"{p.prog}: error: {m}\n")
    args = p.parse_args(argv)
    stems = list(dict.fromkeys(args.stems))  # keep order, drop repeats
    unknown = [s for s in stems if not (SCRIPTS / f"fig_{s}.py").exists()]
    if unknown:
        p.error(f"no script scripts/figures/fig_{unknown[0]}.py")
    if not Path(args.out).is_dir():
        p.error(f"output folder {args.out} does not exist")
    for s in stems:  # import everything before forking: the children share it
        importlib.import_module(f"figures.fig_{s}")
    jobs = [(s, args.out) for s in stems]
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.map(render, jobs, chunksize=1)
    else:
        done = [render(j) for j in jobs]
    for s in done:
        print(" ".join(f"{args.out}/{s}{v}.svg" for v in figstyle.VARIANTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
