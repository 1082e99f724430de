// Figures as drawn at the current window width (tests/test_layout.py); run with
// execute_async_script.  For each figure image the reader sees, fetch the SVG the browser
// chose (currentSrc), find every glyph matplotlib drew (text is written as paths: a <use> of a
// glyph outline, scaled by its ancestors' transforms; 1 unit of scale = 100 pt of font size),
// and convert the smallest font size to CSS px at the size the image is drawn.
// Also reports the share of near-white pixels of the image as drawn (for the dark palette).
const done = arguments[arguments.length - 1];
(async function () {
  const out = [];
  const imgs = [...document.querySelectorAll(".md-content figure img")]
    .filter(i => getComputedStyle(i).display !== "none" && i.getClientRects().length);
  // figures are loading="lazy": fetch the shown ones now and wait for them
  imgs.forEach(i => { i.loading = "eager"; });
  await Promise.all(imgs.map(i => (i.complete && i.naturalWidth) ? null : new Promise(ok => {
    i.addEventListener("load", ok, {once: true}); i.addEventListener("error", ok, {once: true});
    setTimeout(ok, 15000);
  })));
  for (const img of imgs) {
    const src = img.currentSrc;
    const svg = new DOMParser().parseFromString(await (await fetch(src)).text(), "image/svg+xml");
    const root = svg.documentElement;
    const widthPt = parseFloat(root.getAttribute("width"));
    const drawn = img.getBoundingClientRect().width;
    const pxPerPt = drawn / widthPt;
    let min = Infinity, minText = "", glyphs = 0;
    for (const use of svg.querySelectorAll("use")) {
      const href = use.getAttribute("xlink:href") || use.getAttribute("href") || "";
      const target = svg.getElementById(href.slice(1));
      if (!target || target.tagName !== "path" || !/scale\(0\.015625\)/.test(target.getAttribute("transform") || ""))
        continue; // markers and ticks, not glyphs
      let scale = 1, label = "";
      for (let e = use; e && e !== root; e = e.parentNode) {
        const t = e.getAttribute && e.getAttribute("transform");
        const m = t && t.match(/scale\(([-\d.e]+)/);
        if (m) scale *= Math.abs(parseFloat(m[1]));
        if (!label) for (const c of e.childNodes) if (c.nodeType === 8) { label = c.nodeValue.trim(); break; }
      }
      glyphs++;
      const px = scale * 100 * pxPerPt;
      if (px < min) { min = px; minText = label; }
    }
    // pixels: draw the image as shown into a canvas
    const c = document.createElement("canvas");
    c.width = Math.round(drawn); c.height = Math.round(img.getBoundingClientRect().height);
    const ctx = c.getContext("2d");
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(img, 0, 0, c.width, c.height);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let white = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 235 && d[i + 1] > 235 && d[i + 2] > 235) white++;
    out.push({src: src.replace(location.origin, ""), id: img.closest("figure").id, drawn, natural: img.naturalWidth,
              glyphs, minPx: min, minText, white: white / (d.length / 4)});
  }
  return out;
})().then(done, e => done({error: String(e)}));
