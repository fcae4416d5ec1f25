/* A wide table scrolls inside its .table-wrap (long labels in French, Russian or Spanish make
   many tables wider than a screen). A region that scrolls must be reachable by keyboard: each
   wrapper becomes a focusable, named region (its table's caption), in the page and in what htmx
   brings in later. */
(function () {
  "use strict";
  function name(wrap) {
    var caption = wrap.querySelector("caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return text || document.documentElement.getAttribute("data-table-label") || "Table";
  }
  function regions(root) {
    if (!root || !root.querySelectorAll) { return; }
    var wraps = Array.prototype.slice.call(root.querySelectorAll(".table-wrap"));
    if (root.classList && root.classList.contains("table-wrap")) { wraps.push(root); }
    wraps.forEach(function (wrap) {
      if (!wrap.hasAttribute("tabindex")) { wrap.setAttribute("tabindex", "0"); }
      if (!wrap.hasAttribute("role")) { wrap.setAttribute("role", "region"); }
      if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
        wrap.setAttribute("aria-label", name(wrap));
      }
    });
  }
  regions(document);
  document.addEventListener("htmx:load", function (event) { regions(event.detail.elt); });
})();
