/* Framework editor: tell the user (and screen readers) when an inline save starts and how it ended.
   The saving itself is htmx (hx-post on each field group); without JavaScript the forms post normally.
   The words come translated from data attributes of #editor-status. */
(function () {
  "use strict";
  var status = function () { return document.getElementById("editor-status"); };
  var word = function (name) { var el = status(); return (el && el.dataset[name]) || ""; };
  var say = function (text) { var el = status(); if (el) { el.textContent = text; } };

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest("form");
    var state = form && form.querySelector(".saving-state");
    if (state) { state.textContent = word("saving"); }
    say(word("saving"));
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.target;
    if (!root.querySelector) { return; }
    var problem = root.querySelector(".conflict, .error-summary, .error");
    var state = root.querySelector(".saving-state:not(:empty)");
    if (problem) { say(problem.textContent.trim().split("\n")[0]); }
    else if (state) { say(state.textContent.trim()); }
    else { say(word("saved")); }
  });
  document.addEventListener("htmx:responseError", function () { say(word("refused")); });
  document.addEventListener("htmx:sendError", function () { say(word("offline")); });
})();
