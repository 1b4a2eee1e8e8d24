// Custodia's own behaviour, kept out of the pages so that the Content Security Policy can
// forbid inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  // Language switcher: change language as soon as one is chosen.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });

  // Charts: each <canvas data-chart="id"> draws the JSON in <script id="id" type="application/json">.
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    if (typeof Chart === "undefined") return;
    const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    const rtl = document.documentElement.dir === "rtl";
    new Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        locale: document.documentElement.lang,
        plugins: { legend: { display: spec.datasets.length > 1 || spec.type === "doughnut", rtl: rtl } },
        // Right-to-left pages read charts from the right: mirror the horizontal axis.
        scales: spec.type === "doughnut" ? {} : {
          x: { stacked: !!spec.stacked, reverse: rtl },
          y: { stacked: !!spec.stacked, beginAtZero: true, position: rtl ? "right" : "left" },
        },
      },
    });
  });
});

// --- Local validation of an instrument (assessment/validation.html) --------------------------
// <canvas data-validation-chart="id"> draws the JSON in <script id="id">: a ROC curve
// ({kind: "roc"}) or a calibration chart ({kind: "calibration"}), built in assessment/validation_views.py.
function drawValidationChart(canvas, spec) {
  const rtl = document.documentElement.dir === "rtl";
  const dashed = { borderDash: [6, 4], pointRadius: 0, borderWidth: 1, fill: false };
  const axis = (title) => ({ min: 0, max: 1, title: { display: true, text: title } });
  if (spec.kind === "roc") {
    new Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [
          { label: spec.curve, data: spec.points.map(([x, y]) => ({ x, y })), showLine: true, borderColor: "#0d6efd", backgroundColor: "#0d6efd" },
          { label: spec.chance, data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderColor: "#6c757d", ...dashed },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        locale: document.documentElement.lang,
        plugins: { legend: { rtl: rtl } },
        scales: { x: { type: "linear", reverse: rtl, ...axis(spec.x) }, y: { position: rtl ? "right" : "left", ...axis(spec.y) } },
      },
    });
    return;
  }
  const flat = (value) => spec.labels.map(() => value);
  const datasets = [
    { label: spec.names.observed, data: spec.observed, borderColor: "#dc3545", backgroundColor: "#dc3545", fill: false },
    { label: spec.names.low, data: spec.low, borderColor: "#f1aeb5", ...dashed },
    { label: spec.names.high, data: spec.high, borderColor: "#f1aeb5", ...dashed },
    { label: spec.names.base_rate, data: flat(spec.base_rate), borderColor: "#6c757d", ...dashed },
  ];
  if (spec.diagonal) datasets.push({ label: spec.names.diagonal, data: spec.diagonal, borderColor: "#198754", ...dashed });
  new Chart(canvas, {
    type: "line",
    data: { labels: spec.labels, datasets: datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      locale: document.documentElement.lang,
      plugins: { legend: { rtl: rtl } },
      scales: {
        x: { reverse: rtl, title: { display: true, text: spec.x } },
        y: { position: rtl ? "right" : "left", ...axis(spec.y) },
      },
    },
  });
}

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("canvas[data-validation-chart]").forEach((canvas) => {
    drawValidationChart(canvas, JSON.parse(document.getElementById(canvas.dataset.validationChart).textContent));
  });
});
// --- end of local validation ------------------------------------------------------------------
