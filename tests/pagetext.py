"""Reading the pages as the tests see them: labelled equations, sections, \\eqref targets, numbers.

Shared by test_equations.py, test_lockstep.py and test_prose_numbers.py, so that all three read
the pages the same way.  Nothing here is project code: it only reads docs/<lang>/*.md.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ja", "en")

DISPLAY = re.compile(r"\$\$(.*?)\$\$", re.S)
LABEL = re.compile(r"\\label\{(eq:[^}]+)\}")
EQREF = re.compile(r"\\eqref\{(eq:[^}]+)\}")
HEADING = re.compile(r"^#{1,6}\s.*?\{#([\w-]+)\}\s*$", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE_TAG = re.compile(r"<code>.*?</code>|`[^`\n]*`", re.S)
NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?!\w|\.\d)")
# "演習 2.1", "図 2.1", "section 5.5", "5.5 節" are labels of exercises and book sections, not numbers
EXERCISE_LABEL = re.compile(r"(演習|Exercise|図|Figure|[Ss]ection|§)\s*\d+(\.\d+)+|\d+(\.\d+)+\s*節")


def page_names(lang="ja"):
    return sorted(p.name for p in (ROOT / "docs" / lang).glob("*.md"))


def read(lang, page):
    """The page's Markdown; a missing page is an error, not an empty page."""
    path = ROOT / "docs" / lang / page
    if not path.is_file():
        raise FileNotFoundError(f"docs/{lang}/{page} does not exist")
    return path.read_text(encoding="utf-8")


def normalise_tex(tex):
    """Whitespace-normalised TeX: every run of whitespace becomes one space."""
    return " ".join(tex.split())


TEXT = re.compile(r"\\text\{[^{}]*\}")


def mask_text(tex):
    """TeX with the words inside \\text{…} removed: what must be the same in both languages."""
    return TEXT.sub(r"\\text{}", tex)


def labelled_equations(text):
    """{label: TeX of its display formula without the \\label, whitespace-normalised}, in page order."""
    out = {}
    for m in DISPLAY.finditer(text):
        body = m.group(1)
        labels = LABEL.findall(body)
        if not labels:
            continue
        assert len(labels) == 1, f"two labels in one formula: {labels}"
        out[labels[0]] = normalise_tex(LABEL.sub("", body))
    return out


def all_labelled(lang):
    """{label: (page, TeX)} over all pages of one language."""
    out = {}
    for page in page_names(lang):
        for lab, tex in labelled_equations(read(lang, page)).items():
            out[lab] = (page, tex)
    return out


def sections(text):
    """[(section id, text)] split at headings carrying an explicit {#id}; the text before the
    first such heading is the section ``_top``."""
    out = []
    cuts = [(m.start(), m.group(1)) for m in HEADING.finditer(text)]
    start, sid = 0, "_top"
    for pos, nid in cuts:
        out.append((sid, text[start:pos]))
        start, sid = pos, nid
    out.append((sid, text[start:]))
    return [(s, t) for s, t in out if s != "_top" or t.strip()]


def eqrefs(text):
    return EQREF.findall(text)


def numbers(text):
    """Decimal numbers printed in a text, outside code, as a list (repetitions kept)."""
    text = FENCE.sub("", text)
    text = CODE_TAG.sub("", text)
    text = EXERCISE_LABEL.sub("", text)
    return NUMBER.findall(text)


def site_pages(site):
    """URL paths (relative to the site root) of every built page of both languages, in path order:
    every ``index.html`` except those of ``assets/``, the search index folders and Pagefind's."""
    out = []
    for index in sorted(Path(site).rglob("index.html")):
        parts = index.parent.relative_to(site).parts
        if "assets" in parts or (parts and parts[-1] in ("search", "pagefind")):
            continue
        out.append("/".join(parts) + "/" if parts else "")
    return out
