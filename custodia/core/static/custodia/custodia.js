// Custodia's own behaviour, kept out of the pages so that the Content Security Policy can
// forbid inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  // A list that applies its choice at once (the language, a worklist's prison): a choice made with
  // the mouse sends the form. From the keyboard the arrow keys only move through the choices, since
  // each would otherwise load a new page (WCAG 3.2.2); Enter, or leaving the list, applies the choice.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    let applied = select.value;
    let fromKeyboard = false;
    const apply = () => {
      if (select.value === applied) return;
      applied = select.value;
      select.form.submit();
    };
    select.addEventListener("pointerdown", () => { fromKeyboard = false; });
    select.addEventListener("keydown", (event) => {
      fromKeyboard = true;
      if (event.key === "Enter") {
        event.preventDefault();
        apply();
      }
    });
    select.addEventListener("change", () => { if (!fromKeyboard) apply(); });
    select.addEventListener("blur", apply);
  });

  // The top menu folds behind a button on narrow screens: Bootstrap's navbar, without its script.
  document.querySelectorAll("[data-menu-toggle]").forEach((button) => {
    const menu = document.getElementById(button.getAttribute("aria-controls"));
    button.addEventListener("click", () => {
      button.setAttribute("aria-expanded", String(menu.classList.toggle("show")));
    });
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

// --- Error summary (templates/core/error_summary.html) ------------------------------------------
// A refused form opens with the focus on the summary of what to correct, so that a screen reader
// reads it first and the keyboard starts there; each link puts the focus in the field it names.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    // A group of radio buttons is linked by the element around it: the focus goes to its first choice.
    const field = target.matches("input, select, textarea") ? target : target.querySelector("input:not([disabled]), select, textarea");
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });
});

// --- Movement form (register/movement_form.html) ---------------------------------------------
// Every field is on the page without JavaScript, each saying when it is needed; here only the
// fields of the chosen movement are shown. A field only some movements use names them in
// data-movement-kinds; the server drops what a field of another movement holds.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-movement-form]");
  const kind = form && form.querySelector("select[name=kind]");
  if (!kind) return;
  const showTheChosenMovementsFields = () => {
    form.querySelectorAll("[data-movement-kinds]").forEach((wrapper) => {
      wrapper.hidden = !wrapper.dataset.movementKinds.split(" ").includes(kind.value);
    });
  };
  kind.addEventListener("change", showTheChosenMovementsFields);
  showTheChosenMovementsFields();
});
// --- end of movement form ---------------------------------------------------------------------

// --- Incident report form (incidents/incident_form.html) ----------------------------------------
// Each kind of incident asks its own questions; all are on the page without JavaScript, each
// under its kind's name. Here only the questions of the chosen kind are shown; the server keeps
// only the answers of the chosen kind.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-incident-form]");
  const kind = form && form.querySelector("select[name=type_code]");
  if (!kind) return;
  const showTheChosenKindsQuestions = () => {
    form.querySelectorAll("[data-incident-kind]").forEach((group) => {
      group.hidden = group.dataset.incidentKind !== kind.value;
    });
  };
  kind.addEventListener("change", showTheChosenKindsQuestions);
  showTheChosenKindsQuestions();
});
// --- end of incident report form --------------------------------------------------------------
