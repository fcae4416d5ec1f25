/* Polled fragments (hx-trigger="every ..."): an element with data-step is replaced only when the
   answer shows another step, so a live region around it speaks once per step, not once per poll.
   A listener in a file rather than hx-on, which htmx would have to evaluate (the
   Content-Security-Policy allows no eval). */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.dataset || elt.dataset.step === undefined) { return; }
    var same = 'data-step="' + elt.dataset.step + '"';
    event.detail.shouldSwap = event.detail.serverResponse.indexOf(same) === -1;
  });
})();
