// Display formulas at the current window width (tests/test_layout.py): one call per page and
// width returns every problem found.  The probe does not rely on the site's own markup beyond
// KaTeX's: formula boxes are KaTeX's .katex-base boxes, the number is the text of the
// .katex-tag (KaTeX's) or .eq-number (ours), and the clip is whatever ancestor inside
// .math-display cuts overflow (or the content column when none does).
return (function () {
  const problems = [];
  const column = document.querySelector(".md-content__inner").getBoundingClientRect();
  const inter = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
                          Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  let n = 0, numbered = 0, scrolling = 0;
  document.querySelectorAll(".math-display").forEach((box, i) => {
    n++;
    const name = box.id || `unnumbered #${i + 1} "${(box.textContent.match(/\S.{0,30}/) || [""])[0]}"`;
    const baseEls = [...box.querySelectorAll(".katex-display .katex-html > .katex-base")];
    if (!baseEls.length) { problems.push(`${name}: no formula boxes`); return; }
    let clipEl = null;
    for (let e = baseEls[0].parentElement; e && e !== box.parentElement; e = e.parentElement)
      if (getComputedStyle(e).overflowX !== "visible") { clipEl = e; break; }
    const clip = clipEl ? clipEl.getBoundingClientRect() : column;
    const sl = clipEl ? clipEl.scrollLeft : 0;
    const bases = baseEls.map(b => b.getBoundingClientRect());
    const left = Math.min(...bases.map(r => r.left)) + sl, right = Math.max(...bases.map(r => r.right)) + sl;
    const top = Math.min(...bases.map(r => r.top)), bottom = Math.max(...bases.map(r => r.bottom));
    if (clip.left < column.left - 1 || clip.right > column.right + 1)
      problems.push(`${name}: formula box ${clip.left.toFixed(0)}..${clip.right.toFixed(0)} leaves the column ${column.left.toFixed(0)}..${column.right.toFixed(0)}`);
    if (left < clip.left - 1)
      problems.push(`${name}: formula starts ${(clip.left - left).toFixed(0)} px left of its box (cannot be scrolled to)`);
    if (clipEl && getComputedStyle(clipEl).overflowY !== "visible" && (top < clip.top - 1 || bottom > clip.bottom + 1))
      problems.push(`${name}: formula cut at the top/bottom by ${Math.max(clip.top - top, bottom - clip.bottom).toFixed(0)} px`);
    if (right > clip.right + 1) {
      scrolling++;
      const cs = clipEl ? getComputedStyle(clipEl) : null;
      const scrollable = cs && ["auto", "scroll"].includes(cs.overflowX) && clipEl.scrollWidth >= right - clip.left - 1;
      if (!scrollable)
        problems.push(`${name}: formula cut by ${(right - clip.right).toFixed(0)} px with no way to scroll to it`);
      else if (!/gradient/.test(cs.backgroundImage) || !/local/.test(cs.backgroundAttachment))
        problems.push(`${name}: scrolls sideways without an edge shadow`);
    }
    else if (clipEl && clipEl.scrollWidth > clipEl.clientWidth)
      problems.push(`${name}: shows a scrollbar though the formula fits (${clipEl.scrollWidth - clipEl.clientWidth} px of overhang)`);
    if (box.id) {
      numbered++;
      const num = box.querySelector(".eq-number .mord.text, .katex-tag .mord.text");
      if (!num) { problems.push(`${name}: numbered formula shows no number`); return; }
      const nr = num.getBoundingClientRect();
      if (nr.width < 1) problems.push(`${name}: number not drawn`);
      if (nr.left < column.left - 1 || nr.right > column.right + 1)
        problems.push(`${name}: number outside the column`);
      const visible = bases.map(r => ({left: Math.max(r.left, clip.left), right: Math.min(r.right, clip.right),
                                       top: r.top, bottom: r.bottom}));
      const overlap = Math.max(...visible.map(r => inter(r, nr)));
      if (overlap > 0.5) problems.push(`${name}: number overlaps the formula (${overlap.toFixed(0)} px²)`);
    }
  });
  return {problems, n, numbered, scrolling};
})();
