// Search: Pagefind behind Material's search box (see scripts/site/hooks/search.py and README.md).
//
// Material talks to its search worker with messages {type: 0 SETUP | 2 QUERY} and expects
// {type: 1 READY | 3 RESULT} back.  The hook gives Material an idle worker; this script
// answers Material's messages itself, with Pagefind's index of this language, which it
// imports only when the reader types the first query.  Pagefind ranks pages; here each
// page's sections are ranked too (a heading match weighs far more than body text), pages are
// ordered by their best section, and Material draws the list as usual.
// Relies on Material 9's worker messages and result shape: re-check on upgrades.
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var PAGES = 8;                 // pages whose sections are ranked
  var TITLE = 20000;             // weight of a page title that names the query (ranks pages)
  var NOTEBOOK = 0.4;            // weight of a notebook page against the chapters
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base, location.href);
  var bundle = new URL("pagefind/", base);
  var ja = document.documentElement.lang === "ja";
  var searchWorkers = new WeakSet();
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        return pf.options({ basePath: bundle.pathname, excerptLength: 30 }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // How much a section is about a word: heading matches count in full, body matches with
  // diminishing returns (a section that mentions a term many times does not beat one whose
  // heading names it).
  function sectionScore(sub) {
    var heading = 0, body = 0;
    (sub.weighted_locations || []).forEach(function (w) {
      if (w.weight > 1) heading = Math.max(heading, w.balanced_score); else body += w.balanced_score;
    });
    return heading + 4 * Math.sqrt(body * 512);
  }

  function norm(text) {
    return text.toLowerCase().replace(/^[\d.]+\s*/, "").replace(/[\s\-‐–—・·]+/g, "");
  }

  // A heading that is mostly the query is the section about it; a section that has the
  // query as written (a phrase, a compound) beats one that has its words apart.
  function bonus(query, title, excerpt) {
    var q = norm(query), t = norm(title || "");
    var b = q && t.indexOf(q) >= 0 ? 40000 * q.length / t.length : 0;
    if (q && norm((excerpt || "").replace(/<[^>]*>/g, "")).indexOf(q) >= 0) b += 8000;
    return b;
  }

  // The heading names the query (as written, ignoring spaces, hyphens and the section number).
  function headed(query, title) {
    var q = norm(query);
    return q.length > 0 && norm(title || "").indexOf(q) >= 0 ? 1 : 0;
  }

  // Greek letters spelled out ("sigma prime", "イータ") as the symbols the pages show.
  var GREEK = {
    sigma: "σ", シグマ: "σ", eta: "η", イータ: "η", epsilon: "ε", イプシロン: "ε",
    delta: "δ", デルタ: "δ", theta: "θ", シータ: "θ", mu: "μ", ミュー: "μ"
  };
  function symbols(query) {
    var out = [];
    query.split(/\s+/).filter(Boolean).forEach(function (w) {
      var g = Object.prototype.hasOwnProperty.call(GREEK, w.toLowerCase()) && GREEK[w.toLowerCase()];
      if (/^(prime|プライム)$/i.test(w) && out.length && /^[σηεδθμ]$/.test(out[out.length - 1])) {
        out[out.length - 1] += "′";
      } else {
        out.push(g || w);
      }
    });
    return out.join(" ");
  }

  // The words of a query: whitespace, and for Japanese the browser's word segmenter.
  function words(query) {
    var seg = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(ja ? "ja" : "en", { granularity: "word" }) : null;
    var out = [];
    query.split(/\s+/).filter(Boolean).forEach(function (w) {
      if (seg && /[\u3040-\u30ff\u3400-\u9fff]/.test(w)) {
        Array.from(seg.segment(w)).forEach(function (s) { if (s.isWordLike) out.push(s.segment); });
      } else {
        out.push(w);
      }
    });
    return out.filter(function (w, i) { return out.indexOf(w) === i; });
  }

  // Pagefind also returns loose matches (a query of nonsense letters matches the variable z);
  // a location scores 512 × weight² when the word matches, well under half that when loose.
  function matches(d) {
    return (d.weighted_locations || []).some(function (w) { return w.balanced_score >= 0.6 * 512 * w.weight * w.weight; });
  }

  function pagesFor(pf, term) {
    return pf.search(term).then(function (search) {
      var results = search ? search.results.slice(0, PAGES) : [];
      return Promise.all(results.map(function (r) { return r.data(); })).then(function (datas) {
        return datas.map(function (d, i) { return { data: d, score: results[i].score, top: results[0].score }; })
          .filter(function (p) { return matches(p.data); });
      });
    });
  }

  // Sections ranked over all words of the query; a section that holds every word wins.
  function rank(pf, query) {
    var q = symbols(query);
    var terms = words(q);
    var highlight = {};
    terms.forEach(function (w) { highlight[w] = true; });
    return Promise.all([q].concat(terms.length > 1 ? terms : []).map(function (t) { return pagesFor(pf, t); }))
      .then(function (lists) {
        var pages = {}, order = [];
        lists.forEach(function (list, li) {
          list.forEach(function (p) {
            var url = p.data.url;
            if (!pages[url]) { pages[url] = { data: p.data, sections: {} }; order.push(url); }
            // A notebook repeats a chapter's topic as an exercise: the chapter answers first.
            var weight = 0.5 + 0.5 * p.score / p.top;
            var subs = p.data.sub_results && p.data.sub_results.length ? p.data.sub_results
              : [{ url: url, title: p.data.meta.title, excerpt: p.data.excerpt, weighted_locations: p.data.weighted_locations }];
            subs.forEach(function (s) {
              var sec = pages[url].sections[s.url] || (pages[url].sections[s.url] = { sub: s, score: 0, hits: 0 });
              if (li === 0) {
                sec.sub = s;  // the whole query's excerpt
                sec.score += sectionScore(s) * weight;
              } else {
                // Single words of a longer query: a smaller share, and they count for coverage.
                sec.score += sectionScore(s) * weight / (2 * (lists.length - 1));
                sec.hits += 1;
              }
            });
          });
        });
        var n = Math.max(lists.length - 1, 1);
        var groups = order.map(function (url) {
          var page = pages[url];
          var title = page.data.meta && page.data.meta.title || "";
          // A notebook repeats a chapter's topic as an exercise: the chapter answers first.
          var factor = /\/notebooks\//.test(url) ? NOTEBOOK : 1;
          var entries = Object.keys(page.sections).map(function (key) {
            var sec = page.sections[key];
            var cover = lists.length > 1 ? Math.max(sec.hits, 0.5) / n : 1;
            var top = sec.sub.title === title;   // the h1 section stands for the page
            return {
              location: top ? url : sec.sub.url,
              title: sec.sub.title || title,
              text: sec.sub.excerpt || "",
              score: (sec.score + bonus(q, sec.sub.title, sec.sub.excerpt)) * cover * cover * factor,
              terms: highlight,
              headed: headed(q, sec.sub.title),
              at: sec.sub.anchor ? sec.sub.anchor.location : 0
            };
          }).sort(function (a, b) { return b.score - a.score; });
          var best = entries[0].score;
          if (!entries.some(function (e) { return e.location === url; })) {
            entries.push({ location: url, title: title, text: "", score: 0, terms: highlight });
          }
          // Sections near the best one stay visible; the rest fold under "more on this page".
          // Of the visible ones, those whose heading names the query come first, in the order of
          // the page (the first of them is where the page introduces the term), then the others.
          entries.forEach(function (e, i) { e.rank = i; if (e.score >= 0.5 * best) e.score = best; });
          entries.sort(function (a, b) {
            return b.score - a.score || b.headed - a.headed || (a.headed ? a.at - b.at : a.rank - b.rank);
          });
          var about = entries.some(function (e) { return e.headed; }) ? 1 : 0;
          entries.forEach(function (e) { delete e.headed; delete e.at; delete e.rank; });
          // A page whose title is mostly the query is the page about it.
          var named = headed(q, title) ? TITLE * norm(q).length / norm(title).length * factor : 0;
          return { about: about, best: best + named, entries: entries };
        });
        // Pages with a section headed with the query come before pages that only mention it.
        groups.sort(function (a, b) { return b.about - a.about || b.best - a.best; });
        return groups.slice(0, PAGES).map(function (g) { return g.entries; });
      });
  }

  // Replies arrive asynchronously, as a worker's do.
  // The result list says which query it shows (data-query), so that tests and scripts can
  // tell a stale list from the answer to what is in the box.
  function reply(worker, data, query) {
    setTimeout(function () {
      worker.dispatchEvent(new MessageEvent("message", { data: data }));
      var list = document.querySelector(".md-search-result");
      if (list && typeof query === "string") list.setAttribute("data-query", query);
    }, 0);
  }

  // No result: say so, and say what to try, in the page's language.
  function explainNoResult(query) {
    setTimeout(function () {
      var meta = document.querySelector(".md-search-result__meta");
      var input = document.querySelector(".md-search__input");
      if (!meta || !input || input.value !== query) return;  // the reader typed on
      meta.textContent = "";
      var glossary = new URL("glossary/#terms", base).href;
      var a = document.createElement("a");
      a.href = glossary;
      a.textContent = ja ? "用語集" : "the glossary";
      if (ja) {
        meta.append("「" + query + "」は見つかりませんでした。短い語や別の言い方（英語の用語も）で試すか、", a, "で用語を探してください。");
      } else {
        meta.append("Nothing found for “" + query + "”. Try a shorter word or another term, or look it up in ", a, ".");
      }
      var list = document.querySelector(".md-search-result");
      if (list) list.setAttribute("data-query", query);
    }, 0);
  }

  // One query at a time: Pagefind searches that overlap (one per keystroke while the index is
  // still loading) were seen to return another query's pages now and then.  A query the reader
  // has typed past by the time its turn comes is skipped.
  var queue = Promise.resolve();

  function answer(worker, query, id) {
    if (!query.trim()) {
      reply(worker, { type: RESULT, data: { items: [] } }, query);
      return;
    }
    queue = queue.then(function () {
      if (id !== latest) return;
      return load().then(function (pf) {
        return rank(pf, query);
      }).then(function (items) {
        if (id !== latest) return;
        reply(worker, { type: RESULT, data: { items: items } }, items.length ? query : undefined);
        if (!items.length) explainNoResult(query);
      });
    }).catch(function (e) {
      console.warn("search:", e);
      if (id === latest) {
        reply(worker, { type: RESULT, data: { items: [] } });
        explainNoResult(query);
      }
    });
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs)) {
      searchWorkers.add(this);
      var worker = this;
      reply(worker, { type: READY });
      return;
    }
    if (searchWorkers.has(this) && message && message.type === QUERY) {
      answer(this, String(message.data || ""), ++latest);
      return;
    }
    return post.apply(this, arguments);
  };
})();
