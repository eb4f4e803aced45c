/**
 * End to end: real dbt builds Gold in a DuckDB file, `salesflow dashboard` writes the page, and
 * headless Chromium opens it offline. Also checks the loaded figures against Bronze and the
 * generated history, a locked warehouse, and a reporting currency Gold was not built in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { DuckDBInstance } from '@duckdb/node-api';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register } from '../src/commands/dashboard.js';
import { buildCharts, generateDashboard, type DashboardResult } from '../src/dashboard/index.js';
import { CHART_PROBE, PAGE_PROBE, type ChartProbe, type PageProbe } from './dashboard-probes.js';
import {
  buildGoldWarehouse,
  GENERATED_AT,
  HOSTILE_CUSTOMER_NAME,
  HOSTILE_STORE_NAME,
  type GoldWarehouse,
} from './dashboard-warehouse.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const LATE_SECONDS = 3600;

let warehouse: GoldWarehouse;
let result: DashboardResult;
let printed = '';
let browser: BrowserContext;

/** Runs `salesflow dashboard` in-process through commander, capturing what it prints. */
async function runCommand(args: readonly string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['node', 'salesflow', 'dashboard', ...args]);
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

async function scalar(path: string, sql: string): Promise<number> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJson();
    return Number(Object.values(rows[0] ?? {})[0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  warehouse = await buildGoldWarehouse();
  const out = join(warehouse.dir, 'dashboard.html');
  const started = performance.now();
  printed = await runCommand(['--warehouse', warehouse.path, '--out', out]);
  const seconds = (performance.now() - started) / 1000;
  // The page under test is stamped with a fixed time so docs/dashboard.png only changes with the look.
  result = await generateDashboard({ warehouse: warehouse.path, out, now: GENERATED_AT });
  const size = (await stat(out)).size;
  console.log(
    `dashboard: dbt build ${warehouse.dbtSeconds.toFixed(1)} s, command ${seconds.toFixed(2)} s, page ${(size / 1024).toFixed(0)} KiB`,
  );
  // A persistent context is how Playwright takes a fresh --user-data-dir.
  browser = await chromium.launchPersistentContext(join(warehouse.dir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (warehouse) await rm(warehouse.dir, { recursive: true, force: true });
});

describe('salesflow dashboard over a dbt-built warehouse', () => {
  it('prints where the file is and a short summary', () => {
    expect(printed).toContain(`dashboard written to ${result.path}`);
    expect(printed).toContain(`${result.data.kpis.orders.toLocaleString('en-US')} orders`);
    expect(printed).toMatch(/duplicates removed/);
  });

  it('loads figures that agree with Gold, Bronze and the generated history', async () => {
    const data = result.data;
    expect(data.reportingCurrency).toBe('USD');
    expect(data.kpis.orders).toBe(
      await scalar(warehouse.path, 'select count(*) from gold.fct_orders'),
    );
    const sum = (values: readonly number[]): number =>
      values.reduce((total, value) => total + value, 0);
    expect(sum(data.revenueByDay.map((day) => day.grossRevenue))).toBeCloseTo(
      data.kpis.grossRevenue,
      2,
    );
    expect(sum(data.currencyMix.map((row) => row.revenueReporting))).toBeCloseTo(
      data.kpis.grossRevenue,
      2,
    );
    expect(sum(data.paymentMethods.map((row) => row.orders))).toBe(data.kpis.orders);
    expect(sum(data.rfmSegments.map((row) => row.customers))).toBe(
      await scalar(warehouse.path, 'select count(distinct customer_id) from gold.fct_orders'),
    );

    const firstLanding = new Map<string, { eventTime: number; ingested: number }>();
    for (const copy of warehouse.landed) {
      const seen = firstLanding.get(copy.event.event_id);
      const ingested = copy.ingestedAt.getTime();
      if (!seen || ingested < seen.ingested) {
        firstLanding.set(copy.event.event_id, {
          eventTime: Date.parse(copy.event.event_time),
          ingested,
        });
      }
    }
    const late = [...firstLanding.values()].filter(
      (entry) => entry.ingested - entry.eventTime >= LATE_SECONDS * 1000,
    ).length;
    expect(data.pipeline.bronzeRows).toBe(warehouse.landed.length);
    expect(data.pipeline.distinctEvents).toBe(firstLanding.size);
    expect(data.pipeline.duplicatesRemoved).toBe(warehouse.landed.length - firstLanding.size);
    expect(data.pipeline.lateEvents).toBe(late);
    expect(sum(data.pipeline.arrivalDelay.map((slice) => slice.value))).toBe(firstLanding.size);
    expect(sum(data.pipeline.rejectionsByReason.map((slice) => slice.value))).toBe(
      warehouse.rejected,
    );
    // The history carries competing order events: each loser is counted once, by reason.
    const conflicts = sum(data.pipeline.conflictsByReason.map((slice) => slice.value));
    expect(conflicts).toBeGreaterThan(0);
    expect(conflicts).toBe(
      await scalar(warehouse.path, 'select count(*) from silver.int_order_conflicts'),
    );

    // Fulfilment: every shipped order once, delivered or in transit; the charts add up to it.
    const fulfilment = data.fulfilment;
    const shippedEvents = new Set(
      warehouse.landed
        .filter((copy) => copy.event.event_type === 'order_shipped')
        .map((copy) => copy.event.order_id),
    );
    expect(fulfilment.shipped).toBe(shippedEvents.size);
    expect(fulfilment.delivered + fulfilment.inTransit).toBe(fulfilment.shipped);
    expect(fulfilment.delivered).toBeGreaterThan(0);
    expect(fulfilment.inTransit).toBeGreaterThan(0);
    expect(sum(fulfilment.deliveryDays.map((slice) => slice.value))).toBe(fulfilment.delivered);
    expect(sum(fulfilment.onTimeByWeek.map((week) => week.delivered))).toBe(fulfilment.delivered);
    const lateDeliveries = await scalar(
      warehouse.path,
      'select count(*) from gold.fct_deliveries where is_late',
    );
    expect(lateDeliveries).toBeGreaterThan(0);
    expect(sum(fulfilment.lateByCarrier.map((slice) => slice.value))).toBe(lateDeliveries);
    expect(sum(fulfilment.lateByCountry.map((slice) => slice.value))).toBe(lateDeliveries);
    expect(fulfilment.regions.length).toBeGreaterThan(0);
    expect(fulfilment.regions.every((row) => row.region !== '')).toBe(true);
  });

  it('renders in Chromium offline: no console errors, every chart drawn with data, names shown as text', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const network: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('data:'))
        network.push(request.url());
    });
    await page.goto(pathToFileURL(result.path).href, { waitUntil: 'load' });
    await page.waitForSelector('html[data-charts-rendered]');

    const expectedCharts = buildCharts(result.data)
      .filter((spec) => spec.points > 0)
      .map((spec) => spec.id);
    expect(expectedCharts.length).toBe(buildCharts(result.data).length);

    const charts = await page.evaluate<ChartProbe[]>(CHART_PROBE);
    expect(charts.map((chart) => chart.id).sort()).toEqual([...expectedCharts].sort());
    for (const chart of charts) {
      expect(chart.hasInstance, chart.id).toBe(true);
      expect(chart.points.length, chart.id).toBeGreaterThan(0);
      for (const points of chart.points) expect(points, chart.id).toBeGreaterThan(0);
      // Legend swatches alone cover under 1 % of a canvas; drawn marks cover several per cent.
      expect(chart.coloured / chart.area, chart.id).toBeGreaterThan(0.02);
    }

    const page_ = await page.evaluate<PageProbe>(PAGE_PROBE);
    expect(page_.chartsRendered).toBe(String(expectedCharts.length));
    expect(page_.pwned).toBeUndefined();
    expect(page_.injectedElements).toBe(0);
    expect(page_.stores).toContain(HOSTILE_STORE_NAME);
    expect(page_.customers).toContain(HOSTILE_CUSTOMER_NAME);
    expect(page_.sections).toEqual([
      'kpis',
      'revenue',
      'breakdowns',
      'currencies',
      'customers',
      'stores',
      'fulfilment',
      'pipeline',
    ]);
    expect(network).toEqual([]);
    expect(problems).toEqual([]);

    await mkdir(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    await copyFile(shot, join(ROOT, 'docs', 'dashboard.png'));
    await page.close();
  });

  it('refuses a reporting currency Gold was not built in, naming the fix', async () => {
    await expect(
      generateDashboard({
        warehouse: warehouse.path,
        out: join(warehouse.dir, 'eur.html'),
        reportingCurrency: 'EUR',
        now: new Date(),
      }),
    ).rejects.toThrow(/^Gold reports in USD, not EUR: rebuild it with dbt build --vars/);
  });

  it('reports a locked warehouse in one line', async () => {
    const holder: ChildProcess = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         const db = await DuckDBInstance.create(process.argv[1]);
         await db.connect();
         process.stdout.write('ready\\n');
         process.stdin.resume();`,
        warehouse.path,
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await once(holder.stdout!, 'data');
      const attempt = runCommand([
        '--warehouse',
        warehouse.path,
        '--out',
        join(warehouse.dir, 'locked.html'),
      ]);
      await expect(attempt).rejects.toThrow(
        /^warehouse .* is locked by another process \(pid \d+\): try again/,
      );
    } finally {
      holder.kill();
      await once(holder, 'exit');
    }
  });
});
