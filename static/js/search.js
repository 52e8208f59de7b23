/* Site search for the search page (layouts/search.html).

   It reads the index the build writes next to the page (package search:
   index.json, the whole index or, for a large site, a manifest whose shards
   of terms and chunks of pages it loads as a query needs them) and matches
   and ranks by the rules of internal/search (match.go, stem.go, rank.go);
   the Go tests run this file against the same tables and real queries:
   - normalize: lower case, æ → ae, ø → o, accents removed (å → a, é → e);
   - words are runs of letters and digits;
   - stem: the suffix rules of the Snowball Norwegian stemmer (kvinnelige →
     kvinn, kommunene → kommun);
   - a query word matches a word that is a form of it, or starts with its
     stem, or (a stem of four letters or more) holds it inside a compound;
     a stem of fewer than three letters matches only the same word;
   - stop words («og», «hvor», «the») are not searched for, unless the query
     has nothing else;
   - a page must match every query word, or one in its title, summary or
     applicant (so «kvinnelige gründere» finds Kvinnegnist). Hits in the
     title rank first, whole words before prefixes before compounds.
   Results are built with DOM methods: no text of the index is parsed as HTML. */
(function () {
  "use strict";

  var MAIN_ENDINGS = ["hetenes", "hetene", "hetens", "heten", "heter", "endes", "ande", "ende", "edes", "enes", "erte", "erne",
    "ede", "ane", "ene", "ens", "ers", "ets", "het", "ast", "ert", "en", "ar", "er", "as", "es", "et", "a", "e", "s"];
  var OTHER_ENDINGS = ["hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig"];
  var S_ENDING = "bcdfghjlmnoprtvyz", VOWELS = "aeiouy";
  var MIN_STEM = 3; // letters a stem keeps at least
  var MIN_WORD = 2; // shorter query words are ignored
  var MIN_PREFIX = 3; // shorter query words match whole words only
  var MIN_INFIX = 4; // shorter stems are not looked for inside compounds
  var NONE = 0, IN_COMPOUND = 1, PREFIX = 2, SAME = 3; // how a word matches
  var TITLE = 100, ABOUT = 10, TEXT = 1; // the weights of the fields
  // Too common to search for, as stopWords in match.go.
  var STOP = new Set(("og pa av for til med om fra som er var har en ei et den det de der at ikkje ikke seg sin sitt sine" +
    " hva hvem hvor hvordan hvilke kva kven kvar korleis nar mange mye kor meg deg vi oss dei du eg jeg" +
    " man skal kan vil the of and in on to by with an is are was were what who where how which many much" +
    " alt alle all").split(" "));
  var FOLDS = { "æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ł": "l" };
  var WORD = /[\p{L}\p{Nd}]+/gu;
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"; // of postings (index.go)

  function normalize(s) {
    return s.toLowerCase()
      .replace(/[æøœßđðþł]/g, function (c) { return FOLDS[c]; })
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function words(s) { return s.match(WORD) || []; }

  function runes(s) { return Array.from(s).length; }

  function isVowel(c) { return c !== "" && VOWELS.indexOf(c) >= 0; }

  // region1 is where R1 starts, in letters (stem.go).
  function region1(rs) {
    if (rs.length < 3) return rs.length;
    for (var i = 1; i < rs.length; i++) {
      if (isVowel(rs[i - 1]) && !isVowel(rs[i])) return Math.max(i + 1, 3);
    }
    return rs.length;
  }

  // stem strips endings by the Snowball Norwegian rules, as Stem in stem.go.
  function stem(w) {
    var rs = Array.from(w), r1 = region1(rs);
    if (r1 >= rs.length) return w;
    function inR1(x, e) { return x.endsWith(e) && runes(x) - e.length >= r1; }
    function longest(x, list) {
      for (var i = 0; i < list.length; i++) if (inR1(x, list[i])) return list[i];
      return "";
    }
    var e = longest(w, MAIN_ENDINGS);
    if (e === "s") {
      var rest = Array.from(w.slice(0, -1)), last = rest[rest.length - 1] || "", before = rest[rest.length - 2];
      if ((last.length === 1 && S_ENDING.indexOf(last) >= 0) || (last === "k" && before !== undefined && !isVowel(before))) w = w.slice(0, -1);
    } else if (e === "erte" || e === "ert" || e === "erne") {
      w = w.slice(0, w.length - e.length) + "er";
    } else if (e) {
      w = w.slice(0, w.length - e.length);
    }
    if (inR1(w, "dt") || inR1(w, "vt")) w = w.slice(0, -1);
    e = longest(w, OTHER_ENDINGS);
    return e ? w.slice(0, w.length - e.length) : w;
  }

  // The stems of the words of a query searched for: not the stop words,
  // unless the query has nothing else (match.go).
  function stems(query) {
    var ws = words(normalize(query)).filter(function (w) { return runes(w) >= MIN_WORD; });
    var rest = ws.filter(function (w) { return !STOP.has(w); });
    return (rest.length ? rest : ws).map(stem);
  }

  // afterLetters is the index in w after its first n letters (code points).
  function afterLetters(w, n) {
    var i = 0;
    for (var k = 0; k < n && i < w.length; k++) {
      var c = w.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    return i;
  }

  // wordMatch tells how a normalized word matches a query stem of n letters
  // (match.go).
  function wordMatch(w, s, n) {
    if (n === undefined) n = runes(s);
    if (n < MIN_PREFIX) return w === s ? SAME : NONE;
    if (w.startsWith(s)) return w === s || stem(w) === s ? SAME : PREFIX;
    if (n >= MIN_INFIX && w.indexOf(s, afterLetters(w, MIN_STEM)) >= 0) return IN_COMPOUND;
    return NONE;
  }

  // best tells how well the best of a list of normalized words matches a stem.
  function best(ws, s) {
    var b = NONE, n = runes(s);
    for (var i = 0; i < ws.length && b < SAME; i++) b = Math.max(b, wordMatch(ws[i], s, n));
    return b;
  }

  // matches reports whether every word of query matches a word of text.
  function matches(query, text) {
    var ss = stems(query), ws = words(normalize(text));
    return ss.length > 0 && ss.every(function (s) { return best(ws, s) > NONE; });
  }

  // shards returns the keys of the shards that hold the terms a stem can
  // match (Shards in shard.go): the shard whose prefix starts the stem, or
  // else those under the stem; a stem of fewer than MIN_PREFIX letters only
  // needs the shard of the strings equal to it ("al$").
  function shards(keys, s) {
    var cs = Array.from(s), i;
    for (i = 0; i <= cs.length; i++) {
      var p = cs.slice(0, i).join("");
      if (keys.has(p)) return [p];
    }
    if (cs.length < MIN_PREFIX) return keys.has(s + "$") ? [s + "$"] : [];
    var out = [];
    keys.forEach(function (k) { if (k.startsWith(s)) out.push(k); });
    return out;
  }

  // shardName is the file of a shard of a kind ("t" of terms, "i" of
  // suffixes): letters a-z and 0-9 as they are, any other as _, its code
  // point in hex and _ (ShardName in shard.go).
  function shardName(kind, key) {
    return "index/" + kind + "-" + Array.from(key).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("") + ".json";
  }

  // open reads an index with get, which loads one of its files by name
  // (relative to the search page) and resolves to its JSON.
  function open(get) {
    return get("index.json").then(function (m) {
      return { m: m, get: get, keys: new Set(m.keys || []), infix: new Set(m.infix || []), shards: {}, chunks: {} };
    });
  }

  // cached resolves to the file of name, loaded with get once; a file that
  // could not be loaded is tried again next time.
  function cached(cache, name, get) {
    if (!cache[name]) {
      cache[name] = get(name);
      cache[name].catch(function () { delete cache[name]; });
    }
    return cache[name];
  }

  // terms resolves to the terms where a stem looks, with their postings: all
  // of a whole index, or those of the stem's shards: of terms that start
  // with it, and of suffixes if it is long enough to be found inside a
  // compound (shardsOf in rank.go).
  function terms(ix, s) {
    if (ix.m.terms) return Promise.resolve(ix.m.terms);
    var names = shards(ix.keys, s).map(function (k) { return shardName("t", k); });
    if (runes(s) >= MIN_INFIX) names = names.concat(shards(ix.infix, s).map(function (k) { return shardName("i", k); }));
    return Promise.all(names.map(function (name) { return cached(ix.shards, name, ix.get); })).then(function (list) { return Object.assign.apply(Object, [{}].concat(list)); });
  }

  // find resolves to the ids of the pages that match query, best first
  // (rank.go): each word scores by its best field (title, then summary and
  // applicant, then text) times one more than how it matched. A page must
  // match every word, or one in its title, summary or applicant. Page ids
  // are in the order of equals (the shorter title, then the newest, then by
  // title), so among equals the lower id comes first.
  function find(ix, query) {
    var ss = stems(query);
    if (!ss.length) return Promise.resolve([]);
    return Promise.all(ss.map(function (s) { return terms(ix, s); })).then(function (shards) {
      var hits = new Map();
      ss.forEach(function (s, i) {
        var n = runes(s), ts = shards[i];
        Object.keys(ts).forEach(function (t) {
          var h = wordMatch(t, s, n);
          if (!h) return;
          // Postings: numbers of five bits a character (DIGITS), each
          // 3 × (page id − the one before) + the field (index.go).
          var post = ts[t];
          for (var k = 0, id = 0, v = 0; k < post.length; k++) {
            var c = DIGITS.indexOf(post[k]);
            v = v * 32 + (c & 31);
            if (c >= 32) continue;
            id += Math.floor(v / 3);
            var e = hits.get(id), f = 3 * i + v % 3;
            if (!e) hits.set(id, e = new Array(3 * ss.length).fill(NONE));
            if (e[f] < h) e[f] = h;
            v = 0;
          }
        });
      });
      var found = [];
      hits.forEach(function (e, id) {
        var score = 0, missing = false, inTitle = false;
        for (var i = 0; i < ss.length; i++) {
          var h = e[3 * i], w = TITLE;
          if (!h) { h = e[3 * i + 1]; w = ABOUT; }
          if (!h) { h = e[3 * i + 2]; w = TEXT; }
          if (!h) { missing = true; continue; }
          inTitle = inTitle || w >= ABOUT;
          score += w * (h + 1);
        }
        if (!missing || inTitle) found.push({ id: id, score: score });
      });
      return found.sort(function (a, b) { return b.score - a.score || a.id - b.id; })
        .map(function (r) { return r.id; });
    });
  }

  // pages resolves to the entries of the pages of ids, loading the chunks
  // that hold them.
  function pages(ix, ids) {
    if (ix.m.pages) return Promise.resolve(ids.map(function (id) { return ix.m.pages[id]; }));
    var size = ix.m.chunk;
    return Promise.all(ids.map(function (id) {
      var c = Math.floor(id / size);
      return cached(ix.chunks, "index/p-" + c + ".json", ix.get).then(function (chunk) { return chunk[id % size]; });
    }));
  }

  // search resolves to every page that matches query, best first.
  function search(ix, query) {
    return find(ix, query).then(function (ids) { return pages(ix, ids); });
  }

  function isHit(word, ss) {
    var w = normalize(word);
    return ss.some(function (s) { return wordMatch(w, s) > NONE; });
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

  var api = { normalize: normalize, stem: stem, matches: matches, open: open, find: find, pages: pages, search: search, snippet: snippet, stems: stems };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  var form = document.querySelector("form[data-index]");
  if (!form) return;
  var SHOWN = 10; // results shown at first, and added by the button (TestQueriesLoadLittle)
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var list = results.querySelector("ol");
  var more = results.querySelector("button");
  var all = document.getElementById("search-all");
  var loading = null, timer = 0, found = [], ss = [], shown = 0, latest = 0;

  function get(name) {
    return fetch(new URL(name, new URL(form.dataset.index, location.href)).href).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function load() {
    if (!loading) {
      loading = open(get);
      loading.catch(function () { loading = null; }); // tried again with the next query
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

  // add appends the results of the entries ps to the list, and returns the
  // link of the first.
  function add(ps, kinds) {
    var first = null;
    ps.forEach(function (p) {
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
      first = first || a;
    });
    return first;
  }

  // showMore shows the next results, loading the chunks that hold them; it
  // resolves to the link of the first of them.
  function showMore(ix, id) {
    var ids = found.slice(shown, shown + SHOWN);
    return pages(ix, ids).then(function (ps) {
      if (id !== latest) return null; // a newer query has been shown
      shown += ids.length;
      if (more) more.hidden = shown >= found.length;
      return add(ps, ix.m.kinds || {});
    });
  }

  function run() {
    var q = input.value.trim(), id = ++latest;
    var url = new URL(location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!stems(q).length) {
      results.hidden = true;
      all.hidden = false;
      status.textContent = "";
      return;
    }
    load().then(function (ix) {
      return find(ix, q).then(function (ids) {
        if (id !== latest) return; // a newer query is on its way
        found = ids;
        ss = stems(q);
        shown = 0;
        list.textContent = "";
        return showMore(ix, id).then(function () {
          if (id !== latest) return;
          results.hidden = found.length === 0;
          all.hidden = found.length > 0;
          status.textContent = found.length
            ? (found.length === 1 ? form.dataset.hitsOne : form.dataset.hits).replace("%d", found.length)
            : form.dataset.none;
        });
      });
    }).catch(function () {
      if (id === latest) status.textContent = form.dataset.error;
    });
  }

  if (more) {
    more.addEventListener("click", function () {
      var id = latest;
      load().then(function (ix) { return showMore(ix, id); }).then(function (a) {
        if (a) a.focus(); // the first of the results added, where reading goes on
      }).catch(function () {
        if (id === latest) status.textContent = form.dataset.error;
      });
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
