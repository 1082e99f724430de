// "Copy link" on equation and figure numbers (a.anchor-link, written by scripts/site/hooks/math.py
// and figures.py as plain links to their own anchor: without JavaScript a click goes there and
// the address bar shows the address).  With JavaScript a click (or Enter) copies the anchor's
// absolute address — under the page's canonical URL when the build knows it (SITE_URL), else
// the address the page was loaded from — puts it in the address bar without scrolling, and says
// so in a status line (role="status", announced by screen readers) that also shows the address.
// One listener on the document (event delegation): the far sections of a page are built later
// (scripts/site/hooks/speed.py), and their links work as soon as they exist.
(function () {
  "use strict";
  var TEXT = {
    ja: { copied: "リンクをコピーしました", manual: "このリンクをコピーしてください" },
    en: { copied: "Link copied", manual: "Copy this link" }
  };
  var lang = (document.documentElement.lang || "en").slice(0, 2) === "ja" ? "ja" : "en";
  var status = null, timer = null;

  function statusLine() {
    if (status) return status;
    status = document.createElement("div");
    status.className = "anchor-status";
    status.setAttribute("role", "status");
    status.setAttribute("lang", lang);
    document.body.appendChild(status);
    return status;
  }

  function address(id) {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : location.href;
    return base.split("#")[0] + "#" + id;
  }

  function copyFallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function show(ok, url, link) {
    var line = statusLine();
    line.textContent = "";
    var what = document.createElement("span");
    what.textContent = (ok ? TEXT[lang].copied : TEXT[lang].manual) + ": ";
    var where = document.createElement("span");
    where.className = "anchor-status__url";
    where.textContent = url;
    line.appendChild(what);
    line.appendChild(where);
    line.classList.add("is-shown");
    clearTimeout(timer);
    timer = setTimeout(function () { line.classList.remove("is-shown"); }, ok ? 4000 : 12000);
    link.focus();
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.anchor-link");
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var id = link.getAttribute("href").slice(1);
    var url = address(id);
    e.preventDefault();
    if (history.replaceState) history.replaceState(null, "", "#" + id);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { show(true, url, link); },
        function () { show(copyFallback(url), url, link); });
    } else {
      show(copyFallback(url), url, link);
    }
  });
})();
