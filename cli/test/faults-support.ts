import type { FxRateRow } from '@salesflow/contract';
import { createGenerator, messageAttributes } from '@salesflow/generator';
import {
  emulatorClient,
  ensureTopology,
  runDbt,
  startEmulator,
  type DbtResult,
  type RunningEmulator,
  type TrackedMessage,
} from '@salesflow/local';
import { expect } from 'vitest';
import { CHAOS_PRESETS } from '../src/run/options.js';
import { queryWarehouse } from './run-support.js';

const DAY_MS = 86_400_000;

/** The messages of a fault test, what must become of them, and the FX rates Silver converts with. */
export interface FaultCorpus {
  messages: TrackedMessage[];
  /** Distinct event ids of the valid messages (duplicates included once). */
  validEventIds: Set<string>;
  /** Order ids of the valid `order_placed` events. */
  orderIds: Set<string>;
  invalid: number;
  fxRates: FxRateRow[];
}

/**
 * A seeded generator backfill over the three days before today with heavy chaos: re-sent
 * duplicates, invalid messages of every kind, late and reordered events — as `salesflow run` makes.
 */
export function faultCorpus(events: number, seed: number): FaultCorpus {
  const to = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const from = to - 3 * DAY_MS;
  const generator = createGenerator({
    seed,
    events,
    mode: 'backfill',
    from,
    to,
    chaos: CHAOS_PRESETS.heavy,
  });
  const corpus: FaultCorpus = {
    messages: [],
    validEventIds: new Set(),
    orderIds: new Set(),
    invalid: 0,
    fxRates: generator.fxRatesFor(from - 7 * DAY_MS, to),
  };
  for (const message of generator) {
    const attributes = messageAttributes(message.data, 'fault-test', message);
    const event = message.event;
    if (!event) {
      corpus.invalid += 1;
      corpus.messages.push({ data: message.data, attributes });
      continue;
    }
    corpus.validEventIds.add(event.event_id);
    if (event.event_type === 'order_placed') corpus.orderIds.add(event.order_id);
    corpus.messages.push({ data: message.data, attributes, eventId: event.event_id });
  }
  return corpus;
}

/**
 * Starts a fresh emulator on `port` and creates the topology again. A new client does that: the
 * clients of the old emulator reconnect on their own schedule.
 */
export async function restartLocalPubSub(port: number): Promise<RunningEmulator> {
  const emulator = await startEmulator({ port });
  const admin = emulatorClient(emulator.host, emulator.projectId);
  try {
    await ensureTopology(admin);
  } finally {
    await admin.close();
  }
  return emulator;
}

/** Asserts that every valid event of the corpus is in `bronze.sales_events`, at least once. */
export async function expectEveryValidEventInBronze(
  warehouse: string,
  corpus: FaultCorpus,
): Promise<{ rows: number; events: number }> {
  const ids = await queryWarehouse(warehouse, 'select distinct event_id from bronze.sales_events');
  expectSameIds(ids, 'event_id', corpus.validEventIds);
  const [counts] = await queryWarehouse(
    warehouse,
    'select count(*) as rows, count(distinct event_id) as events from bronze.sales_events',
  );
  return { rows: Number(counts?.['rows']), events: Number(counts?.['events']) };
}

/** Runs dbt's Silver step (`build --selector build_silver`: seeds, staging, intermediate, tests). */
export function buildSilver(warehouse: string): Promise<DbtResult> {
  return runDbt(['build', '--selector', 'build_silver'], {
    warehouse,
    vars: { reporting_currency: 'USD' },
  });
}

/**
 * Asserts Silver holds each valid event and each order exactly once: no duplicate `event_id` in
 * `stg_sales_events`, no duplicate order or order event in `int_orders`, nothing missing.
 */
export async function expectSilverExactlyOnce(
  warehouse: string,
  corpus: FaultCorpus,
): Promise<void> {
  const [counts] = await queryWarehouse(
    warehouse,
    `select
       (select count(*) from silver.stg_sales_events) as events,
       (select count(distinct event_id) from silver.stg_sales_events) as distinct_events,
       (select count(*) from silver.int_orders) as orders,
       (select count(distinct order_id) from silver.int_orders) as distinct_orders,
       (select count(distinct order_event_id) from silver.int_orders) as distinct_order_events`,
  );
  expect(Number(counts?.['events'])).toBe(Number(counts?.['distinct_events']));
  expect(Number(counts?.['orders'])).toBe(Number(counts?.['distinct_orders']));
  expect(Number(counts?.['orders'])).toBe(Number(counts?.['distinct_order_events']));

  const events = await queryWarehouse(warehouse, 'select event_id from silver.stg_sales_events');
  expectSameIds(events, 'event_id', corpus.validEventIds);
  const orders = await queryWarehouse(warehouse, 'select order_id from silver.int_orders');
  expectSameIds(orders, 'order_id', corpus.orderIds);
}

function expectSameIds(
  rows: readonly Record<string, unknown>[],
  column: string,
  expected: ReadonlySet<string>,
): void {
  const found = new Set(rows.map((row) => String(row[column])));
  expect({
    missing: [...expected].filter((id) => !found.has(id)),
    unexpected: [...found].filter((id) => !expected.has(id)),
  }).toEqual({ missing: [], unexpected: [] });
}

/**
 * What every fault test ends with: each valid event in Bronze at least once, then a Silver build that
 * passes its tests and holds each event and order exactly once.
 */
export async function expectRecoveredWarehouse(
  warehouse: string,
  corpus: FaultCorpus,
): Promise<void> {
  const bronze = await expectEveryValidEventInBronze(warehouse, corpus);
  expect(bronze.rows).toBeGreaterThanOrEqual(bronze.events);
  const silver = await buildSilver(warehouse);
  expect(silver.ok, silver.tail.join('\n')).toBe(true);
  await expectSilverExactlyOnce(warehouse, corpus);
}
