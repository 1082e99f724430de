"""Write Make dependencies of every figure on the local modules it imports.

    python scripts/figdeps.py OUT.mk FIGDIR

For each ``scripts/fig_<stem>.py`` the rule ``FIGDIR/<stem>.svg: <local modules>``
lists every module under ``scripts/`` that it imports, directly or through other
local modules (found with ``ast``; nothing is executed), so that editing
``neuron.py`` or ``figstyle.py`` remakes exactly the figures that use them.
"""

from __future__ import annotations

import ast
import os
import sys
import tempfile
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent


def local_imports(path):
    """Names of modules in scripts/ that ``path`` imports directly."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return {n for n in names if (SCRIPTS / f"{n}.py").exists()}


def closure(path):
    """All local modules imported by ``path``, transitively."""
    seen, todo = set(), [path]
    while todo:
        for name in local_imports(todo.pop()):
            if name not in seen:
                seen.add(name)
                todo.append(SCRIPTS / f"{name}.py")
    return sorted(seen)


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: figdeps.py OUT.mk FIGDIR")
    out, figdir = Path(argv[0]), argv[1]
    lines = []
    for script in sorted(SCRIPTS.glob("fig_*.py")):
        stem = script.stem[len("fig_"):]
        deps = " ".join(f"scripts/{n}.py" for n in closure(script))
        lines.append(f"{figdir}/{stem}.svg: {deps}\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        f.writelines(lines)
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv[1:])
