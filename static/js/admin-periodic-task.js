/* Admin, periodic task form (django-celery-beat): the chosen crontab in words under its field.
   django-celery-beat's template does this in an inline script, which the Content-Security-Policy
   refuses; the override (templates/admin/djcelery/) loads this file instead. */
(function () {
  "use strict";
  var $ = django.jQuery;
  var script = document.getElementById("periodic-task-overrides");
  var readable = JSON.parse(document.getElementById("readable-crontabs").textContent);
  var help = script.dataset.crontabHelp;
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var help_el = $(".field-crontab .help");
    help_el.text(help);
    help_el.append($("<br>"), document.createTextNode("Translation: " + (readable[$("#id_crontab").val()] || "")));
  });
})();
