"""MkDocs hook: Japanese lines break between phrases, not inside words.

Japanese has no spaces, so a browser may break a line between any two characters and split
a word (ニュ／ーロン, 訂／正).  For the Japanese build this hook runs BudouX (the phrase
segmenter Chromium's ``word-break: auto-phrase`` is based on) over the text of each page at
build time and puts ``<wbr>`` between phrases; the CSS (``docs/assets/site.css``) sets
``word-break: keep-all`` for Japanese, so those are the only places a line breaks inside
Japanese text (besides spaces and punctuation).  It works in every browser and needs no
JavaScript.  Text inside math, code, ``<pre>``, ``<script>`` and ``<style>`` is left alone.
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


def phrases(text):
    """``text`` (HTML-escaped text, no tags) with ``<wbr>`` between BudouX phrases."""
    global _parser
    if not _JAPANESE.search(text):
        return text
    if _parser is None:
        _parser = budoux.load_default_japanese_parser()
    parts = _merge_single(_parser.parse(htmlmod.unescape(text)))
    out = [htmlmod.escape(parts[0], quote=False)]
    for prev, p in zip(parts, parts[1:]):
        out.append(("" if _no_break(prev, p) else "<wbr>") + htmlmod.escape(p, quote=False))
    if parts[-1].rstrip()[-1:] in "。、」』）":  # Chromium's keep-all finds no break after it when
        out.append("<wbr>")                      # the next word is in another element (。<a>参考文献</a>)
    return "".join(out)


_KANJI = re.compile(r"[\u3400-\u9fff々]")
_KATAKANA = re.compile(r"[\u30a0-\u30ffー]")
_OPENING = "（「『［【〔(["
_CLOSING = "、。，．）」』］】〕・：；？！),.;:?!"


def _no_break(prev, nxt):
    """No break between two phrases BudouX separated when that would cut a word or a
    bracket from its text: between two kanji (compounds: 更｜新, 参｜考文献), between two
    katakana (ダイバージ｜ェンス), after an opening bracket or before closing punctuation
    (a <wbr> overrides the browser's own rules for these)."""
    a, b = prev[-1:], nxt[:1]
    return bool((_KANJI.match(a) and _KANJI.match(b)) or (_KATAKANA.match(a) and _KATAKANA.match(b))
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
            out.append(tok if skip else phrases(tok))
            continue
        out.append(tok)
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
