"""MkDocs hook: the language switcher lands on the same page in the other language.

Each language is its own MkDocs build (``mkdocs.yml`` -> ``site/``,
``mkdocs.en.yml`` -> ``site/en/``).  ``extra.languages`` lists each language's
code, name and root inside the combined site.  For every page this hook works
out the URL of the same source file in the other language, relative to the
page, falling back to that language's home page when the file does not exist
there.  ``docs/overrides/partials/alternate.html`` renders the result.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[3]


def alternates(page, config):
    """[(code, name, href, is_current)] for the page ``page``."""
    langs = config["extra"]["languages"]
    current = config["theme"]["language"]
    here = next(l for l in langs if l["code"] == current)
    page_url = here["root"] + page.url  # this page's URL inside the combined site
    out = []
    for lang in langs:
        same = (ROOT / "docs" / lang["code"] / page.file.src_uri).exists()
        target = lang["root"] + (page.url if same else "")
        href = get_relative_url(target or ".", page_url or ".")
        if target.endswith("/") or target == "":
            href = href.rstrip("/") + "/"
        out.append((lang["code"], lang["name"], href, lang["code"] == current))
    return out


def on_page_context(context, page, config, nav):
    context["alternates"] = alternates(page, config)
    return context
