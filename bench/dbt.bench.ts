/**
 * dbt on DuckDB: wall-clock time of the scheduled round (`dbt build --selector hourly` with the round's
 * vars, as the local runner and the hourly schedule run it: every model and snapshot with the periodic
 * data tests) on a fresh warehouse holding N order events (90 days, duplicates, late
 * arrivals, refunds, competing order events, and the shipped and delivered events of remote orders on top), then of the same round after 10,000 more order events land. Both
 * run in the dbt worker the local runner uses. The full build runs three times, each on a fresh copy
 * of the Bronze-only warehouse, and the incremental round five times, each on a fresh copy of the
 * fully built one; medians are reported, with the fastest and slowest run: one run on this kind of
 * machine swings by a third. The incremental round is also timed once in a new `dbt` process,
 * start-up included.
 *
 * Run: `npx tsx bench/dbt.bench.ts [orders ...]` (default 1,000,000).
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DbtWorker, ROUND_VARS, runDbtStep, runRound, type DbtContext } from '@salesflow/local';
import { loadBronze, query } from '../dbt/test/support/bronze-loader.js';
import {
  DEFAULT_CHAOS,
  streamSalesHistory,
  type HistoryOptions,
} from '../dbt/test/support/sales-history.js';
import { median, type Figure } from './figures.js';

const DAYS = 90;
const INCREMENT = 10_000;
const FULL_RUNS = 3;
const INCREMENTAL_RUNS = 5;
const START = '2026-01-05';

function historyOptions(orders: number): HistoryOptions {
  return {
    start: START,
    days: DAYS,
    ordersPerDay: Math.max(1, Math.round(orders / DAYS)),
    seed: 11,
    customers: Math.max(100, Math.round(orders / 20)),
    products: 2_000,
    refundRate: 0.05,
    customerChangeRate: 0.2,
    chaos: DEFAULT_CHAOS,
    shipRate: 0.9,
  };
}

/**
 * Ten thousand order events of two following days of the same shop (customers, products, rates),
 * landed after everything already loaded: the history's last copies are ingested up to
 * `maxLateDays` late plus three days of duplicates, so the increment starts a week after it.
 */
function incrementOptions(orders: number): HistoryOptions {
  const history = historyOptions(orders);
  return {
    ...history,
    ordersPerDay: INCREMENT / 2,
    refundRate: 0,
    orderPrefix: 'INC',
    orderDays: { from: DAYS + history.chaos.maxLateDays + 3, count: 2 },
  };
}

/** Measures one size; returns its figures. */
async function measure(orders: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'salesflow-dbt-bench-'));
  const worker = new DbtWorker();
  try {
    const warehouse = join(dir, 'warm', 'warehouse.duckdb');
    const coldWarehouse = join(dir, 'cold', 'warehouse.duckdb');
    await mkdir(join(dir, 'warm'));
    await mkdir(join(dir, 'cold'));
    // The round's vars for every command, parse included, so the rounds reuse the parse.
    const vars = { reporting_currency: 'USD', ...ROUND_VARS };
    const warm: DbtContext = { warehouse, vars, worker };
    const cold: DbtContext = { warehouse: coldWarehouse, vars };

    const loadStarted = performance.now();
    await loadBronze(warehouse, streamSalesHistory(historyOptions(orders)));
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const [bronze] = await query(warehouse, 'SELECT count(*) AS rows FROM bronze.sales_events');
    const bronzeOnly = join(dir, 'bronze-only.duckdb');
    await copyFile(warehouse, bronzeOnly);
    // Parsing is not what is measured: warm dbt's partial-parse cache first.
    await runDbtStep(['parse'], warm);

    const fullSeconds: number[] = [];
    for (let run = 0; run < FULL_RUNS; run += 1) {
      if (run > 0) await copyFile(bronzeOnly, warehouse);
      fullSeconds.push((await runRound(warm)).seconds);
    }
    await rm(bronzeOnly);
    const full = median(fullSeconds);
    const built = join(dir, 'built.duckdb');
    await copyFile(warehouse, built);
    const increment = async (target: string): Promise<void> => {
      await copyFile(built, target);
      await loadBronze(target, { landed: streamSalesHistory(incrementOptions(orders)).landed });
    };
    const incrementalSeconds: number[] = [];
    for (let run = 0; run < INCREMENTAL_RUNS; run += 1) {
      // The worker has closed the file after its last command, so it can be replaced in place.
      await increment(warehouse);
      incrementalSeconds.push((await runRound(warm)).seconds);
    }
    const incremental = median(incrementalSeconds);
    await increment(coldWarehouse);
    await runDbtStep(['parse'], cold);
    const incrementalNewProcess = await runRound(cold);
    const label = orders.toLocaleString('en-US');
    const added = INCREMENT.toLocaleString('en-US');
    return [
      { name: `bronze rows for ${label} orders`, value: Number(bronze?.['rows']), unit: 'rows' },
      { name: `bronze load ${label} orders`, value: loadSeconds, unit: 's' },
      { name: `dbt build full ${label} orders (median of ${FULL_RUNS})`, value: full, unit: 's' },
      { name: `full builds ${label} orders: fastest`, value: Math.min(...fullSeconds), unit: 's' },
      { name: `full builds ${label} orders: slowest`, value: Math.max(...fullSeconds), unit: 's' },
      {
        name: `dbt build incremental +${added} on ${label} (median of ${INCREMENTAL_RUNS})`,
        value: incremental,
        unit: 's',
      },
      {
        name: `incremental runs on ${label}: fastest`,
        value: Math.min(...incrementalSeconds),
        unit: 's',
      },
      {
        name: `incremental runs on ${label}: slowest`,
        value: Math.max(...incrementalSeconds),
        unit: 's',
      },
      {
        name: `incremental / full ${label}`,
        value: (100 * incremental) / full,
        unit: '%',
      },
      {
        name: `incremental +${added} on ${label} in a new dbt process`,
        value: incrementalNewProcess.seconds,
        unit: 's',
      },
    ];
  } finally {
    await worker.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Full and incremental `dbt build` seconds for each number of order events. */
export async function runDbtBench(sizes: readonly number[] = [1_000_000]): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of sizes) figures.push(...(await measure(size)));
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < INCREMENT)) {
    console.error(`sizes must be whole numbers of orders, at least ${INCREMENT}`);
    process.exit(2);
  }
  const figures = await runDbtBench(sizes.length > 0 ? sizes : undefined);
  for (const figure of figures)
    console.log(`${figure.name.padEnd(52)} ${figure.value.toFixed(2).padStart(12)} ${figure.unit}`);
}
