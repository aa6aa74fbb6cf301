// The schedule's bar chart on a narrow screen: open it scrolled to today's line (a third of
// the way in), not at the chart's first day. Without script it opens at its start.
(function () {
  "use strict";
  document.querySelectorAll(".gantt-scroll[data-today-x]").forEach(function (box) {
    var today = parseFloat(box.dataset.todayX);
    if (box.scrollWidth > box.clientWidth && !isNaN(today)) {
      box.scrollLeft = Math.max(0, today - box.clientWidth / 3);
    }
  });
})();
