"""The two languages in lockstep: an edit to one language alone fails here.

Per page (docs/ja/X.md against docs/en/X.md):

* the same labelled equations in the same order, with the same TeX (whitespace normalised; only
  the words inside ``\\text{…}`` may differ);
* the same sections, matched by their stable heading ids ``{#id}``, in the same order;
* per section, the same ``\\eqref`` targets in the same order;
* per section, the same decimal numbers as a multiset (word order differs between languages).
"""

from __future__ import annotations

from collections import Counter

import pytest

import pagetext

PAGES = pagetext.page_names("ja")


def test_same_pages():
    assert PAGES == pagetext.page_names("en")
    assert len(PAGES) >= 9


def both(page):
    return pagetext.read("ja", page), pagetext.read("en", page)


@pytest.mark.parametrize("page", PAGES)
def test_labelled_equations_identical(page):
    ja, en = (pagetext.labelled_equations(t) for t in both(page))
    assert list(ja) == list(en), f"{page}: labels differ or are in another order"
    diff = [f"{lab}:\n  ja: {ja[lab]}\n  en: {en[lab]}" for lab in ja
            if pagetext.mask_text(ja[lab]) != pagetext.mask_text(en[lab])]
    assert not diff, f"{page}: the TeX of labelled equations differs between ja and en:\n" + "\n".join(diff)


@pytest.mark.parametrize("page", PAGES)
def test_same_sections_eqrefs_and_numbers(page):
    ja, en = (pagetext.sections(t) for t in both(page))
    assert [s for s, _ in ja] == [s for s, _ in en], f"{page}: the section ids differ between ja and en"
    problems = []
    for (sid, tja), (_, ten) in zip(ja, en):
        rja, ren = pagetext.eqrefs(tja), pagetext.eqrefs(ten)
        if rja != ren:
            problems.append(f"#{sid}: \\eqref targets\n  ja: {rja}\n  en: {ren}")
        nja, nen = Counter(pagetext.numbers(tja)), Counter(pagetext.numbers(ten))
        if nja != nen:
            problems.append(f"#{sid}: decimal numbers only in ja: {dict(nja - nen)}, only in en: {dict(nen - nja)}")
    assert not problems, f"{page}: ja and en differ:\n" + "\n".join(problems)


def test_sections_are_found():
    """The splitter sees every heading with an id, and eqrefs and numbers inside them."""
    text = "intro 0.5\n# T {#top}\nx \\eqref{eq:a} 1.25\n## A {#a}\n\\eqref{eq:b} \\eqref{eq:a} 0.5 0.5\n"
    secs = pagetext.sections(text)
    assert [s for s, _ in secs] == ["_top", "top", "a"]
    assert pagetext.eqrefs(secs[2][1]) == ["eq:b", "eq:a"]
    assert pagetext.numbers(secs[2][1]) == ["0.5", "0.5"]
