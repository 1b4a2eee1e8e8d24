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
