// Filters the project list in place as the reader types, and says how many
// projects are shown in a live status ("12 prosjekter"). Progressive
// enhancement: without this script the form stays hidden and the whole list
// is shown. The texts come from the page (data-* attributes of the filter), so
// the script knows nothing about the site.
(function () {
  "use strict";
  var form = document.querySelector("[data-filter]");
  var list = document.querySelector("[data-filter-target]");
  if (!form || !list || !("hidden" in form)) { return; }
  var input = form.querySelector("input");
  var status = form.querySelector("[role=status]");
  var groups = Array.prototype.slice.call(list.querySelectorAll("[data-filter-group]"));
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-filter-item]"));

  function fold(s) {
    return s.toLowerCase().replace(/\s+/g, " ").trim();
  }
  // Each item is found by its own text (name, applicant) and its group's heading.
  var texts = items.map(function (item) {
    var group = item.closest("[data-filter-group]");
    var heading = group ? group.querySelector("h2") : null;
    return fold(item.textContent + " " + (heading ? heading.textContent : "") + " " + (item.getAttribute("data-filter-extra") || ""));
  });

  var timer = 0;
  function say(n) {
    var text = n === 0 ? form.getAttribute("data-empty")
      : n + " " + (n === 1 ? form.getAttribute("data-singular") : form.getAttribute("data-plural"));
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
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-filter-item]:not([hidden])");
    });
    if (words.length) { say(shown); } else { clearTimeout(timer); status.textContent = ""; }
  }

  input.addEventListener("input", apply);
  form.hidden = false;
  if (input.value) { apply(); }
})();
