/** The renderer without a warehouse: sections, chart specs, escaping, empty data, and the flags. */
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDashboardOptions, register } from '../src/commands/dashboard.js';
import { jsonForScript, scriptSafe } from '../src/dashboard/escape.js';
import { formatMoney } from '../src/dashboard/format.js';
import {
  buildCharts,
  renderDashboard,
  type ChartSpec,
  type DashboardData,
} from '../src/dashboard/index.js';

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;';
const CLOSER = '</script><script>window.__pwned=1</script>';

function sampleData(): DashboardData {
  return {
    reportingCurrency: 'EUR',
    period: { from: '2026-01-01', to: '2026-01-03' },
    generatedAt: '2026-01-04T00:00:00.000Z',
    kpis: {
      grossRevenue: 1234.5,
      netRevenue: 1200,
      orders: 3,
      averageOrderValue: 411.5,
      refundRate: 0.028,
      activeCustomers: 2,
      activeWindowDays: 30,
    },
    revenueByDay: [
      { date: '2026-01-01', orders: 1, grossRevenue: 400, refunds: 0, netRevenue: 400 },
      { date: '2026-01-02', orders: 2, grossRevenue: 834.5, refunds: 34.5, netRevenue: 800 },
    ],
    salesByCountry: [
      { label: 'DE', value: 900 },
      { label: HOSTILE, value: 100 },
    ],
    salesByChannel: [
      { label: 'online', value: 700 },
      { label: 'in_store', value: 300 },
    ],
    salesByCategory: [{ label: CLOSER, value: 1000 }],
    currencyMix: [
      { currency: 'EUR', orders: 2, revenueOriginal: 800, revenueReporting: 800 },
      { currency: 'JPY', orders: 1, revenueOriginal: 70000, revenueReporting: 434.5 },
    ],
    paymentMethods: [{ method: 'card', orders: 3, revenue: 1234.5 }],
    rfmSegments: [{ segment: 'champions', customers: 2, netSpend: 1200 }],
    topCustomers: [
      {
        rank: 1,
        customerId: 'CUS-1',
        displayName: HOSTILE,
        country: 'DE',
        loyaltyTier: 'gold',
        orders: 2,
        lifetimeNetSpend: 800,
      },
    ],
    stores: [
      {
        storeId: 'ST-1',
        storeName: CLOSER,
        channel: 'online',
        country: 'DE',
        orders: 3,
        revenue: 1234.5,
        averageOrderValue: 411.5,
        averageDaysToShip: 1.5,
        onTimeRate: 0.5,
      },
    ],
    refundsByReason: [{ label: 'damaged', value: 34.5 }],
    fulfilment: {
      shipped: 2,
      delivered: 1,
      inTransit: 1,
      averageDaysToShip: 1.5,
      averageDaysToDeliver: 4,
      p90DaysToDeliver: 4,
      onTimeRate: 0,
      deliveryDays: [{ label: '4', value: 1 }],
      onTimeByWeek: [{ week: '2025-12-29', delivered: 1, onTimeRate: 0 }],
      lateByCarrier: [{ label: 'royal_mail', value: 1 }],
      lateByCountry: [{ label: HOSTILE, value: 1 }],
      regions: [
        { country: 'DE', region: CLOSER, orders: 2, netRevenue: 800, averageOrderValue: 400 },
      ],
    },
    pipeline: {
      rejectionsByReason: [{ label: HOSTILE, value: 2 }],
      conflictsByReason: [{ label: 'competing_order_placed', value: 3 }],
      arrivalDelay: [
        { label: '< 1 h', value: 5 },
        { label: '> 3 days', value: 1 },
      ],
      distinctEvents: 6,
      lateEvents: 1,
      lateThresholdHours: 1,
      bronzeRows: 7,
      duplicatesRemoved: 1,
    },
  };
}

function emptyData(): DashboardData {
  const data = sampleData();
  return {
    ...data,
    period: null,
    kpis: {
      ...data.kpis,
      grossRevenue: 0,
      netRevenue: 0,
      orders: 0,
      averageOrderValue: 0,
      refundRate: 0,
      activeCustomers: 0,
    },
    revenueByDay: [],
    salesByCountry: [],
    salesByChannel: [],
    salesByCategory: [],
    currencyMix: [],
    paymentMethods: [],
    rfmSegments: [],
    topCustomers: [],
    stores: [],
    refundsByReason: [],
    fulfilment: {
      shipped: 0,
      delivered: 0,
      inTransit: 0,
      averageDaysToShip: null,
      averageDaysToDeliver: null,
      p90DaysToDeliver: null,
      onTimeRate: null,
      deliveryDays: [],
      onTimeByWeek: [],
      lateByCarrier: [],
      lateByCountry: [],
      regions: [],
    },
    pipeline: {
      ...data.pipeline,
      rejectionsByReason: [],
      conflictsByReason: [],
      arrivalDelay: [],
      distinctEvents: 0,
      lateEvents: 0,
      bronzeRows: 0,
      duplicatesRemoved: 0,
    },
  };
}

const LIBRARY = 'window.echarts = { marker: "</script> inside the library" };';

function embeddedPayload(html: string): { reportingCurrency: string; charts: ChartSpec[] } {
  const match = /<script type="application\/json" id="dashboard-data">([^<]*)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error('no embedded dashboard data');
  return JSON.parse(match[1]) as { reportingCurrency: string; charts: ChartSpec[] };
}

describe('renderDashboard', () => {
  const data = sampleData();
  const html = renderDashboard(data, { chartLibrary: LIBRARY });

  it('has every section, tile and chart container', () => {
    for (const id of [
      'kpis',
      'revenue',
      'breakdowns',
      'currencies',
      'customers',
      'stores',
      'fulfilment',
      'pipeline',
    ]) {
      expect(html).toContain(`<section id="${id}">`);
    }
    for (const spec of buildCharts(data))
      expect(html).toContain(`<div id="${spec.id}" class="chart`);
    for (const table of [
      'table-currency-mix',
      'table-top-customers',
      'table-stores',
      'table-regions',
    ])
      expect(html).toContain(`<table id="${table}">`);
    for (const label of [
      'Gross revenue',
      'Net revenue',
      'Orders',
      'Average order value',
      'Refund rate',
      'Active customers',
      'Rejected messages',
      'Conflicts resolved',
      'Late events',
      'Duplicates removed',
      'Orders shipped',
      'On-time rate',
      'Days to deliver',
      'Days to ship',
    ]) {
      expect(html).toContain(`<div class="label">${label}</div>`);
    }
    expect(html).toContain('€1,234.50');
    expect(html).toContain('¥70,000');
    expect(html).toContain('2.8%');
    // The conflicts tile counts every losing event.
    expect(html).toMatch(/Conflicts resolved<\/div><div class="value">3<\/div>/);
  });

  it('shows names from the data as text, never as markup', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('window.__pwned=1</script>');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;',
    );
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    // Only the three script elements of the page end one.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('embeds chart data that parses back to the original labels', () => {
    const payload = embeddedPayload(html);
    expect(payload.reportingCurrency).toBe('EUR');
    const byId = new Map(payload.charts.map((chart) => [chart.id, chart]));
    const country = byId.get('chart-sales-by-country')?.option as { xAxis: { data: string[] } };
    expect(country.xAxis.data).toContain(HOSTILE);
    const category = byId.get('chart-sales-by-category')?.option as { xAxis: { data: string[] } };
    expect(category.xAxis.data).toEqual([CLOSER]);
  });

  it('renders an empty warehouse with "no data" notes instead of charts', () => {
    const empty = renderDashboard(emptyData(), { chartLibrary: LIBRARY });
    expect(empty).toContain('no orders yet');
    for (const spec of buildCharts(emptyData())) {
      expect(empty).not.toContain(`<div id="${spec.id}"`);
      expect(empty).toContain(`data-empty-chart="${spec.id}"`);
    }
    expect(empty.match(/No data yet/g)?.length).toBe(buildCharts(emptyData()).length + 4);
  });
});

describe('chart specs', () => {
  const charts = buildCharts(sampleData());

  it('give every chart a title, named axes and the reporting currency on money', () => {
    for (const chart of charts) {
      const option = chart.option as {
        title: { text: string };
        xAxis?: { name: string };
        yAxis?: { name: string } | { name: string }[];
      };
      expect(option.title.text, chart.id).toBe(chart.title);
      if (chart.seriesUnits.includes('money'))
        expect(chart.title + JSON.stringify(option.yAxis ?? ''), chart.id).toContain('(EUR)');
      if (option.xAxis) expect(option.xAxis.name, chart.id).not.toBe('');
      for (const axis of [option.yAxis ?? []].flat()) expect(axis.name, chart.id).not.toBe('');
      expect(chart.axisUnits.length, chart.id).toBe([option.yAxis ?? []].flat().length);
    }
  });

  it('count the data points they draw', () => {
    const revenue = charts.find((chart) => chart.id === 'chart-revenue-over-time');
    expect(revenue?.points).toBe(sampleData().revenueByDay.length * 3);
    expect(buildCharts(emptyData()).every((chart) => chart.points === 0)).toBe(true);
  });
});

describe('escaping helpers', () => {
  it('keep JSON valid and inert inside a script element', () => {
    const value = { text: '</script><!-- & \u2028\u2029 >' };
    const encoded = jsonForScript(value);
    expect(encoded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(encoded)).toEqual(value);
  });

  it('neutralise a closing tag inside an inlined library', () => {
    expect(scriptSafe('a("</SCRIPT>")')).toBe('a("<\\/SCRIPT>")');
    expect(renderDashboard(sampleData(), { chartLibrary: LIBRARY })).toContain(
      '"<\\/script> inside the library"',
    );
  });

  it('format money in the currency’s own minor units, and survive a malformed code', () => {
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatMoney(1234, 'JPY')).toBe('¥1,234');
    expect(formatMoney(12.5, 'NOT-A-CODE')).toBe('12.50 NOT-A-CODE');
  });
});

describe('salesflow dashboard flags', () => {
  it('parses the options into a typed object', () => {
    expect(
      parseDashboardOptions({ warehouse: 'w.duckdb', out: 'd.html', reportingCurrency: 'eur' }),
    ).toEqual({
      warehouse: 'w.duckdb',
      out: 'd.html',
      reportingCurrency: 'EUR',
    });
  });

  it('rejects a bad currency or an empty path with one line naming the flag', () => {
    expect(() =>
      parseDashboardOptions({ warehouse: 'w', out: 'o', reportingCurrency: 'XYZ' }),
    ).toThrow(/^--reporting-currency must be an ISO 4217 code/);
    expect(() => parseDashboardOptions({ warehouse: '', out: 'o' })).toThrow(
      /^--warehouse must not be empty$/,
    );
  });

  it('refuses an unknown flag before touching any warehouse', async () => {
    const errors: string[] = [];
    const program = new Command()
      .exitOverride()
      .configureOutput({ writeErr: (text) => errors.push(text), writeOut: () => undefined });
    register(program);
    const attempt = program.parseAsync(['node', 'salesflow', 'dashboard', '--bogus']);
    await expect(attempt).rejects.toBeInstanceOf(CommanderError);
    expect(errors.join('').trim().split('\n')).toEqual(["error: unknown option '--bogus'"]);
  });
});
