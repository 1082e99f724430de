"""scripts/site/hooks/phrases.py on its own: where a Japanese line may break (the browser test
test_layout.py checks the built pages as they are drawn)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def phrases():
    spec = importlib.util.spec_from_file_location("phrases", ROOT / "scripts" / "site" / "hooks" / "phrases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def breaks(html):
    """The text with a | wherever a line may break (a space or a <wbr>)."""
    return html.replace("<wbr>", "|").replace(" ", "|")


def test_a_number_keeps_its_word(phrases):
    out = phrases.add_breaks("<p>（<a href=\"x\">第 5 章</a>）：2 つの分布と、1 から 10000 までの整数</p>")
    text = out.replace('<p>（<a href="x">', "").replace("</a>", "").replace("</p>", "")
    assert "第\u00a05\u00a0章" in text and "2\u00a0つの" in text and "10000\u00a0までの" in text
    assert "第|" not in breaks(text) and "5|章" not in breaks(text) and "2|つ" not in breaks(text)
    assert re.search(r"から\|+10000", breaks(text))  # a space before a number stays a place to break


def test_latin_text_and_code_keep_their_spaces(phrases):
    assert phrases.add_breaks("<p>NumPy 2 and 3</p>") == "<p>NumPy 2 and 3</p>"
    assert phrases.add_breaks("<p><code>x = 2 つ</code></p>") == "<p><code>x = 2 つ</code></p>"


def test_explorer_labels_get_phrase_marks_and_keep_their_quotes(phrases):
    tag = '<div class="xp" data-xp="neuron" data-w="2" data-l-nndl="NNDL のアニメーションの更新則を重ねる" data-l-q="「&quot;q&quot;」">'
    out = phrases.add_breaks(tag + "</div>")
    assert 'data-l-nndl="NNDL の\u200bアニメーションの\u200b' in out
    assert 'data-l-q="「&quot;q&quot;」"' in out and 'data-w="2"' in out
    assert phrases.add_breaks('<div class="other" data-l-x="アニメーションの更新則">') == \
        '<div class="other" data-l-x="アニメーションの更新則">'
