"""Benchmarks (``make bench``): wall-clock time of the build steps, median of N runs.

    python scripts/tools/bench.py [--runs 3]

- cold ``make figures`` into an empty temporary folder (every figure made);
- no-op ``make figures`` right after (nothing to do);
- ``mkdocs build`` of both languages into a temporary folder (dependencies installed).

Timings are reported, never asserted: performance is measured here, not in the tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def timed(cmd, **kw):
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"bench.py: error: {' '.join(map(str, cmd))} failed: {r.stderr.strip().splitlines()[-1:]}")
    return dt, r.stdout


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.error = lambda m: p.exit(2, f"bench.py: error: {m}\n")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be >= 1")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("MAKEFLAGS", None)
    jobs = f"-j{os.cpu_count() or 1}"
    n_fig = len(list((ROOT / "scripts" / "figures").glob("fig_*.py")))
    cold, noop, site = [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            figdir = Path(tmp) / "figs"
            cold.append(timed(["make", "-s", jobs, "figures", f"FIGDIR={figdir}"], env=env)[0])
            dt, out = timed(["make", jobs, "figures", f"FIGDIR={figdir}"], env=env)
            if "all up to date" not in out:
                sys.exit(f"bench.py: error: the second make figures did work:\n{out}")
            noop.append(dt)
            t0 = time.perf_counter()
            for cfg, dest in (("mkdocs.yml", Path(tmp) / "site"), ("mkdocs.en.yml", Path(tmp) / "site" / "en")):
                timed([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", cfg, "-d", str(dest)], env=env)
            site.append(time.perf_counter() - t0)
    print(f"machine: {os.cpu_count()} cores; {n_fig} figures; make {jobs}; median of {args.runs} runs")
    print(f"make figures, cold (all {n_fig}):  {statistics.median(cold):6.2f} s   (runs: {', '.join(f'{x:.2f}' for x in cold)})")
    print(f"make figures, no-op:              {statistics.median(noop):6.2f} s")
    print(f"mkdocs build, both languages:     {statistics.median(site):6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
