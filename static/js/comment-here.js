/* Comments where the text is: opening "Comment on …" under a priority or result puts the page's
   one comment form there (from <template id="comment-here-form">), aimed at that item, with its
   own ids and @-mention suggestions; focus goes to the comment box. Without JavaScript the
   disclosure holds a link to the comments page with the item chosen. */
(function () {
  "use strict";
  function open(details) {
    var slot = details.querySelector(".comment-slot");
    var template = document.getElementById("comment-here-form");
    if (!slot || !template || slot.dataset.ready) { return; }
    var on = details.dataset.commentOn;
    var form = template.content.firstElementChild.cloneNode(true);
    form.querySelector("input[name=on]").value = on;
    var box = form.querySelector("textarea");
    var help = form.querySelector("[data-id=help]");
    box.id = "comment-" + on;
    help.id = box.id + "-help";
    box.setAttribute("aria-describedby", help.id);
    form.querySelector("label[data-for=body]").setAttribute("for", box.id);
    slot.textContent = "";
    slot.appendChild(form);
    slot.dataset.ready = "1";
    if (window.workbenchMentions) { window.workbenchMentions.attach(box); }
    box.focus();
  }
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.matches && details.matches("details[data-comment-on]") && details.open) { open(details); }
  }, true);
})();
