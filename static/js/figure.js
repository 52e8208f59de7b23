// A figure's page (layouts/figure.html). Progressive enhancement: without
// this script the chart, table, downloads and source are sections one after
// the other, reached from the links at the top, and the citation is text to
// select. With it the links become tabs that show one section at a time
// (WAI-ARIA tabs: arrow keys, Home and End move between them), the
// citation gets today's date as its access date, and a button copies it.
// The texts come from the page, so the script knows nothing about the site.
(function () {
  "use strict";

  function tabs(root) {
    var list = root.querySelector("[data-tablist]");
    var links = Array.prototype.slice.call(root.querySelectorAll("[data-tab]"));
    var panels = links.map(function (a) { return document.getElementById(a.getAttribute("href").slice(1)); });
    if (!list || links.length < 2 || panels.indexOf(null) !== -1) { return; }
    list.setAttribute("role", "tablist");
    links.forEach(function (a, i) {
      a.parentNode.setAttribute("role", "presentation");
      a.setAttribute("role", "tab");
      a.id = "tab-" + panels[i].id;
      a.setAttribute("aria-controls", panels[i].id);
      panels[i].setAttribute("role", "tabpanel");
      panels[i].setAttribute("aria-labelledby", a.id);
      panels[i].setAttribute("tabindex", "0");
    });
    root.classList.add("is-tabs");

    function select(i, focus) {
      links.forEach(function (a, j) {
        var on = i === j;
        a.setAttribute("aria-selected", on ? "true" : "false");
        a.tabIndex = on ? 0 : -1;
        panels[j].hidden = !on;
      });
      if (focus) { links[i].focus(); }
    }
    links.forEach(function (a, i) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        select(i, false);
        history.replaceState(null, "", "#" + panels[i].id);
      });
      a.addEventListener("keydown", function (e) {
        var n = links.length, to = -1;
        if (e.key === "ArrowRight") { to = (i + 1) % n; }
        else if (e.key === "ArrowLeft") { to = (i + n - 1) % n; }
        else if (e.key === "Home") { to = 0; }
        else if (e.key === "End") { to = n - 1; }
        if (to >= 0) { e.preventDefault(); select(to, true); }
      });
    });
    // A link to a section (#table), or to something in it (#cite-heading),
    // opens its tab.
    function open() {
      var target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      var i = target ? panels.indexOf(target.closest("[data-panel]")) : -1;
      if (i >= 0 || !target) { select(Math.max(i, 0), false); }
      if (target && i >= 0 && target !== panels[i]) { target.scrollIntoView(); }
    }
    open();
    window.addEventListener("hashchange", open);
  }

  function citation(box) {
    var date = box.querySelector("[data-access-date]");
    if (date) {
      var lang = document.documentElement.lang || undefined;
      date.textContent = new Date().toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" });
    }
    var actions = box.querySelector("[data-copy]");
    var button = box.querySelector("[data-copy-button]");
    var text = box.querySelector(".citation__text");
    if (!actions || !button || !text || !navigator.clipboard) { return; }
    var status = actions.querySelector("[role=status]");
    actions.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent.trim()).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        status.textContent = button.getAttribute("data-copy-failed");
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), tabs);
  Array.prototype.forEach.call(document.querySelectorAll("[data-citation]"), citation);
})();
