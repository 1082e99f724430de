"""The notebooks (docs/<lang>/notebooks/*.ipynb): they run where a reader runs them, their stored
outputs are a fresh execution's, their numbers are the package's, and their pages work.

Each notebook is executed once per session, as a reader would run it: the copy offered for
download by the built site, in an empty temporary folder, in a kernel that can import numpy
and matplotlib but not ``xent`` or SciPy (``tools.notebooks``: a Python started with -I -S
whose only import path is links to numpy, matplotlib, ipykernel and what they require).
Probe cells appended to that run call the notebook's own functions on further inputs; the
test compares what they print with ``xent``.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient.exceptions import CellExecutionError

from conditioning import check_close, distance_to_minimum, spread
from conftest import ROOT, mkdocs_build
from tools import notebooks as nbtools
from xent import infotheory, losses, neuron

LANGS = ("ja", "en")
STEMS = ("slowdown", "classification", "kl-asymmetry")
CHAPTERS = {  # notebook -> the chapter pages that link to it
    "slowdown": ("slowdown.md", "cross-entropy.md"),
    "classification": ("classification.md",),
    "kl-asymmetry": ("information.md",),
}
PROBE = "PROBE:"


def read(lang, stem):
    return nbformat.read(ROOT / "docs" / lang / "notebooks" / f"{stem}.ipynb", as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


# ---- probes: the notebook's functions on more inputs, printed as JSON ---------------------

RNG = np.random.default_rng(20261202)
NEURON_CASES = [("quadratic", 0.6, 0.9, 0.15, 300, 1.0, 0.0), ("cross-entropy", 2.0, 2.0, 0.15, 300, 1.0, 0.0),
                ("quadratic", -1.5, 3.0, 0.5, 60, 2.0, 0.3), ("cross-entropy", 4.0, -2.0, 1.2, 40, -0.7, 1.0),
                ("cross-entropy", 0.0, 0.0, 0.05, 10, 1.0, 0.5), ("quadratic", 30.0, 10.0, 2.0, 25, 1.0, 0.0)]
LOGITS = np.concatenate([RNG.normal(0, 3, (5, 4)), [[1e4, -1e4, 0.0, 5.0], [-800.0, -801.0, -799.0, -1e4]]])
CLASSES = [0, 1, 2, 3, 0, 0, 3]
BIN_Z = np.concatenate([RNG.normal(0, 5, 8), [-1e4, -800.0, 40.0, 1e4]])
BIN_Y = np.concatenate([RNG.uniform(0, 1, 8), [1.0, 0.0, 1.0, 0.0]])
DISCRETE = [([0.5, 0.5], [0.9, 0.1]), ([0.5, 0.5], [1.0, 0.0]), ([0.0, 0.3, 0.7], [0.2, 0.2, 0.6]),
            (list(RNG.dirichlet(np.ones(6))), list(RNG.dirichlet(np.ones(6))))]
MIXTURES = [((0.6, 0.4), (-2.0, 2.0), (0.7, 0.7)), ((0.5, 0.5), (-1.5, 2.5), (0.5, 1.0)),
            ((0.2, 0.3, 0.5), (-3.0, 0.0, 3.0), (0.6, 0.8, 0.7))]

PROBES = {
    "slowdown": f"""
import json
out = []
for cost, w, b, eta, epochs, x, y in {NEURON_CASES!r}:
    run = train(cost, w, b, eta, epochs, x=x, y=y)
    out.append({{k: np.asarray(v).tolist() for k, v in run.items()}})
print({PROBE!r} + json.dumps(out))
""",
    "classification": f"""
import json
z = np.array({LOGITS.tolist()!r})
bz, by = np.array({BIN_Z.tolist()!r}), np.array({BIN_Y.tolist()!r})
out = {{"logsumexp": logsumexp(z)[:, 0].tolist(), "log_softmax": log_softmax(z).tolist(),
       "softmax": softmax(z).tolist(),
       "ce": softmax_cross_entropy(z, {CLASSES!r}).tolist(),
       "ce_ls": softmax_cross_entropy(z, {CLASSES!r}, 0.1).tolist(),
       "bce": bce_with_logits(bz, by).tolist(), "log_sigmoid": log_sigmoid(bz).tolist(),
       "naive_log_sigmoid": naive_log_sigmoid(bz).tolist(), "sigmoid": sigmoid(bz).tolist()}}
print({PROBE!r} + json.dumps(out))
""",
    "kl-asymmetry": f"""
import json
out = {{"discrete": [[kl(p, q), kl(q, p), entropy(p), cross_entropy(p, q)] for p, q in {DISCRETE!r}],
       "fits": []}}
for w, m, s in {MIXTURES!r}:
    lp = mixture_logpdf(x, w, m, s)
    out["fits"].append({{"log_p": lp.tolist(), "forward": fit_forward(x, lp),
                        "reverse": fit_reverse(x, lp, starts=list(zip(m, s)))}})
out["x"] = x.tolist()
print({PROBE!r} + json.dumps(out))
""",
}


@pytest.fixture(scope="session")
def bare_site(tmp_path_factory):
    return nbtools.bare_site(tmp_path_factory.mktemp("bare") / "site")


@pytest.fixture(scope="session")
def downloaded_runs(site, bare_site, tmp_path_factory):
    """{(lang, stem): (executed download copy, probe values)}, each run in its own empty folder."""
    runs = {}
    for lang in LANGS:
        for stem in STEMS:
            page = (site / "en" if lang == "en" else site) / "notebooks" / stem
            work = tmp_path_factory.mktemp(f"{lang}-{stem}")
            shutil.copy(page / f"{stem}.ipynb", work)
            nb = nbformat.read(work / f"{stem}.ipynb", as_version=4)
            ran = nbtools.execute(nb, work, bare_site, extra_cells=[PROBES[stem]])
            probe_out = "".join(o.get("text", "") for o in ran.cells[-1].outputs if o.get("name") == "stdout")
            assert probe_out.startswith(PROBE), probe_out[:500]
            warnings = [o.text for o in ran.cells[-1].outputs if o.get("name") == "stderr"]
            assert not warnings, f"{lang}/{stem}: the notebook's functions warn: {warnings}"
            ran.cells = ran.cells[:-1]
            leftovers = sorted(p.name for p in work.iterdir())
            runs[lang, stem] = (ran, json.loads(probe_out[len(PROBE):]), leftovers)
    return runs


# ---- the kernel really is bare ---------------------------------------------------------------

@pytest.mark.parametrize("module, importable", [("numpy", True), ("matplotlib.pyplot", True), ("ipykernel", True),
                                                ("xent", False), ("scipy", False), ("figures", False),
                                                ("pandas", False), ("mkdocs", False)])
def test_bare_python_imports_only_numpy_matplotlib_ipykernel(bare_site, tmp_path, module, importable):
    r = subprocess.run(nbtools.bare_python(bare_site) + [f"import {module}"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert (r.returncode == 0) == importable, r.stderr[-500:]
    if not importable:
        assert "ModuleNotFoundError" in r.stderr


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
def test_notebook_code_imports_only_numpy_and_matplotlib(lang, stem):
    for cell in code_cells(read(lang, stem)):
        for node in ast.walk(ast.parse(cell.source)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert name.split(".")[0] in ("numpy", "matplotlib"), f"{lang}/{stem}: imports {name}"


# ---- executed as a reader would, equal to what is stored ---------------------------------------

def _outputs(nb):
    return [(c.source, c.outputs) for c in code_cells(nbtools.normalise(nb))]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
def test_downloaded_notebook_runs_bare_and_reproduces_stored_outputs(downloaded_runs, lang, stem):
    ran, _, leftovers = downloaded_runs[lang, stem]
    stored = read(lang, stem)
    assert leftovers == [f"{stem}.ipynb"], f"the notebook wrote files: {leftovers}"
    fresh, kept = _outputs(ran), _outputs(stored)
    assert len(fresh) == len(kept)
    for (src, out), (src0, out0) in zip(fresh, kept):
        assert src == src0
        assert out == out0, f"{lang}/{stem}: stored outputs differ from a fresh run of\n{src[:300]}\n" \
                            "(run `python -m tools.notebooks` and commit)"
    figures = sum("image/png" in o.get("data", {}) for c in code_cells(stored) for o in c.outputs)
    assert figures >= 1


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
def test_stored_outputs_do_not_depend_on_the_libm(bare_site, tmp_path, lang, stem):
    """Issue 16: the stored outputs (printed numbers and PNGs) are what a reader's machine gives, whatever
    its CPU's libm.  Run with every float64 exp/log/log1p/expm1 moved up to 1 ulp at random
    (tools/ulpnoise.py: a libm worse than any real one), the notebook stores the same bytes."""
    from tools import ulpnoise

    nb = read(lang, stem)
    noise = ulpnoise.source(seed=3)
    check = "import numpy as _n; print('NOISY' if hasattr(_n.exp, '__wrapped__') else 'CLEAN')"
    ran = nbtools.execute(nb, tmp_path, bare_site, extra_cells=[check], first_cells=[noise])
    assert "".join(o.get("text", "") for o in ran.cells[-1].outputs) == "NOISY\n", "the noise was not installed"
    ran.cells = ran.cells[1:-1]
    for (src, out), (_, out0) in zip(_outputs(ran), _outputs(nb), strict=True):
        assert out == out0, f"{lang}/{stem}: an ulp of libm noise changes the output of\n{src[:300]}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
def test_stored_notebook_is_normalised(lang, stem):
    path = ROOT / "docs" / lang / "notebooks" / f"{stem}.ipynb"
    assert nbtools.dumps(nbtools.normalise(read(lang, stem))) == path.read_text(encoding="utf-8"), \
        f"{path.name}: not in normal form (run `python -m tools.notebooks`)"


def test_a_failing_cell_fails_the_run(bare_site, tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import numpy as np"),
                                         nbformat.v4.new_code_cell("np.log(1) / 0 if False else 1 / 0")])
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        nbtools.execute(nb, tmp_path, bare_site)


def test_notebooks_cli_reports_a_bad_path_in_one_line(tmp_path):
    import sys

    r = subprocess.run([sys.executable, "-m", "tools.notebooks", "--check", str(tmp_path / "nope.ipynb")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "nope.ipynb" in r.stderr


# ---- the notebook's numbers are the package's ----------------------------------------------------

# The notebook and xent run the same operations with the same NumPy; on a reader's machine the
# kernel's libm may differ from the one xent ran with, so each comparison allows what the measured
# conditioning allows (tests/conditioning.py: the spread under a libm 1 ulp off, ×8, + 8 ulps).

def close(got, compute, label="", scale=None):
    """``compute()``: the package's value; ``got``: the notebook's."""
    py, moved = spread(lambda: {"v": compute()})
    check_close(got, py["v"], moved["v"], label, scale)


@pytest.mark.parametrize("lang", LANGS)
def test_slowdown_notebook_trains_like_xent_neuron(downloaded_runs, lang):
    _, probe, _ = downloaded_runs[lang, "slowdown"]
    assert len(probe) == len(NEURON_CASES)
    for (cost, w, b, eta, epochs, x, y), got in zip(NEURON_CASES, probe):
        assert got["epoch"] == list(range(epochs + 1))
        for field in ("w", "b", "a", "cost"):
            run = lambda: getattr(neuron.train(cost, w, b, eta, epochs, x=x, y=y), field)  # noqa: E731
            scale = None if field in ("a", "cost") else max(1.0, float(np.max(np.abs(run()))))
            close(got[field], run, f"{(cost, w, b, eta, epochs, x, y)}: {field}", scale)


@pytest.mark.parametrize("lang", LANGS)
def test_classification_notebook_computes_like_xent_losses(downloaded_runs, lang):
    _, got, _ = downloaded_runs[lang, "classification"]
    close(got["logsumexp"], lambda: losses.logsumexp(LOGITS), "logsumexp")
    close(got["log_softmax"], lambda: losses.log_softmax(LOGITS), "log_softmax")
    close(got["softmax"], lambda: losses.softmax(LOGITS), "softmax")
    close(got["ce"], lambda: losses.softmax_cross_entropy(LOGITS, np.array(CLASSES), reduction="none"), "ce")
    close(got["ce_ls"], lambda: losses.softmax_cross_entropy(LOGITS, np.array(CLASSES), label_smoothing=0.1,
                                                             reduction="none"), "ce_ls")
    close(got["bce"], lambda: losses.binary_cross_entropy_with_logits(BIN_Z, BIN_Y, reduction="none"), "bce")
    close(got["log_sigmoid"], lambda: losses.log_sigmoid(BIN_Z), "log_sigmoid")
    close(got["naive_log_sigmoid"], lambda: losses.naive_log_sigmoid(BIN_Z), "naive_log_sigmoid")
    close(got["sigmoid"], lambda: neuron.sigmoid(BIN_Z), "sigmoid")


@pytest.mark.parametrize("lang", LANGS)
def test_kl_notebook_computes_like_xent_infotheory(downloaded_runs, lang):
    _, got, _ = downloaded_runs[lang, "kl-asymmetry"]
    for (p, q), (kl_pq, kl_qp, h_p, h_pq) in zip(DISCRETE, got["discrete"]):
        close([kl_pq, kl_qp], lambda: [infotheory.kl_divergence(p, q), infotheory.kl_divergence(q, p)], "KL")
        close([h_p, h_pq], lambda: [infotheory.entropy(p), infotheory.cross_entropy(p, q)], "H")
    x = np.array(got["x"])
    for (w, m, s), fit in zip(MIXTURES, got["fits"]):
        close(fit["log_p"], lambda: infotheory.gaussian_mixture_logpdf(x, w, m, s), "log p")
        log_p = infotheory.gaussian_mixture_logpdf(x, w, m, s)
        fwd = infotheory.fit_gaussian_forward_kl(x, log_p)
        rev = infotheory.fit_gaussian_reverse_kl(x, log_p, starts=list(zip(m, s)))
        # the package minimises by BFGS (gtol 1e-12, or less where it stops on a loss of precision), the
        # notebook by moments (forward) or Newton's method (reverse): each within what its gradient allows
        for kind, nb_fit, py_fit in (("forward", fit["forward"], fwd), ("reverse", fit["reverse"], rev)):
            a, b = nb_fit[:2], (py_fit.mu, py_fit.sigma)
            bound = distance_to_minimum(kind, x, log_p, *a) + distance_to_minimum(kind, x, log_p, *b)
            d = np.abs([a[0] - b[0], np.log(a[1]) - np.log(b[1])])
            assert np.all(d <= bound), f"{kind} fit: notebook {a} vs xent {b}: {d} > {bound}"
            # two points that close have KLs equal to second order: 1e-10 relative is far above that
            assert nb_fit[2] == pytest.approx(py_fit.kl, rel=1e-10)


# ---- the two languages, the text ------------------------------------------------------------------

@pytest.mark.parametrize("stem", STEMS)
def test_both_languages_run_the_same_code(stem):
    """Same cells in the same order; code equal up to comments (they are translated)."""
    ja, en = read("ja", stem), read("en", stem)
    assert [c.cell_type for c in ja.cells] == [c.cell_type for c in en.cells]
    for a, b in zip(code_cells(ja), code_cells(en)):
        assert ast.dump(ast.parse(a.source)) == ast.dump(ast.parse(b.source))
        assert bool(a.metadata.get("alt")) == bool(b.metadata.get("alt"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
def test_markdown_prints_no_decimal_number(lang, stem):
    """Numbers in a notebook's prose would escape test_prose_numbers.py: decimals belong in code and outputs."""
    for cell in read(lang, stem).cells:
        if cell.cell_type == "markdown":
            prose = re.sub(r"`[^`]*`", "", cell.source)
            assert not re.search(r"\d\.\d", prose), f"{lang}/{stem}: decimal number in prose: {prose[:200]}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
def test_figures_have_alt_text_in_the_notebook_language(lang, stem):
    for cell in code_cells(read(lang, stem)):
        if any("image/png" in o.get("data", {}) for o in cell.outputs):
            alt = cell.metadata.get("alt", "")
            assert len(alt) > 40
            assert bool(re.search(r"[ぁ-んァ-ヶ]", alt)) == (lang == "ja")


# ---- the built pages -----------------------------------------------------------------------------

def page_dir(site, lang, stem):
    return (site / "en" if lang == "en" else site) / "notebooks" / stem


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
def test_notebook_page_has_rendered_math_outputs_and_a_download_button(site, lang, stem):
    html = (page_dir(site, lang, stem) / "index.html").read_text(encoding="utf-8")
    button = re.search(r'<a class="md-button[^"]*" href="([^"]+)" download>', html)
    assert button and button.group(1) == f"{stem}.ipynb"
    assert (page_dir(site, lang, stem) / button.group(1)).is_file()
    assert html.count('class="katex"') >= 5 and 'class="eqref"' in html
    prose = re.sub(r"<(pre|code|script)\b.*?</\1>", "", html, flags=re.S)
    assert not re.search(r"\$[^$\s][^$]*\$", re.sub(r'<span class="katex-mathml".*?</span>', "", prose)), \
        "raw $…$ left in the prose"
    assert "<script" not in html.split('<div class="notebook">')[1].split("</article>")[0], "notebook scripts kept"
    assert "jp-RenderedImage" in html and "No description has been provided" not in html
    # each figure is a file beside the page and a link to it (a phone reader taps to zoom), one tab stop
    figures = re.findall(r'<div class="jp-RenderedImage[^"]*"( tabindex="0")?>\s*<a class="notebook-figure" '
                         r'href="([^"]+)">\s*<img [^>]*src="([^"]+)"', html)
    assert figures and len(figures) == html.split('<div class="notebook">')[1].count("<img ")
    for tabindex, href, src in figures:
        assert not tabindex and href == src == f"{stem}-{figures.index((tabindex, href, src)) + 1}.png"
        assert (page_dir(site, lang, stem) / src).is_file()
    assert '<div class="language-python highlight">' in html


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
def test_download_copy_has_equation_numbers_instead_of_references(site, lang, stem):
    copy = nbformat.read(page_dir(site, lang, stem) / f"{stem}.ipynb", as_version=4)
    nbformat.validate(copy)
    md = "".join(c.source for c in copy.cells if c.cell_type == "markdown")
    assert "\\eqref" not in md and "\\label" not in md
    assert re.search(r"\(\d\.\d+\)", md)
    src = read(lang, stem)
    assert [(c.source, c.outputs) for c in code_cells(copy)] == [(c.source, c.outputs) for c in code_cells(src)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
def test_chapters_link_to_their_notebook_and_search_finds_it(site, lang, stem):
    root = site / "en" if lang == "en" else site
    for chapter in CHAPTERS[stem]:
        html = (root / chapter[:-3] / "index.html").read_text(encoding="utf-8")
        assert f'href="../notebooks/{stem}/"' in html, f"{lang}/{chapter} does not link to notebooks/{stem}"
    # Search is Pagefind (scripts/site/hooks/search.py): it indexes what follows data-pagefind-body.
    page = (root / "notebooks" / stem / "index.html").read_text(encoding="utf-8")
    _, marked, body = page.partition("data-pagefind-body")
    assert marked and ("試し方" in body or "How to play with it" in body)


def test_notebook_labels_are_numbered_and_referenced(tmp_path):
    """\\label/\\eqref in a notebook's Markdown cells work as in a page (chapter from the notebook metadata)."""
    docs = tmp_path / "docs"
    (docs / "notebooks").mkdir(parents=True)
    (docs / "index.md").write_text("---\nchapter: 2\n---\n# A\n\n$$\na = 1 \\label{eq:a}\n$$\n\nSee \\eqref{eq:nb}.\n",
                                   encoding="utf-8")
    nb = nbformat.v4.new_notebook(metadata={"chapter": "N", "kernelspec": {"name": "python3", "language": "python",
                                                                           "display_name": "Python 3"}})
    nb.cells = [nbformat.v4.new_markdown_cell("# Nb\n\n$$\nb = 2\n\\label{eq:nb}\n$$\n\nAs \\eqref{eq:a}, "
                                              "inline $x < y$, `code $z$`.")]
    nbformat.write(nb, docs / "notebooks" / "t.ipynb")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: t
        docs_dir: docs
        theme: {{name: material, language: en, font: false, custom_dir: {ROOT}/docs/overrides}}
        plugins: [{{mkdocs-jupyter: {{include: ["notebooks/*.ipynb"], ignore: ["*.md"], cache: false}}}}]
        hooks: [{ROOT}/scripts/site/hooks/notebooks.py, {ROOT}/scripts/site/hooks/math.py]
        markdown_extensions: [{{pymdownx.arithmatex: {{generic: true}}}}]
        """), encoding="utf-8")
    r = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    page = (tmp_path / "out" / "notebooks" / "t" / "index.html").read_text(encoding="utf-8")
    assert '<div class="math-display" id="eq-nb">' in page and "(N.1)" in page
    assert '<a class="eqref" href="../../#eq-a">(2.1)</a>' in page
    assert "<code>code $z$</code>" in page  # code is not math
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<a class="eqref" href="notebooks/t/#eq-nb">(N.1)</a>' in index
    copy = nbformat.read(tmp_path / "out" / "notebooks" / "t" / "t.ipynb", as_version=4)
    assert "\\tag{N.1}" in copy.cells[0].source and "As (2.1)," in copy.cells[0].source


def test_normalise_joins_printed_text_split_by_timing():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1); print(2)")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                           nbformat.v4.new_output("stream", name="stdout", text="2\n"),
                           nbformat.v4.new_output("stream", name="stderr", text="w\n")]
    out = nbtools.normalise(nb).cells[0].outputs
    assert [(o.name, o.text) for o in out] == [("stdout", "1\n2\n"), ("stderr", "w\n")]
    assert len(nb.cells[0].outputs) == 3  # the input is not modified


@pytest.mark.parametrize("stem", STEMS)
def test_notebook_sections_have_the_same_ids_in_both_languages(site, stem):
    """As on the other pages, a section's anchor does not depend on the language (and is never empty)."""
    ids = {lang: re.findall(r'<h[1-6] id="([^"]*)"', (page_dir(site, lang, stem) / "index.html").read_text(encoding="utf-8"))
           for lang in LANGS}
    assert ids["ja"] == ids["en"] and len(ids["en"]) >= 4 and all(ids["en"]) and len(set(ids["en"])) == len(ids["en"])


def test_notebooks_cli_names_the_notebook_whose_cell_fails(tmp_path):
    """A notebook that imports what a reader's bare kernel lacks fails `make notebooks` with one line
    that names it and the error (no terminal colour codes), and is left as it was."""
    import sys

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import numpy as np"),
                                         nbformat.v4.new_code_cell("import scipy")])
    path = tmp_path / "needs-scipy.ipynb"
    nbformat.write(nb, path)
    before = path.read_bytes()
    r = subprocess.run([sys.executable, "-m", "tools.notebooks", str(path)], capture_output=True, text=True, timeout=300)
    ours = [line for line in r.stderr.splitlines() if line.startswith("notebooks:")]
    assert r.returncode == 1
    assert ours == [f"notebooks: {path}: CellExecutionError: ModuleNotFoundError: No module named 'scipy'"], r.stderr[-2000:]
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [path.name]
