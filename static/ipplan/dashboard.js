// The dashboards' small scripts: filters submit on change, indicator charts (vendored
// ECharts), export job progress. Everything works without them except the charts.
(function () {
  "use strict";

  var filters = document.getElementById("dashboard-filters");
  if (filters) {
    filters.addEventListener("change", function () { filters.submit(); });
  }

  // Axis labels read 2013年12月, tooltips 2013年12月31日 (like the pages' dates).
  function monthText(value) { var d = new Date(value); return d.getFullYear() + "年" + (d.getMonth() + 1) + "月"; }
  function dayText(value) { var d = new Date(value); return monthText(value) + d.getDate() + "日"; }
  function lowest(a, b) { return b === null ? a : Math.min(a, b); }
  function niceCeiling(x) {
    if (!(x > 0)) { return x; }
    var step = Math.pow(10, Math.floor(Math.log10(x))) / 2;
    return Math.ceil(x * 1.05 / step) * step;
  }

  var data = document.getElementById("chart-data");
  if (data && window.echarts) {
    var colours = { exceeded: "#2b8a3e", met: "#0ca678", nearly_met: "#e67700", not_met: "#c92a2a", no_data: "#868e96" };
    JSON.parse(data.textContent).forEach(function (chart) {
      var node = document.querySelector('[data-chart="' + chart.id + '"]');
      if (!node) { return; }
      if (!chart.actual.length && !chart.trajectory.length) {
        // An empty frame of axes would look like a chart of nothing: say it instead.
        node.classList.add("db-chart-empty");
        node.textContent = "暂无可绘制的数据（还没有实际值，也没有从基准到目标的序时进度）。";
        return;
      }
      var series = [
        { name: "实际值", type: "line", data: chart.actual, symbolSize: 7, lineStyle: { width: 3 },
          itemStyle: { color: colours[chart.rating] || "#1d4ed8" } },
        { name: "序时进度", type: "line", data: chart.trajectory, symbol: "none",
          lineStyle: { type: "dashed", color: "#868e96" }, itemStyle: { color: "#868e96" } }
      ];
      if (chart.target !== null) {
        series[1].markLine = { silent: true, symbol: "none", data: [{ yAxis: chart.target, name: "目标" }],
          lineStyle: { color: "#b42318" }, label: { formatter: "目标 {c}", color: "#b42318", position: "insideEndTop" } };
      }
      var instance = window.echarts.init(node, null, { renderer: "svg" });
      instance.setOption({
        animation: false,
        grid: { left: 64, right: 24, top: 30, bottom: 28 },
        legend: { top: 0, textStyle: { fontSize: 11 } },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + (chart.unit || ""); },
          axisPointer: { label: { formatter: function (p) { return dayText(p.value); } } } },
        xAxis: { type: "time", splitNumber: 4, axisLabel: { formatter: monthText, hideOverlap: true } },
        // The target is always on the chart: the axis spans from 0 (or the lowest value) to
        // whichever is higher, the data or the target.
        yAxis: { type: "value", name: chart.unit,
          min: function (v) { var low = lowest(v.min, chart.target); return low >= 0 ? 0 : low; },
          max: function (v) { return niceCeiling(chart.target === null ? v.max : Math.max(v.max, chart.target)); } },
        series: series
      });
      window.addEventListener("resize", function () { instance.resize(); });
    });
  }

  var job = document.getElementById("export-job");
  if (job) {
    var poll = function () {
      fetch(job.dataset.statusUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          job.querySelector('[data-role="status"]').textContent = state.status_display;
          job.querySelector('[data-role="status"]').className = "badge " + state.status;
          job.querySelector('[data-role="percent"]').textContent = state.progress + "%";
          job.querySelector('[data-role="bar"]').style.width = state.progress + "%";
          job.querySelector('[data-role="message"]').textContent = state.message;
          if (state.download) { job.querySelector('[data-role="download"]').hidden = false; }
          if (!state.finished) { setTimeout(poll, 800); }
        });
    };
    poll();
  }
})();
