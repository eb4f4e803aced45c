/**
 * End to end on DuckDB: a 90-day backfill with chaos (duplicates, late arrivals, refunds, customer
 * changes) is replayed period by period with `as_of`, so snapshots capture real history; then late
 * and duplicate events arrive and an incremental `dbt build` (every data and unit test) must change
 * exactly what they imply — and agree with a full refresh of the same Bronze.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { isOrderEvent, type OrderEvent, type SalesEvent } from '@salesflow/contract';
import { loadBronze, query } from './support/bronze-loader.js';
import { DbtRunner } from './support/dbt-runner.js';
import { SeededRandom } from './support/random.js';
import { buildSalesHistory, DEFAULT_CHAOS, LAST_NAMES, type LandedEvent } from './support/sales-history.js';
import { createWarehouseFixture, type WarehouseFixture } from './support/warehouse-fixture.js';

const DAY_MS = 86_400_000;
const START = '2026-01-05';
const WITHOUT_TESTS = ['--exclude-resource-type', 'test', '--exclude-resource-type', 'unit_test'];

const history = buildSalesHistory({
  start: START,
  days: 90,
  ordersPerDay: 25,
  seed: 42,
  customers: 150,
  products: 60,
  refundRate: 0.12,
  customerChangeRate: 0.5,
  chaos: DEFAULT_CHAOS,
});
const lastIngest = Math.max(...history.landed.map((row) => row.ingestedAt.getTime()));
const midpoint = new Date(Date.parse(`${START}T00:00:00Z`) + 45 * DAY_MS);
const lateIngest = new Date(lastIngest + DAY_MS);

/** The second wave: late orders, duplicates of old events and a late refund of an old order. */
function secondWave(): { rows: LandedEvent[]; lateOrders: SalesEvent[]; refund: SalesEvent; duplicates: LandedEvent[] } {
  const random = new SeededRandom(4242);
  const orders = history.landed.filter((row): row is LandedEvent & { event: OrderEvent } => row.event.event_type === 'order_placed');
  const refunded = new Set(history.landed.filter((row) => row.event.refund).map((row) => row.event.order_id));
  const lateOrders = orders.slice(100, 105).map(({ event }) => ({ ...event, event_id: random.uuid(), order_id: `${event.order_id}-LATE` }));
  const target = orders.find((row, index) => index > 200 && !refunded.has(row.event.order_id) && row.event.amounts.total >= 100);
  if (!target) throw new Error('no order to refund');
  const refund: SalesEvent = {
    ...target.event,
    event_id: random.uuid(),
    event_type: 'order_refunded',
    event_time: new Date(Date.parse(target.event.event_time) + 2 * DAY_MS).toISOString(),
    refund: { original_order_id: target.event.order_id, reason: 'damaged', amount: Math.floor(target.event.amounts.total / 4) },
  };
  const duplicates = history.landed.filter((_, index) => index % 97 === 0).slice(0, 20);
  let messageId = 9_000_000;
  const land = (event: SalesEvent): LandedEvent => ({ event, ingestedAt: lateIngest, messageId: String(++messageId), ingestPath: 'dataflow' });
  return { rows: [...lateOrders.map(land), land(refund), ...duplicates.map(({ event }) => land(event))], lateOrders, refund, duplicates };
}

/**
 * The third wave: a late order carrying a customer state newer than any captured (so a version
 * valid from the middle of the history appears and must re-key that customer's later orders), a
 * late refund of an old order, and duplicates of old events.
 */
function thirdWave(): { rows: LandedEvent[]; customerId: string; changedAt: Date } {
  const random = new SeededRandom(4343);
  const orders = history.landed.filter((row): row is LandedEvent & { event: OrderEvent } => row.event.event_type === 'order_placed');
  const latestChange = new Map<string, number>();
  for (const { event } of history.landed) {
    if (!isOrderEvent(event)) continue;
    const at = Date.parse(event.customer.updated_at);
    latestChange.set(event.customer.customer_id, Math.max(at, latestChange.get(event.customer.customer_id) ?? 0));
  }
  const base = orders.find(
    (row, index) =>
      index > 300 &&
      (latestChange.get(row.event.customer.customer_id) ?? Infinity) < Date.parse(row.event.event_time) - 10 * DAY_MS &&
      orders.some((later) => later.event.customer.customer_id === row.event.customer.customer_id && later.event.event_time > row.event.event_time),
  );
  if (!base) throw new Error('no customer to change');
  const changedAt = new Date(Date.parse(base.event.event_time) + 60_000);
  const lateOrder: SalesEvent = {
    ...base.event,
    event_id: random.uuid(),
    order_id: `${base.event.order_id}-LATE-VERSION`,
    event_time: new Date(changedAt.getTime() + 60_000).toISOString(),
    customer: { ...base.event.customer, loyalty_tier: 'platinum', updated_at: changedAt.toISOString() },
  };
  const alreadyRefunded = new Set(history.landed.filter((row) => row.event.refund).map((row) => row.event.order_id));
  const refunded = orders.find((row, index) => index > 150 && index < 200 && !alreadyRefunded.has(row.event.order_id));
  if (!refunded) throw new Error('no order to refund');
  const refund: SalesEvent = {
    ...refunded.event,
    event_id: random.uuid(),
    event_type: 'order_refunded',
    event_time: new Date(Date.parse(refunded.event.event_time) + 3 * DAY_MS).toISOString(),
    refund: { original_order_id: refunded.event.order_id, reason: 'late_delivery', amount: 1 },
  };
  const duplicates = history.landed.filter((_, index) => index % 89 === 0).slice(0, 10);
  const ingestedAt = new Date(lateIngest.getTime() + DAY_MS);
  let messageId = 9_500_000;
  const land = (event: SalesEvent): LandedEvent => ({ event, ingestedAt, messageId: String(++messageId), ingestPath: 'function' });
  return { rows: [land(lateOrder), land(refund), ...duplicates.map(({ event }) => land(event))], customerId: base.event.customer.customer_id, changedAt };
}

type Row = Record<string, unknown>;
const CUSTOMER_VERSIONS = 'SELECT customer_key, customer_id, loyalty_tier, valid_from, valid_to, is_current FROM gold.dim_customers';
const byKey = (rows: Row[], key: string): Map<string, string> =>
  new Map(rows.map((row) => [String(row[key]), JSON.stringify(row)]));

describe('dbt end to end on DuckDB', () => {
  let fixture: WarehouseFixture;
  const wave = secondWave();
  let ordersBefore: Row[];
  let eventsBefore: Row[];
  let customersBefore: Row[];

  beforeAll(async () => {
    fixture = await createWarehouseFixture('e2e');
    await loadBronze(fixture.warehouse, history);
  }, 120_000);

  afterAll(async () => {
    await fixture?.dispose();
  });

  it('replays the backfill period by period and captures customer history', async () => {
    await fixture.dbt.runOk(['build', ...WITHOUT_TESTS], { env: { SALESFLOW_AS_OF: midpoint.toISOString() } });
    const [firstPeriod] = await query(fixture.warehouse, 'SELECT count(*) AS orders, max(ordered_at) AS newest FROM gold.fct_orders');
    expect(Number(firstPeriod?.['orders'])).toBeGreaterThan(0);
    expect(Date.parse(String(firstPeriod?.['newest']))).toBeLessThanOrEqual(midpoint.getTime());

    await fixture.dbt.runOk(['build', ...WITHOUT_TESTS], { env: { SALESFLOW_AS_OF: new Date(lastIngest).toISOString() } });
    const [versions] = await query(
      fixture.warehouse,
      `SELECT count(*) AS customers FROM (SELECT customer_id FROM gold.dim_customers GROUP BY 1 HAVING count(*) >= 2)`,
    );
    expect(Number(versions?.['customers'])).toBeGreaterThan(5);
    const [historic] = await query(
      fixture.warehouse,
      `SELECT count(*) AS orders FROM gold.fct_orders o JOIN gold.dim_customers c USING (customer_key) WHERE NOT c.is_current`,
    );
    expect(Number(historic?.['orders'])).toBeGreaterThan(0);

    const distinctOrders = new Set(history.landed.filter((r) => r.event.event_type === 'order_placed').map((r) => r.event.order_id));
    const distinctEvents = new Set(history.landed.map((r) => r.event.event_id));
    const [counts] = await query(
      fixture.warehouse,
      'SELECT (SELECT count(*) FROM gold.fct_orders) AS orders, (SELECT count(*) FROM silver.stg_sales_events) AS events',
    );
    expect(Number(counts?.['orders'])).toBe(distinctOrders.size);
    expect(Number(counts?.['events'])).toBe(distinctEvents.size);

    ordersBefore = await query(fixture.warehouse, 'SELECT * FROM gold.fct_orders ORDER BY order_id');
    eventsBefore = await query(fixture.warehouse, 'SELECT event_id, message_id, ingested_at FROM silver.stg_sales_events');
    customersBefore = await query(fixture.warehouse, CUSTOMER_VERSIONS);
  }, 900_000);

  it('keeps Silver and Gold free of raw e-mail addresses and full names', async () => {
    const columns = await query(
      fixture.warehouse,
      `SELECT table_schema, table_name, column_name FROM information_schema.columns
       WHERE table_schema IN ('silver', 'gold', 'snapshots') AND data_type IN ('VARCHAR', 'JSON')`,
    );
    expect(columns.length).toBeGreaterThan(20);
    // Every generated address ends in @example.com and every full name has one of these surnames.
    const pii = `'@example\\.com| (${LAST_NAMES.join('|')})'`;
    const checks = columns.map(
      (c) => `(SELECT '${String(c['table_schema'])}.${String(c['table_name'])}.${String(c['column_name'])}' AS col
              FROM ${String(c['table_schema'])}.${String(c['table_name'])}
              WHERE regexp_matches(CAST("${String(c['column_name'])}" AS VARCHAR), ${pii}) LIMIT 1)`,
    );
    const leaks = await query(fixture.warehouse, checks.join(' UNION ALL '));
    expect(leaks).toEqual([]);
    const [names] = await query(fixture.warehouse, "SELECT count(*) AS masked FROM gold.dim_customers WHERE display_name LIKE '% _.'");
    expect(Number(names?.['masked'])).toBeGreaterThan(0);
  });

  it('absorbs late and duplicate events incrementally, changing only what they imply', async () => {
    await loadBronze(fixture.warehouse, { landed: wave.rows });
    await fixture.dbt.runOk(['build']);

    const eventsAfter = await query(fixture.warehouse, 'SELECT event_id, message_id, ingested_at FROM silver.stg_sales_events');
    expect(eventsAfter.length).toBe(eventsBefore.length + wave.lateOrders.length + 1);
    const before = byKey(eventsBefore, 'event_id');
    const after = byKey(eventsAfter, 'event_id');
    for (const duplicate of wave.duplicates) {
      expect(after.get(duplicate.event.event_id)).toBe(before.get(duplicate.event.event_id));
    }

    const ordersAfter = await query(fixture.warehouse, 'SELECT * FROM gold.fct_orders ORDER BY order_id');
    expect(ordersAfter.length).toBe(ordersBefore.length + wave.lateOrders.length);
    const previous = byKey(ordersBefore, 'order_id');
    const refundedOrder = wave.refund.order_id;
    const changed = ordersAfter.filter((row) => previous.get(String(row['order_id'])) !== JSON.stringify(row));
    expect(changed.map((row) => String(row['order_id'])).sort()).toEqual(
      [refundedOrder, ...wave.lateOrders.map((o) => o.order_id)].sort(),
    );
    const refundedRow = ordersAfter.find((row) => row['order_id'] === refundedOrder);
    const refundAmount = wave.refund.refund?.amount ?? 0;
    expect(Number(refundedRow?.['refund_total'])).toBeCloseTo(refundAmount, 9);
    expect(Number(refundedRow?.['refund_total_reporting'])).toBeGreaterThan(0);
    expect(Number(refundedRow?.['net_total_reporting'])).toBeCloseTo(
      Number(refundedRow?.['order_total_reporting']) - Number(refundedRow?.['refund_total_reporting']),
      6,
    );

    // The late events carry customer states already seen, so no customer version may change.
    const customersAfter = await query(fixture.warehouse, CUSTOMER_VERSIONS);
    expect(byKey(customersAfter, 'customer_key')).toEqual(byKey(customersBefore, 'customer_key'));
  }, 900_000);

  it('re-keys old facts when a late event brings a customer version from the past', async () => {
    const third = thirdWave();
    await loadBronze(fixture.warehouse, { landed: third.rows });
    await fixture.dbt.runOk(['build']);

    const versions = await query(
      fixture.warehouse,
      `SELECT customer_key, valid_from FROM gold.dim_customers WHERE customer_id = '${third.customerId}' AND loyalty_tier = 'platinum'`,
    );
    expect(versions.map((row) => Date.parse(String(row['valid_from'])))).toEqual([third.changedAt.getTime()]);
    const [rekeyed] = await query(
      fixture.warehouse,
      `SELECT count(*) FILTER (WHERE customer_key = '${String(versions[0]?.['customer_key'])}') AS new_version,
              count(*) AS later_orders
       FROM gold.fct_orders
       WHERE customer_id = '${third.customerId}' AND ordered_at >= '${third.changedAt.toISOString()}'`,
    );
    // The late order itself and at least one order placed after the change in the original history.
    expect(Number(rekeyed?.['later_orders'])).toBeGreaterThanOrEqual(2);
    expect(Number(rekeyed?.['new_version'])).toBe(Number(rekeyed?.['later_orders']));
  }, 900_000);

  it('ends where a full refresh of the same Bronze ends', async () => {
    const copy = join(fixture.dir, 'full-refresh.duckdb');
    await copyFile(fixture.warehouse, copy);
    const fresh = new DbtRunner({ warehouse: copy, workDir: join(fixture.dir, 'dbt-full') });
    await fresh.runOk(['run', '--full-refresh']);

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`ATTACH '${fixture.warehouse}' AS incremental (READ_ONLY)`);
      await connection.run(`ATTACH '${copy}' AS rebuilt (READ_ONLY)`);
      const listed = await connection.runAndReadAll(`
        SELECT schema_name || '.' || table_name AS name FROM duckdb_tables()
        WHERE database_name = 'rebuilt' AND schema_name IN ('silver', 'gold')
          -- dbt's own bookkeeping of the last invocation, not data
          AND table_name NOT IN ('incremental_windows', 'incremental_periods')
        ORDER BY 1`);
      const tables = listed.getRowObjectsJson().map((row) => String(row['name']));
      expect(tables).toEqual(expect.arrayContaining(['gold.fct_orders', 'gold.fct_order_items', 'gold.mart_revenue_daily']));
      const differences: Record<string, number> = {};
      for (const table of tables) {
        const reader = await connection.runAndReadAll(`
          SELECT (SELECT count(*) FROM (SELECT * FROM incremental.${table} EXCEPT ALL SELECT * FROM rebuilt.${table}))
               + (SELECT count(*) FROM (SELECT * FROM rebuilt.${table} EXCEPT ALL SELECT * FROM incremental.${table})) AS n`);
        differences[table] = Number(reader.getRowObjectsJson()[0]?.['n']);
      }
      expect(differences).toEqual(Object.fromEntries(tables.map((t) => [t, 0])));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 900_000);
});
