// 领导驾驶舱: each .dash-panel fetches its JSON (data-url) and draws it with ECharts;
// "表格" shows the same rows as a table; a click on a bar with a link drills down.
// No inline scripts or styles (CSP): everything is built here with DOM methods.
(function () {
  "use strict";

  const charts = new Map(); // panel element -> echarts instance
  const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';
  const PALETTE = ["#a4161a", "#3b6fb6", "#f0ad00", "#198754", "#6f42c1", "#fd7e14", "#20c997", "#6c757d", "#d63384", "#0dcaf0"];

  function pct(value) {
    return value === null || value === undefined ? "—" : (value * 100).toFixed(1) + "%";
  }

  function cellText(value, kind) {
    if (value === null || value === undefined || value === "") {
      return kind === "text" ? "" : "—";
    }
    return kind === "percent" ? pct(value) : String(value);
  }

  function withColors(series) {
    return series.map((s) => (s.color ? { itemStyle: { color: s.color } } : {}));
  }

  function baseOption() {
    return {
      textStyle: { fontFamily: FONT },
      color: PALETTE,
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    };
  }

  function axisLabel(percent) {
    return percent ? { formatter: (v) => Math.round(v * 100) + "%" } : {};
  }

  function barOption(chart, stacked) {
    const option = baseOption();
    const many = chart.categories.length > 8 || chart.categories.join("").length > 26;
    option.xAxis = {
      type: "category",
      data: chart.categories,
      // every label shown: upright when few, slanted when many, vertical (and cut to
      // 6 characters, the table view has them whole) when a row of 27 townships must fit
      axisLabel: chart.categories.length > 16
        ? { interval: 0, rotate: 90, width: 84, overflow: "truncate", fontSize: 11 }
        : { interval: 0, rotate: many ? 40 : 0, hideOverlap: false },
    };
    option.yAxis = { type: "value", axisLabel: axisLabel(chart.percent), max: chart.percent ? 1 : null, minInterval: chart.percent ? 0 : 1 };
    const colors = withColors(chart.series);
    option.series = chart.series.map((s, i) => ({
      name: s.name,
      type: "bar",
      stack: stacked ? "total" : undefined,
      data: s.data,
      barMaxWidth: 36,
      cursor: chart.links.some(Boolean) ? "pointer" : "default",
      label: chart.percent ? { show: true, position: "top", formatter: (p) => pct(p.value) } : undefined,
      ...colors[i],
    }));
    if (chart.percent) option.tooltip.valueFormatter = pct;
    return option;
  }

  function pyramidOption(chart) {
    const option = baseOption();
    const [left, right] = chart.series;
    option.tooltip.valueFormatter = (v) => Math.abs(v);
    option.xAxis = { type: "value", minInterval: 1, axisLabel: { formatter: (v) => Math.abs(v) } };
    option.yAxis = { type: "category", data: chart.categories, axisTick: { show: false } };
    option.series = [
      { name: left.name, type: "bar", stack: "p", data: left.data.map((v) => -v), itemStyle: { color: left.color },
        label: { show: true, position: "insideLeft", formatter: (p) => (p.value ? Math.abs(p.value) : ""), color: "#fff" } },
      { name: right.name, type: "bar", stack: "p", data: right.data, itemStyle: { color: right.color },
        label: { show: true, position: "insideRight", formatter: (p) => (p.value ? p.value : ""), color: "#fff" } },
    ];
    return option;
  }

  function lineOption(chart) {
    const option = baseOption();
    option.tooltip = { trigger: "axis", renderMode: "richText", valueFormatter: chart.percent ? pct : undefined };
    option.legend = { top: 0, type: "scroll" };
    option.grid.top = 48;
    option.xAxis = { type: "category", data: chart.categories, boundaryGap: false };
    option.yAxis = { type: "value", axisLabel: axisLabel(chart.percent), min: 0, max: chart.percent ? 1 : null };
    option.series = chart.series.map((s) => ({ name: s.name, type: "line", data: s.data, connectNulls: true, symbolSize: 6 }));
    return option;
  }

  function pieOption(chart) {
    const series = chart.series[0];
    return {
      textStyle: { fontFamily: FONT },
      color: PALETTE,
      animation: false,
      tooltip: { trigger: "item", renderMode: "richText", formatter: "{b}：{c}人（{d}%）" },
      legend: { type: "scroll", orient: "vertical", right: 0, top: "middle" },
      series: [{
        name: series.name,
        type: "pie",
        radius: ["35%", "70%"],
        center: ["40%", "50%"],
        data: chart.categories.map((name, i) => ({ name, value: series.data[i] })).filter((d) => d.value > 0),
        label: { formatter: "{b}\n{c}人" },
      }],
    };
  }

  function funnelOption(chart) {
    const series = chart.series[0];
    return {
      textStyle: { fontFamily: FONT },
      color: PALETTE,
      animation: false,
      tooltip: { trigger: "item", renderMode: "richText", formatter: "{b}：{c}人" },
      series: [{
        name: series.name,
        type: "funnel",
        sort: "none",
        left: "10%",
        width: "80%",
        minSize: "20%",
        max: Math.max(1, ...series.data),
        label: { show: true, position: "inside", formatter: "{b}  {c}人", color: "#fff" },
        data: chart.categories.map((name, i) => ({ name, value: series.data[i] })),
      }],
    };
  }

  function optionFor(chart) {
    switch (chart.kind) {
      case "stack": return barOption(chart, true);
      case "bar": return barOption(chart, false);
      case "pyramid": return pyramidOption(chart);
      case "line": return lineOption(chart);
      case "pie": return pieOption(chart);
      case "funnel": return funnelOption(chart);
      default: return null;
    }
  }

  function drawKpi(el, chart) {
    el.replaceChildren();
    const values = chart.series[0].data;
    chart.categories.forEach((label, i) => {
      const link = chart.links[i];
      const tile = document.createElement(link ? "a" : "div");
      tile.className = "dash-kpi";
      if (link) tile.href = link;
      const value = document.createElement("div");
      value.className = "dash-kpi-value";
      value.textContent = values[i];
      value.dataset.kpi = label;
      const name = document.createElement("div");
      name.className = "dash-kpi-label";
      name.textContent = label;
      tile.append(value, name);
      el.append(tile);
    });
  }

  function drawTable(el, data) {
    const table = document.createElement("table");
    table.className = "table table-sm table-bordered align-middle mb-0";
    const head = table.createTHead().insertRow();
    data.columns.forEach((c) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = c.label;
      if (c.kind !== "text") th.className = "text-end";
      head.append(th);
    });
    const body = table.createTBody();
    data.rows.forEach((row, r) => {
      const tr = body.insertRow();
      row.forEach((value, i) => {
        const column = data.columns[i];
        const td = tr.insertCell();
        const text = cellText(value, column.kind);
        const link = i === 0 ? data.row_links[r] : null;
        if (link) {
          const a = document.createElement("a");
          a.href = link;
          a.textContent = text;
          td.append(a);
        } else {
          td.textContent = text;
        }
        if (column.kind !== "text") td.className = "text-end";
      });
    });
    if (!data.rows.length) {
      const td = body.insertRow().insertCell();
      td.colSpan = data.columns.length;
      td.className = "text-muted";
      td.textContent = "暂无数据";
    }
    el.replaceChildren(table);
  }

  function isEmpty(chart) {
    return !chart.categories.length || chart.series.every((s) => s.data.every((v) => !v));
  }

  function draw(panel, data) {
    const chartEl = panel.querySelector(".dash-chart");
    const status = panel.querySelector(".dash-status");
    panel.querySelector(".dash-subtitle").textContent = data.subtitle || "";
    panel.querySelector(".dash-note").textContent = data.note || "";
    drawTable(panel.querySelector(".dash-table"), data);
    status.textContent = "";
    status.hidden = true;
    const chart = data.chart;
    if (chart.kind === "kpi") {
      drawKpi(chartEl, chart);
      return;
    }
    if (isEmpty(chart)) {
      chartEl.classList.add("dash-chart-empty");
      chartEl.textContent = "暂无数据";
      return;
    }
    const instance = echarts.init(chartEl, null, { renderer: "canvas" });
    instance.setOption(optionFor(chart));
    instance.on("click", (params) => {
      const link = chart.links[params.dataIndex];
      if (link) window.location.href = link;
    });
    charts.set(panel, instance);
  }

  function load(panel) {
    fetch(panel.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then((data) => draw(panel, data))
      .catch(() => {
        const status = panel.querySelector(".dash-status");
        status.textContent = "数据加载失败，请刷新页面重试";
        status.classList.add("text-danger");
      });
  }

  function toggle(panel, view) {
    const table = view === "table";
    panel.querySelector(".dash-table").hidden = !table;
    panel.querySelector(".dash-chart").hidden = table;
    panel.querySelectorAll("[data-view]").forEach((b) => {
      const on = b.dataset.view === view;
      b.classList.toggle("active", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    if (!table && charts.has(panel)) charts.get(panel).resize();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-view]");
    if (button) toggle(button.closest(".dash-panel"), button.dataset.view);
  });

  // Print on A4 landscape: two charts a row, each about 125 mm wide. The canvases are
  // redrawn at that size before printing and back to the screen size afterwards.
  const PRINT_SIZE = { wide: { width: 1000, height: 300 }, half: { width: 480, height: 260 } };
  function resizeForPrint() {
    charts.forEach((chart, panel) => {
      const size = panel.closest(".dash-wide") ? PRINT_SIZE.wide : PRINT_SIZE.half;
      chart.resize(size);
    });
  }
  function resizeForScreen() {
    charts.forEach((chart) => chart.resize({ width: "auto", height: "auto" }));
  }
  window.addEventListener("beforeprint", resizeForPrint);
  window.addEventListener("afterprint", resizeForScreen);
  if (window.matchMedia) {
    window.matchMedia("print").addEventListener("change", (m) => (m.matches ? resizeForPrint() : resizeForScreen()));
  }
  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(() => charts.forEach((chart) => chart.resize()), 150);
  });

  document.querySelectorAll(".dash-panel[data-url]").forEach(load);
})();
