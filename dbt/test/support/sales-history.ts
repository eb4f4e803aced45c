/**
 * Deterministic sales history for the dbt tests and benchmark: contract-valid events as they land
 * in Bronze (with duplicates, late arrivals, partial refunds, customer and product updates, and on
 * request the shipments and deliveries of remote orders), the matching ECB-style FX rates on
 * business days only, and a few rejected messages.
 *
 * Amounts are built in integer minor units so every business rule of the contract holds exactly.
 */
import type { BronzeRejectedRow, Carrier, Customer, FxRateRow, IngestPath, OrderEvent, SalesEvent } from '@salesflow/contract';
import { CURRENCY_MINOR_UNITS } from '@salesflow/contract';
import { deliveryOf, minorFactor, placedOrder, refundOf as refundEvent, shipmentOf, type OrderLine } from '@salesflow/contract/testing';
import { SeededRandom } from './random.js';

/** One Bronze copy of an event: the same event may land several times. */
export interface LandedEvent {
  readonly event: SalesEvent;
  readonly ingestedAt: Date;
  readonly messageId: string;
  readonly ingestPath: IngestPath;
}

/** Rates of disorder in the landed stream. */
export interface Chaos {
  /** Share of events landed a second (or third) time, up to three days later. */
  readonly duplicateRate: number;
  /** Share of events landed days after they happened. */
  readonly lateRate: number;
  readonly maxLateDays: number;
  /**
   * Share of orders that get a competing order_placed event: another order's content under the
   * order's id and a new event id, up to three hours before or after it (a producer's conflict).
   */
  readonly conflictRate?: number;
}

export interface HistoryOptions {
  /** First simulated day (UTC, YYYY-MM-DD). */
  readonly start: string;
  readonly days: number;
  readonly ordersPerDay: number;
  readonly seed: number;
  readonly customers: number;
  readonly products: number;
  /** Share of orders refunded later (some twice, partially). */
  readonly refundRate: number;
  /** Share of customers whose profile changes during the history (a new SCD2 version each). */
  readonly customerChangeRate: number;
  readonly chaos: Chaos;
  /** Prefix that keeps order ids of separately generated histories apart. */
  readonly orderPrefix?: string;
  /**
   * Share of remote-channel orders that ship: an order_shipped event hours to days after the order
   * and, for most, an order_delivered event days later (a long tail and a share late against the
   * promised date; none after the history's last day). On, remote orders carry a promised delivery
   * date and customers their region. Default 0: the history stays what it was without it.
   */
  readonly shipRate?: number;
  /**
   * Days (counted from `start`) whose orders are generated; default: the `days` of the history.
   * Days after it continue the same world (customers, products, rates) with fresh event and message
   * ids, as the orders that follow an already loaded history.
   */
  readonly orderDays?: { readonly from: number; readonly count: number };
}

export interface SalesHistory {
  readonly landed: LandedEvent[];
  readonly fxRates: FxRateRow[];
  readonly rejected: BronzeRejectedRow[];
}

export const NO_CHAOS: Chaos = { duplicateRate: 0, lateRate: 0, maxLateDays: 0 };
export const DEFAULT_CHAOS: Chaos = { duplicateRate: 0.08, lateRate: 0.05, maxLateDays: 4, conflictRate: 0.005 };

interface StoreProfile {
  readonly store: SalesEvent['store'];
  readonly currency: string;
  readonly utcOffset: string;
}

const STORES: readonly StoreProfile[] = [
  { store: { store_id: 'ST-US-NYC-01', name: 'salesflow New York', channel: 'in_store', country: 'US', city: 'New York' }, currency: 'USD', utcOffset: '-05:00' },
  { store: { store_id: 'ST-US-WEB-01', name: 'salesflow.com US', channel: 'online', country: 'US', city: 'Seattle' }, currency: 'USD', utcOffset: '-08:00' },
  { store: { store_id: 'ST-DE-BER-01', name: 'salesflow Berlin App', channel: 'mobile_app', country: 'DE', city: 'Berlin' }, currency: 'EUR', utcOffset: '+01:00' },
  { store: { store_id: 'ST-JP-TYO-02', name: 'salesflow 渋谷', channel: 'in_store', country: 'JP', city: 'Tokyo' }, currency: 'JPY', utcOffset: '+09:00' },
  { store: { store_id: 'ST-BR-MKT-01', name: 'salesflow Marketplace BR', channel: 'marketplace', country: 'BR', city: 'São Paulo' }, currency: 'BRL', utcOffset: '-03:00' },
  { store: { store_id: 'ST-GB-WEB-01', name: 'salesflow.co.uk', channel: 'online', country: 'GB', city: 'London' }, currency: 'GBP', utcOffset: '+00:00' },
  { store: { store_id: 'ST-CH-ZRH-01', name: 'salesflow Zürich', channel: 'in_store', country: 'CH', city: 'Zürich' }, currency: 'CHF', utcOffset: '+01:00' },
];
/** The first-level subdivision of each city customers live in. */
const REGIONS: Readonly<Record<string, string>> = {
  'New York': 'New York',
  Seattle: 'Washington',
  Berlin: 'Berlin',
  Tokyo: 'Tōkyō',
  'São Paulo': 'São Paulo',
  London: 'England',
  Zürich: 'Zürich',
};
/** Carriers per country of the selling store. */
const CARRIERS_BY_COUNTRY: Readonly<Record<string, readonly Carrier[]>> = {
  US: ['usps', 'ups', 'fedex'],
  DE: ['dhl', 'dpd', 'hermes'],
  BR: ['correios', 'jadlog'],
  GB: ['royal_mail', 'evri', 'dpd'],
};
const HOUR_MS = 3_600_000;
/** Starting EUR rates of the quote currencies (1 EUR = rate quote). */
const BASE_RATES: Readonly<Record<string, number>> = { USD: 1.08, JPY: 162.5, BRL: 5.9, GBP: 0.85, CHF: 0.95 };
const CATEGORIES = ['Audio', 'Monitors', 'Laptops', 'Phones', 'Accessories', 'Gaming'] as const;
const BRANDS = ['Sonora', 'Lumen', 'Vertex', 'Nimbus', 'Kite'] as const;
const FIRST_NAMES = ['Ada', 'Jonas', 'Haruto', 'Maria', 'Liam', 'Sofia', 'Yuki', 'Lucas', 'Emma', 'Noah'] as const;
/** Surnames of the generated customers (tests look for them where no full name may appear). */
export const LAST_NAMES = ['Lovelace', 'Becker', 'Sato', 'Silva', 'Smith', 'Rossi', 'Tanaka', 'Costa', 'Brown', 'Meier'] as const;
const SEGMENTS = ['consumer', 'small_business', 'corporate', 'student'] as const;
const TIERS = ['none', 'bronze', 'silver', 'gold', 'platinum'] as const;
const REFUND_REASONS = ['damaged', 'defective', 'not_as_described', 'wrong_item', 'changed_mind', 'late_delivery'] as const;
const CARD_BRANDS = ['visa', 'mastercard', 'amex'] as const;
const DAY_MS = 86_400_000;

interface CustomerVersion {
  readonly from: number;
  readonly customer: Customer;
}

interface ProductVersion {
  readonly from: number;
  readonly priceEur: number;
  readonly name: string;
}

interface Product {
  readonly id: string;
  readonly category: string;
  readonly brand: string;
  readonly versions: ProductVersion[];
}

/** A sales history whose events are produced lazily (a million events need not fit in memory). */
export interface SalesHistoryStream {
  readonly fxRates: FxRateRow[];
  readonly rejected: BronzeRejectedRow[];
  /** Every landed copy, in generation order; iterate once. */
  readonly landed: Iterable<LandedEvent>;
}

/** Builds a sales history; the same options always give the same history. */
export function buildSalesHistory(options: HistoryOptions): SalesHistory {
  const stream = streamSalesHistory(options);
  return { landed: [...stream.landed], fxRates: stream.fxRates, rejected: stream.rejected };
}

/** Like `buildSalesHistory`, but generates the landed events while they are consumed. */
export function streamSalesHistory(options: HistoryOptions): SalesHistoryStream {
  let random = new SeededRandom(options.seed);
  const startMs = Date.parse(`${options.start}T00:00:00Z`);
  const endMs = startMs + options.days * DAY_MS;
  const fx = buildRates(random, startMs - 10 * DAY_MS, endMs);
  const customers = buildCustomers(random, options, startMs, endMs);
  const products = buildProducts(random, options, startMs, endMs);
  const rejected = buildRejected(random, startMs, options.days);
  const prefix = options.orderPrefix ?? 'ORD';
  const orderDays = options.orderDays ?? { from: 0, count: options.days };
  const ordersEndMs = startMs + (orderDays.from + orderDays.count) * DAY_MS;
  let messageCounter = options.seed * 10_000_000;
  if (options.orderDays) {
    // Same world, new orders: the ids must not repeat the history's.
    random = new SeededRandom(options.seed * 7_919 + orderDays.from);
    messageCounter += 5_000_000 + orderDays.from * 100_000;
  }
  const land = (event: SalesEvent, happenedAt: number): LandedEvent[] => {
    const late = random.chance(options.chaos.lateRate) ? random.int(1, Math.max(1, options.chaos.maxLateDays)) * DAY_MS : 0;
    const firstIngest = happenedAt + late + random.int(1_000, 120_000);
    const copies: LandedEvent[] = [{ event, ingestedAt: new Date(firstIngest), messageId: String(++messageCounter), ingestPath: 'function' }];
    if (random.chance(options.chaos.duplicateRate)) {
      const extra = random.chance(0.2) ? 2 : 1;
      for (let copy = 0; copy < extra; copy += 1) {
        const again = firstIngest + random.int(0, 3 * DAY_MS);
        const path: IngestPath = random.chance(0.5) ? 'dataflow' : 'function';
        copies.push({ event, ingestedAt: new Date(again), messageId: String(++messageCounter), ingestPath: path });
      }
    }
    return copies;
  };

  function* generate(): Generator<LandedEvent> {
    let orderNumber = 0;
    for (let day = orderDays.from; day < orderDays.from + orderDays.count; day += 1) {
      for (let n = 0; n < options.ordersPerDay; n += 1) {
        orderNumber += 1;
        const at = startMs + day * DAY_MS + random.int(0, DAY_MS - 1_000);
        const profile = random.pick(STORES);
        const customer = versionAt(random.pick(customers), at).customer;
        const placed = buildOrder(random, profile, customer, products, fx, at, `${prefix}-${String(orderNumber).padStart(7, '0')}`);
        const remote = profile.store.channel !== 'in_store';
        const order: OrderEvent = (options.shipRate ?? 0) > 0 && remote ? withPromise(random, placed, profile, at) : placed;
        yield* land(order, at);
        // Drawn only when the knob is on, so histories without shipments stay what they were.
        if ((options.shipRate ?? 0) > 0 && remote && random.chance(options.shipRate ?? 0)) {
          for (const [event, happenedAt] of lifecycle(random, order, profile, customer, at)) {
            if (happenedAt < ordersEndMs) yield* land(event, happenedAt);
          }
        }
        // Drawn only when the knob is on, so histories without conflicts stay what they were.
        if ((options.chaos.conflictRate ?? 0) > 0 && random.chance(options.chaos.conflictRate ?? 0)) {
          const competingAt = Math.max(startMs, at + random.int(-3 * 3_600_000, 3 * 3_600_000));
          const customerThen = versionAt(random.pick(customers), competingAt).customer;
          yield* land(buildOrder(random, random.pick(STORES), customerThen, products, fx, competingAt, order.order_id), competingAt);
        }
        if (!random.chance(options.refundRate)) continue;
        const refunds = random.chance(0.25) ? 2 : 1;
        let refundedMinor = 0;
        let refundAt = at;
        const factor = 10 ** minor(order.currency);
        const totalMinor = Math.round(order.amounts.total * factor);
        for (let r = 0; r < refunds; r += 1) {
          refundAt += random.int(1, 10) * DAY_MS;
          if (refundAt >= ordersEndMs) break;
          const remaining = totalMinor - refundedMinor;
          const amountMinor = refunds === 1 && random.chance(0.5) ? remaining : Math.floor(remaining / 2);
          if (amountMinor <= 0) break;
          refundedMinor += amountMinor;
          yield* land(refundOf(random, order, profile, amountMinor / factor, refundAt), refundAt);
        }
      }
    }
  }

  return { fxRates: fx.rows, rejected, landed: { [Symbol.iterator]: generate } };
}

/** The order's promised delivery date: its local order date plus handling and typical transit. */
function withPromise(random: SeededRandom, order: OrderEvent, profile: StoreProfile, at: number): OrderEvent {
  const localDay = Date.parse(`${rfc3339(at, profile.utcOffset).slice(0, 10)}T00:00:00Z`);
  return { ...order, promised_delivery_date: new Date(localDay + random.int(3, 6) * DAY_MS).toISOString().slice(0, 10) };
}

/** The shipped event and, mostly, the delivered event of an order, with the instants they happen. */
function lifecycle(random: SeededRandom, order: OrderEvent, profile: StoreProfile, customer: Customer, at: number): [SalesEvent, number][] {
  const shippedAt = at + random.int(2, 60) * HOUR_MS;
  const carriers = CARRIERS_BY_COUNTRY[profile.store.country] ?? ['other'];
  const shipped = shipmentOf(order, {
    event_id: random.uuid(),
    shipment_id: `SHP-${order.order_id}`,
    carrier: random.pick(carriers),
    origin_type: random.chance(0.8) ? 'warehouse' : 'store',
    origin_id: `WH-${profile.store.country}-1`,
    shipped_at: rfc3339(shippedAt, profile.utcOffset),
  });
  const events: [SalesEvent, number][] = [[shipped, shippedAt]];
  if (random.chance(0.03)) return events; // lost in transit
  // Mostly one to four days in transit, now and then a long tail of a week or two.
  const transitHours = random.chance(0.1) ? random.int(5 * 24, 14 * 24) : random.int(18, 4 * 24);
  const deliveredAt = shippedAt + transitHours * HOUR_MS;
  const home = STORES.find((store) => store.store.city === customer.city) ?? profile;
  events.push([deliveryOf(shipped, random.uuid(), rfc3339(deliveredAt, home.utcOffset)), deliveredAt]);
  return events;
}

function minor(currency: string): number {
  return CURRENCY_MINOR_UNITS[currency] ?? 2;
}

function rfc3339(ms: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  const shifted = new Date(ms + sign * ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000);
  return `${shifted.toISOString().slice(0, 19)}${offset === '+00:00' ? 'Z' : offset}`;
}

interface RateBook {
  readonly rows: FxRateRow[];
  /** EUR rate of a currency on the latest business day at or before `ms`. */
  rateAt(currency: string, ms: number): number;
}

function buildRates(random: SeededRandom, fromMs: number, toMs: number): RateBook {
  const rows: FxRateRow[] = [];
  const history = new Map<string, { day: number; rate: number }[]>();
  const current = { ...BASE_RATES };
  for (let day = fromMs; day <= toMs; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    // Weekends and one holiday in every 23 days have no rate: consumers must carry rates forward.
    if (weekday === 0 || weekday === 6 || Math.floor(day / DAY_MS) % 23 === 0) continue;
    const rateDate = new Date(day).toISOString().slice(0, 10);
    for (const currency of Object.keys(current)) {
      const previous = current[currency] ?? 1;
      const next = Number((previous * (1 + (random.next() - 0.5) * 0.01)).toFixed(4));
      current[currency] = next;
      const list = history.get(currency) ?? [];
      list.push({ day, rate: next });
      history.set(currency, list);
      rows.push({
        rate_date: rateDate,
        base_currency: 'EUR',
        quote_currency: currency,
        rate: next.toFixed(4),
        source: 'generator',
        ingested_at: new Date(day + 16 * 3_600_000).toISOString(),
      });
    }
  }
  return {
    rows,
    rateAt(currency, ms) {
      if (currency === 'EUR') return 1;
      const list = history.get(currency) ?? [];
      let rate = list[0]?.rate ?? 1;
      for (const entry of list) {
        if (entry.day > ms) break;
        rate = entry.rate;
      }
      return rate;
    },
  };
}

function buildCustomers(random: SeededRandom, options: HistoryOptions, startMs: number, endMs: number): CustomerVersion[][] {
  const customers: CustomerVersion[][] = [];
  for (let i = 1; i <= options.customers; i += 1) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const home = random.pick(STORES).store;
    const created = startMs - random.int(1, 400) * DAY_MS;
    const base: Customer = {
      customer_id: `CUS-${String(i).padStart(6, '0')}`,
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      full_name: `${first} ${last}`,
      country: home.country,
      city: home.city,
      segment: random.pick(SEGMENTS),
      loyalty_tier: 'none',
      updated_at: new Date(created).toISOString(),
      ...((options.shipRate ?? 0) > 0 && REGIONS[home.city] ? { region: REGIONS[home.city] } : {}),
    };
    const versions: CustomerVersion[] = [{ from: created, customer: base }];
    if (random.chance(options.customerChangeRate)) {
      let at = startMs + random.int(1, Math.max(1, Math.floor((endMs - startMs) / DAY_MS / 2))) * DAY_MS + random.int(0, DAY_MS - 1);
      let tier = 0;
      while (at < endMs && tier < TIERS.length - 1) {
        tier += 1;
        const previous = versions[versions.length - 1]?.customer ?? base;
        versions.push({ from: at, customer: { ...previous, loyalty_tier: TIERS[tier] ?? 'none', updated_at: new Date(at).toISOString() } });
        at += random.int(10, 40) * DAY_MS;
      }
    }
    customers.push(versions);
  }
  return customers;
}

function buildProducts(random: SeededRandom, options: HistoryOptions, startMs: number, endMs: number): Product[] {
  const products: Product[] = [];
  for (let i = 1; i <= options.products; i += 1) {
    const category = random.pick(CATEGORIES);
    const brand = random.pick(BRANDS);
    const name = `${brand} ${category} ${i}`;
    const versions: ProductVersion[] = [{ from: startMs - random.int(30, 300) * DAY_MS, priceEur: random.int(5, 900) + 0.99, name }];
    if (random.chance(0.3)) {
      const at = startMs + random.int(1, Math.max(1, Math.floor((endMs - startMs) / DAY_MS) - 1)) * DAY_MS;
      versions.push({ from: at, priceEur: Number(((versions[0]?.priceEur ?? 10) * 0.9).toFixed(2)), name: `${name} (2nd gen)` });
    }
    products.push({ id: `P-${String(i).padStart(5, '0')}`, category, brand, versions });
  }
  return products;
}

function versionAt<T extends { readonly from: number }>(versions: readonly T[], ms: number): T {
  let chosen = versions[0];
  for (const version of versions) if (version.from <= ms) chosen = version;
  if (chosen === undefined) throw new Error('no versions');
  return chosen;
}

function buildOrder(
  random: SeededRandom,
  profile: StoreProfile,
  customer: Customer,
  products: readonly Product[],
  fx: RateBook,
  at: number,
  orderId: string,
): OrderEvent {
  const currency = profile.currency;
  const factor = 10 ** minor(currency);
  const rate = fx.rateAt(currency, at);
  const lineCount = random.int(1, 4);
  const used = new Set<string>();
  const lines: OrderLine[] = [];
  let subtotal = 0;
  let discounts = 0;
  for (let line = 1; line <= lineCount; line += 1) {
    const product = random.pick(products);
    if (used.has(product.id)) continue;
    used.add(product.id);
    const version = versionAt(product.versions, at);
    const unitMinor = Math.max(1, Math.round(version.priceEur * rate * factor));
    const quantity = random.int(1, 3);
    const discountMinor = random.chance(0.3) ? Math.floor(unitMinor * quantity * 0.1) : 0;
    subtotal += unitMinor * quantity;
    discounts += discountMinor;
    lines.push({
      product_id: product.id,
      sku: `SKU-${product.id}`,
      product_name: version.name,
      category: product.category,
      brand: product.brand,
      unit_minor: unitMinor,
      quantity,
      discount_minor: discountMinor,
      product_updated_at: new Date(version.from).toISOString(),
    });
  }
  const taxMinor = Math.round((subtotal - discounts) * 0.1);
  const remote = profile.store.channel !== 'in_store';
  const shippingMinor = remote ? Math.round(4.99 * rate * factor) : 0;
  const method = profile.store.channel === 'in_store' && random.chance(0.3) ? 'cash' : random.pick(['card', 'card', 'paypal', 'apple_pay', 'klarna'] as const);
  const payment: OrderEvent['payment'] = method === 'card' ? { method, card_brand: random.pick(CARD_BRANDS) } : { method };
  return placedOrder({
    event_id: random.uuid(),
    event_time: rfc3339(at, profile.utcOffset),
    order_id: orderId,
    store: profile.store,
    customer,
    currency,
    lines,
    tax_minor: taxMinor,
    shipping_minor: shippingMinor,
    payment,
  });
}

function refundOf(random: SeededRandom, order: OrderEvent, profile: StoreProfile, amount: number, at: number): OrderEvent {
  return refundEvent(order, {
    event_id: random.uuid(),
    event_time: rfc3339(at, profile.utcOffset),
    reason: random.pick(REFUND_REASONS),
    amount_minor: Math.round(amount * minorFactor(order.currency)),
  });
}

function buildRejected(random: SeededRandom, startMs: number, days: number): BronzeRejectedRow[] {
  const reasons = ['invalid_json', 'schema_violation', 'business_rule_violation'] as const;
  return Array.from({ length: Math.max(1, Math.floor(days / 10)) }, (_, i) => {
    const reason = random.pick(reasons);
    const at = new Date(startMs + random.int(0, days - 1) * DAY_MS + random.int(0, DAY_MS - 1));
    return {
      raw_data: Buffer.from(reason === 'invalid_json' ? '{"broken": ' : `{"schema_version":1,"n":${i}}`).toString('base64'),
      error_reason: reason,
      error_details: JSON.stringify([{ path: '$', code: reason, message: `synthetic ${reason}` }]),
      message_id: `rej-${i}`,
      publish_time: at.toISOString(),
      attributes: JSON.stringify({ source: 'test' }),
      ingested_at: at.toISOString(),
      ingest_path: 'function',
    };
  });
}
