"""Execute the site's notebooks the way a reader would, and store their outputs.

A reader downloads a notebook and runs it with nothing but NumPy and Matplotlib (and
Jupyter). To make sure the committed notebooks do exactly that, they are executed in a
*bare kernel*: a Python started with ``-I -S`` (no site-packages, no PYTHONPATH, not the
current folder) whose only extra import path is a folder of links to the installed
distributions of numpy, matplotlib and ipykernel and of what they require, nothing else.
So ``import xent`` or ``import scipy`` fails there, and a notebook that needs them fails.

    python -m tools.notebooks            # execute every notebook, write the outputs back
    python -m tools.notebooks --check    # execute; exit 1 if a stored output differs

Outputs are normalised (cell ids, execution counts, no timing metadata) so that the
stored notebook equals a fresh execution byte for byte; the figures are PNGs from
Matplotlib's Agg renderer, deterministic for a pinned Matplotlib.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "docs").glob("*/notebooks/*.ipynb"))
ALLOWED = ("numpy", "matplotlib", "ipykernel")  # what a reader needs to install
TIMEOUT = 300  # seconds per cell


def _requirements(name):
    from packaging.requirements import Requirement

    for spec in metadata.distribution(name).requires or []:
        req = Requirement(spec)
        if req.marker is None or req.marker.evaluate({"extra": ""}):
            yield req.name


def closure(names=ALLOWED):
    """The distributions ``names`` need, themselves included: {canonical name: Distribution}."""
    from packaging.utils import canonicalize_name

    seen, todo = {}, list(names)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        seen[name] = metadata.distribution(name)
        todo.extend(_requirements(name))
    return seen


def bare_site(folder):
    """Fill ``folder`` with links to the files of numpy, matplotlib, ipykernel and their requirements."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for dist in closure().values():
        base = Path(dist.locate_file(""))
        for top in {f.parts[0] for f in dist.files or [] if f.parts[0] != ".."}:
            link = folder / top
            if not link.exists():
                link.symlink_to(base / top)
    return folder


def bare_python(site):
    """Command that starts Python with only ``site`` (and the standard library) importable."""
    return [sys.executable, "-I", "-S", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); exec(sys.argv.pop(1))"]


def kernel_manager(site):
    """A jupyter_client KernelManager for the bare kernel."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpec

    spec = KernelSpec(
        argv=bare_python(site) + ["from ipykernel import kernelapp; kernelapp.launch_new_instance()",
                                  "-f", "{connection_file}"],
        display_name="Python 3 (numpy + matplotlib only)", language="python",
    )
    km = KernelManager(kernel_name="python3")
    km._kernel_spec = spec  # the spec is given, not looked up among the installed kernels
    return km


def normalise(nb):
    """Remove what changes from run to run: ids, counts, timing metadata, the Python version, and
    where the printed text happened to be split into stream messages."""
    nb = copy.deepcopy(nb)
    count = 0
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            count += 1
            cell["execution_count"] = count
            merged = []
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = count
                # the kernel flushes printed text in pieces whose boundaries depend on timing: join them
                if out.output_type == "stream" and merged and merged[-1].output_type == "stream" \
                        and merged[-1].name == out.name:
                    merged[-1]["text"] += out.text
                else:
                    merged.append(out)
            cell["outputs"] = merged
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("jupytext", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def execute(nb, cwd, site, extra_cells=(), first_cells=()):
    """Run a copy of ``nb`` in the bare kernel with working folder ``cwd``; return it executed.

    ``extra_cells`` (source strings) are appended: tests use them to read values out;
    ``first_cells`` are put before the notebook's cells (and stay in the returned copy).
    A cell that raises makes nbclient raise CellExecutionError.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    nb.cells[:0] = [nbformat.v4.new_code_cell(src) for src in first_cells]
    for src in extra_cells:
        nb.cells.append(nbformat.v4.new_code_cell(src))
    client = NotebookClient(nb, km=kernel_manager(site), timeout=TIMEOUT, allow_errors=False,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def dumps(nb):
    import nbformat

    return nbformat.writes(nb) + "\n"


class NotebookFailed(Exception):
    """A notebook did not run; the message names it and says why, in one line."""


def _shown(path):
    """``path`` relative to the repository when it lies inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _last_line(e):
    """The last line of an exception's message, without the terminal colours of a traceback."""
    lines = re.sub(r"\x1b\[[0-9;]*m", "", str(e)).strip().splitlines()
    return lines[-1] if lines else ""


def run(paths, check):
    import nbformat

    import figures  # noqa: F401  pins the BLAS kernels (as for the figures), inherited by the kernel

    changed = []
    with tempfile.TemporaryDirectory() as tmp:
        site = bare_site(Path(tmp) / "site")
        for i, path in enumerate(paths):
            nb = nbformat.read(path, as_version=4)
            work = Path(tmp) / f"{i}-{path.stem}"  # an empty folder per notebook
            work.mkdir()
            try:
                fresh = dumps(normalise(execute(nb, work, site)))
            except Exception as e:  # noqa: BLE001 - say which notebook failed
                raise NotebookFailed(f"{_shown(path)}: {type(e).__name__}: {_last_line(e)}") from e
            if fresh != path.read_text(encoding="utf-8"):
                changed.append(path)
                if not check:
                    tmp_path = path.with_suffix(".ipynb.tmp")
                    tmp_path.write_text(fresh, encoding="utf-8")
                    os.replace(tmp_path, path)
            print(f"{'differs' if check and path in changed else 'ok' if path not in changed else 'written'}: "
                  f"{_shown(path)}")
    return changed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if a stored output differs")
    ap.add_argument("paths", nargs="*", type=Path, help="notebooks (default: docs/*/notebooks/*.ipynb)")
    args = ap.parse_args(argv)
    paths = [p.resolve() for p in args.paths] or NOTEBOOKS
    for p in paths:
        if p.suffix != ".ipynb" or not p.is_file():
            print(f"notebooks: not a notebook file: {p}", file=sys.stderr)
            return 2
    try:
        changed = run(paths, args.check)
    except NotebookFailed as e:  # a failing cell: which notebook, which error
        print(f"notebooks: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - one line for any other failure
        print(f"notebooks: {type(e).__name__}: {_last_line(e)}", file=sys.stderr)
        return 1
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
