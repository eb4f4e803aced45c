import {
  CURRENCY_MINOR_UNITS,
  type CardBrand,
  type PaymentMethod,
  type RefundReason,
  type SalesEvent,
} from '@salesflow/contract';
import type { Random } from './random.js';
import { WeightedTable } from './random.js';
import { randomUuid, writeRandomUuid } from './uuid.js';
import { ByteWriter, utf8 } from './bytes.js';
import { formatWithOffset } from './time.js';
import { taxRateFor } from './world/countries.js';
import type { CustomerProfile } from './world/customers.js';
import type { StoreProfile } from './world/stores.js';
import type { World } from './world/index.js';

const WALLETS: ReadonlySet<PaymentMethod> = new Set(['apple_pay', 'google_pay']);
const IN_STORE_METHODS: ReadonlySet<PaymentMethod> = new Set([
  'card',
  'cash',
  'apple_pay',
  'google_pay',
  'pix',
]);
const PROMO_PERCENTS = [5, 10, 15, 20, 25, 30] as const;
const REFUND_REASONS = new WeightedTable<RefundReason>([
  ['changed_mind', 30],
  ['defective', 20],
  ['damaged', 14],
  ['not_as_described', 12],
  ['wrong_item', 8],
  ['late_delivery', 8],
  ['other', 8],
]);
/** Share of refunds that return only part of the order. */
const PARTIAL_REFUND_SHARE = 0.35;
/** Orders from abroad on digital channels (cross-border e-commerce). */
const CROSS_BORDER_SHARE = 0.03;
const CONSUMER_LINES = new WeightedTable<number>([
  [1, 52],
  [2, 22],
  [3, 11],
  [4, 6],
  [5, 3.5],
  [6, 2],
  [7, 1.2],
  [8, 0.8],
  [10, 0.6],
  [12, 0.4],
  [15, 0.3],
  [20, 0.2],
]);
const CONSUMER_QUANTITY = new WeightedTable<number>([
  [1, 86],
  [2, 10],
  [3, 2.5],
  [4, 1.5],
]);

/** What the factory precomputes per store. */
interface StoreContext {
  readonly profile: StoreProfile;
  readonly payments: WeightedTable<PaymentMethod>;
  readonly cardBrands: WeightedTable<CardBrand>;
  readonly currencyIndex: number;
  readonly exponent: number;
  readonly taxRate: number;
  /** `"store":{...},` as UTF-8 JSON. */
  readonly storeJson: Buffer;
}

/**
 * An event as built: its UTF-8 JSON bytes only. Events are assembled from cached, pre-encoded JSON
 * fragments with the members in contract order, so `data` holds exactly the bytes of
 * `JSON.stringify` of the parsed event, at a fraction of the cost of building and serializing objects.
 */
export interface BuiltEvent {
  readonly data: Buffer;
  readonly eventType: SalesEvent['event_type'];
  readonly eventTime: string;
}

/** An order as placed, with what a later refund needs. */
export interface PlacedOrder extends BuiltEvent {
  /** The order id's running number (the id is `ORD-<run tag>-<8 digits>`). */
  readonly orderNumber: number;
  /** The JSON members from `order_id` to `payment`, which a refund echoes unchanged. */
  readonly body: Buffer;
  readonly currency: string;
  readonly totalMinor: number;
  readonly storeIndex: number;
  readonly placedAt: number;
}

const JSON_EVENT_ID = utf8('{"schema_version":1,"event_id":"');
const JSON_PLACED_TIME = utf8('","event_type":"order_placed","event_time":"');
const JSON_REFUNDED_TIME = utf8('","event_type":"order_refunded","event_time":"');
const JSON_QUOTE_COMMA = utf8('",');
const JSON_ORDER_ID = utf8('"order_id":"');
const JSON_CUSTOMER = utf8('"customer":');
const JSON_ITEMS = utf8(',"items":[');
const JSON_LINE_FIRST = utf8('{"line_number":');
const JSON_LINE_NEXT = utf8(',{"line_number":');
const JSON_QUANTITY = utf8(',"quantity":');
const JSON_DISCOUNT = utf8(',"discount_amount":');
const JSON_PRODUCT_UPDATED = utf8(',"product_updated_at":"');
const JSON_QUOTE_BRACE = utf8('"}');
const JSON_CURRENCY = utf8('],"currency":"');
const JSON_SUBTOTAL = utf8('","amounts":{"subtotal":');
const JSON_DISCOUNT_TOTAL = utf8(',"discount_total":');
const JSON_TAX_TOTAL = utf8(',"tax_total":');
const JSON_SHIPPING = utf8(',"shipping":');
const JSON_TOTAL = utf8(',"total":');
const JSON_PAYMENT = utf8('},"payment":{"method":"');
const JSON_CARD_BRAND = utf8('","card_brand":"');
const JSON_BRACE = utf8('}');
const JSON_REFUND = utf8(',"refund":{"original_order_id":"');
const JSON_REASON = utf8('","reason":"');
const JSON_AMOUNT = utf8('","amount":');

/** Integer `value × rate / 100 000`, rounded half up, exact for any realistic order size. */
function applyRate(value: number, rate: number): number {
  const product = value * rate;
  if (Number.isSafeInteger(product)) return Math.floor((product + 50_000) / 100_000);
  return Number((BigInt(value) * BigInt(rate) + 50_000n) / 100_000n);
}

/**
 * Builds contract-valid order and refund events for a world, drawing from one seeded generator.
 * All money is computed in integer minor units and converted to major units only for output.
 */
export class OrderFactory {
  readonly #contexts: StoreContext[];
  readonly #products: WeightedTable<number>;
  /** Per product: its constant JSON members, from `product_id` up to `"unit_price":`. */
  readonly #productJson: Buffer[];
  readonly #writer = new ByteWriter();
  /** `ORD-<run tag>-` as bytes. */
  readonly #orderIdPrefix: Buffer;
  #sequence = 0;

  constructor(
    readonly world: World,
    readonly random: Random,
    /** Distinguishes this run's order ids from other runs' (seed, range, mode). */
    readonly runTag: string,
  ) {
    this.#orderIdPrefix = utf8(`ORD-${runTag}-`);
    this.#products = new WeightedTable(
      world.products.map((product) => [product.index, product.popularity] as const),
    );
    this.#contexts = world.stores.map((profile) => {
      const channel = profile.store.channel;
      const methods = Object.entries(profile.country.payments).filter(([method]) =>
        channel === 'in_store' ? IN_STORE_METHODS.has(method as PaymentMethod) : method !== 'cash',
      ) as Array<[PaymentMethod, number]>;
      return {
        profile,
        payments: new WeightedTable(methods),
        cardBrands: new WeightedTable(
          Object.entries(profile.country.cardBrands) as Array<[CardBrand, number]>,
        ),
        currencyIndex: world.prices.currencyIndex(profile.currency),
        exponent: CURRENCY_MINOR_UNITS[profile.currency] ?? 2,
        taxRate: taxRateFor(profile.country, profile.city.name),
        storeJson: utf8(`"store":${JSON.stringify(profile.store)},`),
      };
    });
    this.#productJson = world.products.map((product) =>
      utf8(
        `,"product_id":${JSON.stringify(product.productId)},"sku":${JSON.stringify(product.sku)}` +
          `,"product_name":${JSON.stringify(product.name)},"category":${JSON.stringify(product.category)}` +
          `,"brand":${JSON.stringify(product.brand)},"unit_price":`,
      ),
    );
  }

  #writeOrderId(orderNumber: number): void {
    this.#writer.bytes(this.#orderIdPrefix);
    this.#writer.paddedUint(orderNumber, 8);
  }

  /** A new order at `storeIndex`, happening at `epochMs`. */
  placeOrder(storeIndex: number, epochMs: number): PlacedOrder {
    const context = this.#contexts[storeIndex] as StoreContext;
    const random = this.random;
    const { profile, exponent } = context;
    const customer = this.#pickCustomer(profile);
    const customerState = this.world.customerStates.stateAt(customer, epochMs);

    const corporate = customer.segment === 'corporate' || customer.segment === 'small_business';
    const bulk = corporate && random.chance(0.25);
    const lineCount = bulk
      ? Math.min(50, 3 + Math.floor(47 * random.next() ** 3))
      : CONSUMER_LINES.draw(random);
    const promoChance =
      0.12 +
      (customerState.loyaltyTier === 'gold'
        ? 0.05
        : customerState.loyaltyTier === 'platinum'
          ? 0.1
          : 0);

    const w = this.#writer;
    const offset = this.world.storeOffsets[storeIndex]!.at(epochMs);
    this.#sequence += 1;
    const eventTime = formatWithOffset(epochMs, offset);
    // Ids, codes, numbers and timestamps are plain ASCII by construction: no escaping needed.
    w.bytes(JSON_EVENT_ID);
    writeRandomUuid(w, random);
    w.bytes(JSON_PLACED_TIME);
    w.ascii(eventTime);
    w.bytes(JSON_QUOTE_COMMA);
    const bodyStart = w.length;
    w.bytes(JSON_ORDER_ID);
    this.#writeOrderId(this.#sequence);
    w.bytes(JSON_QUOTE_COMMA);
    w.bytes(context.storeJson);
    w.bytes(JSON_CUSTOMER);
    w.bytes(customerState.json);
    w.bytes(JSON_ITEMS);

    let lines = 0;
    const chosen: number[] = [];
    let subtotal = 0;
    let discountTotal = 0;
    for (let line = 0; line < lineCount; line += 1) {
      let productIndex = this.#products.drawIndex(random);
      for (let retry = 0; retry < 8 && chosen.includes(productIndex); retry += 1) {
        productIndex = this.#products.drawIndex(random);
      }
      if (chosen.includes(productIndex)) continue;
      chosen.push(productIndex);
      const product = this.world.products[productIndex]!;
      const price = this.world.prices.at(product, context.currencyIndex, epochMs);
      const quantity = bulk ? random.between(1, 20) : CONSUMER_QUANTITY.draw(random);
      const gross = price.minor * quantity;
      const discount = random.chance(promoChance)
        ? Math.floor((gross * random.pick(PROMO_PERCENTS)) / 100)
        : 0;
      subtotal += gross;
      discountTotal += discount;
      lines += 1;
      w.bytes(lines === 1 ? JSON_LINE_FIRST : JSON_LINE_NEXT);
      w.uint(lines);
      w.bytes(this.#productJson[productIndex]!);
      w.ascii(price.amountText);
      w.bytes(JSON_QUANTITY);
      w.uint(quantity);
      w.bytes(JSON_DISCOUNT);
      w.decimal(discount, exponent);
      w.bytes(JSON_PRODUCT_UPDATED);
      w.ascii(price.updatedAt);
      w.bytes(JSON_QUOTE_BRACE);
    }

    const net = subtotal - discountTotal;
    const channel = profile.store.channel;
    // Destination-based tax for domestic remote sales (US states, Canadian provinces).
    const taxRate =
      channel !== 'in_store' && customer.country === profile.country
        ? taxRateFor(profile.country, customerState.cityName)
        : context.taxRate;
    const tax = applyRate(net, taxRate);
    const shipping =
      channel === 'in_store'
        ? 0
        : channel === 'marketplace' || net < profile.country.freeShippingFrom
          ? profile.country.shippingFee
          : 0;
    const total = net + tax + shipping;
    const payment = this.#pickPayment(context);

    w.bytes(JSON_CURRENCY);
    w.ascii(profile.currency);
    w.bytes(JSON_SUBTOTAL);
    w.decimal(subtotal, exponent);
    w.bytes(JSON_DISCOUNT_TOTAL);
    w.decimal(discountTotal, exponent);
    w.bytes(JSON_TAX_TOTAL);
    w.decimal(tax, exponent);
    w.bytes(JSON_SHIPPING);
    w.decimal(shipping, exponent);
    w.bytes(JSON_TOTAL);
    w.decimal(total, exponent);
    w.bytes(JSON_PAYMENT);
    w.ascii(payment.method);
    if (payment.card_brand !== undefined) {
      w.bytes(JSON_CARD_BRAND);
      w.ascii(payment.card_brand);
    }
    w.bytes(JSON_QUOTE_BRACE);
    const bodyEnd = w.length;
    w.bytes(JSON_BRACE);
    const data = w.take();
    return {
      data,
      eventType: 'order_placed',
      eventTime,
      orderNumber: this.#sequence,
      body: data.subarray(bodyStart, bodyEnd),
      currency: profile.currency,
      totalMinor: total,
      storeIndex,
      placedAt: epochMs,
    };
  }

  /** A refund of an earlier order, happening at `epochMs`; echoes the original order. */
  refundOrder(order: PlacedOrder, epochMs: number): BuiltEvent {
    const random = this.random;
    const exponent = CURRENCY_MINOR_UNITS[order.currency] ?? 2;
    const partial = random.chance(PARTIAL_REFUND_SHARE);
    const amountMinor = partial
      ? Math.max(1, Math.floor(order.totalMinor * (0.1 + 0.8 * random.next())))
      : order.totalMinor;
    const offset = this.world.storeOffsets[order.storeIndex]!.at(epochMs);
    const eventId = randomUuid(random);
    const eventTime = formatWithOffset(epochMs, offset);
    const reason = REFUND_REASONS.draw(random);
    const w = this.#writer;
    w.bytes(JSON_EVENT_ID);
    w.ascii(eventId);
    w.bytes(JSON_REFUNDED_TIME);
    w.ascii(eventTime);
    w.bytes(JSON_QUOTE_COMMA);
    w.bytes(order.body);
    w.bytes(JSON_REFUND);
    this.#writeOrderId(order.orderNumber);
    w.bytes(JSON_REASON);
    w.ascii(reason);
    w.bytes(JSON_AMOUNT);
    w.decimal(amountMinor, exponent);
    w.bytes(JSON_BRACE);
    w.bytes(JSON_BRACE);
    return { data: w.take(), eventType: 'order_refunded', eventTime };
  }

  #pickCustomer(store: StoreProfile): CustomerProfile {
    const random = this.random;
    const remote = store.store.channel !== 'in_store';
    const pool =
      remote && random.chance(CROSS_BORDER_SHARE)
        ? this.world.customers
        : (this.world.customersByCountry.get(store.country.code) as readonly CustomerProfile[]);
    // Skewed towards low indices: a few loyal customers buy often, most buy rarely.
    return pool[Math.floor(pool.length * random.next() ** 2.2)] as CustomerProfile;
  }

  #pickPayment(context: StoreContext): {
    readonly method: PaymentMethod;
    readonly card_brand?: CardBrand;
  } {
    const method = context.payments.draw(this.random);
    if (method === 'card' || (WALLETS.has(method) && this.random.chance(0.7))) {
      return { method, card_brand: context.cardBrands.draw(this.random) };
    }
    return { method };
  }
}
