"""The seed article's mistranslated terms appear only where they are corrected.

The machine-translated blog post this site corrects calls the cross-entropy
「クロス・ファースト」, the KL divergence 「KL散乱」, and so on.  Those words must
not appear on any page except the errata page, which quotes every one of them
(and the glossary, whose table has a column "the seed's mistranslation" so a
reader who met the wrong word can find the right one).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ja", "en")

# Each is a wrong term of the seed (shared/seed/original-article-ja.txt), with what it should be.
MISTRANSLATIONS = {
    "クロス・ファースト": "交差エントロピー",
    "クロスファースト": "交差エントロピー",
    "クロス関数": "交差エントロピー（コスト関数）",
    "クロスオーバー": "交差エントロピー",
    "十字架": "交差エントロピー（の式）",
    "KL散乱": "KLダイバージェンス",
    "KL散布": "KLダイバージェンス",
    "KL分散": "KLダイバージェンス",
    "KLスキャッター": "KLダイバージェンス",
    "ストリータブル": "（意味をなさない語）",
    "イオス": "（意味をなさない語）",
}
# Pages allowed to contain them: the errata (which quotes them) and the glossary (which lists them as wrong).
ALLOWED = {"errata.md", "glossary.md"}


def _find(term, text):
    """Occurrences of ``term`` in ``text``, case-insensitive (the seed also writes 「kl分散」)."""
    return [m.start() for m in re.finditer(re.escape(term), text, re.IGNORECASE)]


def _pages(lang):
    return sorted((ROOT / "docs" / lang).glob("*.md"))


@pytest.mark.parametrize("lang", LANGS)
def test_no_mistranslation_outside_errata(lang):
    found = []
    for path in _pages(lang):
        if path.name in ALLOWED:
            continue
        text = path.read_text(encoding="utf-8")
        for term in MISTRANSLATIONS:
            for pos in _find(term, text):
                line = text.count("\n", 0, pos) + 1
                found.append(f"{lang}/{path.name}:{line}: {term!r} (write {MISTRANSLATIONS[term]})")
    assert not found, "the seed's mistranslations used outside errata.md:\n" + "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_errata_quotes_every_mistranslation(lang):
    path = ROOT / "docs" / lang / "errata.md"
    if not path.exists():
        pytest.skip(f"docs/{lang}/errata.md not written yet")
    text = path.read_text(encoding="utf-8")
    # A quotation: 「…」 in Japanese; in English 「…」 or quotation marks around the Japanese word.
    quotes = re.findall(r"「([^」]*)」|“([^”]*)”|\"([^\"\n]*)\"", text)
    quoted = " ".join("".join(q) for q in quotes)
    missing = [t for t in MISTRANSLATIONS if not _find(t, quoted)]
    assert not missing, f"{lang}/errata.md does not quote: {missing}"


def test_terms_are_the_seeds():
    """Every listed term really occurs in the seed (guards against typos in the list)."""
    seed = ROOT / "tests" / "data" / "seed-original-article-ja.txt"  # copy of shared/seed/original-article-ja.txt
    text = seed.read_text(encoding="utf-8")
    absent = [t for t in MISTRANSLATIONS if not _find(t, text)]
    assert not absent, f"not in the seed: {absent}"
