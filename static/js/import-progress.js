// Polls an import job's status and reloads the page when the job moves on.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  var label = document.getElementById("job-label");
  var shown = box.dataset.status;
  var numbers = new Intl.NumberFormat("vi-VN");

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.status !== shown) { window.location.reload(); return; }
        bar.max = Math.max(state.total, 1);
        bar.value = state.done;
        count.textContent = state.total ? numbers.format(state.done) + " / " + numbers.format(state.total)
          : (state.queued ? box.dataset.queued : box.dataset.reading);
        label.textContent = state.label;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
