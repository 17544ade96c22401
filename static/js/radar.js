// Radar chart of one person's item scores against the pool average (积分排序).
// Each .radar-chart element names its JSON in data-radar-url (pool:ranking_radar);
// data-radar-compact="1" draws a smaller chart whose labels fit a narrow column (the
// cadre profile, on screen and on A4).
(function () {
  "use strict";

  function draw(el, data) {
    var compact = el.dataset.radarCompact === "1";
    // SVG: sharp when the page is printed (the cadre profile prints the radar).
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: {},
      legend: {
        bottom: 0,
        data: [data.name, "库内平均"],
        itemWidth: compact ? 14 : 25,
        textStyle: compact ? { fontSize: 10 } : {}
      },
      radar: {
        indicator: data.indicators,
        radius: compact ? "55%" : "65%",
        center: ["50%", compact ? "47%" : "50%"],
        axisName: compact ? { fontSize: 10 } : {}
      },
      series: [{
        type: "radar",
        data: [
          { name: data.name, value: data.person, areaStyle: { opacity: 0.2 } },
          { name: "库内平均", value: data.average, lineStyle: { type: "dashed" } }
        ]
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.ready = "1";
  }

  function init() {
    document.querySelectorAll(".radar-chart[data-radar-url]").forEach(function (el) {
      fetch(el.dataset.radarUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) { draw(el, data); })
        .catch(function () { el.textContent = "雷达图加载失败"; });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
