/* Site search for the search page (layouts/search.html).

   It loads the index the build writes next to the page (package search) and
   matches by the rules of internal/search/match.go; the Go tests run this file
   against the same table:
   - normalize: lower case, æ → ae, ø → o, accents removed (å → a, é → e);
   - words are runs of letters and digits;
   - stem: strip one inflection ending of a query word (-ene, -ar, -en, …);
   - a query word matches a word that starts with its stem (a stem of fewer
     than three letters only the same word), and every query word must
     match. Hits in the title rank first.
   Results are built with DOM methods: no text of the index is parsed as HTML. */
(function () {
  "use strict";

  var ENDINGS = ["enes", "anes", "ene", "ane", "ens", "ets", "ers", "ars", "ar", "er", "en", "et", "a", "e", "s"];
  var MIN_STEM = 3; // letters a stem keeps at least
  var MIN_WORD = 2; // shorter query words are ignored
  var MIN_PREFIX = 3; // shorter query words match whole words only
  var FOLDS = { "æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ł": "l" };
  var WORD = /[\p{L}\p{Nd}]+/gu;

  function normalize(s) {
    return s.toLowerCase()
      .replace(/[æøœßđðþł]/g, function (c) { return FOLDS[c]; })
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function words(s) { return s.match(WORD) || []; }

  function stem(w) {
    var n = Array.from(w).length;
    for (var i = 0; i < ENDINGS.length; i++) {
      var e = ENDINGS[i];
      if (n - e.length >= MIN_STEM && w.endsWith(e)) return w.slice(0, w.length - e.length);
    }
    return w;
  }

  // The stems of a query's words.
  function stems(query) {
    return words(normalize(query))
      .filter(function (w) { return Array.from(w).length >= MIN_WORD; })
      .map(stem);
  }

  // wordMatches reports whether a normalized word matches a query stem.
  function wordMatches(w, s) {
    return Array.from(s).length < MIN_PREFIX ? w === s : w.startsWith(s);
  }

  // hit tells how well a stem matches a list of normalized words: 2 for a
  // whole word (in any of its forms), 1 for a prefix, 0 for none.
  function hit(ws, s) {
    var best = 0;
    for (var i = 0; i < ws.length && best < 2; i++) {
      if (wordMatches(ws[i], s)) best = (ws[i] === s || stem(ws[i]) === s) ? 2 : 1;
    }
    return best;
  }

  // matches reports whether every word of query matches a word of text.
  function matches(query, text) {
    var ss = stems(query), ws = words(normalize(text));
    return ss.length > 0 && ss.every(function (s) { return hit(ws, s) > 0; });
  }

  // prepare normalizes the words of every page of an index once.
  function prepare(index) {
    return index.pages.map(function (p) {
      return {
        page: p,
        title: words(normalize(p.t)),
        about: words(normalize((p.s || "") + " " + (p.m || ""))),
        text: words(normalize((p.x || "") + " " + (p.w || "")))
      };
    });
  }

  // search returns the pages that match every word of query, best first:
  // title hits, then summary hits, then hits in the text; newest first
  // among equals.
  function search(pages, query) {
    var ss = stems(query), found = [];
    if (!ss.length) return found;
    pages.forEach(function (e) {
      var score = 0;
      for (var i = 0; i < ss.length; i++) {
        var h = hit(e.title, ss[i]), w = 100;
        if (!h) { h = hit(e.about, ss[i]); w = 10; }
        if (!h) { h = hit(e.text, ss[i]); w = 1; }
        if (!h) return;
        score += w * (h + 1);
      }
      found.push({ page: e.page, score: score });
    });
    return found.sort(function (a, b) {
      return b.score - a.score || (b.page.d || "").localeCompare(a.page.d || "") || a.page.t.localeCompare(b.page.t);
    }).map(function (r) { return r.page; });
  }

  function isHit(word, ss) {
    var w = normalize(word);
    return ss.some(function (s) { return wordMatches(w, s); });
  }

  // snippet returns the part of a page's text to show under a result: the
  // summary if a query word is in it, else about 200 characters of the text
  // around the first hit, else the summary or the start of the text.
  function snippet(p, ss) {
    var summary = p.s || "", text = p.x || "", m;
    if (summary && words(summary).some(function (w) { return isHit(w, ss); })) return summary;
    var re = new RegExp(WORD.source, "gu"), at = -1;
    while ((m = re.exec(text))) {
      if (isHit(m[0], ss)) { at = m.index; break; }
    }
    if (at < 0) {
      if (summary) return summary;
      at = 0;
    }
    var start = Math.max(0, at - 60), end = Math.min(text.length, start + 200);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : at;
    }
    if (end < text.length) end = text.lastIndexOf(" ", end) > at ? text.lastIndexOf(" ", end) : end;
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  var api = { normalize: normalize, stem: stem, matches: matches, prepare: prepare, search: search, snippet: snippet, stems: stems };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  var form = document.querySelector("form[data-index]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var list = results.querySelector("ol");
  var all = document.getElementById("search-all");
  var pages = null, kinds = {}, loading = null, timer = 0;

  function load() {
    if (!loading) {
      loading = fetch(form.dataset.index).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (ix) {
        pages = prepare(ix);
        kinds = ix.kinds || {};
      });
    }
    return loading;
  }

  function el(name, cls) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    return e;
  }

  // mark appends text to parent, each matching word in a <mark>.
  function mark(parent, text, ss) {
    var re = new RegExp(WORD.source, "gu"), last = 0, m;
    while ((m = re.exec(text))) {
      if (!isHit(m[0], ss)) continue;
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      parent.appendChild(el("mark")).textContent = m[0];
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function show(found, ss) {
    list.textContent = "";
    found.forEach(function (p) {
      var li = el("li", "entry"), h = el("h3", "entry__title"), a = el("a"), meta = el("p", "entry__meta");
      a.href = p.u;
      mark(a, p.t, ss);
      h.appendChild(a);
      li.appendChild(h);
      meta.appendChild(el("span")).textContent = kinds[p.k] || p.k;
      if (p.d) {
        var t = el("time");
        t.dateTime = p.d;
        t.textContent = p.f || p.d;
        meta.appendChild(el("span")).appendChild(t);
      }
      if (p.m) mark(meta.appendChild(el("span")), p.m, ss);
      li.appendChild(meta);
      var text = snippet(p, ss);
      if (text) mark(li.appendChild(el("p", "entry__summary")), text, ss);
      list.appendChild(li);
    });
  }

  function run() {
    var q = input.value.trim();
    var url = new URL(location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!stems(q).length) {
      results.hidden = true;
      all.hidden = false;
      status.textContent = "";
      return;
    }
    load().then(function () {
      if (input.value.trim() !== q) return; // a newer query is on its way
      var found = search(pages, q), ss = stems(q);
      show(found, ss);
      results.hidden = found.length === 0;
      all.hidden = found.length > 0;
      status.textContent = found.length
        ? (found.length === 1 ? form.dataset.hitsOne : form.dataset.hits).replace("%d", found.length)
        : form.dataset.none;
    }, function () {
      status.textContent = form.dataset.error;
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run();
  }
})();
