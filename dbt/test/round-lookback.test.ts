/**
 * A scheduled round re-reads `round_lookback_hours` of ingestion behind the newest row, the nightly
 * build `lookback_days`. After a built history, three batches of new orders land: one ingested after
 * the newest row, one an hour behind it (a commit landing a little out of order) and one a day behind
 * it (a commit held up for a day). The local runner's scheduled round builds the first two and
 * leaves the third out; the nightly window then builds it, and the warehouse equals a full refresh of the same
 * Bronze.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUND_ARGS, runDbt, runRound } from '@salesflow/local';
import { loadBronze, query } from './support/bronze-loader.js';
import { compareWarehouses } from './support/round-equivalence.js';
import { buildSalesHistory, NO_CHAOS, type HistoryOptions, type LandedEvent } from './support/sales-history.js';

const HOUR_MS = 3_600_000;
const NIGHTLY_VARS = { reporting_currency: 'USD' };

const history: HistoryOptions = {
  start: '2026-03-02',
  days: 6,
  ordersPerDay: 25,
  seed: 41,
  customers: 120,
  products: 60,
  refundRate: 0.1,
  customerChangeRate: 0.1,
  chaos: NO_CHAOS,
  shipRate: 0.8,
};

/**
 * Orders of the history's fourth day under `prefix`, every copy ingested at `ingestedAt` (a seed of
 * their own gives them their own event and message ids).
 */
function batch(prefix: string, seed: number, ingestedAt: number): LandedEvent[] {
  const { landed } = buildSalesHistory({
    ...history,
    seed,
    ordersPerDay: 6,
    refundRate: 0,
    shipRate: 0,
    orderPrefix: prefix,
    orderDays: { from: 3, count: 1 },
  });
  return landed.map((copy, index) => ({ ...copy, ingestedAt: new Date(ingestedAt + index) }));
}

let dir: string;
let warehouse: string;
let lateOrders: number;

async function ordersLike(prefix: string): Promise<number> {
  const [row] = await query(warehouse, `select count(*) as n from gold.fct_orders where order_id like '${prefix}%'`);
  return Number(row?.['n']);
}

async function build(args: readonly string[], vars: Record<string, unknown>, path = warehouse): Promise<void> {
  const result = await runDbt(args, { warehouse: path, vars });
  if (!result.ok) throw new Error(`dbt ${args.join(' ')} failed: ${result.tail.join('\n')}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'salesflow-round-lookback-'));
  warehouse = join(dir, 'warehouse.duckdb');
  const base = buildSalesHistory(history);
  await loadBronze(warehouse, base);
  // The local runner's scheduled round, which adds the round's vars itself.
  await runRound({ warehouse, vars: NIGHTLY_VARS });
  const newest = Math.max(...base.landed.map((copy) => copy.ingestedAt.getTime()));
  const late = batch('LATE', 3, newest - 24 * HOUR_MS);
  lateOrders = new Set(late.flatMap((copy) => ('order_id' in copy.event ? [copy.event.order_id] : []))).size;
  await loadBronze(warehouse, {
    landed: [...batch('NEW', 1, newest + HOUR_MS), ...batch('EDGE', 2, newest - HOUR_MS), ...late],
  });
  await runRound({ warehouse, vars: NIGHTLY_VARS });
}, 600_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the lookback of a scheduled round and of the nightly build', () => {
  it('a scheduled round builds what landed after the newest row and within its hours behind it', async () => {
    expect(await ordersLike('NEW')).toBeGreaterThan(0);
    expect(await ordersLike('EDGE')).toBeGreaterThan(0);
  });

  it('a scheduled round leaves out a commit landing a day behind the newest row', async () => {
    expect(await ordersLike('LATE')).toBe(0);
  });

  it('the nightly window builds it, and the warehouse then equals a full refresh', async () => {
    await build(ROUND_ARGS, NIGHTLY_VARS);
    expect(lateOrders).toBeGreaterThan(0);
    expect(await ordersLike('LATE')).toBe(lateOrders);
    const rebuilt = join(dir, 'rebuilt.duckdb');
    await copyFile(warehouse, rebuilt);
    await build(['run', '--full-refresh'], NIGHTLY_VARS, rebuilt);
    expect(await compareWarehouses(warehouse, rebuilt)).toEqual([]);
  }, 600_000);
});
