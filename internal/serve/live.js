// Live reload for the sats preview server: reloads the page after a rebuild
// and shows build problems in an overlay. Served only by `sats serve`.
(function () {
  "use strict";
  var overlay = null;
  function show(title, message) {
    if (!overlay) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = "/_sats/live.css";
      document.head.appendChild(css);
      overlay = document.createElement("div");
      overlay.className = "sats-overlay";
      overlay.setAttribute("role", "alert");
      var h = document.createElement("h2");
      overlay.appendChild(h);
      overlay.appendChild(document.createElement("pre"));
      document.body.appendChild(overlay);
    }
    overlay.querySelector("h2").textContent = title;
    overlay.querySelector("pre").textContent = message;
  }
  var es = new EventSource("/_sats/events");
  var hadProblem = false;
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("problem", function (e) {
    hadProblem = true;
    var data = JSON.parse(e.data);
    show(data.title, data.message);
  });
  es.addEventListener("ok", function () {
    if (hadProblem) { location.reload(); }
  });
})();
