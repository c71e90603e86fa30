/* danvan: a calendar button beside each date typed as dd/mm/yyyy (core.editing.DateTextInput,
   input[data-calendar]). The text input stays what is sent: the calendar only writes dd/mm/yyyy
   into it, so the date reads the same whatever the browser's language. Monday first. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "vi";

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function parse(text) {
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
    if (!m) { return null; }
    var day = new Date(+m[3], +m[2] - 1, +m[1]);
    return day.getDate() === +m[1] && day.getMonth() === +m[2] - 1 ? day : null;
  }

  function format(day) { return pad(day.getDate()) + "/" + pad(day.getMonth() + 1) + "/" + day.getFullYear(); }

  function button(text, label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (label) { b.setAttribute("aria-label", label); }
    b.addEventListener("click", onClick);
    return b;
  }

  function close(input) {
    var panel = input.parentNode.querySelector(".calendar");
    if (panel) { panel.remove(); }
    input.parentNode.querySelector(".calendar-button").setAttribute("aria-expanded", "false");
  }

  function choose(input, day) {
    input.value = format(day);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    close(input);
    input.focus();
  }

  function weekdays() {
    var names = [];
    for (var i = 0; i < 7; i++) {  // 6 January 2025 was a Monday
      names.push(new Date(2025, 0, 6 + i).toLocaleDateString(lang, { weekday: "short" }));
    }
    return names;
  }

  function render(panel, input, year, month, focusName) {
    panel.innerHTML = "";
    var chosen = parse(input.value);
    var head = document.createElement("div");
    head.className = "calendar-head";
    var title = document.createElement("span");
    title.setAttribute("aria-live", "polite");
    title.textContent = new Date(year, month, 1).toLocaleDateString(lang, { month: "long", year: "numeric" });
    var previous = button("‹", input.dataset.calendarPrevious, function () {
      render(panel, input, year, month - 1, "previous");
    });
    var next = button("›", input.dataset.calendarNext, function () { render(panel, input, year, month + 1, "next"); });
    head.appendChild(previous);
    head.appendChild(title);
    head.appendChild(next);
    panel.appendChild(head);
    var grid = document.createElement("table");
    var row = grid.insertRow();
    weekdays().forEach(function (name) { var th = document.createElement("th"); th.textContent = name; row.appendChild(th); });
    var first = new Date(year, month, 1);
    var offset = (first.getDay() + 6) % 7;  // Monday = 0
    row = grid.insertRow();
    for (var i = 0; i < offset; i++) { row.insertCell(); }
    for (var d = 1; d <= new Date(year, month + 1, 0).getDate(); d++) {
      if ((offset + d - 1) % 7 === 0 && d > 1) { row = grid.insertRow(); }
      var day = new Date(year, month, d);
      var cell = row.insertCell();
      var b = button(String(d), format(day), choose.bind(null, input, day));
      if (chosen && chosen.getTime() === day.getTime()) { b.setAttribute("aria-pressed", "true"); }
      cell.appendChild(b);
    }
    panel.appendChild(grid);
    // The month buttons were drawn anew: keep the keyboard where it was.
    if (focusName) { (focusName === "next" ? next : previous).focus(); }
  }

  function open(input, toggle) {
    var panel = document.createElement("div");
    panel.className = "calendar";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", input.dataset.calendar);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(input); toggle.focus(); }
    });
    var shown = parse(input.value) || new Date();
    render(panel, input, shown.getFullYear(), shown.getMonth());
    toggle.insertAdjacentElement("afterend", panel);
    toggle.setAttribute("aria-expanded", "true");
    (panel.querySelector("[aria-pressed=true]") || panel.querySelector("table button")).focus();
  }

  function enhance(input) {
    var toggle = button(input.dataset.calendarButton, input.dataset.calendar, function () {
      if (input.parentNode.querySelector(".calendar")) { close(input); } else { open(input, toggle); }
    });
    toggle.className = "calendar-button";
    toggle.setAttribute("aria-expanded", "false");
    input.insertAdjacentElement("afterend", toggle);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-calendar]").forEach(enhance);
    // Rows added later (formsets' "Add a row") get their button when first focused.
    document.addEventListener("focusin", function (event) {
      var input = event.target;
      if (input.matches && input.matches("input[data-calendar]") &&
          !(input.nextElementSibling && input.nextElementSibling.classList.contains("calendar-button"))) {
        enhance(input);
      }
    });
  });
})();
