// The register import's progress bar: asks the page's progress URL every second and reloads
// the page when the check or the import is over. Without script, the page refreshes itself.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  var rows = box.querySelector("[data-rows]");
  var template = rows ? rows.textContent.replace(/[\d,，]+/, "{n}") : "";
  function ask() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.status !== box.dataset.status) { window.location.reload(); return; }
        if (rows) rows.textContent = template.replace("{n}", data.rows.toLocaleString());
        if (data.total && box.dataset.status === "importing") {
          bar.max = data.total;
          bar.value = data.rows;
        }
        window.setTimeout(ask, 1000);
      })
      .catch(function () { window.setTimeout(ask, 3000); });
  }
  window.setTimeout(ask, 1000);
})();
