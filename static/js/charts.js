/* Aglomera charts: draws every element with data-chart-source from the JSON block it names
 * (<script type="application/json" id=...>, written by the server) with plotly.js. No inline
 * code: loaded with the CSP nonce; redrawn after htmx swaps new results in. */
(function () {
  "use strict";

  function traces(spec) {
    return spec.series.map(function (series) {
      var trace = { name: series.name, x: spec.labels, y: series.values };
      if (spec.kind === "line") {
        trace.type = "scatter";
        trace.mode = "lines+markers";
        trace.line = { shape: "hv", dash: series.dash || "solid" };
      } else {
        trace.type = "bar";
      }
      return trace;
    });
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-chart-source"));
    if (!source || typeof window.Plotly === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var layout = {
      barmode: "group",
      separators: spec.separators || ".,",
      height: 360,
      margin: { t: 20, r: 20, b: 60, l: 20 },
      legend: { orientation: "h", y: -0.2 },
      yaxis: {
        title: { text: spec.unit },
        rangemode: "tozero",
        tickformat: spec.tickformat || ",.0f",
        automargin: true
      },
      xaxis: { type: "category", automargin: true },
      paper_bgcolor: "#fff",
      plot_bgcolor: "#fff"
    };
    window.Plotly.newPlot(container, traces(spec), layout, {
      displaylogo: false,
      responsive: true,
      modeBarButtonsToRemove: ["lasso2d", "select2d"]
    });
  }

  function drawAll() {
    document.querySelectorAll("[data-chart-source]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
  document.addEventListener("htmx:historyRestore", drawAll);
})();
