// Draws the charts of templates/includes/chart.html from the tables they come with.
// Progressive enhancement: the table is the data, and without JavaScript or Chart.js it is
// all there is. Load after chart.umd.min.js, both with `defer`. No inline script or style is
// needed anywhere, for a content security policy without 'unsafe-inline'.
(function () {
  "use strict";
  const Chart = window.Chart;
  if (typeof Chart !== "function") return; // Chart.js did not load: the tables stay alone.

  // Okabe & Ito's colours, told apart with the common colour blindnesses; a red for the
  // first series of a stacked chart (what is overdue), which the blue beside it sets off.
  const PALETTE = [
    "#0072b2", "#e69f00", "#009e73", "#56b4e9", "#cc79a7", "#d55e00", "#f0e442", "#666666",
  ];
  const RED = "#b3261e";
  const PRINT_WIDTH = 605; // CSS pixels: the 16cm that print.css gives a chart.
  const locale = document.documentElement.lang || undefined;
  const numbers = new Intl.NumberFormat(locale);
  const charts = [];

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = "#495057";
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    Chart.defaults.animation = false;
  }

  const text = (cell) => cell.textContent.trim();
  const link = (cell) => {
    const anchor = cell && cell.querySelector("a[href]");
    return anchor ? anchor.href : null;
  };

  // Categories from the row headers, series from the column headers, numbers from data-value;
  // each value's link, or else its row's, for clicks on the chart.
  function readTable(table) {
    const series = Array.from(table.tHead.rows[0].cells).slice(1).map(text);
    const labels = [];
    const values = series.map(() => []);
    const links = series.map(() => []);
    for (const row of table.tBodies[0].rows) {
      const head = row.querySelector("th[scope=row]");
      if (!head) continue; // the "no data yet" row
      const cells = row.querySelectorAll("td[data-value]");
      labels.push(text(head));
      series.forEach((_, i) => {
        const raw = cells[i] ? cells[i].dataset.value : "";
        values[i].push(raw === "" ? null : Number(raw));
        links[i].push(link(cells[i]) || link(head));
      });
    }
    return { labels, series, values, links };
  }

  function draw(figure) {
    const table = figure.querySelector("table");
    const box = figure.querySelector(".chart-canvas");
    const canvas = box && box.querySelector("canvas");
    if (!table || !canvas || figure.classList.contains("chart-drawn")) return;
    const data = readTable(table);
    if (!data.labels.length) return;

    const kind = figure.dataset.chart || "bar";
    const doughnut = kind === "doughnut";
    const horizontal = kind === "hbar";
    const stacked = figure.hasAttribute("data-stacked");
    const unit = figure.dataset.unit || "";
    const suffix = /^[a-z]/i.test(unit) ? `\u00a0${unit}` : unit; // 5%, 3元, 3 yuan
    const colours = stacked ? [RED, ...PALETTE] : PALETTE;
    const whole = data.values.flat().every((v) => v === null || Number.isInteger(v));
    const format = (value) => numbers.format(value) + suffix;

    const datasets = data.series.map((label, i) => {
      const colour = colours[i % colours.length];
      if (doughnut) {
        const slices = data.labels.map((_, j) => PALETTE[j % PALETTE.length]);
        return { label, data: data.values[i], backgroundColor: slices, borderColor: "#fff" };
      }
      return { label, data: data.values[i], backgroundColor: colour, borderColor: colour };
    });
    const valueAxis = {
      beginAtZero: true,
      stacked,
      ticks: { precision: whole ? 0 : undefined, callback: format },
    };
    const categoryAxis = { stacked, grid: { display: false } };
    const target = (elements) =>
      elements.length ? data.links[elements[0].datasetIndex][elements[0].index] : null;

    if (horizontal) {
      // One bar's room per category, however many topics there are.
      box.style.height = Math.max(256, 32 * data.labels.length + 72) + "px";
    }
    box.hidden = false;
    figure.classList.add("chart-drawn");
    charts.push(
      new Chart(canvas, {
        type: horizontal ? "bar" : kind,
        data: { labels: data.labels, datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          locale,
          indexAxis: horizontal ? "y" : "x",
          interaction: { mode: "nearest", intersect: kind !== "line" },
          scales: doughnut
            ? {}
            : horizontal
              ? { x: valueAxis, y: categoryAxis }
              : { x: categoryAxis, y: valueAxis },
          plugins: {
            legend: { display: doughnut || data.series.length > 1, position: "bottom" },
            tooltip: {
              callbacks: {
                title: (items) => (items.length ? items[0].label : ""),
                label: (item) => `${item.dataset.label}: ${format(item.raw)}`,
              },
            },
          },
          onClick: (event, elements) => {
            const url = target(elements);
            if (url) window.location.assign(url);
          },
          onHover: (event, elements, chart) => {
            chart.canvas.style.cursor = target(elements) ? "pointer" : "";
          },
        },
      }),
    );
  }

  function drawAll(root) {
    if (root.matches && root.matches("figure[data-chart]")) draw(root);
    root.querySelectorAll("figure[data-chart]").forEach(draw);
  }

  // Printing: a fixed width and a sharper bitmap while the page is printed, then back.
  let printing = false;
  function beforePrint() {
    if (printing) return;
    printing = true;
    for (const chart of charts) {
      chart.stop(); // a chart still animating would put the resize off until too late
      chart.options.devicePixelRatio = Math.max(2, window.devicePixelRatio || 1);
      chart.resize(PRINT_WIDTH, chart.canvas.parentNode.clientHeight);
    }
  }
  function afterPrint() {
    if (!printing) return;
    printing = false;
    for (const chart of charts) {
      chart.options.devicePixelRatio = undefined;
      chart.resize();
    }
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  window.matchMedia("print").addEventListener("change", (event) => {
    if (event.matches) beforePrint();
    else afterPrint();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => drawAll(document));
  } else {
    drawAll(document);
  }
  // Content that htmx swaps in later (htmx:load fires on each new element).
  document.addEventListener("htmx:load", (event) => drawAll(event.target));
})();
