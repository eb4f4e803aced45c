/** The test data and reference seed the dbt suites rely on are themselves correct. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CURRENCY_MINOR_UNITS, isOrderEvent, validateMessage } from '@salesflow/contract';
import { DBT_PROJECT_DIR } from './support/dbt-runner.js';
import { buildSalesHistory, DEFAULT_CHAOS } from './support/sales-history.js';

const options = {
  start: '2026-01-05',
  days: 40,
  ordersPerDay: 15,
  seed: 3,
  customers: 50,
  products: 30,
  refundRate: 0.2,
  customerChangeRate: 0.5,
  chaos: DEFAULT_CHAOS,
};

describe('iso_currencies seed', () => {
  it('lists exactly the contract currencies with their minor units', async () => {
    const csv = await readFile(join(DBT_PROJECT_DIR, 'seeds', 'iso_currencies.csv'), 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toBe('currency_code,minor_units');
    const seeded = Object.fromEntries(rows.map((row) => row.split(',')).map(([code, units]) => [code, Number(units)]));
    expect(seeded).toEqual({ ...CURRENCY_MINOR_UNITS });
  });
});

describe('sales history', () => {
  const history = buildSalesHistory(options);
  const now = Date.parse('2026-12-31T00:00:00Z');

  it('produces only contract-valid events', () => {
    const invalid = history.landed
      .map((row) => validateMessage(JSON.stringify(row.event), { now }))
      .filter((result) => !result.ok);
    expect(invalid).toEqual([]);
  });

  it('is deterministic for a seed', () => {
    const again = buildSalesHistory(options);
    expect(again.landed.map((row) => row.event.event_id)).toEqual(history.landed.map((row) => row.event.event_id));
  });

  it('contains the disorder the pipeline must absorb', () => {
    const ids = history.landed.map((row) => row.event.event_id);
    expect(new Set(ids).size).toBeLessThan(ids.length);
    const late = history.landed.filter((row) => row.ingestedAt.getTime() - Date.parse(row.event.event_time) > 86_400_000);
    expect(late.length).toBeGreaterThan(0);
    const refunds = history.landed.filter((row) => row.event.event_type === 'order_refunded');
    expect(refunds.length).toBeGreaterThan(0);
    const totals = new Map<string, number>();
    for (const { event } of history.landed) if (isOrderEvent(event) && event.event_type === 'order_placed') totals.set(event.order_id, event.amounts.total);
    const refunded = new Map<string, number>();
    const seen = new Set<string>();
    for (const row of refunds) {
      if (seen.has(row.event.event_id)) continue;
      seen.add(row.event.event_id);
      refunded.set(row.event.order_id, (refunded.get(row.event.order_id) ?? 0) + (row.event.refund?.amount ?? 0));
    }
    for (const [order, amount] of refunded) expect(amount).toBeLessThanOrEqual((totals.get(order) ?? 0) + 1e-9);
  });

  it('publishes FX rates on business days only', () => {
    const weekdays = new Set(history.fxRates.map((row) => new Date(`${row.rate_date}T00:00:00Z`).getUTCDay()));
    expect(weekdays.has(0) || weekdays.has(6)).toBe(false);
    expect(history.fxRates.some((row) => row.quote_currency === 'USD')).toBe(true);
  });
});
