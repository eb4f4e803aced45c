/**
 * The Bronze sample both engines build Silver and Gold from, in two rounds (two scheduled dbt
 * runs): the contract's examples; the same event landed twice and the same message delivered
 * twice; an event landed a week late, and a late one carrying an older customer state; refunds; a
 * customer and a product that change between the rounds (two SCD2 versions each); an order re-sent
 * under a new event id and refunds beyond their order's total (conflicts Silver keeps); shipments
 * and deliveries (a delivery landed before its shipment, a second delivery, an order in transit, a
 * shipment of an order that never lands); the hostile
 * corpus through the ingest function (rejected rows, and the valid-but-nasty events) and through
 * the BigQuery subscription (checked by dbt in SQL); the Dataflow template's error rows; and ECB
 * rates with a weekend gap, a same-day correction and a bad row — including a day on which
 * converting one euro lands exactly half a cent from a rounding boundary.
 *
 * Rows are made by the ingest function's own mapping (`toBronze`) and given as BigQuery values
 * (see zetasql/values.ts): the same rows are written to DuckDB and handed to the evaluator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestPath, OrderEvent, SalesEvent } from '@salesflow/contract';
import { hostileCorpus } from '@salesflow/contract/testing';
import { toBronze } from '@salesflow/contract/validation';
import { ROOT } from '../../../../scripts/toolchain.mjs';
import type { PlainValue } from '../zetasql/values.js';

/** A Bronze row: column name → BigQuery value (INT64 and NUMERIC as decimal text, BYTES base64). */
export type PlainRow = Readonly<Record<string, PlainValue>>;

/** Bronze rows by table name (`sales_events`, `fx_rates`, …). */
export type BronzeRows = ReadonlyMap<string, readonly PlainRow[]>;

/** What lands before each of the two dbt rounds. */
export interface ParitySample {
  readonly rounds: readonly [BronzeRows, BronzeRows];
}

const SUBSCRIPTION = 'projects/salesflow-parity/subscriptions/sales-events-bq';
const REPORTING_RATE_DAY = '2026-03-17';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
type Event = Mutable<OrderEvent>;
type LifecycleEvent = Mutable<SalesEvent>;

function example<T = Event>(name: string): T {
  return JSON.parse(readFileSync(join(ROOT, 'contract', 'examples', `${name}.json`), 'utf8')) as T;
}

/** Recomputes subtotal, discount and total from the lines (tax and shipping kept), in cents. */
function withTotals(event: Event): Event {
  const cents = (amount: number): number => Math.round(amount * 100);
  const subtotal = event.items.reduce(
    (sum, item) => sum + cents(item.unit_price) * item.quantity,
    0,
  );
  const discount = event.items.reduce((sum, item) => sum + cents(item.discount_amount), 0);
  const total =
    subtotal - discount + cents(event.amounts.tax_total) + cents(event.amounts.shipping);
  event.amounts.subtotal = subtotal / 100;
  event.amounts.discount_total = discount / 100;
  event.amounts.total = total / 100;
  return event;
}

/** Accumulates the Bronze rows of one round. */
class Round {
  private readonly tables = new Map<string, PlainRow[]>();

  private add(table: string, row: PlainRow): void {
    this.tables.set(table, [...(this.tables.get(table) ?? []), row]);
  }

  /**
   * A message through the ingest function (or the Dataflow UDF, which shares its mapping): an
   * event row when it meets the contract, else a rejected row. `expect` guards the sample.
   */
  publish(
    data: Buffer | Event | LifecycleEvent,
    messageId: string,
    publishedAt: string,
    path: IngestPath,
    expect: 'event' | 'rejected' | 'either' = 'event',
  ): void {
    const body = Buffer.isBuffer(data) ? data : Buffer.from(JSON.stringify(data), 'utf8');
    const ingestedAt = new Date(Date.parse(publishedAt) + 1500).toISOString();
    const attributes = { source: 'parity', route: path };
    const landing = toBronze(
      { data: body, messageId, publishTime: publishedAt, attributes },
      ingestedAt,
      path,
      Date.parse(publishedAt),
    );
    if (expect !== 'either' && landing.kind !== expect) {
      throw new Error(`parity sample: message ${messageId} was ${landing.kind}, not as intended`);
    }
    if (landing.kind === 'event') {
      this.add('sales_events', {
        ...landing.row,
        schema_version: String(landing.row.schema_version),
      });
    } else {
      this.add('sales_events_rejected', { ...landing.row });
    }
  }

  /** A message as the Pub/Sub BigQuery subscription writes it (no check before Bronze). */
  subscribe(data: Buffer, messageId: string, publishedAt: string): void {
    this.add('sales_events_subscription', {
      subscription_name: SUBSCRIPTION,
      message_id: messageId,
      publish_time: publishedAt,
      data: data.toString('base64'),
      attributes: JSON.stringify({ source: 'parity', route: 'subscription' }),
    });
  }

  /** A row of the Dataflow template's dead-letter table. */
  dataflowError(at: string, payload: string, errorMessage: string): void {
    this.add('sales_events_error_records', {
      timestamp: at,
      payloadString: payload,
      payloadBytes: Buffer.from(payload, 'utf8').toString('base64'),
      attributes: [
        { key: 'source', value: 'parity' },
        { key: 'route', value: 'dataflow' },
      ],
      errorMessage,
      stacktrace: 'at transform (udf.js:1)',
    });
  }

  rate(day: string, quote: string, rate: string, ingestedAt: string, source = 'ecb'): void {
    this.add('fx_rates', {
      rate_date: day,
      base_currency: 'EUR',
      quote_currency: quote,
      rate,
      source,
      ingested_at: ingestedAt,
    });
  }

  rows(): BronzeRows {
    return this.tables;
  }
}

/** ECB-like rates for the business days of a range, drifting a little every day. */
function businessDayRates(round: Round, from: string, to: string): void {
  const base: Record<string, number> = { USD: 1.0812, JPY: 162.37, BRL: 5.8123, GBP: 0.85731 };
  for (
    let day = Date.parse(from), index = 0;
    day <= Date.parse(to);
    day += 86_400_000, index += 1
  ) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = new Date(day).toISOString().slice(0, 10);
    for (const [quote, rate] of Object.entries(base)) {
      // One day's USD rate is exactly 1.085: one euro is then 1.085 dollars, half a cent from
      // both 1.08 and 1.09 (BigQuery's NUMERIC rounds half away from zero).
      const value =
        quote === 'USD' && date === REPORTING_RATE_DAY
          ? '1.085'
          : (rate * (1 + index / 997)).toFixed(5);
      round.rate(date, quote, value, `${date}T16:00:00Z`);
    }
  }
}

/** The sample (deterministic: no clock, no randomness). */
export function paritySample(): ParitySample {
  const first = new Round();
  const second = new Round();

  const us = example('order-placed-usd-online');
  const jp = example('order-placed-jpy-in-store');
  const br = example('order-placed-brl-marketplace');
  const refund = example('order-refunded-eur');

  // The order the example refund refers to.
  const de = structuredClone(refund);
  de.event_type = 'order_placed';
  de.event_id = '6a1c0d2e-7b3f-4c5d-9e8f-0a1b2c3d4e5f';
  de.event_time = '2026-03-16T09:00:00+01:00';
  delete (de as Partial<Event>).refund;

  first.publish(us, 'm-us-1', '2026-03-15T00:00:00.000Z', 'function');
  // The same message delivered twice, and the same event published again on another path.
  first.publish(us, 'm-us-1', '2026-03-15T00:00:30.000Z', 'function');
  first.publish(us, 'm-us-2', '2026-03-15T00:10:00.000Z', 'dataflow');
  first.publish(jp, 'm-jp-1', '2026-03-15T05:00:00.000Z', 'function');
  first.publish(de, 'm-de-1', '2026-03-16T08:00:05.000Z', 'dataflow');
  first.publish(br, 'm-br-1', '2026-03-19T01:00:00.000Z', 'function');
  first.publish(refund, 'm-de-r1', '2026-03-20T09:16:00.000Z', 'function');

  // Euro orders whose reporting amount is exactly half a cent from a boundary on the 1.085 day.
  for (const [index, price] of [1, 3, 7, 13].entries()) {
    const order = structuredClone(de);
    order.event_id = `7b2d1e3f-8c4a-4d6e-8f9a-${String(index).padStart(12, '0')}`;
    order.order_id = `ORD-DE-HALF-${index + 1}`;
    order.event_time = `2026-03-17T1${index}:00:00+01:00`;
    order.items = [{ ...de.items[0]!, unit_price: price, quantity: 1, discount_amount: 0 }];
    order.amounts = { ...de.amounts, tax_total: 0, shipping: 0 };
    first.publish(
      withTotals(order),
      `m-half-${index}`,
      `2026-03-17T1${index}:00:05.000Z`,
      'function',
    );
  }

  // The hostile corpus through the function (rejected, or landed intact) and the subscription;
  // message ids name the corpus entry.
  for (const [index, message] of hostileCorpus().entries()) {
    const at = new Date(Date.parse('2026-03-18T00:00:00.000Z') + index * 1000).toISOString();
    first.publish(message.data, `function: ${message.name}`, at, 'function', 'either');
    first.subscribe(message.data, `subscription: ${message.name}`, at);
  }
  // A contract example through the subscription, and its redelivery.
  first.subscribe(Buffer.from(JSON.stringify(jp)), 'm-jp-sub-1', '2026-03-15T05:00:01.000Z');
  first.subscribe(Buffer.from(JSON.stringify(jp)), 'm-jp-sub-1', '2026-03-15T05:00:01.000Z');

  first.dataflowError(
    '2026-03-18T12:00:00Z',
    '{"event_id": ',
    'Failed to serialize json to table row',
  );
  first.dataflowError('2026-03-18T12:00:01Z', '{}', 'UDF threw: schema_version missing');

  businessDayRates(first, '2026-03-09', '2026-03-20');
  // A correction of one day's rate, landed later, and a row the staging model must drop.
  first.rate('2026-03-13', 'USD', '1.08345', '2026-03-14T08:00:00Z');
  first.rate('2026-03-13', 'CHF', '0', '2026-03-13T16:00:00Z', 'generator');

  // Round 2: a customer and a product change with a new order.
  const changed = structuredClone(us);
  changed.event_id = '8c3e2f40-9d5b-4e7f-8a0b-1c2d3e4f5061';
  changed.order_id = 'ORD-US-000002';
  changed.event_time = '2026-03-23T11:00:00-04:00';
  changed.customer.updated_at = '2026-03-22T10:00:00Z';
  changed.customer.loyalty_tier = 'platinum';
  changed.customer.city = 'Manhattan';
  changed.items[0] = {
    ...changed.items[0]!,
    product_name: 'Nimbus 14 Laptop (2026 refresh)',
    unit_price: 1249.99,
    product_updated_at: '2026-03-21T00:00:00Z',
  };
  second.publish(withTotals(changed), 'm-us-3', '2026-03-23T15:00:02.000Z', 'function');

  // A week-late order, and a late one carrying the customer's older state.
  const lateJp = structuredClone(jp);
  lateJp.event_id = '9d4f3051-ae6c-4f80-9b1c-2d3e4f506172';
  lateJp.order_id = 'ORD-JP-000318';
  lateJp.event_time = '2026-03-17T12:00:00+09:00';
  second.publish(lateJp, 'm-jp-2', '2026-03-24T00:00:00.000Z', 'function');
  const lateUs = structuredClone(us);
  lateUs.event_id = 'ae506172-bf7d-4091-8c2d-3e4f50617283';
  lateUs.order_id = 'ORD-US-000003';
  lateUs.event_time = '2026-03-21T09:30:00-04:00';
  second.publish(lateUs, 'm-us-4', '2026-03-24T00:05:00.000Z', 'dataflow');

  // A partial refund of the first order, and the Brazilian order landed again.
  const usRefund = structuredClone(us);
  usRefund.event_id = 'bf617283-c08e-41a2-9d3e-4f5061728394';
  usRefund.event_type = 'order_refunded';
  usRefund.event_time = '2026-03-23T14:00:00-04:00';
  usRefund.refund = { original_order_id: us.order_id, reason: 'damaged', amount: 200 };
  second.publish(usRefund, 'm-us-r1', '2026-03-23T18:00:05.000Z', 'dataflow');
  second.publish(br, 'm-br-2', '2026-03-24T02:00:00.000Z', 'function');

  // Conflicting producers: the Brazilian order re-sent under a new event id with one line and an
  // earlier time (it wins, the first loses), and two refunds of the Japanese order that together exceed its total.
  const resentBr = structuredClone(br);
  resentBr.event_id = 'c0728394-d19f-42b3-8e4f-506172839405';
  resentBr.event_time = '2026-03-18T21:39:00-03:00';
  resentBr.items = [resentBr.items[0]!];
  second.publish(withTotals(resentBr), 'm-br-3', '2026-03-24T02:10:00.000Z', 'function');
  for (const [index, day] of ['21', '22'].entries()) {
    const refundJp = structuredClone(jp);
    refundJp.event_id = `d1839405-e2a0-43c4-9f50-61728394051${index}`;
    refundJp.event_type = 'order_refunded';
    refundJp.event_time = `2026-03-${day}T10:00:00+09:00`;
    refundJp.refund = {
      original_order_id: jp.order_id,
      reason: 'other',
      amount: Math.round(jp.amounts.total * 0.6),
    };
    second.publish(refundJp, `m-jp-r${index + 1}`, `2026-03-24T03:0${index}:00.000Z`, 'function');
  }

  // Fulfilment: an order with a promised date delivered on its date, whose delivered event lands a
  // round before its shipped event; a second delivery of it at another time (a conflict); the first
  // US order shipped and still in transit; a shipment of an order that never landed (a conflict).
  const promised = example('order-placed-eur-online-promised');
  const shipped = example<LifecycleEvent>('order-shipped-eur');
  const delivered = example<LifecycleEvent>('order-delivered-eur');
  first.publish(promised, 'm-de-p1', '2026-03-16T20:40:20.000Z', 'function');
  first.publish(delivered, 'm-de-d1', '2026-03-19T10:48:00.000Z', 'dataflow');
  second.publish(shipped, 'm-de-s1', '2026-03-23T09:00:00.000Z', 'function');
  const deliveredAgain = structuredClone(delivered);
  deliveredAgain.event_id = 'e4b6c8d0-1f2a-4c3e-8d5f-7a9b0c1d2e40';
  deliveredAgain.event_time = '2026-03-20T09:00:00+01:00';
  deliveredAgain.delivery = { delivered_at: deliveredAgain.event_time };
  second.publish(deliveredAgain, 'm-de-d2', '2026-03-23T09:00:05.000Z', 'function');
  const usShipped = structuredClone(shipped);
  usShipped.event_id = '9e3f5b72-1d4f-4c8b-a6e0-7f2a3b4c5d6e';
  usShipped.order_id = us.order_id;
  usShipped.store = us.store;
  usShipped.event_time = '2026-03-16T10:00:00-04:00';
  usShipped.shipment = {
    ...shipped.shipment!,
    shipment_id: 'SHP-US-000001',
    carrier: 'ups',
    origin_id: 'WH-US-1',
    shipped_at: usShipped.event_time,
  };
  second.publish(usShipped, 'm-us-s1', '2026-03-23T09:01:00.000Z', 'dataflow');
  const orphanShipped = structuredClone(usShipped);
  orphanShipped.event_id = 'af406c83-2e50-4d9c-b7f1-803b4c5d6e7f';
  orphanShipped.order_id = 'ORD-US-NEVER';
  orphanShipped.shipment = { ...usShipped.shipment!, shipment_id: 'SHP-US-NEVER' };
  second.publish(orphanShipped, 'm-us-s2', '2026-03-23T09:02:00.000Z', 'function');

  businessDayRates(second, '2026-03-23', '2026-03-24');

  return { rounds: [first.rows(), second.rows()] };
}

/** The rows of both rounds together (what Bronze holds after round 2). */
export function cumulative(sample: ParitySample, round: 0 | 1): BronzeRows {
  if (round === 0) return sample.rounds[0];
  const all = new Map<string, PlainRow[]>();
  for (const rows of sample.rounds) {
    for (const [table, list] of rows) all.set(table, [...(all.get(table) ?? []), ...list]);
  }
  return all;
}
