// Filters the project list in place as the reader types. Progressive
// enhancement: without this script the form stays hidden and the whole list
// is shown. A project is found by its title, applicant, places, focus area,
// kind of support and years; the match ignores case and accents ("grunder"
// finds "Gründer", "o" finds "ø"). The count beside each group heading follows
// the filter, and a live status says how many projects are shown once the
// reader pauses. The texts come from the page (data-* attributes of the
// filter), so the script knows nothing about the site.
(function () {
  "use strict";
  var form = document.querySelector("[data-filter]");
  var list = document.querySelector("[data-filter-target]");
  if (!form || !list || !("hidden" in form)) { return; }
  var input = form.querySelector("input");
  var status = form.querySelector("[role=status]");
  var groups = Array.prototype.slice.call(list.querySelectorAll("[data-filter-group]"));
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-filter-item]"));
  var one = form.getAttribute("data-singular"), many = form.getAttribute("data-plural");

  // fold makes text comparable: lower case, accents and the Norwegian letters
  // æ, ø, å written as plain letters, spaces collapsed.
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/\s+/g, " ").trim();
  }
  function count(n) { return n + " " + (n === 1 ? one : many); }

  // Each item is found by its own text and its group's heading.
  var texts = items.map(function (item) {
    var group = item.closest("[data-filter-group]");
    var heading = group ? group.querySelector("h2 a, h2") : null;
    return fold(item.textContent + " " + (heading ? heading.textContent : ""));
  });
  var counts = groups.map(function (g) {
    var c = g.querySelector(".count");
    return { el: c, text: c ? c.textContent : "" };
  });

  var timer = 0;
  function say(text) {
    // Announce once the reader pauses, not on every key.
    clearTimeout(timer);
    timer = setTimeout(function () { status.textContent = text; }, 400);
  }

  function apply() {
    var words = fold(input.value).split(" ").filter(Boolean);
    var shown = 0;
    items.forEach(function (item, i) {
      var match = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      item.hidden = !match;
      if (match) { shown++; }
    });
    groups.forEach(function (group, i) {
      var n = group.querySelectorAll("[data-filter-item]:not([hidden])").length;
      group.hidden = n === 0;
      if (counts[i].el) { counts[i].el.textContent = words.length ? "(" + count(n) + ")" : counts[i].text; }
    });
    if (words.length) { say(shown === 0 ? form.getAttribute("data-empty") : count(shown)); }
    else { clearTimeout(timer); status.textContent = ""; }
  }

  input.addEventListener("input", apply);
  form.hidden = false;
  if (input.value) { apply(); }
})();
