/* Charts of the mission dashboard (Chart.js 4). The numbers come from the page's JSON; every
   chart has a data table beside it, so the canvases are hidden from assistive technology. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var styles = getComputedStyle(document.documentElement);
  var brand = styles.getPropertyValue("--brand").trim() || "#0b5c8e";
  var muted = styles.getPropertyValue("--text-muted").trim() || "#4f5d6b";
  var green = styles.getPropertyValue("--green").trim() || "#1e6b34";
  Chart.defaults.animation = reduceMotion ? false : Chart.defaults.animation;
  Chart.defaults.font.family = styles.getPropertyValue("--font");
  // The page's language: numbers and months in its formats; in a right-to-left language time
  // runs from right to left, the value axis stands on the right and the legend reads from the right.
  var locale = document.documentElement.lang || "en";
  var rtl = document.documentElement.dir === "rtl";
  var monthFormat;
  try {
    monthFormat = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", timeZone: "UTC" });
  } catch (error) {
    monthFormat = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", timeZone: "UTC" });
  }
  function month(iso) {
    var date = new Date(iso + "T00:00:00Z");
    return isNaN(date.getTime()) ? iso : monthFormat.format(date);
  }

  function line(canvas, labels, datasets, yMax) {
    return new Chart(canvas, {
      type: "line",
      data: { labels: labels.map(month), datasets: datasets },
      options: {
        responsive: true,
        aspectRatio: 2.2,
        locale: locale,
        plugins: {
          legend: { position: "bottom", rtl: rtl },
          tooltip: { enabled: true, rtl: rtl }
        },
        scales: {
          x: { reverse: rtl },
          y: { beginAtZero: true, suggestedMax: yMax, position: rtl ? "right" : "left" }
        }
      }
    });
  }

  // Indicator charts take their numbers from the JSON of their benchmark's section, which htmx
  // may bring in later (a benchmark opened on demand).
  function draw(root) {
    var indicators = {};
    root.querySelectorAll('script[id^="dashboard-data-"]').forEach(function (script) {
      var section = JSON.parse(script.textContent).indicators || {};
      Object.keys(section).forEach(function (key) { indicators[key] = section[key]; });
    });
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.chart === "readiness") {
        var r = data.readiness;
        line(canvas, r.labels, [{ label: r.label, data: r.values, borderColor: brand, backgroundColor: brand, spanGaps: true }], 100);
      } else {
        var d = indicators[canvas.dataset.indicator];
        if (!d) { return; }
        var flat = function (value) { return d.labels.map(function () { return value; }); };
        line(canvas, d.labels, [
          { label: d.labels_text.value, data: d.values, borderColor: brand, backgroundColor: brand, spanGaps: true },
          { label: d.labels_text.baseline, data: flat(d.baseline), borderColor: muted, borderDash: [4, 4], pointRadius: 0 },
          { label: d.labels_text.target, data: flat(d.target), borderColor: green, borderDash: [8, 4], pointRadius: 0 }
        ]);
      }
    });
  }

  draw(document);
  // htmx:load fires for each element htmx adds; the page itself was drawn above.
  document.body.addEventListener("htmx:load", function (event) {
    var section = event.detail.elt;
    if (section && section.id && section.id.indexOf("benchmark-section-") === 0) { draw(section); }
  });
})();
