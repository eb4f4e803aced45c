/**
 * ECharts options for every chart, built from the view model as plain JSON (no functions), so they
 * can be embedded as data. The client adds number formatters from each spec's units.
 */
import { humanize } from './format.js';
import type { DashboardData, Slice } from './model.js';

/** How a value is formatted: money in the reporting currency, a count, or a 0..1 share. */
export type ValueUnit = 'money' | 'count' | 'percent';

/** One chart on the page. */
export interface ChartSpec {
  /** DOM id of the chart's container. */
  readonly id: string;
  readonly title: string;
  /** Units of the option's y (or value) axes, in order. */
  readonly axisUnits: readonly ValueUnit[];
  /** Units of the option's series, in order. */
  readonly seriesUnits: readonly ValueUnit[];
  /** Data points over all series; a chart without any shows a "no data" note instead. */
  readonly points: number;
  readonly option: Readonly<Record<string, unknown>>;
}

const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#f59e0b',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#ea580c',
  '#475569',
];

function base(title: string, subtitle: string): Record<string, unknown> {
  return {
    animation: false,
    color: PALETTE,
    title: { text: title, subtext: subtitle, left: 8, top: 4, textStyle: { fontSize: 15 } },
    tooltip: { trigger: 'axis', confine: true },
    grid: { left: 72, right: 32, top: 72, bottom: 72 },
  };
}

/** A category axis; every label is shown (tilted when there are many) unless it is a time axis. */
function categoryAxis(
  name: string,
  labels: readonly string[],
  timeline = false,
): Record<string, unknown> {
  const crowded =
    labels.length > 8 || labels.reduce((chars, label) => chars + label.length, 0) > 40;
  const rotate = !timeline && crowded ? 30 : 0;
  return {
    type: 'category',
    name,
    nameLocation: 'middle',
    nameGap: rotate ? 52 : 30,
    data: labels,
    axisLabel: timeline ? { hideOverlap: true } : { interval: 0, rotate },
  };
}

function valueAxis(name: string, unit: ValueUnit): Record<string, unknown> {
  return {
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 56,
    nameRotate: 90,
    ...(unit === 'count' ? { minInterval: 1 } : {}),
  };
}

/** Legends sit under the plot, where long titles cannot run into them. */
const LEGEND = { bottom: 4, left: 'center' };
const GRID_WITH_LEGEND = { left: 72, right: 72, top: 72, bottom: 96 };

/** Labels as shown: snake_case codes of the contract's vocabularies read better with spaces. */
type Labels = 'codes' | 'text';

function shown(slices: readonly Slice[], labels: Labels): string[] {
  return slices.map((slice) => (labels === 'codes' ? humanize(slice.label) : slice.label));
}

/** A vertical bar chart of labelled values. */
function barChart(
  id: string,
  title: string,
  subtitle: string,
  xName: string,
  yName: string,
  unit: ValueUnit,
  slices: readonly Slice[],
  labels: Labels,
): ChartSpec {
  return {
    id,
    title,
    axisUnits: [unit],
    seriesUnits: [unit],
    points: slices.length,
    option: {
      ...base(title, subtitle),
      xAxis: categoryAxis(xName, shown(slices, labels)),
      yAxis: valueAxis(yName, unit),
      series: [
        { type: 'bar', name: yName, data: slices.map((slice) => slice.value), barMaxWidth: 48 },
      ],
    },
  };
}

/** A doughnut of shares; the legend names the slices. */
function pieChart(
  id: string,
  title: string,
  subtitle: string,
  seriesName: string,
  unit: ValueUnit,
  slices: readonly Slice[],
  labels: Labels,
): ChartSpec {
  return {
    id,
    title,
    axisUnits: [],
    seriesUnits: [unit],
    points: slices.length,
    option: {
      ...base(title, subtitle),
      tooltip: { trigger: 'item', confine: true },
      series: [
        {
          type: 'pie',
          name: seriesName,
          radius: ['28%', '50%'],
          center: ['50%', '58%'],
          avoidLabelOverlap: true,
          label: {
            formatter: '{b}: {d}%',
            alignTo: 'edge',
            edgeDistance: 8,
            minMargin: 4,
            lineHeight: 16,
            overflow: 'none',
          },
          labelLine: { length: 12, length2: 0, maxSurfaceAngle: 80 },
          data: slices.map((slice) => ({
            name: labels === 'codes' ? humanize(slice.label) : slice.label,
            value: slice.value,
          })),
        },
      ],
    },
  };
}

/** Every chart of the dashboard, in page order. */
export function buildCharts(data: DashboardData): ChartSpec[] {
  const currency = data.reportingCurrency;
  const money = `(${currency})`;
  const days = data.revenueByDay;
  const pipeline = data.pipeline;
  const fulfilment = data.fulfilment;
  return [
    {
      id: 'chart-revenue-over-time',
      title: `Revenue over time ${money}`,
      axisUnits: ['money'],
      seriesUnits: ['money', 'money', 'money'],
      points: days.length * 3,
      option: {
        ...base(
          `Revenue over time ${money}`,
          'Orders placed and refunds issued per day (UTC), at each day’s FX rate',
        ),
        legend: LEGEND,
        grid: { ...GRID_WITH_LEGEND, right: 32 },
        xAxis: categoryAxis(
          'Date (UTC)',
          days.map((day) => day.date),
          true,
        ),
        yAxis: valueAxis(`Revenue ${money}`, 'money'),
        series: [
          {
            type: 'bar',
            name: 'Gross revenue',
            stack: 'revenue',
            data: days.map((day) => day.grossRevenue),
            itemStyle: { color: '#93c5fd' },
          },
          {
            type: 'bar',
            name: 'Refunds',
            stack: 'revenue',
            data: days.map((day) => -day.refunds),
            itemStyle: { color: '#fca5a5' },
          },
          {
            type: 'line',
            name: 'Net revenue',
            data: days.map((day) => day.netRevenue),
            showSymbol: false,
            lineStyle: { width: 2 },
            itemStyle: { color: '#1d4ed8' },
          },
        ],
      },
    },
    barChart(
      'chart-sales-by-country',
      `Net sales by store country ${money}`,
      'Item sales after discounts, before tax and shipping',
      'Country (ISO 3166-1)',
      `Net sales ${money}`,
      'money',
      data.salesByCountry,
      'text',
    ),
    pieChart(
      'chart-sales-by-channel',
      `Net sales by channel ${money}`,
      'Share of item sales after discounts',
      'Net sales',
      'money',
      data.salesByChannel,
      'codes',
    ),
    barChart(
      'chart-sales-by-category',
      `Net sales by category ${money}`,
      'Item sales after discounts, before tax and shipping',
      'Product category',
      `Net sales ${money}`,
      'money',
      data.salesByCategory,
      'text',
    ),
    pieChart(
      'chart-currency-mix',
      `Currency mix ${money}`,
      `Order revenue by transaction currency, converted to ${currency}`,
      `Revenue ${money}`,
      'money',
      data.currencyMix.map((row) => ({ label: row.currency, value: row.revenueReporting })),
      'text',
    ),
    {
      id: 'chart-payment-methods',
      title: `Payment methods ${money}`,
      axisUnits: ['money', 'count'],
      seriesUnits: ['money', 'count'],
      points: data.paymentMethods.length * 2,
      option: {
        ...base(
          `Payment methods ${money}`,
          'Order revenue and number of orders per payment method',
        ),
        legend: LEGEND,
        grid: GRID_WITH_LEGEND,
        xAxis: categoryAxis(
          'Payment method',
          data.paymentMethods.map((row) => humanize(row.method)),
        ),
        yAxis: [
          valueAxis(`Revenue ${money}`, 'money'),
          { ...valueAxis('Orders', 'count'), nameRotate: -90, position: 'right' },
        ],
        series: [
          {
            type: 'bar',
            name: `Revenue ${money}`,
            data: data.paymentMethods.map((row) => row.revenue),
            barMaxWidth: 48,
          },
          {
            type: 'line',
            name: 'Orders',
            yAxisIndex: 1,
            data: data.paymentMethods.map((row) => row.orders),
          },
        ],
      },
    },
    {
      id: 'chart-rfm-segments',
      title: 'RFM customer segments',
      axisUnits: ['count', 'money'],
      seriesUnits: ['count', 'money'],
      points: data.rfmSegments.length * 2,
      option: {
        ...base(
          'RFM customer segments',
          `Customers per recency/frequency/monetary segment and their net spend ${money}`,
        ),
        legend: LEGEND,
        grid: GRID_WITH_LEGEND,
        xAxis: categoryAxis(
          'Segment',
          data.rfmSegments.map((row) => humanize(row.segment)),
        ),
        yAxis: [
          valueAxis('Customers', 'count'),
          { ...valueAxis(`Net spend ${money}`, 'money'), nameRotate: -90, position: 'right' },
        ],
        series: [
          {
            type: 'bar',
            name: 'Customers',
            data: data.rfmSegments.map((row) => row.customers),
            barMaxWidth: 48,
          },
          {
            type: 'line',
            name: `Net spend ${money}`,
            yAxisIndex: 1,
            data: data.rfmSegments.map((row) => row.netSpend),
          },
        ],
      },
    },
    barChart(
      'chart-refunds-by-reason',
      `Refunds by reason ${money}`,
      'Refunded amount, converted at each refund’s date',
      'Refund reason',
      `Refunded ${money}`,
      'money',
      data.refundsByReason,
      'codes',
    ),
    barChart(
      'chart-delivery-time',
      'Delivery time',
      'Delivered orders by calendar days (UTC dates) from order to delivery; a “+” bar holds the long tail',
      'Days from order to delivery',
      'Orders',
      'count',
      fulfilment.deliveryDays,
      'text',
    ),
    {
      id: 'chart-on-time-rate',
      title: 'On-time delivery rate',
      axisUnits: ['percent', 'count'],
      seriesUnits: ['percent', 'count'],
      points: fulfilment.onTimeByWeek.length * 2,
      option: {
        ...base(
          'On-time delivery rate',
          'Delivered on or before the promised date, by the week orders were placed',
        ),
        legend: LEGEND,
        grid: GRID_WITH_LEGEND,
        xAxis: categoryAxis(
          'Order week (from Monday)',
          fulfilment.onTimeByWeek.map((row) => row.week),
          true,
        ),
        yAxis: [
          { ...valueAxis('On time', 'percent'), min: 0, max: 1 },
          { ...valueAxis('Delivered orders', 'count'), nameRotate: -90, position: 'right' },
        ],
        series: [
          {
            type: 'line',
            name: 'On time',
            data: fulfilment.onTimeByWeek.map((row) => row.onTimeRate),
            itemStyle: { color: '#16a34a' },
          },
          {
            type: 'bar',
            name: 'Delivered orders',
            yAxisIndex: 1,
            data: fulfilment.onTimeByWeek.map((row) => row.delivered),
            barMaxWidth: 48,
            itemStyle: { color: '#93c5fd' },
          },
        ],
      },
    },
    barChart(
      'chart-late-by-carrier',
      'Late deliveries by carrier',
      'Orders delivered after their promised date',
      'Carrier',
      'Late orders',
      'count',
      fulfilment.lateByCarrier,
      'codes',
    ),
    barChart(
      'chart-late-by-country',
      'Late deliveries by customer country',
      'Orders delivered after their promised date, by where they went',
      'Customer country (ISO 3166-1)',
      'Late orders',
      'count',
      fulfilment.lateByCountry,
      'text',
    ),
    barChart(
      'chart-rejections-by-reason',
      'Rejected messages by reason',
      'Messages refused by the contract or the Dataflow template',
      'Reason',
      'Messages',
      'count',
      pipeline.rejectionsByReason,
      'codes',
    ),
    barChart(
      'chart-conflicts-by-reason',
      'Conflicts by reason',
      'Events that lost to another event of their order: competing order_placed events, refunds, shipments and deliveries that do not apply',
      'Reason',
      'Events',
      'count',
      pipeline.conflictsByReason,
      'codes',
    ),
    barChart(
      'chart-arrival-delay',
      'Arrival delay of events',
      'Distinct events by time from event_time to landing in Bronze',
      'Delay',
      'Events',
      'count',
      pipeline.arrivalDelay,
      'text',
    ),
  ];
}
