"""Write Make dependencies of every figure on the local modules it imports.

    python scripts/figures/figdeps.py OUT.mk FIGDIR

For each ``scripts/figures/fig_<stem>.py`` the rule ``FIGDIR/<stem>.svg: <local modules>``
lists every module of the project's own packages under ``scripts/`` (``xent``, ``figures``)
that it imports, directly or through other local modules (found with ``ast``; nothing is
executed), so that editing ``xent/neuron.py`` or ``figures/figstyle.py`` remakes exactly the
figures that use them.
"""

from __future__ import annotations

import ast
import os
import sys
import tempfile
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1]
FIGURE_SCRIPTS = SCRIPTS / "figures"


def module_file(dotted):
    """The file under scripts/ that module ``dotted`` (``xent.neuron``) lives in, or None."""
    base = SCRIPTS.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def local_imports(path):
    """Files of local modules that ``path`` imports directly."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from xent import neuron` imports the submodule xent.neuron
            names.update(f"{node.module}.{a.name}" for a in node.names)
    files = {module_file(n) for n in names}
    return {f for f in files if f is not None}


def closure(path):
    """All local module files imported by ``path``, transitively."""
    seen, todo = set(), [path]
    while todo:
        for f in local_imports(todo.pop()):
            if f not in seen:
                seen.add(f)
                todo.append(f)
    return sorted(seen)


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: figdeps.py OUT.mk FIGDIR")
    out, figdir = Path(argv[0]), argv[1]
    lines = []
    for script in sorted(FIGURE_SCRIPTS.glob("fig_*.py")):
        stem = script.stem[len("fig_"):]
        deps = " ".join(f.relative_to(SCRIPTS.parent).as_posix() for f in closure(script) if f != script)
        lines.append(f"{figdir}/{stem}.svg: {deps}\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        f.writelines(lines)
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv[1:])
