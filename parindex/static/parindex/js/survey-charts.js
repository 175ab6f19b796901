/* Bar charts of a survey question's answers (Chart.js, vendored): one per <canvas data-bars="ID">, whose data is the
   JSON in the element with that ID (json_script), so the page carries no inline script. Counts are whole numbers. */
(function () {
  "use strict";
  function draw(canvas) {
    var data = JSON.parse(document.getElementById(canvas.dataset.bars).textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.name, data: data.values, backgroundColor: "#1f4e78", borderColor: "#1f4e78" }]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, indexAxis: "y",
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: false } }
      }
    });
  }
  function drawAll() {
    if (!window.Chart) { return; }
    document.querySelectorAll("canvas[data-bars]").forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); } else { drawAll(); }
})();
