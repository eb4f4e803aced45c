/**
 * assert_no_delivery_stuck_in_transit against a Gold fct_deliveries written by hand: a parcel long
 * past its promise (or, without one, long after shipping) is flagged, a late one and one delivered
 * late are not, and overdue is judged from the newest shipment or delivery in the table — every row
 * lies months before today, so a check reading the wall clock would flag every parcel in transit.
 * The check warns without failing dbt, logs the line the cloud alert matches, and runs with the
 * nightly checks, not in the scheduled rounds.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBT_WARNING_EVENT, DBT_WARNING_TEST_EXTRACTOR } from '../../infra/src/monitoring/filters.js';
import { query, withWarehouse } from './support/bronze-loader.js';
import { createWarehouseFixture, type WarehouseFixture } from './support/warehouse-fixture.js';

const TEST = 'assert_no_delivery_stuck_in_transit';
/** The line the cloud alert policy matches (infra/src/monitoring/filters.ts). */
const WARNING_EVENT = DBT_WARNING_EVENT;

/** The regular expression of the alert's label extractor, `REGEXP_EXTRACT(textPayload, "…")`. */
function extractorRegExp(): RegExp {
  const quoted = /^REGEXP_EXTRACT\(textPayload, "((?:[^"\\]|\\.)*)"\)$/.exec(DBT_WARNING_TEST_EXTRACTOR)?.[1];
  if (quoted === undefined) throw new Error(`unexpected extractor ${DBT_WARNING_TEST_EXTRACTOR}`);
  return new RegExp(quoted.replace(/\\(.)/g, '$1'));
}

interface Delivery {
  readonly order_id: string;
  readonly shipped_at: string;
  readonly delivered_at?: string;
  readonly promised_delivery_date?: string;
}

/** The newest delivery, 2026-05-01, sets the warehouse's clock; the defaults are 45 and 60 days. */
const DELIVERIES: readonly Delivery[] = [
  { order_id: 'CLOCK', shipped_at: '2026-04-28T16:00:00Z', delivered_at: '2026-05-01T10:00:00Z', promised_delivery_date: '2026-04-30' },
  { order_id: 'STUCK', shipped_at: '2026-03-12T16:00:00Z', promised_delivery_date: '2026-03-16' },
  { order_id: 'LATE_45_DAYS', shipped_at: '2026-03-13T16:00:00Z', promised_delivery_date: '2026-03-17' },
  { order_id: 'LATE', shipped_at: '2026-04-14T16:00:00Z', promised_delivery_date: '2026-04-20' },
  { order_id: 'DELIVERED_LATE', shipped_at: '2026-01-28T16:00:00Z', delivered_at: '2026-04-29T12:00:00Z', promised_delivery_date: '2026-02-01' },
  { order_id: 'UNPROMISED_STUCK', shipped_at: '2026-03-01T23:00:00Z' },
  { order_id: 'UNPROMISED_60_DAYS', shipped_at: '2026-03-02T01:00:00Z' },
];

const literal = (value: string | undefined, type: string): string => (value === undefined ? `NULL::${type}` : `'${value}'::${type}`);

async function writeDeliveries(warehouse: string, rows: readonly Delivery[]): Promise<void> {
  await withWarehouse(warehouse, async (connection) => {
    await connection.run('CREATE SCHEMA IF NOT EXISTS gold');
    await connection.run(`CREATE OR REPLACE TABLE gold.fct_deliveries (
      order_id VARCHAR, store_id VARCHAR, customer_country VARCHAR, carrier VARCHAR, shipment_id VARCHAR,
      status VARCHAR, shipped_at TIMESTAMPTZ, delivered_at TIMESTAMPTZ, promised_delivery_date DATE)`);
    for (const row of rows) {
      await connection.run(`INSERT INTO gold.fct_deliveries VALUES (
        '${row.order_id}', 'ST-1', 'DE', 'dhl', 'SHP-${row.order_id}',
        '${row.delivered_at === undefined ? 'in_transit' : 'delivered'}',
        ${literal(row.shipped_at, 'TIMESTAMPTZ')}, ${literal(row.delivered_at, 'TIMESTAMPTZ')},
        ${literal(row.promised_delivery_date, 'DATE')})`);
    }
  });
}

let fixture: WarehouseFixture;

beforeAll(async () => {
  fixture = await createWarehouseFixture('stuck-in-transit');
});

afterAll(async () => {
  await fixture?.dispose();
});

describe(TEST, () => {
  it('flags the parcels long overdue by the warehouse clock, warns and logs the alert line', async () => {
    await writeDeliveries(fixture.warehouse, DELIVERIES);
    const result = await fixture.dbt.run(['test', '--select', TEST]);
    expect(result.code, result.output).toBe(0);
    // A warning, not an error: dbt exits 0 (the project's hooks count as passes).
    expect(result.output).toMatch(/ WARN 2 assert_no_delivery_stuck_in_transit /);
    expect(result.output).toMatch(/Done\. PASS=\d+ WARN=1 ERROR=0/);

    const compiled = await readFile(join(fixture.dbt.targetDir, 'compiled', 'salesflow', 'data-tests', `${TEST}.sql`), 'utf8');
    const flagged = await query(fixture.warehouse, `SELECT order_id, days_past_promise, days_since_shipped FROM (${compiled}) ORDER BY order_id`);
    expect(flagged).toEqual([
      { order_id: 'STUCK', days_past_promise: '46', days_since_shipped: '50' },
      { order_id: 'UNPROMISED_STUCK', days_past_promise: null, days_since_shipped: '61' },
    ]);

    const lines = result.output.split('\n').filter((line) => line.includes(`${WARNING_EVENT} {`));
    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0]!.slice(lines[0]!.indexOf('{'))) as Record<string, unknown>;
    expect(event).toMatchObject({ event: WARNING_EVENT, severity: 'WARNING', test: TEST, unique_id: `test.salesflow.${TEST}`, failures: 2 });
    // The alert names the test it extracts from the line.
    expect(extractorRegExp().exec(lines[0]!)?.[1]).toBe(TEST);
  }, 300_000);

  it('passes, and logs no alert line, when every parcel in transit is merely late', async () => {
    await writeDeliveries(fixture.warehouse, DELIVERIES.filter((row) => !row.order_id.endsWith('STUCK')));
    const result = await fixture.dbt.run(['test', '--select', TEST]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/ PASS assert_no_delivery_stuck_in_transit /);
    expect(result.output).toMatch(/Done\. PASS=\d+ WARN=0 ERROR=0/);
    expect(result.output).not.toContain(WARNING_EVENT);
  }, 300_000);

  it('runs with the nightly checks and in the nightly build, not in the scheduled rounds', async () => {
    const selected = async (selector: string) => {
      const result = await fixture.dbt.run(['ls', '--selector', selector, '--resource-type', 'test', '--output', 'name']);
      expect(result.code, result.output).toBe(0);
      return result.output.includes(TEST);
    };
    expect({
      nightly_checks: await selected('nightly_checks'),
      nightly: await selected('nightly'),
      hourly: await selected('hourly'),
    }).toEqual({ nightly_checks: true, nightly: true, hourly: false });
  }, 300_000);
});
