/* danvan: small progressive enhancements, no dependencies.
   1. <select data-search-url>: a search box (an ARIA combobox) above it; typing asks the
      server (which applies the user's scope) and lists the matches below the box. Nothing is
      chosen by typing: the user picks a match with a click, or with the arrow keys and Enter;
      Escape closes the list. The chosen unit shows in the <select>, which stays usable.
   2. Formsets: "Add a row" clones the empty row (Django's __prefix__ convention).
   3. Survey counts: shows the sum of the counts and its difference from the reported total. */
(function () {
  "use strict";

  var pickers = 0;

  function enhancePicker(select) {
    var id = (select.id || "picker") + "-results-" + (++pickers);
    var wrap = document.createElement("div");
    wrap.className = "picker";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.autocomplete = "off";
    box.placeholder = document.body.dataset.searchLabel || "";
    box.setAttribute("aria-label", box.placeholder + " " + (select.labels && select.labels[0] ? select.labels[0].textContent : ""));
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", id);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "picker-results";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrap.appendChild(box);
    wrap.appendChild(list);
    wrap.appendChild(status);
    select.parentNode.insertBefore(wrap, select);
    var picker = { select: select, box: box, list: list, status: status, items: [], active: -1, asked: 0 };
    var timer = null;
    box.addEventListener("focus", function () {
      // A list sent with only its chosen options: offer the first matches straight away.
      if (!box.value && select.querySelectorAll("option:not(:checked)").length === 0) { search(picker, ""); }
    });
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(picker, box.value); }, 200);
    });
    box.addEventListener("keydown", function (event) { onKey(picker, event); });
    box.addEventListener("blur", function () { close(picker); });
    // mousedown would blur the box (and close the list) before the click lands.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { choose(picker, parseInt(option.dataset.index, 10)); }
    });
  }

  function search(picker, query) {
    var url = picker.select.dataset.searchUrl;
    url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
    var asked = ++picker.asked;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        // Only the answer to what the box holds now: not a late answer to an older query.
        var current = asked === picker.asked && picker.box.value === query;
        if (current && document.activeElement === picker.box) { show(picker, data.results); }
      });
  }

  function show(picker, results) {
    picker.items = results;
    picker.active = -1;
    picker.list.innerHTML = "";
    results.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = picker.list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(index);
      option.textContent = item.text;
      if (item.valid_today === false) { option.className = "closed"; }
      picker.list.appendChild(option);
    });
    if (!results.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = picker.select.dataset.noResults || "";
      picker.list.appendChild(empty);
    }
    picker.list.hidden = false;
    picker.box.setAttribute("aria-expanded", "true");
    picker.box.removeAttribute("aria-activedescendant");
    picker.status.textContent = (picker.select.dataset.resultsLabel || "").replace("%(count)s", results.length);
  }

  function close(picker) {
    picker.list.hidden = true;
    picker.active = -1;
    picker.box.setAttribute("aria-expanded", "false");
    picker.box.removeAttribute("aria-activedescendant");
  }

  function highlight(picker, index) {
    var options = picker.list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    picker.active = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      var on = i === picker.active;
      option.classList.toggle("active", on);
      option.setAttribute("aria-selected", on ? "true" : "false");
    });
    options[picker.active].scrollIntoView({ block: "nearest" });
    picker.box.setAttribute("aria-activedescendant", options[picker.active].id);
  }

  function onKey(picker, event) {
    var open = !picker.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        if (picker.items.length) { picker.list.hidden = false; picker.box.setAttribute("aria-expanded", "true"); }
        return;
      }
      highlight(picker, picker.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && open) {
      // Enter chooses the highlighted match; with none highlighted it does nothing (it does
      // not send the form, nor pick a match the user has not chosen).
      event.preventDefault();
      if (picker.active >= 0) { choose(picker, picker.active); }
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close(picker);
    }
  }

  function choose(picker, index) {
    var item = picker.items[index];
    var select = picker.select;
    if (!item) { return; }
    var value = String(item.id);
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
    if (!option) {
      option = new Option(item.text, value);
      select.appendChild(option);
    }
    if (select.multiple) { option.selected = true; } else { select.value = value; }
    select.dispatchEvent(new Event("change", { bubbles: true }));
    picker.box.value = "";
    close(picker);
    picker.status.textContent = (select.dataset.chosenLabel || "").replace("%(name)s", item.text);
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
