// Japanese line breaking at the current window width (tests/test_layout.py).  Walks every
// text block of the article, takes the box of each character (a Range per character) and of
// each piece of inline math (KaTeX's .katex-base boxes), finds where lines break, and returns
// the breaks that put 、。，．）」』 at the start of a line, （「『 at its end, split a word
// (word boundaries from Intl.Segmenter, ICU's dictionary, not from the browser's line
// breaker), or split an inline formula.
return (function () {
  const OPEN = "（「『", CLOSE = "、。，．）」』";
  const JA = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
  const CONTENT = /[\u30a0-\u30ff\u3400-\u9fff\uff66-\uff9f]/;  // katakana or kanji
  const seg = new Intl.Segmenter("ja", {granularity: "word"});
  const problems = [];
  let lines = 0, blocks = 0;
  const root = document.querySelector(".md-content__inner");
  const blocksEls = root.querySelectorAll("p, li, figcaption, td, th, dt, dd, h1, h2, h3, h4, blockquote");
  for (const block of blocksEls) {
    if (block.closest(".math-display, pre, code, .katex-mathml, nav")) continue;
    // items: {ch, rect, idx (position in text), math}
    const items = [];
    let text = "";
    const walk = (node) => {
      for (const n of node.childNodes) {
        if (n.nodeType === 3) {
          const s = n.nodeValue;
          for (let i = 0; i < s.length; i++) {
            const ch = s[i];
            const idx = text.length;
            text += ch;
            if (/\s/.test(ch)) continue;
            const r = document.createRange();
            r.setStart(n, i); r.setEnd(n, i + 1);
            const rect = r.getClientRects()[0];
            if (rect && rect.width > 0) items.push({ch, rect, idx, math: null});
          }
        } else if (n.nodeType === 1) {
          if (n.matches("p, li, ul, ol, table, figure, .math-display, .katex-mathml, script, style")) {
            if (n.matches("ul, ol, table, figure, p")) continue; // nested blocks are walked on their own
            continue;
          }
          if (n.classList.contains("katex")) {
            const idx = text.length;
            text += "\uFFFC";
            n.querySelectorAll(".katex-html > .katex-base").forEach((b, k) => {
              const rect = b.getBoundingClientRect();
              if (rect.width > 0) items.push({ch: "\uFFFC", rect, idx, math: n, k, base: b});
            });
            continue;
          }
          walk(n);
        }
      }
    };
    walk(block);
    if (!items.length) continue;
    blocks++;
    if (!JA.test(text)) continue;
    const bounds = new Set([0, text.length]);
    const wordAt = [];  // the ICU word that covers each position
    for (const s of seg.segment(text)) {
      bounds.add(s.index); bounds.add(s.index + s.segment.length);
      for (let k = s.index; k < s.index + s.segment.length; k++) wordAt[k] = s.segment;
    }
    const where = (i) => JSON.stringify(text.slice(Math.max(0, i - 12), i) + " ⏎ " + text.slice(i, i + 12));
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1], b = items[i];
      const newLine = b.rect.top >= a.rect.bottom - 1 && b.rect.left < a.rect.right;
      if (!newLine) continue;
      lines++;
      if (a.math && a.math === b.math) {
        problems.push(`break inside inline math after "${a.base.textContent.slice(-8)}": ${where(b.idx)}`);
        continue;
      }
      if (CLOSE.includes(b.ch)) problems.push(`line starts with ${b.ch}: ${where(b.idx)}`);
      if (OPEN.includes(a.ch)) problems.push(`line ends with ${a.ch}: ${where(b.idx)}`);
      if (!a.math && !b.math && (JA.test(a.ch) || JA.test(b.ch))) {
        // the break lies between a.idx and b.idx; it splits a word unless a boundary is there
        let ok = false;
        for (let j = a.idx + 1; j <= b.idx; j++) if (bounds.has(j)) { ok = true; break; }
        // Words of hiragana alone (について, という, として: particles and auxiliaries that ICU
        // keeps together) may break like phrases; a word with kanji or katakana may not.
        // A word that ICU glues to a leading particle (に対して, の通り) may break after the particle.
        const w = wordAt[b.idx] || "";
        let start = b.idx; while (start > 0 && wordAt[start - 1] === w && !bounds.has(start)) start--;
        const head = text.slice(start, a.idx + 1);
        if (!ok && CONTENT.test(w) && !/^[\u3040-\u309f]+$/.test(head))
          problems.push(`word split (${w}): ${where(b.idx)}`);
      }
    }
  }
  return {problems, lines, blocks};
})();
