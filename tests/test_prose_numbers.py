"""Numbers in prose are code.

Every decimal number printed on a page (prose or math) must be registered here as
a Claim: the exact text as printed and a function that computes it from the
project's code (or, for an input parameter, the constant the figure script
uses).  The tests check that (1) each claim's computed value, rounded to the
printed number of decimals, equals the printed text, (2) each claim appears on
the pages it names, and (3) no page prints a decimal number that no claim covers.

A claim compares magnitudes: the printed text carries no sign (write "−" in the
prose before the number); ``value`` returns the printed magnitude.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import fig_quadratic_learning
import figstyle
import neuron

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ja", "en")


@dataclass(frozen=True)
class Claim:
    text: str  # as printed, e.g. "0.82"
    value: Callable[[], float]
    pages: tuple  # file names under docs/<lang>/ where it is printed
    what: str  # what the number is


def _quad(start, epochs=fig_quadratic_learning.EPOCHS, eta=fig_quadratic_learning.ETA):
    w, b = figstyle.STARTS[start]
    return neuron.train(neuron.QuadraticCost, w, b, eta, epochs)


def _z(start):
    w, b = figstyle.STARTS[start]
    return w * 1.0 + b


CLAIMS = [
    # --- inputs of the experiment (must match what the figure scripts use) ---
    Claim("0.15", lambda: fig_quadratic_learning.ETA, ("slowdown.md",), "learning rate η"),
    Claim("0.6", lambda: figstyle.STARTS[0][0], ("slowdown.md",), "start 1: w"),
    Claim("0.9", lambda: figstyle.STARTS[0][1], ("slowdown.md",), "start 1: b"),
    Claim("1.5", lambda: _z(0), ("slowdown.md",), "start 1: z = w + b"),
    # --- results ---
    Claim("0.82", lambda: _quad(0).a[0], ("slowdown.md",), "start 1: initial output"),
    Claim("0.98", lambda: _quad(1).a[0], ("slowdown.md",), "start 2: initial output"),
    Claim("0.09", lambda: _quad(0).a[-1], ("slowdown.md",), "start 1: output after 300 epochs"),
    Claim("0.20", lambda: _quad(1).a[-1], ("slowdown.md",), "start 2: output after 300 epochs"),
    Claim("0.149", lambda: neuron.sigmoid_prime(_z(0)), ("slowdown.md",), "σ′(1.5)"),
    Claim("0.0177", lambda: neuron.sigmoid_prime(_z(1)), ("slowdown.md",), "σ′(4)"),
    Claim("8.4", lambda: neuron.sigmoid_prime(_z(0)) / neuron.sigmoid_prime(_z(1)), ("slowdown.md",),
          "ratio σ′(1.5)/σ′(4)"),
    Claim("0.25", lambda: neuron.sigmoid_prime(0.0), ("slowdown.md",), "max σ′ = σ′(0)"),
]

NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?!\w|\.\d)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE_TAG = re.compile(r"<code>.*?</code>|`[^`\n]*`", re.S)


def page_numbers(text):
    """Decimal numbers printed on a page, outside code."""
    text = FENCE.sub("", text)
    text = CODE_TAG.sub("", text)
    return set(NUMBER.findall(text))


def pages(lang):
    return sorted((ROOT / "docs" / lang).glob("*.md"))


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.text}:{c.what}")
def test_claim_value(claim):
    decimals = len(claim.text.split(".")[1]) if "." in claim.text else 0
    v = float(claim.value())
    assert math.isfinite(v)
    assert f"{v:.{decimals}f}" == claim.text, f"{claim.what}: code gives {v!r}, prose says {claim.text}"


@pytest.mark.parametrize("lang", LANGS)
def test_claims_appear_where_they_say(lang):
    missing = []
    for c in CLAIMS:
        for name in c.pages:
            path = ROOT / "docs" / lang / name
            if path.exists() and c.text not in page_numbers(path.read_text(encoding="utf-8")):
                missing.append(f"{lang}/{name}: {c.text} ({c.what})")
    assert not missing, "claims not found on their pages:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", LANGS)
def test_every_printed_number_is_claimed(lang):
    claimed = {}
    for c in CLAIMS:
        for name in c.pages:
            claimed.setdefault(name, set()).add(c.text)
    unclaimed = []
    for path in pages(lang):
        for n in sorted(page_numbers(path.read_text(encoding="utf-8"))):
            if n not in claimed.get(path.name, set()):
                unclaimed.append(f"{lang}/{path.name}: {n}")
    assert not unclaimed, "numbers printed without a Claim in tests/test_prose_numbers.py:\n" + "\n".join(unclaimed)


def test_scanner_finds_numbers():
    """The scanner itself: finds decimals in prose and math, skips code."""
    text = "出力は 0.82 から $a=0.09$ へ。\n```\nx = 3.14\n```\n`2.71` v1.2.3 reached 0.20."
    assert page_numbers(text) == {"0.82", "0.09", "0.20"}
    assert np.isclose(float("0.82"), 0.82)
