/**
 * The one factory of valid sales events for every package's tests: the contract's examples, fresh
 * copies of them, orders and refunds assembled from their parts (amounts computed in integer minor
 * units, so every business rule holds exactly), and seeded synthetic events.
 *
 * Assembled events take every field the parts do not name from the contract's first example, so a
 * field added to the contract (and to its examples) reaches every test event without touching the
 * tests that build them.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CARRIERS,
  CURRENCY_MINOR_UNITS,
  isOrderEvent,
  REMOTE_CHANNELS,
  type Carrier,
  type Customer,
  type Item,
  type LifecycleEvent,
  type OrderEvent,
  type OriginType,
  type Payment,
  type RefundReason,
  type SalesEvent,
  type Store,
} from '../src/index.js';

const EXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

/** The example every assembled event starts from. */
const TEMPLATE_EXAMPLE = 'order-placed-usd-online.json';

/**
 * One of the contract's example events, freshly parsed (a mutable copy): an order event unless the
 * caller names the type of a lifecycle example.
 */
export function exampleEvent<T extends SalesEvent = OrderEvent>(file: string): T {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as T;
}

/** The contract's example events, by file name, in file-name order. */
export function contractExamples(): Array<{ name: string; event: SalesEvent }> {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: file, event: exampleEvent<SalesEvent>(file) }));
}

export { isOrderEvent } from '../src/index.js';

/**
 * A valid order event: order example `index` (cycling over the placed and refunded examples) with a
 * fresh random event_id (and order_id if placed).
 */
export function validEvent(index: number): OrderEvent {
  const examples = contractExamples()
    .map(({ event }) => event)
    .filter(isOrderEvent);
  const event = examples[index % examples.length] as OrderEvent;
  event.event_id = randomUUID();
  if (event.event_type === 'order_placed') {
    event.order_id = `ORD-T-${String(index).padStart(7, '0')}`;
  }
  return event;
}

/** 10^(minor units) of a currency: how many minor units make one major unit. */
export function minorFactor(currency: string): number {
  return 10 ** (CURRENCY_MINOR_UNITS[currency] ?? 2);
}

/** One order line, its money in minor units of the order's currency; numbered by position. */
export type OrderLine = Omit<Item, 'line_number' | 'unit_price' | 'discount_amount'> & {
  readonly unit_minor: number;
  readonly discount_minor: number;
};

/** What makes an order; amounts are derived from the lines, tax and shipping. */
export interface OrderParts {
  readonly event_id: string;
  readonly event_time: string;
  readonly order_id: string;
  readonly store: Store;
  readonly customer: Customer;
  readonly currency: string;
  readonly lines: readonly OrderLine[];
  readonly tax_minor: number;
  readonly shipping_minor: number;
  readonly payment: Payment;
}

/**
 * An `order_placed` event from its parts: lines numbered from 1, subtotal, discount total and
 * total computed in minor units. Fields the parts do not name come from the template example.
 */
export function placedOrder(parts: OrderParts): OrderEvent {
  const template = exampleEvent(TEMPLATE_EXAMPLE);
  const templateItem = template.items[0] as Item;
  const factor = minorFactor(parts.currency);
  let subtotal = 0;
  let discounts = 0;
  const items = parts.lines.map((line, index): Item => {
    const { unit_minor: unitMinor, discount_minor: discountMinor, ...fields } = line;
    subtotal += unitMinor * line.quantity;
    discounts += discountMinor;
    // The template's members first, so the line keeps the contract's member order.
    return {
      ...templateItem,
      ...fields,
      line_number: index + 1,
      unit_price: unitMinor / factor,
      quantity: line.quantity,
      discount_amount: discountMinor / factor,
      product_updated_at: line.product_updated_at,
    };
  });
  return {
    ...template,
    event_id: parts.event_id,
    event_type: 'order_placed',
    event_time: parts.event_time,
    order_id: parts.order_id,
    store: { ...template.store, ...parts.store },
    customer: { ...template.customer, ...parts.customer },
    items,
    currency: parts.currency,
    amounts: {
      subtotal: subtotal / factor,
      discount_total: discounts / factor,
      tax_total: parts.tax_minor / factor,
      shipping: parts.shipping_minor / factor,
      total: (subtotal - discounts + parts.tax_minor + parts.shipping_minor) / factor,
    },
    payment: parts.payment,
  };
}

/** What makes a refund of an order. */
export interface RefundParts {
  readonly event_id: string;
  readonly event_time: string;
  readonly reason: RefundReason;
  /** Refunded amount in minor units of the order's currency. */
  readonly amount_minor: number;
}

/** The `order_refunded` event of an order: the order echoed with a refund block. */
export function refundOf(order: OrderEvent, parts: RefundParts): OrderEvent {
  return {
    ...order,
    event_id: parts.event_id,
    event_type: 'order_refunded',
    event_time: parts.event_time,
    refund: {
      original_order_id: order.order_id,
      reason: parts.reason,
      amount: parts.amount_minor / minorFactor(order.currency),
    },
  };
}

/** What makes the shipment of an order. */
export interface ShipmentParts {
  readonly event_id: string;
  readonly shipment_id: string;
  readonly carrier: Carrier;
  readonly origin_type: OriginType;
  readonly origin_id: string;
  readonly shipped_at: string;
}

/** The `order_shipped` event of an order: its id and store, and the shipment. */
export function shipmentOf(order: SalesEvent, parts: ShipmentParts): LifecycleEvent {
  const { event_id: eventId, ...shipment } = parts;
  return {
    schema_version: order.schema_version,
    event_id: eventId,
    event_type: 'order_shipped',
    event_time: parts.shipped_at,
    order_id: order.order_id,
    store: order.store,
    shipment,
  };
}

/** The `order_delivered` event of a shipped order, delivered at `deliveredAt`. */
export function deliveryOf(
  shipped: LifecycleEvent,
  eventId: string,
  deliveredAt: string,
): LifecycleEvent {
  return {
    ...shipped,
    event_id: eventId,
    event_type: 'order_delivered',
    event_time: deliveredAt,
    delivery: { delivered_at: deliveredAt },
  };
}

/** A small deterministic PRNG (mulberry32), so every run sees the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The moment synthetic events are valid at: their event times lie up to 40 days before it. */
export const SYNTHETIC_NOW = Date.parse('2026-06-01T12:00:00Z');

const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;
const between = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

// Deliberately varied: currencies of every precision, scripts, emoji and offsets.
const CURRENCIES = [
  'USD',
  'EUR',
  'JPY',
  'BRL',
  'GBP',
  'BHD',
  'KWD',
  'CLP',
  'INR',
  'CHF',
  'KRW',
  'TND',
];
const COUNTRIES = [
  'US',
  'DE',
  'JP',
  'BR',
  'GB',
  'BH',
  'KW',
  'CL',
  'IN',
  'CH',
  'KR',
  'TN',
  'FR',
  'ES',
];
const CITIES = [
  'New York',
  'Berlin',
  'Tokyo',
  'São Paulo',
  'London',
  'Manama',
  'Zürich',
  '서울',
  'Kraków',
  'Reykjavík',
];
const NAMES = [
  'Ada Lovelace',
  'Jonas Becker',
  '佐藤 陽翔',
  'Zoë Ørsted',
  'José Núñez',
  'Mia 😀 Chen',
  'Ōta Ren',
  "Seán O'Brien",
];
const PRODUCTS = [
  'Nimbus 14 Laptop',
  'Sonora Buds Pro',
  'Lumen 27" 4K Monitor',
  'Café ☕ Grinder',
  'Tastatur Ü-Pro',
  '𝒳-Phone 12',
];
const CATEGORIES = ['Laptops', 'Audio', 'Monitors', 'Kitchen', 'Accessories', 'Phones'];
const BRANDS = ['Nimbus', 'Sonora', 'Lumen', 'Voltix', 'Brühl'];
const CHANNELS = ['online', 'in_store', 'mobile_app', 'marketplace'] as const;
const SEGMENTS = ['consumer', 'small_business', 'corporate', 'student'] as const;
const TIERS = ['none', 'bronze', 'silver', 'gold', 'platinum'] as const;
const CARD_BRANDS = [
  'visa',
  'mastercard',
  'amex',
  'jcb',
  'discover',
  'unionpay',
  'elo',
  'other',
] as const;
const REASONS = [
  'damaged',
  'defective',
  'not_as_described',
  'wrong_item',
  'changed_mind',
  'late_delivery',
  'other',
] as const;
const OFFSETS = [
  'Z',
  '+00:00',
  '-00:00',
  '+01:00',
  '+05:30',
  '-03:00',
  '+09:00',
  '-11:00',
  '+13:00',
];

function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

function uuid(random: () => number): string {
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${pick(random, ['8', '9', 'a', 'b'])}${hex(random, 3)}-${hex(random, 12)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** A timestamp `msAgo` before SYNTHETIC_NOW, written with a random offset and fraction. */
function timestamp(random: () => number, msAgo: number): string {
  const offset = pick(random, OFFSETS);
  const offsetMinutes =
    offset === 'Z'
      ? 0
      : (offset.startsWith('-') ? -1 : 1) *
        (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
  const local = new Date(SYNTHETIC_NOW - msAgo + offsetMinutes * 60_000);
  const fraction = pick(random, ['', '', '.000', '.5', '.123', '.123456', '.999999999']);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}` +
    `T${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}${fraction}${offset}`
  );
}

/**
 * A seeded synthetic event, valid at {@link SYNTHETIC_NOW}; a fifth of them are refunds, and some
 * orders of remote channels come as their shipped or delivered event instead.
 */
export function syntheticEvent(random: () => number, index: number): SalesEvent {
  const currency = pick(random, CURRENCIES);
  const factor = minorFactor(currency);
  const channel = pick(random, CHANNELS);
  const country = pick(random, COUNTRIES);
  const refunded = random() < 0.2;
  const orderId = `ORD-${country}-${pad(index, 6)}`;
  const lines: OrderLine[] = [];
  let net = 0;
  const count = random() < 0.05 ? between(random, 20, 50) : between(random, 1, 5);
  for (let line = 1; line <= count; line++) {
    const unit = between(random, 1, 200_000) * (factor === 1 ? 1 : between(random, 1, 3));
    const quantity = random() < 0.8 ? 1 : between(random, 2, 12);
    const discount = random() < 0.6 ? 0 : Math.floor(unit * quantity * random() * 0.3);
    net += unit * quantity - discount;
    lines.push({
      product_id: `P-${pad(between(random, 1, 9999), 4)}`,
      sku: `SKU-${hex(random, 6).toUpperCase()}`,
      product_name: pick(random, PRODUCTS),
      category: pick(random, CATEGORIES),
      brand: pick(random, BRANDS),
      unit_minor: unit,
      quantity,
      discount_minor: discount,
      product_updated_at: timestamp(random, between(random, 1, 400) * 86_400_000),
    });
  }
  const tax = Math.floor(net * pick(random, [0, 0.07, 0.1, 0.19, 0.2]));
  const shipping = channel === 'in_store' || random() < 0.3 ? 0 : between(random, 1, 3000);
  const method =
    channel === 'in_store'
      ? pick(random, ['card', 'cash', 'apple_pay', 'google_pay'] as const)
      : pick(random, [
          'card',
          'paypal',
          'apple_pay',
          'google_pay',
          'bank_transfer',
          'pix',
          'klarna',
        ] as const);
  const payment: Payment =
    method === 'card' || ((method === 'apple_pay' || method === 'google_pay') && random() < 0.5)
      ? { method, card_brand: pick(random, CARD_BRANDS) }
      : { method };
  const order = placedOrder({
    event_id: uuid(random),
    event_time: timestamp(random, between(random, 0, 40 * 86_400_000)),
    order_id: orderId,
    store: {
      store_id: `ST-${country}-${pad(between(random, 1, 99), 2)}`,
      name: `salesflow ${pick(random, CITIES)}`,
      channel,
      country,
      city: pick(random, CITIES),
    },
    customer: {
      customer_id: `CUS-${pad(between(random, 1, 999_999), 6)}`,
      email: `${pick(random, ['ada', 'jonas.becker', 'h_sato', "o'brien", 'mia+promo'])}${between(random, 1, 999)}@example.${pick(random, ['com', 'de', 'co.jp'])}`,
      full_name: pick(random, NAMES),
      country: pick(random, COUNTRIES),
      city: pick(random, CITIES),
      segment: pick(random, SEGMENTS),
      loyalty_tier: pick(random, TIERS),
      updated_at: timestamp(random, between(random, 1, 900) * 86_400_000),
    },
    currency,
    lines,
    tax_minor: tax,
    shipping_minor: shipping,
    payment,
  });
  if (!refunded) return REMOTE_CHANNELS.has(channel) ? lifecycleOf(order, index) : order;
  const totalMinor = Math.round(order.amounts.total * factor);
  return refundOf(order, {
    event_id: order.event_id,
    event_time: order.event_time,
    reason: pick(random, REASONS),
    amount_minor: Math.max(1, Math.floor(totalMinor * random())),
  });
}

/**
 * Every third remote order as its shipment (every sixth as its delivery), drawn from the order and
 * its position alone, so the seeded draws — and every other event — stay what they were.
 */
function lifecycleOf(order: OrderEvent, index: number): SalesEvent {
  if (index % 3 !== 1) return order;
  const placedAt = Date.parse(order.event_time);
  const at = (ms: number): string => new Date(Math.min(ms, SYNTHETIC_NOW)).toISOString();
  const shipped = shipmentOf(order, {
    event_id: order.event_id,
    shipment_id: `SHP-${order.order_id}`,
    carrier: CARRIERS[index % CARRIERS.length] as Carrier,
    origin_type: index % 2 === 0 ? 'store' : 'warehouse',
    origin_id: index % 2 === 0 ? order.store.store_id : `WH-${order.store.country}-1`,
    shipped_at: at(placedAt + (index % 50) * 3_600_000),
  });
  if (index % 6 !== 4) return shipped;
  return deliveryOf(shipped, order.event_id, at(placedAt + (index % 50) * 3_600_000 + 86_400_000));
}

/** `count` synthetic valid events from `seed`. */
export function syntheticEvents(count: number, seed = 1): SalesEvent[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => syntheticEvent(random, index));
}
