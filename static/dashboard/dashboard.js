// Dashboard: charts (Chart.js, vendored), the "show units with no figures" box, and the measure
// shown on a phone. The table on the page holds the same numbers as the charts.
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

  function formatted(value) { return value === null || value === undefined ? "–" : number.format(value); }

  function options(horizontal) {
    var valueAxis = { stacked: true, beginAtZero: true,
                      ticks: { precision: 0, callback: function (v) { return number.format(v); } } };
    var labelAxis = { stacked: true, ticks: { autoSkip: false, maxRotation: 0,
      callback: function (value) {  // long names cut, never rotated; the tooltip has them whole
        var text = this.getLabelForValue(value);
        return text.length > 28 ? text.slice(0, 27) + "…" : text;
      } } };
    return {
      responsive: true, maintainAspectRatio: false, animation: false,
      indexAxis: horizontal ? "y" : "x",
      interaction: { mode: "index", intersect: false },
      plugins: { tooltip: { callbacks: { label: function (ctx) {
        return ctx.dataset.label + ": " + formatted(horizontal ? ctx.parsed.x : ctx.parsed.y);
      } } } },
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis }
    };
  }

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    Chart.defaults.locale = "vi-VN";
    var units = document.getElementById("chart-units");
    if (units) {
      // One bar a unit, tall enough to read every name.
      units.parentNode.style.height = Math.max(160, data.units.length * 26 + 70) + "px";
      new Chart(units, { type: "bar", data: { labels: data.units, datasets: datasets(data.by_unit) },
                         options: options(true) });
      units.dataset.rendered = "true";
    }
    var trend = document.getElementById("chart-trend");
    if (trend) {
      // Bars: a period without data has no bar (null), never a 0 drawn as a dip.
      new Chart(trend, { type: "bar", data: { labels: data.periods, datasets: datasets(data.by_period) },
                         options: options(false) });
      trend.dataset.rendered = "true";
    }
  }

  function tableTools() {
    var table = document.getElementById("stats-table");
    if (!table) { return; }
    // On a phone one measure is shown: each field's heading spans one column, not all of them.
    var narrow = window.matchMedia("(max-width: 700px)");
    var kinds = Number(table.dataset.kinds) || 1;
    function spans() {
      table.querySelectorAll("th.group").forEach(function (th) { th.colSpan = narrow.matches ? 1 : kinds; });
    }
    spans();
    narrow.addEventListener("change", spans);
    var box = document.getElementById("show-zero");
    if (box) {
      box.addEventListener("change", function () { table.classList.toggle("hide-zero", !box.checked); });
    }
    document.querySelectorAll("[data-measure]").forEach(function (button) {
      if (button.tagName !== "BUTTON") { return; }
      button.addEventListener("click", function () {
        table.dataset.measure = button.dataset.measure;
        document.querySelectorAll("button[data-measure]").forEach(function (other) {
          other.setAttribute("aria-pressed", String(other === button));
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw();
    tableTools();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
