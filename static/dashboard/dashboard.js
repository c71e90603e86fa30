// Dashboard charts (Chart.js, vendored). The table on the page holds the same numbers.
(function () {
  "use strict";
  var number = new Intl.NumberFormat("vi-VN");
  var palette = ["#b3261e", "#0b57d0", "#188038", "#e37400", "#8430ce", "#00838f", "#5f6368"];

  function datasets(series, extra) {
    return series.map(function (s, i) {
      return Object.assign({ label: s.label, data: s.data, backgroundColor: palette[i % palette.length],
                             borderColor: palette[i % palette.length] }, extra || {});
    });
  }

  function options(stacked) {
    return {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: { tooltip: { callbacks: { label: function (ctx) {
        return ctx.dataset.label + ": " + number.format(ctx.parsed.y);
      } } } },
      scales: {
        x: { stacked: stacked },
        y: { stacked: stacked, beginAtZero: true,
             ticks: { precision: 0, callback: function (v) { return number.format(v); } } }
      }
    };
  }

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    Chart.defaults.locale = "vi-VN";
    var units = document.getElementById("chart-units");
    if (units) {
      new Chart(units, { type: "bar", data: { labels: data.units, datasets: datasets(data.by_unit) },
                         options: options(true) });
      units.dataset.rendered = "true";
    }
    var years = document.getElementById("chart-years");
    if (years) {
      new Chart(years, { type: "line", data: { labels: data.years.map(String),
                         datasets: datasets(data.by_year, { fill: false, tension: 0.2 }) }, options: options(false) });
      years.dataset.rendered = "true";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
