/**
 * Delivery figures from the raw events equal Gold's: the shipped orders of several chaotic arrival
 * scenarios (lifecycle events late, out of order, duplicated, competing, before their order or
 * shipment, of orders that never land) are recomputed in TypeScript from the events alone
 * (support/fulfilment-recomputation.ts) and compared with gold.fct_deliveries — days to ship and to
 * deliver, days late, status — and with gold.mart_delivery_performance — orders shipped, delivered
 * and late, average and p90 days to deliver, on-time rate — after a full `dbt build` (every data
 * test included).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbt } from '@salesflow/local';
import { arrivalScenario } from './support/arrival-scenario.js';
import { loadBronze, query } from './support/bronze-loader.js';
import { expectedDeliveries, expectedPerformance } from './support/fulfilment-recomputation.js';

const SEEDS = [11, 12, 13, 14];
const scenarios = SEEDS.map((seed) => arrivalScenario(seed));
const landed = scenarios.flatMap((scenario) => scenario.arrivals);

let dir: string;
let warehouse: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'salesflow-fulfilment-'));
  warehouse = join(dir, 'warehouse.duckdb');
  await loadBronze(warehouse, { landed, fxRates: [...(scenarios[0]?.fxRates ?? [])] });
  const built = await runDbt(['build'], { warehouse, vars: { reporting_currency: 'USD' } });
  if (!built.ok) throw new Error(`dbt build failed: ${built.tail.join('\n')}`);
}, 600_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

describe('fulfilment figures recomputed from the raw events', () => {
  const expected = expectedDeliveries(landed.map((arrival) => arrival.event));

  it('cover delivered, in-transit, late and on-time orders', () => {
    expect(expected.filter((row) => row.status === 'delivered').length).toBeGreaterThan(10);
    expect(expected.filter((row) => row.status === 'in_transit').length).toBeGreaterThan(0);
    expect(expected.filter((row) => row.is_late === true).length).toBeGreaterThan(0);
    expect(expected.filter((row) => row.is_late === false).length).toBeGreaterThan(0);
  });

  it('equal gold.fct_deliveries order by order', async () => {
    const rows = await query(
      warehouse,
      `select order_id, customer_country, customer_region, carrier, strftime(order_date, '%Y-%m-%d') as order_date,
              strftime(promised_delivery_date, '%Y-%m-%d') as promised_delivery_date, days_to_ship, days_to_deliver,
              days_late, is_late, status
       from gold.fct_deliveries order by order_id`,
    );
    const actual = rows.map((row) => ({
      ...row,
      days_to_ship: Number(row['days_to_ship']),
      days_to_deliver: numberOrNull(row['days_to_deliver']),
      days_late: numberOrNull(row['days_late']),
    }));
    expect(actual).toEqual([...expected].sort((a, b) => (a.order_id < b.order_id ? -1 : a.order_id > b.order_id ? 1 : 0)));
  });

  it('equal gold.mart_delivery_performance row by row', async () => {
    const rows = await query(
      warehouse,
      `select strftime(month_start_date, '%Y-%m-%d') as month_start_date, customer_country, carrier, orders_shipped,
              orders_delivered, orders_on_time, orders_late, average_days_to_deliver, p90_days_to_deliver, on_time_rate
       from gold.mart_delivery_performance order by month_start_date, customer_country, carrier`,
    );
    const actual = rows.map((row) => ({
      month_start_date: row['month_start_date'],
      customer_country: row['customer_country'],
      carrier: row['carrier'],
      orders_shipped: Number(row['orders_shipped']),
      orders_delivered: Number(row['orders_delivered']),
      orders_on_time: Number(row['orders_on_time']),
      orders_late: Number(row['orders_late']),
      average_days_to_deliver: numberOrNull(row['average_days_to_deliver']),
      p90_days_to_deliver: numberOrNull(row['p90_days_to_deliver']),
      on_time_rate: numberOrNull(row['on_time_rate']),
    }));
    // NUMERIC keeps nine decimals.
    const rounded = (value: number | null) => (value === null ? null : Math.round(value * 1e9) / 1e9);
    const comparable = <T extends { average_days_to_deliver: number | null; on_time_rate: number | null }>(row: T) => ({
      ...row,
      average_days_to_deliver: rounded(row.average_days_to_deliver),
      on_time_rate: rounded(row.on_time_rate),
    });
    expect(actual.map(comparable)).toEqual(expectedPerformance(expected).map(comparable));
  });
});
