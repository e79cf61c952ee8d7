// Small improvements over pages that work without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary, so keyboard and screen-reader users hear what to fix first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // A link in the summary focuses the field itself, not only scrolls to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a[href^='#']") : null;
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    var input = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    if (input) { event.preventDefault(); target.scrollIntoView({ block: "center" }); input.focus(); }
  });
})();
