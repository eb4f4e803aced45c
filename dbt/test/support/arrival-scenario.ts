/**
 * Seeded arrival scenarios for the incremental-equivalence property: a small shop whose events
 * arrive in every disorder Bronze sees — redelivered copies, late and out-of-order events, commits
 * that land behind the previous round, competing order_placed events for one order, refunds before
 * and after their order (and of orders that never land, in another currency, over the order total),
 * shipments and deliveries of remote orders (delivered before their shipped event lands, a second
 * shipment or delivery, delivered before the shipment left, shipped before the order, of orders
 * that never land), customer, product and store changes arriving in any order — cut into dbt rounds.
 *
 * Amounts are built in integer minor units, so every event satisfies the contract's business rules.
 */
import type { Carrier, FxRateRow, IngestPath, LifecycleEvent, OrderEvent, SalesEvent } from '@salesflow/contract';
import { CURRENCY_MINOR_UNITS } from '@salesflow/contract';
import { deliveryOf, shipmentOf } from '@salesflow/contract/testing';
import { SeededRandom } from './random.js';
import type { LandedEvent } from './sales-history.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const RANGE_START = Date.parse('2026-03-02T00:00:00Z');
const RANGE_DAYS = 10;
const RANGE_END = RANGE_START + RANGE_DAYS * DAY_MS;
/**
 * Gaps between rounds: within one lookback window, and wider than it (`lookback_days` is 3) — the
 * wide one twice as often, so a round often comes more than a window after the one before last.
 */
const ROUND_GAPS_MS = [HOUR_MS, 10 * HOUR_MS, 2 * DAY_MS, 4 * DAY_MS, 4 * DAY_MS] as const;
/**
 * A late commit lands at most this far behind the previous round by default: inside the nightly
 * build's lookback window (`lookback_days`).
 */
const MAX_LATE_COMMIT_MS = 2 * DAY_MS;

/** How a scenario's commits may land. */
export interface ScenarioOptions {
  /**
   * The most a late commit lands behind the previous round (default two days); a scheduled
   * round's window (`round_lookback_hours`) covers an hour.
   */
  readonly maxLateCommitMs?: number;
}

/** One Bronze copy of an event and the round it lands in (1-based). */
export interface Arrival extends LandedEvent {
  readonly round: number;
}

/** A scenario: what lands, when, in which round; the FX rates are loaded before the first round. */
export interface Scenario {
  readonly seed: number;
  readonly rounds: number;
  readonly arrivals: readonly Arrival[];
  readonly fxRates: readonly FxRateRow[];
}

interface Shop {
  readonly store: SalesEvent['store'];
  readonly currency: string;
  readonly utcOffset: string;
  /** The store renamed from this instant on (store changes), if it is. */
  readonly renamedAt?: number;
}

interface Version<T> {
  readonly from: number;
  readonly value: T;
}

interface Product {
  readonly id: string;
  readonly category: string;
  readonly versions: readonly Version<{ name: string; priceEur: number }>[];
}

const SHOPS: readonly Shop[] = [
  { store: { store_id: 'ST-US-1', name: 'US One', channel: 'online', country: 'US', city: 'Seattle' }, currency: 'USD', utcOffset: '-08:00' },
  { store: { store_id: 'ST-DE-1', name: 'DE One', channel: 'in_store', country: 'DE', city: 'Berlin' }, currency: 'EUR', utcOffset: '+01:00' },
  { store: { store_id: 'ST-JP-1', name: 'JP One', channel: 'mobile_app', country: 'JP', city: 'Tokyo' }, currency: 'JPY', utcOffset: '+09:00' },
];
const EUR_RATES: Readonly<Record<string, number>> = { USD: 1.08, JPY: 162.5 };
const CARRIERS: readonly Carrier[] = ['usps', 'ups', 'yamato', 'dhl'];
/** Where deliveries happen: the local date of a delivery is the customer's calendar. */
const DELIVERY_OFFSETS = ['-08:00', '+09:00', '+01:00'] as const;
const TIERS = ['none', 'bronze', 'silver', 'gold', 'platinum'] as const;

function minor(currency: string): number {
  return CURRENCY_MINOR_UNITS[currency] ?? 2;
}

function rfc3339(ms: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  const shifted = new Date(ms + sign * ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000);
  return `${shifted.toISOString().slice(0, 19)}${offset}`;
}

function at<T>(versions: readonly Version<T>[], ms: number): Version<T> {
  let chosen = versions[0];
  for (const version of versions) if (version.from <= ms) chosen = version;
  if (!chosen) throw new Error('no versions');
  return chosen;
}

function fxRates(random: SeededRandom): { rows: FxRateRow[]; rate: (currency: string, ms: number) => number } {
  const rows: FxRateRow[] = [];
  const byDay = new Map<string, number>();
  for (let day = RANGE_START - 10 * DAY_MS; day <= RANGE_END + DAY_MS; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const [currency, base] of Object.entries(EUR_RATES)) {
      const rate = Number((base * (1 + (random.next() - 0.5) * 0.02)).toFixed(4));
      byDay.set(`${currency}|${day}`, rate);
      rows.push({
        rate_date: new Date(day).toISOString().slice(0, 10),
        base_currency: 'EUR',
        quote_currency: currency,
        rate: rate.toFixed(4),
        source: 'generator',
        ingested_at: new Date(day + 16 * HOUR_MS).toISOString(),
      });
    }
  }
  const rate = (currency: string, ms: number): number => {
    if (currency === 'EUR') return 1;
    for (let day = Math.floor(ms / DAY_MS) * DAY_MS; day > RANGE_START - 11 * DAY_MS; day -= DAY_MS) {
      const found = byDay.get(`${currency}|${day}`);
      if (found !== undefined) return found;
    }
    return EUR_RATES[currency] ?? 1;
  };
  return { rows, rate };
}

/** Builds the scenario of a seed; the same seed always gives the same scenario. */
export function arrivalScenario(seed: number, options: ScenarioOptions = {}): Scenario {
  const maxLateCommitMs = options.maxLateCommitMs ?? MAX_LATE_COMMIT_MS;
  const random = new SeededRandom(seed);
  const fx = fxRates(random);
  const rounds = random.int(2, 5);
  const shops = SHOPS.map((shop, index) =>
    index === 0 && random.chance(0.4)
      ? { ...shop, renamedAt: RANGE_START + random.int(1, RANGE_DAYS - 1) * DAY_MS }
      : shop,
  );
  const customers = Array.from({ length: 4 }, (_, i) => {
    const base: NonNullable<SalesEvent['customer']> = {
      customer_id: `C-${i + 1}`,
      email: `customer.${i + 1}@example.com`,
      full_name: `Ada Tester${i + 1}`,
      country: 'US',
      city: 'Seattle',
      segment: 'consumer',
      loyalty_tier: 'none',
      updated_at: new Date(RANGE_START - 30 * DAY_MS).toISOString(),
      // An older producer sends no region.
      ...(i % 2 === 0 ? { region: i === 0 ? 'Washington' : 'Oregon' } : {}),
    };
    const versions: Version<NonNullable<SalesEvent['customer']>>[] = [{ from: RANGE_START - 30 * DAY_MS, value: base }];
    for (let tier = 1; tier < TIERS.length && random.chance(0.5); tier += 1) {
      const from = RANGE_START + random.int(0, RANGE_DAYS * 24 - 1) * HOUR_MS;
      if (from <= (versions[versions.length - 1]?.from ?? 0)) break;
      versions.push({ from, value: { ...base, loyalty_tier: TIERS[tier] ?? 'none', updated_at: new Date(from).toISOString() } });
    }
    return versions;
  });
  const products: Product[] = Array.from({ length: 5 }, (_, i) => {
    const versions: Version<{ name: string; priceEur: number }>[] = [
      { from: RANGE_START - 60 * DAY_MS, value: { name: `Thing ${i + 1}`, priceEur: random.int(3, 200) + 0.5 } },
    ];
    if (random.chance(0.4)) {
      versions.push({ from: RANGE_START + random.int(1, RANGE_DAYS - 1) * DAY_MS, value: { name: `Thing ${i + 1} II`, priceEur: random.int(3, 200) + 0.25 } });
    }
    return { id: `P-${i + 1}`, category: random.pick(['Audio', 'Phones', 'Gaming']), versions };
  });

  const storeAt = (shop: Shop, ms: number): SalesEvent['store'] =>
    shop.renamedAt !== undefined && ms >= shop.renamedAt ? { ...shop.store, name: `${shop.store.name} (renamed)` } : shop.store;

  const placement = (orderId: string, shop: Shop, ms: number, maxLines: number): OrderEvent => {
    const currency = shop.currency;
    const factor = 10 ** minor(currency);
    const rate = fx.rate(currency, ms);
    const items: SalesEvent['items'] = [];
    let subtotal = 0;
    let discounts = 0;
    const chosen = new Set<string>();
    const lines = random.int(1, maxLines);
    for (let line = 0; line < lines; line += 1) {
      const product = random.pick(products);
      if (chosen.has(product.id)) continue;
      chosen.add(product.id);
      const version = at(product.versions, ms);
      const unit = Math.max(1, Math.round(version.value.priceEur * rate * factor));
      const quantity = random.int(1, 3);
      const discount = random.chance(0.3) ? Math.floor(unit * quantity * 0.1) : 0;
      subtotal += unit * quantity;
      discounts += discount;
      items.push({
        line_number: items.length + 1,
        product_id: product.id,
        sku: `SKU-${product.id}`,
        product_name: version.value.name,
        category: product.category,
        brand: 'Brand',
        unit_price: unit / factor,
        quantity,
        discount_amount: discount / factor,
        product_updated_at: new Date(version.from).toISOString(),
      });
    }
    const tax = Math.round((subtotal - discounts) * 0.1);
    const remote = shop.store.channel !== 'in_store';
    // Promised in days after the order's local date, as written in event_time.
    const promised = remote && random.chance(0.85)
      ? { promised_delivery_date: new Date(Date.parse(rfc3339(ms, shop.utcOffset).slice(0, 10)) + random.int(1, 5) * DAY_MS).toISOString().slice(0, 10) }
      : {};
    return {
      schema_version: 1,
      event_id: random.uuid(),
      event_type: 'order_placed',
      event_time: rfc3339(ms, shop.utcOffset),
      order_id: orderId,
      store: storeAt(shop, ms),
      customer: at(random.pick(customers), ms).value,
      items,
      currency,
      amounts: {
        subtotal: subtotal / factor,
        discount_total: discounts / factor,
        tax_total: tax / factor,
        shipping: 0,
        total: (subtotal - discounts + tax) / factor,
      },
      payment: { method: 'card', card_brand: 'visa' },
      ...promised,
    };
  };

  const refund = (order: OrderEvent, shop: Shop, ms: number, share: number): OrderEvent => {
    const factor = 10 ** minor(order.currency);
    const amount = Math.max(1, Math.floor(Math.round(order.amounts.total * factor) * share)) / factor;
    return {
      ...order,
      event_id: random.uuid(),
      event_type: 'order_refunded',
      event_time: rfc3339(ms, shop.utcOffset),
      store: storeAt(shop, ms),
      refund: { original_order_id: order.order_id, reason: random.pick(['damaged', 'defective', 'other'] as const), amount },
    };
  };

  const clampToRange = (ms: number): number => Math.min(RANGE_END - 60_000, Math.max(RANGE_START, ms));

  /** The shipped and delivered events of an order, with the producers' mistakes now and then. */
  const fulfilment = (order: OrderEvent, shop: Shop, placedAt: number): LifecycleEvent[] => {
    const shipmentAt = (ms: number, n: number) => ({
      event_id: random.uuid(),
      shipment_id: `SHP-${order.order_id}-${n}`,
      carrier: random.pick(CARRIERS),
      origin_type: 'warehouse' as const,
      origin_id: `WH-${shop.store.country}-1`,
      shipped_at: rfc3339(ms, shop.utcOffset),
    });
    // Against the rules, now and then shipped before the order was placed.
    const shippedAt = clampToRange(placedAt + (random.chance(0.05) ? -random.int(1, 6) : random.int(2, 72)) * HOUR_MS);
    const shipped = shipmentOf(order, shipmentAt(shippedAt, 1));
    const events: LifecycleEvent[] = [];
    // A delivered event may come without its shipped event (it repeats the shipment).
    if (random.chance(0.9)) events.push(shipped);
    if (random.chance(0.1)) events.push(shipmentOf(order, shipmentAt(clampToRange(shippedAt + random.int(-24, 24) * HOUR_MS), 2)));
    if (random.chance(0.75)) {
      const deliveries = random.chance(0.15) ? 2 : 1;
      for (let n = 0; n < deliveries; n += 1) {
        const deliveredAt = clampToRange(shippedAt + random.int(6, 140) * HOUR_MS);
        events.push(deliveryOf(shipped, random.uuid(), rfc3339(deliveredAt, random.pick(DELIVERY_OFFSETS))));
      }
    }
    if (random.chance(0.08)) {
      // A delivery whose own shipment record left earlier, delivered before the shipped event's time.
      const earlier = shipmentOf(order, { ...shipmentAt(clampToRange(shippedAt - 30 * HOUR_MS), 1), shipment_id: shipped.shipment.shipment_id });
      events.push(deliveryOf(earlier, random.uuid(), rfc3339(clampToRange(shippedAt - random.int(1, 20) * HOUR_MS), shop.utcOffset)));
    }
    return events;
  };
  const events: SalesEvent[] = [];
  // dbt's cost per round barely depends on the data at this size: many orders per scenario are cheap.
  const orders = random.int(15, 40);
  for (let n = 1; n <= orders; n += 1) {
    const orderId = `ORD-${seed}-${n}`;
    const shop = random.pick(shops);
    const placedAt = RANGE_START + random.int(0, RANGE_DAYS * 24 * 60 - 1) * 60_000;
    const order = placement(orderId, shop, placedAt, 4);
    // An order that never lands leaves only its refunds behind.
    const lands = !random.chance(0.1);
    if (lands) events.push(order);
    // Competing order_placed events: a producer's re-send under a new id, earlier or later, with
    // other lines, sometimes from another store and currency.
    if (random.chance(0.4)) {
      for (let extra = random.int(1, 2); extra > 0; extra -= 1) {
        const other = random.chance(0.3) ? random.pick(shops) : shop;
        events.push(placement(orderId, other, clampToRange(placedAt + random.int(-48, 48) * HOUR_MS), 3));
      }
    }
    if (random.chance(0.45)) {
      for (let count = random.int(1, 3); count > 0; count -= 1) {
        // Mostly after the order, sometimes (against the rules) before it; shares add up over the
        // total now and then.
        const refundAt = clampToRange(placedAt + random.int(-24, 96) * HOUR_MS);
        events.push(refund(order, shop, refundAt, random.pick([0.2, 0.35, 0.5, 1, 1.2])));
      }
    }
    if (shop.store.channel !== 'in_store' && random.chance(0.75)) events.push(...fulfilment(order, shop, placedAt));
  }

  // Every event lands once, some several times (redeliveries), in a random round; later copies
  // land no earlier than the first.
  const roundStarts: number[] = [];
  let start = RANGE_END + HOUR_MS;
  for (let round = 1; round <= rounds; round += 1) {
    roundStarts.push(start);
    start += random.pick(ROUND_GAPS_MS);
  }
  let messages = 0;
  const arrivals: Arrival[] = [];
  const path = (): IngestPath => (random.chance(0.5) ? 'function' : 'dataflow');
  const placedRounds = new Map<string, number>();
  for (const event of events) {
    // Half the shipments and deliveries land in a round after their order's (a live stream ships
    // earlier orders), often beyond the lookback window of the order's rows.
    const lifecycle = event.event_type === 'order_shipped' || event.event_type === 'order_delivered';
    const placedRound = placedRounds.get(event.order_id) ?? 1;
    const round =
      lifecycle && placedRound < rounds && random.chance(0.5) ? random.int(placedRound + 1, rounds) : random.int(1, rounds);
    if (event.event_type === 'order_placed' && !placedRounds.has(event.order_id)) placedRounds.set(event.order_id, round);
    const roundStart = roundStarts[round - 1] as number;
    const copies = random.chance(0.25) ? random.int(2, 3) : 1;
    let ingestedAt = roundStart + random.int(0, 50) * 60_000;
    // A commit that lands behind the previous round, within the lookback window.
    if (copies === 1 && round > 1 && random.chance(0.15)) {
      ingestedAt = Math.max((roundStarts[round - 2] as number) - maxLateCommitMs, roundStart - random.int(1, 72) * HOUR_MS);
    }
    arrivals.push({ event, round, ingestedAt: new Date(ingestedAt), messageId: `m-${seed}-${++messages}`, ingestPath: path() });
    for (let copy = 1; copy < copies; copy += 1) {
      const again = random.int(round, rounds);
      const againAt = Math.max(ingestedAt + 60_000, (roundStarts[again - 1] as number) + random.int(0, 50) * 60_000);
      arrivals.push({ event, round: again, ingestedAt: new Date(againAt), messageId: `m-${seed}-${++messages}`, ingestPath: path() });
    }
  }
  return { seed, rounds, arrivals, fxRates: fx.rows };
}

/** The copies landing in each round, in order. */
export function landingRounds(scenario: Scenario): LandedEvent[][] {
  return Array.from({ length: scenario.rounds }, (_, index) =>
    scenario.arrivals.filter((arrival) => arrival.round === index + 1),
  );
}

/** One line per copy, round by round: enough to rebuild the scenario by hand. */
export function describeScenario(scenario: Scenario): string {
  const lines = [`seed ${scenario.seed}: ${scenario.arrivals.length} copies in ${scenario.rounds} rounds`];
  for (const [index, round] of landingRounds(scenario).entries()) {
    lines.push(`round ${index + 1}:`);
    for (const { event, ingestedAt, messageId } of round) {
      const what =
        event.event_type === 'order_placed'
          ? `placed ${event.items?.length ?? 0} lines total ${event.amounts?.total ?? '?'} ${event.currency ?? '?'} at ${event.store.store_id} "${event.store.name}"` +
            ` promised ${event.promised_delivery_date ?? '-'}`
          : event.event_type === 'order_refunded'
            ? `refund ${event.refund?.amount ?? '?'} ${event.currency ?? '?'}`
            : `${event.event_type} ${event.shipment?.shipment_id ?? '?'} ${event.shipment?.carrier ?? '?'} shipped ${event.shipment?.shipped_at ?? '?'}` +
              (event.delivery ? ` delivered ${event.delivery.delivered_at}` : '');
      const customer = event.customer ? ` customer ${event.customer.customer_id}/${event.customer.loyalty_tier}` : '';
      lines.push(`  ${ingestedAt.toISOString()} ${messageId} ${event.event_id.slice(0, 8)} ${event.order_id} ${what} event_time ${event.event_time}${customer}`);
    }
  }
  return lines.join('\n');
}

/** The same scenario without the events `drop` names (every copy of each goes). */
export function withoutEvents(scenario: Scenario, drop: ReadonlySet<string>): Scenario {
  return { ...scenario, arrivals: scenario.arrivals.filter((arrival) => !drop.has(arrival.event.event_id)) };
}

/** The same scenario with round `round` and the next one landing as one round. */
export function withRoundsMerged(scenario: Scenario, round: number): Scenario {
  return {
    ...scenario,
    rounds: scenario.rounds - 1,
    arrivals: scenario.arrivals.map((arrival) =>
      arrival.round > round ? { ...arrival, round: arrival.round - 1 } : arrival,
    ),
  };
}

/** The event ids of a scenario, in the order they first land. */
export function eventIds(scenario: Scenario): string[] {
  return [...new Set(scenario.arrivals.map((arrival) => arrival.event.event_id))];
}
