/* Line charts of indicators (Chart.js, vendored): one per <canvas data-series="ID">, whose data is the JSON in the
   element with that ID. Numbers are written the Vietnamese way (80,11%). */
(function () {
  "use strict";
  function percent(value) {
    if (value === null || value === undefined) { return "—"; }
    return value.toLocaleString("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + "%";
  }
  function draw(canvas) {
    var data = JSON.parse(document.getElementById(canvas.dataset.series).textContent);
    var datasets = [{
      label: data.name, data: data.values, borderColor: "#a51c1c", backgroundColor: "#a51c1c",
      spanGaps: true, tension: 0.2, pointRadius: 3
    }];
    if (data.target !== null && data.target !== undefined) {
      datasets.push({
        label: data.target_label, data: data.labels.map(function () { return data.target; }),
        borderColor: "#2e7d32", borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5
      });
    }
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + percent(ctx.parsed.y); } } }
        }
      }
    });
  }
  function drawAll() {
    if (!window.Chart) { return; }
    document.querySelectorAll("canvas[data-series]").forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); } else { drawAll(); }
})();
