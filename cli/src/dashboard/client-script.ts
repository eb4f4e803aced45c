/**
 * The script the page runs: it reads the embedded chart specs and draws them with the inlined
 * ECharts. Plain ES2017 in a string, because it runs in the browser, not in Node.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var payload = JSON.parse(document.getElementById('dashboard-data').textContent);
  var currency = payload.reportingCurrency;
  var moneyFormat = safeFormat({ style: 'currency', currency: currency, maximumFractionDigits: 0 });
  var compactMoney = safeFormat({ style: 'currency', currency: currency, notation: 'compact', maximumFractionDigits: 1 });
  var countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

  function safeFormat(options) {
    try { return new Intl.NumberFormat('en-US', options); }
    catch (error) { return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }); }
  }
  function formatter(unit, compact) {
    if (unit === 'money') return function (value) { return (compact ? compactMoney : moneyFormat).format(value); };
    if (unit === 'percent') return function (value) { return percentFormat.format(value); };
    return function (value) { return countFormat.format(value); };
  }

  var charts = [];
  payload.charts.forEach(function (spec) {
    var element = document.getElementById(spec.id);
    if (!element || spec.points === 0) return;
    var option = spec.option;
    var axes = option.yAxis ? [].concat(option.yAxis) : [];
    axes.forEach(function (axis, index) {
      axis.axisLabel = Object.assign({}, axis.axisLabel, { formatter: formatter(spec.axisUnits[index] || 'count', true) });
    });
    [].concat(option.series).forEach(function (series, index) {
      series.tooltip = Object.assign({}, series.tooltip, { valueFormatter: formatter(spec.seriesUnits[index] || 'count', false) });
    });
    var chart = echarts.init(element, null, { renderer: 'canvas' });
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener('resize', function () { charts.forEach(function (chart) { chart.resize(); }); });
  document.documentElement.setAttribute('data-charts-rendered', String(charts.length));
})();
`;
