/* danvan: small progressive enhancements, no dependencies.
   1. <select data-search-url>: a search box above it; typing asks the server (which
      applies the user's scope) and refills the options, keeping the chosen ones.
   2. Formsets: "Add a row" clones the empty row (Django's __prefix__ convention).
   3. Survey counts: shows the sum of the counts and its difference from the reported total. */
(function () {
  "use strict";

  function enhancePicker(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = document.body.dataset.searchLabel || "";
    box.setAttribute("aria-label", box.placeholder + " " + (select.labels && select.labels[0] ? select.labels[0].textContent : ""));
    select.parentNode.insertBefore(box, select);
    var timer = null;
    box.addEventListener("focus", function () {
      // A list sent with only its chosen options: offer the first matches straight away.
      if (!box.value && select.querySelectorAll("option:not(:checked)").length === 0) { search(select, ""); }
    });
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(select, box.value); }, 200);
    });
  }

  function search(select, query) {
    var url = select.dataset.searchUrl;
    url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { refill(select, data.results, query !== ""); });
  }

  function refill(select, results, pickFirst) {
    var kept = {};
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.selected && option.value) { kept[option.value] = option.text; }
    });
    var blank = !select.multiple && select.options.length && !select.options[0].value ? select.options[0] : null;
    select.innerHTML = "";
    if (blank) { select.appendChild(blank); }
    Object.keys(kept).forEach(function (value) { select.appendChild(new Option(kept[value], value, true, true)); });
    results.forEach(function (item) {
      if (!(String(item.id) in kept)) { select.appendChild(new Option(item.text, item.id)); }
    });
    // Typing a name into a single picker with nothing chosen yet picks the best match.
    if (pickFirst && !select.multiple && Object.keys(kept).length === 0 && results.length) {
      select.value = String(results[0].id);
    }
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addRow(button) {
    var prefix = button.dataset.formset;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var html = template.innerHTML.replace(/__prefix__/g, total.value);
    document.querySelector("#" + prefix + "-table tbody").insertAdjacentHTML("beforeend", html);
    total.value = parseInt(total.value, 10) + 1;
  }

  function updateSum() {
    var out = document.getElementById("counts-sum");
    if (!out) { return; }
    var sum = 0;
    document.querySelectorAll("#counts-table input[data-count]").forEach(function (input) {
      var n = parseInt(input.value, 10);
      if (!isNaN(n)) { sum += n; }
    });
    var text = out.dataset.label + ": " + sum.toLocaleString("vi-VN");
    var total = document.querySelector("input[data-total-of]");
    if (total && total.value !== "") {
      var diff = parseInt(total.value, 10) - sum;
      if (!isNaN(diff) && diff !== 0) { text += " (" + out.dataset.diffLabel + ": " + diff.toLocaleString("vi-VN") + ")"; }
    }
    out.textContent = text;
    out.classList.toggle("warn", text.indexOf("(") >= 0);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-search-url]").forEach(enhancePicker);
    document.querySelectorAll("button.add-row").forEach(function (button) {
      button.addEventListener("click", function () { addRow(button); });
    });
    document.addEventListener("input", function (event) {
      if (event.target.matches("input[data-count], input[data-total-of]")) { updateSum(); }
    });
    updateSum();
  });
})();
