/* The leaders' charts across years (Chart.js, vendored): one per <canvas data-insight="ID">, whose data is the JSON in
   the element with that ID (json_script), so the page carries no inline script. Each chart, and the heat map table,
   downloads as a PNG (white background, its title drawn in); "Print (A4)" prints the page. Numbers are written the
   Vietnamese way (80,11%); a provisional ("tạm tính") year is drawn with a dotted line and a diamond. */
(function () {
  "use strict";
  var COLOURS = ["#a51c1c", "#1f4e78", "#2e7d32", "#b45309", "#6a1b9a", "#00838f", "#5d4037", "#c2185b", "#455a64", "#827717"];

  function decimal(value) {
    return value.toLocaleString("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function show(value, data) {
    if (value === null || value === undefined) { return "—"; }
    return data.rank ? String(value) : decimal(value) + (data.percent ? "%" : "");
  }
  var whiteBackground = {
    id: "whiteBackground",
    beforeDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    }
  };
  function lowest(data) {
    var values = [];
    data.datasets.forEach(function (set) {
      set.values.forEach(function (v) { if (v !== null && v !== undefined) { values.push(v); } });
    });
    if (!values.length) { return 0; }
    return Math.max(0, Math.floor((Math.min.apply(null, values) - 5) / 10) * 10);
  }
  function datasets(data) {
    return data.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      var ds = {
        label: set.label, data: set.values, borderColor: colour, backgroundColor: colour,
        pointRadius: 3, spanGaps: true, tension: 0.15, borderWidth: 2
      };
      if (set.dashed) { ds.borderDash = [6, 4]; }
      if (data.type === "radar") {
        ds.backgroundColor = colour + "22";
        ds.fill = true;
      } else if (data.provisional) {
        ds.segment = {
          borderDash: function (ctx) { return data.provisional[ctx.p1DataIndex] ? [2, 3] : (set.dashed ? [6, 4] : []); }
        };
        ds.pointStyle = data.labels.map(function (label, k) { return data.provisional[k] ? "rectRot" : "circle"; });
        ds.pointRadius = data.labels.map(function (label, k) { return data.provisional[k] ? 5 : 3; });
      }
      return ds;
    });
  }
  function options(data) {
    var percent = function (v) { return data.percent ? v + "%" : v; };
    var tooltip = { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + show(ctx.raw, data); } } };
    if (data.names) { tooltip.callbacks.title = function (items) { return data.names[items[0].dataIndex]; }; }
    var o = {
      animation: false, responsive: true, maintainAspectRatio: false,
      plugins: {
        title: { display: true, text: data.title, font: { size: 13 } },
        legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } },
        tooltip: tooltip
      }
    };
    if (data.type === "radar") {
      o.scales = { r: { min: 0, max: 100, ticks: { stepSize: 20, backdropColor: "transparent", callback: percent },
                        pointLabels: { font: { size: 11 } } } };
    } else if (data.rank) {
      o.scales = { y: { reverse: true, min: 1, max: data.max || undefined, ticks: { precision: 0 } } };
    } else {
      o.scales = { y: { min: lowest(data), max: 100, ticks: { callback: percent } } };
    }
    return o;
  }
  function draw(canvas) {
    var data = JSON.parse(document.getElementById(canvas.dataset.insight).textContent);
    new window.Chart(canvas, {
      type: data.type,
      data: { labels: data.labels, datasets: datasets(data) },
      options: options(data),
      plugins: [whiteBackground]
    });
  }

  function save(url, filename) {
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  /* The heat map table drawn on a canvas: its title, the header (area codes), the coloured cells, then the areas'
     names, at twice the screen's resolution. */
  function tableImage(table) {
    var scale = 2, pad = 8, rowHeight = 24, font = "13px 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
    var head = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.dataset.short || th.textContent.trim(); });
    var notes = Array.prototype.filter.call(table.tHead.rows[0].cells, function (th) { return th.dataset.short; })
      .map(function (th) { return th.title; });
    var rows = Array.prototype.map.call(table.tBodies[0].rows, function (tr) {
      return Array.prototype.map.call(tr.cells, function (td) {
        return { text: td.textContent.trim().replace(/\s+/g, " "), fill: getComputedStyle(td).backgroundColor, bold: td.tagName === "TH" || td.classList.contains("strong") };
      });
    });
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = "bold " + font;
    var widths = head.map(function (text, i) {
      var w = measure.measureText(text).width;
      rows.forEach(function (row) { if (row[i]) { w = Math.max(w, measure.measureText(row[i].text).width); } });
      return Math.ceil(w) + 2 * pad;
    });
    var width = widths.reduce(function (a, b) { return a + b; }, 0) + 2 * pad;
    notes.forEach(function (note) { width = Math.max(width, Math.ceil(measure.measureText(note).width) + 2 * pad); });
    var height = (rows.length + 2) * rowHeight + notes.length * 18 + 3 * pad;
    var canvas = document.createElement("canvas");
    canvas.width = width * scale;
    canvas.height = height * scale;
    var ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, width, height);
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#1d2733";
    ctx.font = "bold 15px 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
    ctx.fillText(table.dataset.title || "", pad, pad + rowHeight / 2);
    var y = pad + rowHeight;
    function line(cells, header) {
      var x = pad;
      cells.forEach(function (cell, i) {
        var text = header ? cell : cell.text;
        ctx.fillStyle = header ? "#eef1f5" : (cell.fill && cell.fill !== "rgba(0, 0, 0, 0)" ? cell.fill : "#fff");
        ctx.fillRect(x, y, widths[i], rowHeight);
        ctx.strokeStyle = "#d9dee5";
        ctx.strokeRect(x, y, widths[i], rowHeight);
        ctx.fillStyle = "#1d2733";
        ctx.font = (header || cell.bold ? "bold " : "") + font;
        var left = i === 1;
        ctx.textAlign = left ? "left" : "right";
        ctx.fillText(text, left ? x + pad : x + widths[i] - pad, y + rowHeight / 2);
        x += widths[i];
      });
      y += rowHeight;
    }
    line(head, true);
    rows.forEach(function (row) { line(row, false); });
    ctx.textAlign = "left";
    ctx.font = font;
    ctx.fillStyle = "#1d2733";
    y += pad;
    notes.forEach(function (note) { ctx.fillText(note, pad, y + 9); y += 18; });
    return canvas.toDataURL("image/png");
  }
  function download(button) {
    if (button.dataset.canvas) {
      save(document.getElementById(button.dataset.canvas).toDataURL("image/png"), button.dataset.filename);
    } else if (button.dataset.table) {
      save(tableImage(document.getElementById(button.dataset.table)), button.dataset.filename);
    }
  }
  function resizeAll() {
    if (!window.Chart) { return; }
    Object.keys(window.Chart.instances).forEach(function (id) { window.Chart.instances[id].resize(); });
  }

  function start() {
    if (window.Chart) {
      document.querySelectorAll(".insights").forEach(function (page) { page.classList.add("charted"); });
      document.querySelectorAll("canvas[data-insight]").forEach(draw);
      document.querySelectorAll("button.png-download").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () { download(button); });
      });
    }
    document.querySelectorAll("button.print-page").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
