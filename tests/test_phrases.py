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


def test_a_chapter_number_keeps_its_heading_and_a_long_compound_may_break(phrases):
    """On a phone, 「2.」 must not stand alone on the first line of 「2. 交差エントロピーコスト」: the
    space after a heading's number does not break, and the compound breaks between its words."""
    out = phrases.add_breaks('<h1 id="cross-entropy">2. 交差エントロピーコスト</h1>')
    assert out == '<h1 id="cross-entropy">2.\u00a0交差エントロピー<wbr>コスト</h1>'
    assert breaks(phrases.add_breaks("<p>交差エントロピーコスト関数</p>")).count("|") >= 1
    assert "エントロピー|コスト" in breaks(phrases.add_breaks("<p>交差エントロピーコスト関数</p>"))
    assert "12.\u00a0" in phrases.add_breaks("<h2>12. 分類</h2>")
    # elsewhere a period and a space still break: 「0.5. 次に」 is not a heading number
    assert "0.5.|" in breaks(phrases.add_breaks("<p>値は 0.5. 次に進みます</p>"))
    assert "エントロピー|ピー" not in breaks(phrases.add_breaks("<p>エントロピー</p>"))
