"""MkDocs hook: Japanese lines break between phrases, not inside words.

Japanese has no spaces, so a browser may break a line between any two characters and split
a word (ニュ／ーロン, 訂／正).  For the Japanese build this hook runs BudouX (the phrase
segmenter Chromium's ``word-break: auto-phrase`` is based on) over the text of each page at
build time and puts ``<wbr>`` between phrases; the CSS (``docs/assets/site.css``) sets
``word-break: keep-all`` for Japanese, so those are the only places a line breaks inside
Japanese text (besides spaces and punctuation).  It works in every browser and needs no
JavaScript.  Text inside math, code, ``<pre>``, ``<script>`` and ``<style>`` is left alone.

The explorers (``docs/assets/explorers/draw.js``) build their controls from the words in the
``data-l-*`` attributes of their ``<div class="xp">``; the same phrases are marked there with
U+200B (ZERO WIDTH SPACE), which ``draw.js`` turns into ``<wbr>`` elements.
"""

from __future__ import annotations

import html as htmlmod
import re

import budoux

_parser = None
_TOKEN = re.compile(r"<!--.*?-->|<[^>]+>|[^<]+", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(/?)>", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP_TAGS = {"code", "pre", "script", "style", "math", "svg", "kbd", "textarea"}
_SKIP_CLASS = re.compile(r'class="[^"]*\b(katex|arithmatex|math-display)\b')
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def phrases(text, mark="<wbr>", quote=False):
    """``text`` (HTML-escaped text, no tags) with ``mark`` between BudouX phrases
    (``quote=True`` for an attribute value: quotes stay escaped)."""
    global _parser
    if not _JAPANESE.search(text):
        return text
    if _parser is None:
        _parser = budoux.load_default_japanese_parser()
    parts = [q for p in _merge_single(_parser.parse(htmlmod.unescape(text))) for q in _COMPOUND_END.split(p)]
    out = [htmlmod.escape(parts[0], quote=quote)]
    for prev, p in zip(parts, parts[1:]):
        out.append(("" if _no_break(prev, p) else mark) + htmlmod.escape(p, quote=quote))
    if parts[-1].rstrip()[-1:] in "。、」』）" and mark == "<wbr>":  # Chromium's keep-all finds no break
        out.append("<wbr>")  # after it when the next word is in another element (。<a>参考文献</a>)
    return "".join(out)


# The space between a number and the Japanese word after it (2 つ, 300 エポック, 第 5 章) and after
# 第 is for looks only: a line must not break there (第 5 / 章, 2 / つの分布).  Nor after a
# chapter's number at the start of a heading (「2.」 alone on a phone's first line).  It becomes U+00A0.
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=[\u3040-\u30ff\u3400-\u9fff])|(?<=第) (?=\d)"
                           r"|(?:(?<=^\d\.)|(?<=^\d\d\.)) (?=[\u3040-\u30ff\u3400-\u9fff])")
# Katakana compounds BudouX keeps whole where a line may still break between the words
# (交差エントロピー｜コスト): the end of the first word.
_COMPOUND_END = re.compile(r"(?<=エントロピー)(?=[\u30a0-\u30ff])")
_XP_LABEL = re.compile(r'(\sdata-l-[a-z-]+=")([^"]*)(")')


def _explorer_labels(tag):
    """An explorer's ``<div class="xp" … data-l-…="…">`` with U+200B between the phrases of its labels."""
    if not (tag.startswith("<div") and 'class="xp"' in tag):
        return tag
    return _XP_LABEL.sub(lambda m: m.group(1) + phrases(m.group(2), "\u200b", quote=True) + m.group(3), tag)


_KANJI = re.compile(r"[\u3400-\u9fff々]")
_KATAKANA = re.compile(r"[\u30a0-\u30ffー]")
_OPENING = "（「『［【〔(["
_CLOSING = "、。，．）」』］】〕・：；？！),.;:?!"


def _no_break(prev, nxt):
    """No break between two phrases BudouX separated when that would cut a word or a
    bracket from its text: between two kanji (compounds: 更｜新, 参｜考文献), between two
    katakana (ダイバージ｜ェンス), after an opening bracket or before closing punctuation
    (a <wbr> overrides the browser's own rules for these), next to a no-break space."""
    a, b = prev[-1:], nxt[:1]
    if _COMPOUND_END.search(prev + nxt[:1], len(prev)):     # split on purpose (_COMPOUND_END)
        return False
    return bool(a == "\u00a0" or b == "\u00a0" or (_KANJI.match(a) and _KANJI.match(b)) or (_KATAKANA.match(a) and _KATAKANA.match(b))
                or (a and a in _OPENING) or (b and b in _CLOSING))


def _merge_single(parts):
    """Join one-character phrases to a neighbour.

    BudouX sees one text node at a time; at the edges of a node (next to a formula, a link)
    it lacks context and cuts words such as 分｜布 or と｜して.  A one-character phrase is
    joined to the phrase before it (or after it, at the start): one break opportunity fewer,
    never a word cut in two.
    """
    out = []
    for p in parts:
        if out and (len(p.strip()) == 1 or len(out[-1].strip()) == 1):
            out[-1] += p
        else:
            out.append(p)
    return out


def add_breaks(html):
    """Insert phrase breaks into the text of ``html`` outside math, code and scripts."""
    out, stack, skip = [], [], 0
    for m in _TOKEN.finditer(html):
        tok = m.group(0)
        if not tok.startswith("<"):
            out.append(tok if skip else phrases(_NUMBER_SPACE.sub("\u00a0", tok)))
            continue
        out.append(_explorer_labels(tok))
        t = _TAG.fullmatch(tok)
        if t is None:  # comment, doctype
            continue
        closing, name, attrs, selfclose = t.group(1), t.group(2).lower(), t.group(3), t.group(4)
        if name in _VOID or selfclose:
            continue
        if closing:
            while stack:  # pop to the matching open tag (tolerates unclosed <p>/<li>)
                top, skipping = stack.pop()
                skip -= skipping
                if top == name:
                    break
        else:
            skipping = int(name in _SKIP_TAGS or bool(_SKIP_CLASS.search(attrs)))
            stack.append((name, skipping))
            skip += skipping
    return "".join(out)


def on_page_content(html, page, config, files):
    if config["theme"]["language"] != "ja":
        return html
    return add_breaks(html)
