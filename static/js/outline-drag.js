/* ISF editor: reorder priorities, and results within their priority, by dragging their handle
   (the HTML5 drag-and-drop API). A drop puts the row where it was dropped and posts the whole new
   order, with the order shown before the drag, to the list's `data-reorder-url` (htmx.ajax); the
   answer replaces the list's `data-reorder-target` (the outline, or one priority's results) in
   the order the server kept, or as it now is with the reason a stale or wrong order was refused. The new position is said in #editor-status.
   Handles are shown only once this file runs; keyboards and screen readers use the Up and Down
   buttons, which need no JavaScript. */
(function () {
  "use strict";
  var dragged = null; // the <li data-pk> being dragged
  var list = null;    // its <ol data-reorder-url>
  var before = "";    // the list's order when the drag started ("3,1,2")
  var moved = null;   // {id, kind} of the row last dropped, to announce once the answer is in

  function rows(ol) {
    return Array.prototype.filter.call(ol.children, function (li) { return li.dataset && li.dataset.pk; });
  }
  function order(ol) { return rows(ol).map(function (li) { return li.dataset.pk; }).join(","); }
  function showHandles(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(".drag-handle[hidden]"), function (handle) {
      handle.hidden = false;
    });
  }
  function clearMarks() {
    Array.prototype.forEach.call(document.querySelectorAll(".drop-before, .drop-after, .dragging"), function (el) {
      el.classList.remove("drop-before", "drop-after", "dragging");
    });
  }
  // The row of the dragged one's list under the pointer (a result's row stays in its priority).
  function rowAt(event) {
    var li = event.target && event.target.closest ? event.target.closest("li[data-pk]") : null;
    while (li && li.parentElement !== list) {
      li = li.parentElement ? li.parentElement.closest("li[data-pk]") : null;
    }
    return li;
  }
  function below(li, event) {
    var box = li.getBoundingClientRect();
    return event.clientY > box.top + box.height / 2;
  }

  document.addEventListener("dragstart", function (event) {
    var handle = event.target.closest && event.target.closest(".drag-handle");
    if (!handle) { return; }
    dragged = handle.closest("li[data-pk]");
    list = dragged && dragged.parentElement;
    if (!list || !list.dataset.reorderUrl) { dragged = null; return; }
    before = order(list);
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
    event.dataTransfer.setDragImage(dragged, 12, 12);
    dragged.classList.add("dragging");
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    var li = rowAt(event);
    if (!li) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    Array.prototype.forEach.call(list.querySelectorAll(":scope > .drop-before, :scope > .drop-after"), function (el) {
      el.classList.remove("drop-before", "drop-after");
    });
    if (li !== dragged) { li.classList.add(below(li, event) ? "drop-after" : "drop-before"); }
  });

  document.addEventListener("drop", function (event) {
    if (!dragged) { return; }
    var li = rowAt(event);
    if (!li) { return; }
    event.preventDefault();
    if (li !== dragged) { list.insertBefore(dragged, below(li, event) ? li.nextSibling : li); }
    var now = order(list);
    var source = list;
    moved = { id: dragged.id, kind: list.dataset.reorderKind, target: list.dataset.reorderTarget };
    clearMarks();
    dragged = null;
    if (now === before) { moved = null; return; }
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    htmx.ajax("POST", source.dataset.reorderUrl, {
      target: source.dataset.reorderTarget,
      swap: "none", // the answer says where its parts go (out of band, or the part itself when refused)
      values: { order: now, based_on: before },
      headers: token ? { "X-CSRFToken": token.value } : {}
    }).then(function () { window.setTimeout(announce, 60); });
  });

  document.addEventListener("dragend", function () { clearMarks(); dragged = null; });

  // Say where the row is now, or why the order was refused (the part then shows the current order).
  function announce() {
    if (!moved) { return; }
    var status = document.getElementById("editor-status");
    var part = document.querySelector(moved.target);
    var refused = part && part.querySelector(":scope > .alert.error");
    var row = document.getElementById(moved.id);
    var text = "";
    if (refused) {
      text = refused.textContent.trim();
    } else if (row && status) {
      var number = moved.kind === "result"
        ? (row.querySelector(".outline-number") || {}).textContent
        : String(rows(row.parentElement).indexOf(row) + 1);
      text = (status.dataset[moved.kind === "result" ? "movedResult" : "movedPriority"] || "").replace("%s", (number || "").trim());
    }
    if (status && text) { status.textContent = text; }
    moved = null;
  }

  // The editor's own handler says "Saved" once the answer has settled; the position is said after it.
  document.addEventListener("htmx:afterSettle", function (event) {
    showHandles(event.target);
    if (moved) { window.setTimeout(announce, 0); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { showHandles(document); });
  } else {
    showHandles(document);
  }
})();
