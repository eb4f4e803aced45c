/** View model → one self-contained HTML page (chart library inlined, no network at view time). */
import { buildCharts, type ChartSpec } from './charts.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { escapeHtml, jsonForScript, scriptSafe } from './escape.js';
import type { DashboardData } from './model.js';
import {
  chartCard,
  chartSection,
  currencyTable,
  fulfilmentTiles,
  kpiSection,
  pipelineTiles,
  regionsTable,
  storesTable,
  topCustomersTable,
} from './sections.js';
import { STYLES } from './styles.js';

export interface RenderOptions {
  /** Source of the ECharts browser bundle, inlined into the page. */
  readonly chartLibrary: string;
}

/** Renders the whole dashboard page. */
export function renderDashboard(data: DashboardData, options: RenderOptions): string {
  const charts = buildCharts(data);
  const chart = (id: string): ChartSpec | undefined => charts.find((spec) => spec.id === id);
  const period = data.period ? `${data.period.from} – ${data.period.to}` : 'no orders yet';
  const payload = { reportingCurrency: data.reportingCurrency, charts };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>salesflow dashboard — ${escapeHtml(period)}</title>
<style>${STYLES}</style>
</head>
<body>
<header>
<h1>salesflow — sales dashboard</h1>
<p>Period <strong>${escapeHtml(period)}</strong> (UTC) · amounts in <strong>${escapeHtml(data.reportingCurrency)}</strong> at each event’s daily ECB rate · generated ${escapeHtml(data.generatedAt)}</p>
</header>
<main>
${kpiSection(data)}
${chartSection('revenue', 'Revenue over time', [chartCard(chart('chart-revenue-over-time'), true)])}
${chartSection('breakdowns', 'Where sales come from', [
  chartCard(chart('chart-sales-by-country')),
  chartCard(chart('chart-sales-by-channel')),
  chartCard(chart('chart-sales-by-category')),
])}
${chartSection('currencies', 'Currencies and payments', [
  chartCard(chart('chart-currency-mix')),
  currencyTable(data),
  chartCard(chart('chart-payment-methods')),
])}
${chartSection('customers', 'Customers', [chartCard(chart('chart-rfm-segments')), topCustomersTable(data)])}
${chartSection('stores', 'Stores and refunds', [storesTable(data), chartCard(chart('chart-refunds-by-reason'))])}
<section id="fulfilment"><h2>Fulfilment</h2>${fulfilmentTiles(data)}<div class="grid" style="margin-top:12px">${chartCard(chart('chart-delivery-time'))}${chartCard(chart('chart-on-time-rate'))}${chartCard(chart('chart-late-by-carrier'))}${chartCard(chart('chart-late-by-country'))}${regionsTable(data)}</div></section>
<section id="pipeline"><h2>Pipeline health</h2>${pipelineTiles(data)}<div class="grid" style="margin-top:12px">${chartCard(chart('chart-rejections-by-reason'))}${chartCard(chart('chart-conflicts-by-reason'))}${chartCard(chart('chart-arrival-delay'))}</div></section>
</main>
<footer>Built from the Gold marts of the salesflow warehouse. Net sales are item sales after discounts, before tax and shipping; revenue is the order total.</footer>
<script type="application/json" id="dashboard-data">${jsonForScript(payload)}</script>
<script>${scriptSafe(options.chartLibrary)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
