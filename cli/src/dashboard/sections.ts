/** HTML of each dashboard section. Every piece of data text goes through escapeHtml. */
import type { ChartSpec } from './charts.js';
import { escapeHtml } from './escape.js';
import { formatCount, formatMoney, formatPercent, humanize } from './format.js';
import type { DashboardData } from './model.js';

interface Tile {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
}

function tiles(items: readonly Tile[]): string {
  const cells = items.map(
    (tile) =>
      `<div class="tile"><div class="label">${escapeHtml(tile.label)}</div><div class="value">${escapeHtml(tile.value)}</div>` +
      (tile.note ? `<div class="note">${escapeHtml(tile.note)}</div>` : '') +
      '</div>',
  );
  return `<div class="tiles">${cells.join('')}</div>`;
}

/** A chart container, or a note when the chart has nothing to draw. */
export function chartCard(spec: ChartSpec | undefined, wide = false): string {
  if (!spec) return '';
  const body =
    spec.points > 0
      ? `<div id="${escapeHtml(spec.id)}" class="chart${wide ? ' wide' : ''}" role="img" aria-label="${escapeHtml(spec.title)}"></div>`
      : `<h3>${escapeHtml(spec.title)}</h3><div class="empty" data-empty-chart="${escapeHtml(spec.id)}">No data yet</div>`;
  return `<div class="card">${body}</div>`;
}

interface Column<T> {
  readonly header: string;
  readonly numeric?: boolean;
  /** Identifiers and codes: never broken across lines. */
  readonly code?: boolean;
  readonly cell: (row: T) => string;
}

function cellClass(column: { readonly numeric?: boolean; readonly code?: boolean }): string {
  return column.numeric ? ' class="num"' : column.code ? ' class="code"' : '';
}

function table<T>(
  id: string,
  caption: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  /** Spans the whole row of the grid (a table too wide for one column). */
  span = false,
): string {
  const head = columns
    .map((column) => `<th${cellClass(column)} scope="col">${escapeHtml(column.header)}</th>`)
    .join('');
  const body =
    rows.length > 0
      ? rows
          .map(
            (row) =>
              `<tr>${columns.map((column) => `<td${cellClass(column)}>${escapeHtml(column.cell(row))}</td>`).join('')}</tr>`,
          )
          .join('')
      : `<tr><td colspan="${columns.length}" class="empty-row">No data yet</td></tr>`;
  return `<div class="card${span ? ' span' : ''}"><table id="${escapeHtml(id)}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function kpiSection(data: DashboardData): string {
  const k = data.kpis;
  const c = data.reportingCurrency;
  return `<section id="kpis"><h2>Key figures</h2>${tiles([
    {
      label: 'Gross revenue',
      value: formatMoney(k.grossRevenue, c),
      note: 'orders placed, incl. tax and shipping',
    },
    { label: 'Net revenue', value: formatMoney(k.netRevenue, c), note: 'after refunds' },
    { label: 'Orders', value: formatCount(k.orders) },
    {
      label: 'Average order value',
      value: formatMoney(k.averageOrderValue, c),
      note: 'gross revenue ÷ orders',
    },
    { label: 'Refund rate', value: formatPercent(k.refundRate), note: 'refunded ÷ gross revenue' },
    {
      label: 'Active customers',
      value: formatCount(k.activeCustomers),
      note: `ordered in the last ${k.activeWindowDays} days`,
    },
  ])}</section>`;
}

export function chartSection(id: string, heading: string, cards: readonly string[]): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(heading)}</h2><div class="grid">${cards.join('')}</div></section>`;
}

export function currencyTable(data: DashboardData): string {
  const c = data.reportingCurrency;
  return table(
    'table-currency-mix',
    'Revenue by transaction currency',
    [
      { header: 'Currency', code: true, cell: (row) => row.currency },
      { header: 'Orders', numeric: true, cell: (row) => formatCount(row.orders) },
      {
        header: 'Revenue (original)',
        numeric: true,
        cell: (row) => formatMoney(row.revenueOriginal, row.currency),
      },
      {
        header: `Revenue (${c})`,
        numeric: true,
        cell: (row) => formatMoney(row.revenueReporting, c),
      },
    ],
    data.currencyMix,
  );
}

export function topCustomersTable(data: DashboardData): string {
  const c = data.reportingCurrency;
  return table(
    'table-top-customers',
    `Top customers by lifetime net spend (${c})`,
    [
      { header: '#', numeric: true, cell: (row) => String(row.rank) },
      { header: 'Customer', cell: (row) => row.displayName || row.customerId },
      { header: 'Customer id', code: true, cell: (row) => row.customerId },
      { header: 'Country', code: true, cell: (row) => row.country },
      { header: 'Loyalty tier', cell: (row) => humanize(row.loyaltyTier) },
      { header: 'Orders', numeric: true, cell: (row) => formatCount(row.orders) },
      {
        header: `Net spend (${c})`,
        numeric: true,
        cell: (row) => formatMoney(row.lifetimeNetSpend, c),
      },
    ],
    data.topCustomers,
  );
}

export function storesTable(data: DashboardData): string {
  const c = data.reportingCurrency;
  return table(
    'table-stores',
    `Store performance (${c})`,
    [
      { header: 'Store', cell: (row) => row.storeName },
      { header: 'Store id', code: true, cell: (row) => row.storeId },
      { header: 'Channel', cell: (row) => humanize(row.channel) },
      { header: 'Country', code: true, cell: (row) => row.country },
      { header: 'Orders', numeric: true, cell: (row) => formatCount(row.orders) },
      { header: `Revenue (${c})`, numeric: true, cell: (row) => formatMoney(row.revenue, c) },
      { header: `AOV (${c})`, numeric: true, cell: (row) => formatMoney(row.averageOrderValue, c) },
      { header: 'Days to ship', numeric: true, cell: (row) => formatDays(row.averageDaysToShip) },
      { header: 'On time', numeric: true, cell: (row) => formatShare(row.onTimeRate) },
    ],
    data.stores,
    true,
  );
}

/** "–" where there is nothing to average yet. */
function formatDays(days: number | null): string {
  return days === null ? '–' : `${days.toFixed(1)} d`;
}

function formatShare(share: number | null): string {
  return share === null ? '–' : formatPercent(share);
}

export function fulfilmentTiles(data: DashboardData): string {
  const f = data.fulfilment;
  return tiles([
    {
      label: 'Orders shipped',
      value: formatCount(f.shipped),
      note: `${formatCount(f.delivered)} delivered, ${formatCount(f.inTransit)} in transit`,
    },
    {
      label: 'On-time rate',
      value: formatShare(f.onTimeRate),
      note: 'delivered on or before the promised date',
    },
    {
      label: 'Days to deliver',
      value: formatDays(f.averageDaysToDeliver),
      note: `average; 90 % within ${f.p90DaysToDeliver === null ? '–' : formatCount(f.p90DaysToDeliver)} days`,
    },
    {
      label: 'Days to ship',
      value: formatDays(f.averageDaysToShip),
      note: 'average, order to shipment',
    },
  ]);
}

export function regionsTable(data: DashboardData): string {
  const c = data.reportingCurrency;
  return table(
    'table-regions',
    `Orders by customer region (${c})`,
    [
      { header: 'Country', code: true, cell: (row) => row.country },
      { header: 'Region', cell: (row) => row.region || '(not sent)' },
      { header: 'Orders', numeric: true, cell: (row) => formatCount(row.orders) },
      {
        header: `Net revenue (${c})`,
        numeric: true,
        cell: (row) => formatMoney(row.netRevenue, c),
      },
      { header: `AOV (${c})`, numeric: true, cell: (row) => formatMoney(row.averageOrderValue, c) },
    ],
    data.fulfilment.regions,
  );
}

export function pipelineTiles(data: DashboardData): string {
  const p = data.pipeline;
  const rejected = p.rejectionsByReason.reduce((sum, slice) => sum + slice.value, 0);
  const conflicts = p.conflictsByReason.reduce((sum, slice) => sum + slice.value, 0);
  return tiles([
    {
      label: 'Rejected messages',
      value: formatCount(rejected),
      note: 'kept in Bronze with their reason',
    },
    {
      label: 'Conflicts resolved',
      value: formatCount(conflicts),
      note: 'losing events kept in silver.int_order_conflicts with the event that won',
    },
    {
      label: 'Late events',
      value: formatPercent(p.distinctEvents > 0 ? p.lateEvents / p.distinctEvents : 0),
      note: `${formatCount(p.lateEvents)} of ${formatCount(p.distinctEvents)} landed over ${p.lateThresholdHours} h after they happened`,
    },
    {
      label: 'Duplicates removed',
      value: formatCount(p.duplicatesRemoved),
      note: `${formatCount(p.bronzeRows)} Bronze rows → ${formatCount(p.distinctEvents)} distinct events`,
    },
  ]);
}
