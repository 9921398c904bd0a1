// The overview's charts (uPlot, from the uplot webjar), redrawn from /overview/samples every five seconds.
(function () {
  "use strict";
  const OUTCOMES = ["COMPLETED", "REJECTED", "COMPENSATION_FAILED"];
  const charts = {};

  function draw(id, series, data, options) {
    const element = document.getElementById(id);
    if (charts[id]) {
      charts[id].setData(data);
      return;
    }
    charts[id] = new uPlot(Object.assign({
      width: Math.max(400, element.clientWidth || 900),
      height: 220,
      series: [{}].concat(series),
    }, options || {}), data, element);
  }

  function update() {
    fetch("/overview/samples").then(function (response) { return response.json(); }).then(function (samples) {
      document.getElementById("no-samples").hidden = samples.length > 0;
      if (samples.length === 0) return;
      const times = samples.map(function (s) { return Date.parse(s.at) / 1000; });
      const ended = samples.map(function (s) { return s.endedPerSecond.reduce(function (a, b) { return a + b; }, 0); });
      draw("chart-rate", [
        { label: "started/s", stroke: "#2f5fd0" },
        { label: "ended/s", stroke: "#1f8a4c" },
      ], [times, samples.map(function (s) { return s.startedPerSecond; }), ended]);
      draw("chart-outcomes", OUTCOMES.map(function (outcome, i) {
        return { label: outcome + " %", stroke: ["#1f8a4c", "#b9770e", "#c0392b"][i] };
      }), [times].concat(OUTCOMES.map(function (outcome, i) {
        return samples.map(function (s, j) { return ended[j] > 0 ? 100 * s.endedPerSecond[i] / ended[j] : null; });
      })));
      // Log scale, so a few slow sagas do not flatten the typical ones.
      draw("chart-latency", [
        { label: "p50", stroke: "#1f8a4c" },
        { label: "p90", stroke: "#b9770e" },
        { label: "p99", stroke: "#c0392b" },
      ], [times,
        samples.map(function (s) { return s.p50Millis > 0 ? s.p50Millis : null; }),
        samples.map(function (s) { return s.p90Millis > 0 ? s.p90Millis : null; }),
        samples.map(function (s) { return s.p99Millis > 0 ? s.p99Millis : null; })],
        { scales: { y: { distr: 3 } } });
    });
  }

  update();
  setInterval(update, 5000);
})();
