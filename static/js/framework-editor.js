/* Framework editor: inline saves with htmx, made safe for people who keep typing.

   Each field group is a form with hx-post; its answer replaces the form. Text typed into the form
   while its save was on the way would be lost by that swap, so the values sent are remembered, and
   any field the user changed in the meantime gets the user's text back after the swap (and is then
   saved in turn, unless the form now shows a conflict and waits for a deliberate save).
   The saving state is announced in #editor-status; its words come translated from data attributes.
   Without JavaScript the forms post normally and the page answers in full. */
(function () {
  "use strict";
  var sent = {};      // form id -> {field name: value sent}
  var restore = {};   // form id -> {field name: value typed during the save}
  var focused = null; // where focus was when a save left ({id} or {form, index}), to give it back
  var last = null;    // the last control that had focus (a disabled button loses it meanwhile)

  function whereIs(el) {
    if (!el || el === document.body) { return null; }
    if (el.id) { return { id: el.id }; }
    if (el.form && el.form.id) { return { form: el.form.id, index: Array.prototype.indexOf.call(el.form.elements, el) }; }
    return null;
  }
  function find(where) {
    if (!where) { return null; }
    if (where.id) { return document.getElementById(where.id); }
    var form = document.getElementById(where.form);
    return form ? form.elements[where.index] || null : null;
  }
  // `el`, or the summary of the outermost closed <details> that hides it.
  function unfolded(el) {
    var shown = el, fold = el.parentElement && el.parentElement.closest("details:not([open])");
    while (fold) {
      var summary = fold.querySelector(":scope > summary");
      if (summary && !summary.contains(shown)) { shown = summary; }
      fold = fold.parentElement && fold.parentElement.closest("details:not([open])");
    }
    return shown;
  }
  document.addEventListener("focusin", function (event) { last = whereIs(event.target); });

  var status = function () { return document.getElementById("editor-status"); };
  var word = function (name) { var el = status(); return (el && el.dataset[name]) || ""; };
  var say = function (text) { var el = status(); if (el) { el.textContent = text; } };

  function values(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") { return; }
      if (el.type === "checkbox" || el.type === "radio") { out[el.name + "=" + el.value] = el.checked; }
      else { out[el.name] = el.value; }
    });
    return out;
  }

  function formsIn(root) {
    if (!root) { return []; }
    var forms = Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll("form[id]") : []);
    if (root.tagName === "FORM" && root.id) { forms.push(root); }
    return forms;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    focused = whereIs(document.activeElement) || last;
    var form = event.detail.elt.closest("form");
    if (form && form.id) { sent[form.id] = values(form); }
    var state = form && form.querySelector(".saving-state");
    if (state) { state.textContent = word("saving"); }
    say(word("saving"));
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    formsIn(event.detail.target).forEach(function (form) {
      var before = sent[form.id];
      if (!before) { return; }
      var now = values(form), typed = {}, any = false;
      Object.keys(now).forEach(function (name) {
        if (name in before && now[name] !== before[name]) { typed[name] = now[name]; any = true; }
      });
      if (any) { restore[form.id] = typed; }
      delete sent[form.id];
    });
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    Object.keys(restore).forEach(function (id) {
      var form = document.getElementById(id), typed = restore[id];
      delete restore[id];
      if (!form) { return; }
      Object.keys(typed).forEach(function (key) {
        var parts = key.split("="), el;
        if (parts.length === 2) {
          el = form.querySelector("[name='" + parts[0] + "'][value='" + parts[1] + "']");
          if (el) { el.checked = typed[key]; }
        } else if (form.elements[key]) {
          form.elements[key].value = typed[key];
        }
      });
      if ((form.getAttribute("hx-trigger") || "").indexOf("change") !== -1) { htmx.trigger(form, "change"); }
    });
    var root = event.target;
    // The swap replaced the control that had focus: give focus back to its new copy, or to the
    // first control of what was swapped in (a new priority or result), never to the page body.
    // A copy folded away in a closed disclosure (the "Add a result" form once it is saved) cannot
    // take focus: its disclosure's summary takes it.
    if (focused && (!document.activeElement || document.activeElement === document.body)) {
      var again = find(focused) ||
        (root.querySelector && root.querySelector("input:not([type=hidden]), textarea, select, button, summary"));
      if (again) { unfolded(again).focus(); }
    }
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
