/* @-mention suggestions in comment boxes.

   A textarea with data-mentions-url offers, while the word before the caret starts with "@", the
   people and entities that can be mentioned (a short JSON list from the server). Arrow keys move
   through the list, Enter or Tab takes the choice, Escape closes it; a click takes it too. The
   list is announced through aria-activedescendant and a polite status line. Without JavaScript
   the box is a plain textarea: typing "@CODE" still mentions. */
(function () {
  "use strict";
  var TOKEN = /(^|[^\w@])@([\w.\-]{1,30})$/;
  var counter = 0;

  function attach(box) {
    var url = box.dataset.mentionsUrl;
    var id = "mentions-" + (++counter);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", box.dataset.mentionsLabel || "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", id);
    var items = [], active = -1, pending = null, lastQuery = "";

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      box.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) { box.setAttribute("aria-activedescendant", items[index].id); }
    }

    function query() {
      var before = box.value.slice(0, box.selectionStart);
      var match = TOKEN.exec(before);
      return match ? match[2] : null;
    }

    function take(index) {
      var choice = items[index];
      if (!choice) { return; }
      var caret = box.selectionStart;
      var before = box.value.slice(0, caret).replace(/@[\w.\-]*$/, "@" + choice.dataset.value + " ");
      box.value = before + box.value.slice(caret);
      box.selectionStart = box.selectionEnd = before.length;
      close();
      box.focus();
    }

    function show(results) {
      list.textContent = "";
      items = results.map(function (row, i) {
        var item = document.createElement("li");
        item.id = id + "-" + i;
        item.setAttribute("role", "option");
        item.dataset.value = row.value;
        item.textContent = row.label;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); take(i); });
        list.appendChild(item);
        return item;
      });
      if (!items.length) { close(); status.textContent = box.dataset.mentionsNone || ""; return; }
      list.hidden = false;
      highlight(0);
      status.textContent = (box.dataset.mentionsCount || "%s").replace("%s", items.length);
    }

    box.addEventListener("input", function () {
      var q = query();
      if (!q) { close(); lastQuery = ""; return; }
      if (q === lastQuery) { return; }
      lastQuery = q;
      if (pending) { pending.abort(); }
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" }, signal: pending.signal, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (query() === q) { show(data.results || []); } })
        .catch(function () { /* offline or aborted: the box stays a plain textarea */ });
    });

    box.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter" || event.key === "Tab") { event.preventDefault(); take(active); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    box.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-mentions-url]"), attach);
  }
  // For comment boxes added later (static/js/comment-here.js).
  window.workbenchMentions = { attach: attach };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
