"""Plant realistic bugs one at a time and report which the test suite catches (``make mutants``).

    python scripts/tools/mutants.py [--only ID ...] [--full] [--out tests/mutants/results.md]

The bugs are listed in ``tests/mutants/mutants.toml``.  The tool copies the repository's files
(tracked and untracked-but-not-ignored, as they are in the working tree, mtimes kept) into a scratch folder, links
``.venv`` and ``node_modules`` into it, and there, for each mutant: replaces the text, runs the
mutant's tests (``pytest -x``), restores the file.  The repository itself is never written to,
except for the results file.  ``PYTHONPATH`` points at the scratch ``scripts/``, so the project's
packages are imported from the scratch copy, not from the editable install.

Honesty checks: before any mutant, the union of the selected test files must pass on the
unmutated copy (otherwise "caught" would mean nothing); a mutant whose ``old`` text is not found
exactly as described is an error, not a catch; a mutant that survives its selection is run again
against the whole suite, and the report says whether the whole suite catches it.  ``--full`` runs
the whole suite for every mutant (slow).

Exit code 0 when every mutant is caught, 1 when one survives, 2 on a bad list or a failing baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIST = ROOT / "tests" / "mutants" / "mutants.toml"
RESULTS = ROOT / "tests" / "mutants" / "results.md"


def load(path=LIST):
    mutants = tomllib.loads(path.read_text(encoding="utf-8"))["mutant"]
    ids = [m["id"] for m in mutants]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"mutants.py: duplicate ids in {path.name}: {sorted(dup)}")
    for m in mutants:
        missing = {"id", "what", "file", "old", "new", "tests"} - set(m)
        if missing:
            raise SystemExit(f"mutants.py: mutant {m.get('id')} lacks {sorted(missing)}")
    return mutants


def scratch_copy(dest):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    for link in (".venv", "node_modules"):
        if (ROOT / link).exists():
            (dest / link).symlink_to(ROOT / link)


def files_of(m):
    return m["file"] if isinstance(m["file"], list) else [m["file"]]


def apply(repo, m):
    """Plant mutant m in repo; return {path: original text}."""
    saved = {}
    for rel in files_of(m):
        path = repo / rel
        text = path.read_text(encoding="utf-8")
        n = text.count(m["old"])
        occurrence = m.get("occurrence")
        if occurrence is None and n != 1:
            raise ValueError(f"{m['id']}: {rel} contains the old text {n} times, not once")
        if occurrence is not None and n < occurrence:
            raise ValueError(f"{m['id']}: {rel} contains the old text {n} times, fewer than {occurrence}")
        k = occurrence or 1
        pos = -1
        for _ in range(k):
            pos = text.index(m["old"], pos + 1)
        saved[path] = text
        path.write_text(text[:pos] + m["new"] + text[pos + len(m["old"]):], encoding="utf-8")
    return saved


def restore(saved):
    for path, text in saved.items():
        path.write_text(text, encoding="utf-8")


def pytest(repo, args, stop_first=True):
    env = dict(os.environ, PYTHONPATH=str(repo / "scripts"), PYTHONDONTWRITEBYTECODE="1")
    env.pop("CI", None)  # a skip is not a catch either way: counted from the exit code
    cmd = [str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
           *(["-x"] if stop_first else []), *args]
    t0 = time.monotonic()
    r = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=3600)
    tail = [l for l in r.stdout.splitlines() if l.strip()][-1:] or [""]
    return r.returncode, time.monotonic() - t0, tail[0], r.stdout


def first_failure(out):
    for line in out.splitlines():
        if line.startswith("FAILED") or line.startswith("ERROR"):
            return line[:160]
    return ""


def main(argv=None):
    p = argparse.ArgumentParser(prog="mutants.py", description=__doc__.split("\n")[0])
    p.add_argument("--only", nargs="*", default=None, help="run only these mutant ids")
    p.add_argument("--full", action="store_true", help="run the whole suite for every mutant")
    p.add_argument("--out", type=Path, default=RESULTS, help="results file (Markdown)")
    p.error = lambda msg: p.exit(2, f"{p.prog}: error: {msg}\n")
    args = p.parse_args(argv)
    if not args.out.parent.is_dir():
        p.error(f"output folder {args.out.parent} does not exist")
    mutants = load()
    if args.only is not None:
        unknown = sorted(set(args.only) - {m["id"] for m in mutants})
        if unknown:
            p.error(f"unknown mutant ids: {unknown}")
        mutants = [m for m in mutants if m["id"] in args.only]

    rows, survivors = [], []
    full_baseline = None  # the whole suite on the unmutated copy, run at the first survivor
    with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        scratch_copy(repo)
        selection = sorted({t for m in mutants for t in m["tests"]})
        print(f"baseline: {' '.join(selection)} on the unmutated copy …", flush=True)
        rc, secs, tail, out = pytest(repo, selection, stop_first=False)
        if rc != 0:
            sys.stderr.write(f"mutants.py: error: the selected tests fail without any mutant ({tail}):\n"
                             f"{first_failure(out)}\n")
            return 2
        print(f"baseline passes ({tail}, {secs:.0f} s)", flush=True)
        for m in mutants:
            try:
                saved = apply(repo, m)
            except ValueError as e:
                sys.stderr.write(f"mutants.py: error: {e}\n")
                return 2
            try:
                rc, secs, tail, out = pytest(repo, [] if args.full else m["tests"])
                caught = rc not in (0, 5)
                full = None
                if not caught and not args.full:
                    if full_baseline is None:
                        restore(saved)
                        brc, _, btail, bout = pytest(repo, [], stop_first=False)
                        full_baseline = (brc == 0, f"{btail} {first_failure(bout)}")
                        apply(repo, m)
                    frc, fsecs, ftail, fout = pytest(repo, [])
                    full = frc not in (0, 5)
                    secs += fsecs
            finally:
                restore(saved)
            if caught:
                how = first_failure(out)
            elif full and full_baseline[0]:
                how = f"selection too narrow; the whole suite catches it: {first_failure(fout)}"
            elif full:
                how = f"survives its tests; the whole suite fails even unmutated ({full_baseline[1]})"
            else:
                how = "survives the whole suite"
            rows.append((m, caught, secs, how))
            if not caught:
                survivors.append(m["id"])
            print(f"{'caught  ' if caught else 'SURVIVED'} {m['id']} ({secs:.0f} s) {how}", flush=True)
            write(args, rows, survivors, len(mutants))
    k = sum(1 for r in rows if r[1])
    print(f"{k} of {len(rows)} mutants caught; results in {args.out}")
    return 0 if not survivors else 1


def earlier_rows(path, keep_out):
    """Table rows of an earlier results file, except those of the mutants run now."""
    if not path.is_file():
        return []
    return [l for l in path.read_text(encoding="utf-8").splitlines()
            if l.startswith("| `") and l.split("`")[1] not in keep_out]


def write(args, rows, survivors, total):
    """(Re)write the results file; while the run goes on it says how far it got.  With --only,
    the other mutants' rows of the earlier file are kept."""
    old = earlier_rows(args.out, {m["id"] for m, *_ in rows}) if args.only is not None else []
    n, k = len(rows) + len(old), sum(1 for r in rows if r[1]) + sum(1 for l in old if "| yes |" in l)
    survivors = survivors + [l.split("`")[1] for l in old if "| yes |" not in l]
    total = total + len(old)
    partial = [] if len(rows) + len(old) == total and len(rows) == total - len(old) else []
    if len(rows) < total - len(old):
        partial = [f"(Partial: {len(rows)} of {total - len(old)} mutants of this run done so far.)", ""]
    lines = [
        "# Mutation check: planted bugs and the tests that catch them",
        "",
        "Written by `make mutants` (`scripts/tools/mutants.py`, list in `tests/mutants/mutants.toml`).",
        "Each bug is planted alone in a scratch copy of the repository and the listed tests are run;",
        "the baseline (the same tests on the unmutated copy) passed first.",
        "",
        f"**Score: {k} of {n} caught ({100 * k / n:.0f} %).**" + (f" Survivors: {', '.join(survivors)}." if survivors else ""),
        "",
        *partial,
        "| mutant | bug | tests run | caught | first failure |",
        "|---|---|---|---|---|",
    ]
    order = [m["id"] for m in load()]
    table = {l.split("`")[1]: l for l in old}
    for m, caught, secs, how in rows:
        tests = "whole suite" if args.full else ", ".join(f"`{t.replace('tests/', '')}`" for t in m["tests"])
        table[m["id"]] = (f"| `{m['id']}` | {m['what']} | {tests} | {'yes' if caught else '**no**'} | "
                          f"{how.replace('|', '/')} |")
    lines += [table[i] for i in order if i in table]
    tmp_out = args.out.with_suffix(".tmp")
    tmp_out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp_out.replace(args.out)


if __name__ == "__main__":
    sys.exit(main())
