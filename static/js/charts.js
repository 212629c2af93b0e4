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
        trace.line = { shape: "hv" };
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
      height: 280,
      margin: { t: 10, r: 10, b: 10, l: 10 },
      // Above the plot: below it, the legend covered the rotated labels of the x axis.
      legend: { orientation: "h", x: 0, y: 1, yanchor: "bottom" },
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
    // No mode bar: its buttons would be interactive elements inside the container, which is an
    // image to assistive technology (role="img"; axe nested-interactive). The figures are in the
    // table and the CSV below every chart.
    window.Plotly.newPlot(container, traces(spec), layout, {
      displayModeBar: false,
      responsive: true
    });
  }

  function drawAll() {
    document.querySelectorAll("[data-chart-source]").forEach(draw);
  }

  // A table the reader opened stays open when a filter swaps new results in.
  var opened = [];
  document.addEventListener("htmx:beforeSwap", function () {
    opened = Array.prototype.map.call(document.querySelectorAll("details.table[open][id]"), function (d) {
      return d.id;
    });
  });
  function reopen() {
    opened.forEach(function (id) {
      var details = document.getElementById(id);
      if (details) {
        details.open = true;
      }
    });
    opened = [];
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", function () {
    reopen();
    drawAll();
  });
  document.addEventListener("htmx:historyRestore", drawAll);
})();
