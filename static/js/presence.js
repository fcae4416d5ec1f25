/* Who else is here: the editor reports which part the user edits and shows who else has the
   framework open.

   The element with data-presence-url (a polite live region) is refreshed every
   data-presence-interval seconds (20 by default) and at once when the focus moves into another
   priority or result (the closest ancestor with data-presence-key names it). Each report sends the
   fingerprint of the list shown; an unchanged list answers 204 and the region is left alone, so
   it speaks only when someone arrives, leaves or moves. Nothing is sent while the tab is hidden;
   leaving the page says so (a beacon). fetch rather than htmx: the editor's htmx listeners would
   announce every poll as a save. */
(function () {
  "use strict";
  var box = document.querySelector("[data-presence-url]");
  if (!box || !window.fetch || !window.URLSearchParams) { return; }
  var url = box.getAttribute("data-presence-url");
  var every = (parseInt(box.getAttribute("data-presence-interval"), 10) || 20) * 1000;
  var editing = "", seen = "", timer = null, soon = null, busy = false, again = false, stopped = false;

  function token() {
    var input = document.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function hidden() { return document.visibilityState === "hidden"; }

  function wait() {
    clearTimeout(timer);
    timer = (stopped || hidden()) ? null : setTimeout(report, every);
  }

  function show(html) {
    box.innerHTML = html;
    var root = box.querySelector("[data-fingerprint]");
    seen = root ? root.getAttribute("data-fingerprint") : "";
  }

  function report() {
    clearTimeout(timer);
    clearTimeout(soon);
    timer = soon = null;
    if (stopped || hidden()) { return; }
    if (busy) { again = true; return; }
    busy = true;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": token()},
      body: new URLSearchParams({editing: editing, seen: seen})
    }).then(function (response) {
      // Sent to sign in (the session ended) or refused (400, 403, 404): this page may no longer ask.
      if (response.redirected || (response.status >= 400 && response.status < 500)) { stopped = true; return; }
      if (response.status === 200) { return response.text().then(show); }
      // 204: the list shown is current.
    }).catch(function () { /* offline: try again at the next turn */ }).then(function () {
      busy = false;
      if (again) { again = false; report(); } else { wait(); }
    });
  }

  function keyOf(element) {
    var holder = element && element.closest ? element.closest("[data-presence-key]") : null;
    return holder ? holder.getAttribute("data-presence-key") : "";
  }

  document.addEventListener("focusin", function (event) {
    var key = keyOf(event.target);
    if (key === editing) { return; }
    editing = key;
    clearTimeout(soon);
    soon = setTimeout(report, 250);  // tabbing through several parts reports the last one
  });

  document.addEventListener("visibilitychange", function () {
    if (hidden()) { clearTimeout(timer); timer = null; } else { report(); }
  });

  window.addEventListener("pagehide", function () {
    if (stopped || !navigator.sendBeacon) { return; }
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token());
    data.append("leave", "1");
    navigator.sendBeacon(url, data);
  });

  // Back from the back-forward cache: the beacon said the user left, so report again.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { report(); } });

  report();
})();
