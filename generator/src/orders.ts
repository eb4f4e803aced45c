import {
  CURRENCY_MINOR_UNITS,
  type CardBrand,
  type PaymentMethod,
  type RefundReason,
  type SalesEvent,
} from '@salesflow/contract';
import type { Random } from './random.js';
import { WeightedTable } from './random.js';
import { writeRandomUuid } from './uuid.js';
import { ByteWriter, civilDate, utf8 } from './bytes.js';
import {
  MAX_LINES,
  ORDER_DELIVERED,
  ORDER_PLACED,
  ORDER_REFUNDED,
  ORDER_SHIPPED,
  SCHEMA_VERSION,
  amountsMember,
  deliveryMember,
  eventMember,
  lineMember,
  paymentMember,
  refundMember,
  shipmentMember,
} from './event-json.js';
import { FulfilmentPlanner, type FulfilmentPlan } from './fulfilment.js';
import { taxRateFor } from './world/countries.js';
import type { CustomerPool, CustomerProfile } from './world/customers.js';
import type { StoreProfile } from './world/stores.js';
import type { World } from './world/index.js';
import type { ShelfPrice } from './pricing.js';
import type { RefundableOrder } from './refund-pool.js';

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
  readonly payments: WeightedTable<PaymentChoice>;
  /** `","card_brand":"<brand>` per brand, weighted by the country's card mix. */
  readonly cardBrands: WeightedTable<Buffer>;
  readonly currencyIndex: number;
  readonly exponent: number;
  readonly taxRate: number;
  /** From the quote closing `order_id` to `"customer":`, as UTF-8 JSON. */
  readonly storeJson: Buffer;
  /** `],"currency":"<code>","amounts":{"subtotal":` */
  readonly currencyJson: Buffer;
  /** From the quote closing `order_id` to the running number of the shipment id. */
  readonly lifecycleStoreJson: Buffer;
}

/** A payment method as drawn for a store, with its JSON. */
interface PaymentChoice {
  /** `},"payment":{"method":"<method>` */
  readonly json: Buffer;
  /** Cards always name their brand, wallets most of the time (the card behind them). */
  readonly brand: 'always' | 'mostly' | 'never';
}

/**
 * An event as built: its UTF-8 JSON bytes only. Events are assembled from cached, pre-encoded JSON
 * fragments with the members in contract order, so `data` holds exactly the bytes of
 * `JSON.stringify` of the parsed event, at a fraction of the cost of building and serializing objects.
 */
export interface BuiltEvent {
  readonly data: Buffer;
  readonly eventType: SalesEvent['event_type'];
  /** Where the `event_time` value (ASCII, up to the next quote) starts in `data`. */
  readonly eventTimeAt: number;
}

/** An order as placed, with what a later refund needs. */
export interface PlacedOrder extends BuiltEvent {
  /** The order id's running number (the id is `ORD-<run tag>-<8 digits>`). */
  readonly orderNumber: number;
  /** Where the JSON members from `order_id` to `payment`, which a refund echoes, lie in `data`. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly totalMinor: number;
  readonly storeIndex: number;
  readonly placedAt: number;
  /** What happens after checkout (orders of remote channels only). */
  readonly fulfilment: FulfilmentPlan | undefined;
}

const JSON_EVENT_ID = utf8(
  `{${eventMember('schema_version')}${SCHEMA_VERSION},${eventMember('event_id')}"`,
);
const JSON_PLACED_TIME = utf8(
  `",${eventMember('event_type')}"${ORDER_PLACED}",${eventMember('event_time')}"`,
);
const JSON_REFUNDED_TIME = utf8(
  `",${eventMember('event_type')}"${ORDER_REFUNDED}",${eventMember('event_time')}"`,
);
const JSON_QUOTE_COMMA = utf8('",');
const JSON_ORDER_ID = utf8(`${eventMember('order_id')}"`);
const JSON_ITEMS = utf8(`,${eventMember('items')}[`);
const JSON_DISCOUNT = utf8(`,${lineMember('discount_amount')}`);
const JSON_QUOTE_BRACE = utf8('"}');
const JSON_DISCOUNT_TOTAL = utf8(`,${amountsMember('discount_total')}`);
const JSON_TAX_TOTAL = utf8(`,${amountsMember('tax_total')}`);
const JSON_SHIPPING = utf8(`,${amountsMember('shipping')}`);
const JSON_TOTAL = utf8(`,${amountsMember('total')}`);
const JSON_BRACE = utf8('}');
const JSON_REFUND = utf8(`,${eventMember('refund')}{${refundMember('original_order_id')}"`);
const JSON_REASON = utf8(`",${refundMember('reason')}"`);
const JSON_AMOUNT = utf8(`",${refundMember('amount')}`);
const JSON_PROMISED = utf8(`,${eventMember('promised_delivery_date')}"`);
const JSON_SHIPPED_TIME = utf8(
  `",${eventMember('event_type')}"${ORDER_SHIPPED}",${eventMember('event_time')}"`,
);
const JSON_DELIVERED_TIME = utf8(
  `",${eventMember('event_type')}"${ORDER_DELIVERED}",${eventMember('event_time')}"`,
);
const JSON_CARRIER = utf8(`",${shipmentMember('carrier')}"`);
const JSON_ORIGIN_TYPE = utf8(`",${shipmentMember('origin_type')}"`);
const JSON_ORIGIN_ID = utf8(`",${shipmentMember('origin_id')}"`);
const JSON_SHIPPED_AT = utf8(`",${shipmentMember('shipped_at')}"`);
const JSON_DELIVERY = utf8(`"},${eventMember('delivery')}{${deliveryMember('delivered_at')}"`);
const JSON_QUOTE_BRACE_BRACE = utf8('"}}');

/** `YYYY-MM-DD"` of local day numbers, cached: an order's promise falls on one of a few days. */
const promisedDates = new Map<number, Buffer>();
function promisedDate(day: number): Buffer {
  let date = promisedDates.get(day);
  if (date === undefined) {
    const ymd = civilDate(day);
    const year = Math.floor(ymd / 10_000);
    const month = Math.floor(ymd / 100) % 100;
    date = utf8(
      `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(ymd % 100).padStart(2, '0')}"`,
    );
    promisedDates.set(day, date);
  }
  return date;
}

/** An order line's constant JSON at one shelf price of a product. */
interface LineJson {
  readonly price: ShelfPrice;
  /** From `"product_id"` to `"quantity":`. */
  readonly head: Buffer;
  /** From `"product_updated_at"` to the line's closing brace. */
  readonly tail: Buffer;
  /** `"discount_amount":0` and {@link LineJson.tail}. */
  readonly undiscountedTail: Buffer;
}

/** `{"line_number":1`, then `,{"line_number":<n>` for each later line (bulk orders reach the most). */
const LINE_STARTS = Array.from({ length: MAX_LINES + 1 }, (_, n) =>
  utf8(`${n <= 1 ? '' : ','}{${lineMember('line_number')}${n}`),
);

const paymentChoice = (method: PaymentMethod): PaymentChoice => ({
  json: utf8(`},${eventMember('payment')}{${paymentMember('method')}"${method}`),
  brand: method === 'card' ? 'always' : WALLETS.has(method) ? 'mostly' : 'never',
});

const isChosen = (chosen: Int32Array, count: number, productIndex: number): boolean => {
  for (let i = 0; i < count; i += 1) if (chosen[i] === productIndex) return true;
  return false;
};

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
  /** Per product × currency: the order-line JSON around quantity and discount at the latest price. */
  readonly #lines: Array<LineJson | undefined>;
  readonly #writer = new ByteWriter();
  /** Products already on the order being placed (reused: no array per order). */
  readonly #chosen = new Int32Array(MAX_LINES);
  /** `ORD-<run tag>-` as bytes. */
  readonly #orderIdPrefix: Buffer;
  readonly #planner: FulfilmentPlanner;
  #sequence = 0;

  constructor(
    readonly world: World,
    readonly random: Random,
    /** Distinguishes this run's order ids from other runs' (seed, range, mode). */
    readonly runTag: string,
  ) {
    this.#orderIdPrefix = utf8(`ORD-${runTag}-`);
    this.#planner = new FulfilmentPlanner(world.stores);
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
        payments: new WeightedTable(
          methods.map(([method, weight]) => [paymentChoice(method), weight] as const),
        ),
        cardBrands: new WeightedTable(
          (Object.entries(profile.country.cardBrands) as Array<[CardBrand, number]>).map(
            ([brand, weight]) =>
              [utf8(`",${paymentMember('card_brand')}"${brand}`), weight] as const,
          ),
        ),
        currencyIndex: world.prices.currencyIndex(profile.currency),
        exponent: CURRENCY_MINOR_UNITS[profile.currency] ?? 2,
        taxRate: taxRateFor(profile.country, profile.city.name),
        storeJson: utf8(
          `",${eventMember('store')}${JSON.stringify(profile.store)},${eventMember('customer')}`,
        ),
        currencyJson: utf8(
          `],${eventMember('currency')}"${profile.currency}",${eventMember('amounts')}{${amountsMember('subtotal')}`,
        ),
        lifecycleStoreJson: utf8(
          `",${eventMember('store')}${JSON.stringify(profile.store)},${eventMember('shipment')}{${shipmentMember('shipment_id')}"SHP-${runTag}-`,
        ),
      };
    });
    this.#lines = new Array<LineJson | undefined>(
      world.products.length * world.prices.currencyCount,
    );
    this.#productJson = world.products.map((product) =>
      utf8(
        `,${lineMember('product_id')}${JSON.stringify(product.productId)}` +
          `,${lineMember('sku')}${JSON.stringify(product.sku)}` +
          `,${lineMember('product_name')}${JSON.stringify(product.name)}` +
          `,${lineMember('category')}${JSON.stringify(product.category)}` +
          `,${lineMember('brand')}${JSON.stringify(product.brand)},${lineMember('unit_price')}`,
      ),
    );
  }

  /** The cached line JSON of a product at a shelf price, rebuilt when the price changes. */
  #lineJson(productIndex: number, currencyIndex: number, price: ShelfPrice): LineJson {
    const slot = productIndex * this.world.prices.currencyCount + currencyIndex;
    const cached = this.#lines[slot];
    if (cached !== undefined && cached.price === price) return cached;
    const updated = `,${lineMember('product_updated_at')}"${price.updatedAt}"}`;
    const line: LineJson = {
      price,
      head: Buffer.concat([
        this.#productJson[productIndex]!,
        utf8(`${price.amountText},${lineMember('quantity')}`),
      ]),
      tail: utf8(updated),
      undiscountedTail: utf8(`,${lineMember('discount_amount')}0${updated}`),
    };
    this.#lines[slot] = line;
    return line;
  }

  #writeOrderId(orderNumber: number): void {
    this.#writer.bytes(this.#orderIdPrefix);
    this.#writer.paddedUint(orderNumber, 8);
  }

  /** A new order at `storeIndex`, happening at `epochMs`. */
  placeOrder(storeIndex: number, epochMs: number): PlacedOrder {
    this.#sequence += 1;
    return this.#place(storeIndex, epochMs, this.#sequence);
  }

  /**
   * An order_placed event competing with order `orderNumber`, placed earlier: a fresh order's
   * content (at `storeIndex`, happening at `epochMs`) under that order's id and a new event id.
   */
  competingOrder(orderNumber: number, storeIndex: number, epochMs: number): PlacedOrder {
    return this.#place(storeIndex, epochMs, orderNumber);
  }

  #place(storeIndex: number, epochMs: number, orderNumber: number): PlacedOrder {
    const context = this.#contexts[storeIndex] as StoreContext;
    const random = this.random;
    const { profile, exponent } = context;
    const customer = this.#pickCustomer(profile);
    const customerState = this.world.customerStates.stateAt(customer, epochMs);

    const corporate = customer.segment === 'corporate' || customer.segment === 'small_business';
    const bulk = corporate && random.chance(0.25);
    const lineCount = bulk
      ? Math.min(MAX_LINES, 3 + Math.floor(47 * random.next() ** 3))
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
    // Ids, codes, numbers and timestamps are plain ASCII by construction: no escaping needed.
    w.bytes(JSON_EVENT_ID);
    writeRandomUuid(w, random);
    w.bytes(JSON_PLACED_TIME);
    const eventTimeAt = w.length;
    w.timestamp(epochMs, offset);
    w.bytes(JSON_QUOTE_COMMA);
    const bodyStart = w.length;
    w.bytes(JSON_ORDER_ID);
    this.#writeOrderId(orderNumber);
    w.bytes(context.storeJson);
    this.world.customerStates.write(w, customer, customerState);
    w.bytes(JSON_ITEMS);

    let lines = 0;
    const chosen = this.#chosen;
    let subtotal = 0;
    let discountTotal = 0;
    for (let line = 0; line < lineCount; line += 1) {
      let productIndex = this.#products.drawIndex(random);
      for (let retry = 0; retry < 8 && isChosen(chosen, lines, productIndex); retry += 1) {
        productIndex = this.#products.drawIndex(random);
      }
      if (isChosen(chosen, lines, productIndex)) continue;
      chosen[lines] = productIndex;
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
      const line = this.#lineJson(productIndex, context.currencyIndex, price);
      w.bytes(LINE_STARTS[lines]!);
      w.bytes(line.head);
      w.uint(quantity);
      if (discount === 0) {
        w.bytes(line.undiscountedTail);
      } else {
        w.bytes(JSON_DISCOUNT);
        w.decimal(discount, exponent);
        w.bytes(line.tail);
      }
    }

    const net = subtotal - discountTotal;
    const channel = profile.store.channel;
    // Destination-based tax for domestic remote sales (US states, Canadian provinces).
    const taxRate =
      channel !== 'in_store' && customer.country === profile.country
        ? customerState.cityTaxRate
        : context.taxRate;
    const tax = applyRate(net, taxRate);
    const shipping =
      channel === 'in_store'
        ? 0
        : channel === 'marketplace' || net < profile.country.freeShippingFrom
          ? profile.country.shippingFee
          : 0;
    const total = net + tax + shipping;

    w.bytes(context.currencyJson);
    w.decimal(subtotal, exponent);
    w.bytes(JSON_DISCOUNT_TOTAL);
    w.decimal(discountTotal, exponent);
    w.bytes(JSON_TAX_TOTAL);
    w.decimal(tax, exponent);
    w.bytes(JSON_SHIPPING);
    w.decimal(shipping, exponent);
    w.bytes(JSON_TOTAL);
    w.decimal(total, exponent);
    this.#writePayment(context);
    const bodyEnd = w.length;
    // After the members a refund echoes: a refund repeats the order, not its promise.
    const fulfilment = this.#planner.plan(
      storeIndex,
      epochMs,
      (at) => this.world.storeOffsets[storeIndex]!.at(at),
      random,
    );
    if (fulfilment !== undefined) {
      w.bytes(JSON_PROMISED);
      w.bytes(promisedDate(fulfilment.promisedDay));
    }
    w.bytes(JSON_BRACE);
    const data = w.take();
    return {
      data,
      eventType: ORDER_PLACED,
      eventTimeAt,
      orderNumber,
      bodyStart,
      bodyEnd,
      totalMinor: total,
      storeIndex,
      placedAt: epochMs,
      fulfilment,
    };
  }

  /**
   * The `order_shipped` event of order `orderNumber` (placed at `storeIndex`), or with `delivered`
   * its `order_delivered` event, stamped in the store's local time.
   */
  lifecycleEvent(
    orderNumber: number,
    storeIndex: number,
    plan: FulfilmentPlan,
    delivered: boolean,
  ): BuiltEvent {
    const context = this.#contexts[storeIndex] as StoreContext;
    const offsets = this.world.storeOffsets[storeIndex]!;
    const eventMs = delivered ? plan.deliveredAt : plan.shippedAt;
    const w = this.#writer;
    w.bytes(JSON_EVENT_ID);
    writeRandomUuid(w, this.random);
    w.bytes(delivered ? JSON_DELIVERED_TIME : JSON_SHIPPED_TIME);
    const eventTimeAt = w.length;
    w.timestamp(eventMs, offsets.at(eventMs));
    w.bytes(JSON_QUOTE_COMMA);
    w.bytes(JSON_ORDER_ID);
    this.#writeOrderId(orderNumber);
    w.bytes(context.lifecycleStoreJson);
    w.paddedUint(orderNumber, 8);
    w.bytes(JSON_CARRIER);
    w.ascii(plan.carrier);
    w.bytes(JSON_ORIGIN_TYPE);
    w.ascii(plan.originType);
    w.bytes(JSON_ORIGIN_ID);
    w.ascii(plan.originId);
    w.bytes(JSON_SHIPPED_AT);
    w.timestamp(plan.shippedAt, offsets.at(plan.shippedAt));
    if (delivered) {
      w.bytes(JSON_DELIVERY);
      w.timestamp(plan.deliveredAt, offsets.at(plan.deliveredAt));
    }
    w.bytes(JSON_QUOTE_BRACE_BRACE);
    return {
      data: w.take(),
      eventType: delivered ? ORDER_DELIVERED : ORDER_SHIPPED,
      eventTimeAt,
    };
  }

  /** A refund of an earlier order, happening at `epochMs`; echoes the original order. */
  refundOrder(order: RefundableOrder, epochMs: number): BuiltEvent {
    const random = this.random;
    const { exponent } = this.#contexts[order.storeIndex] as StoreContext;
    const partial = random.chance(PARTIAL_REFUND_SHARE);
    const amountMinor = partial
      ? Math.max(1, Math.floor(order.totalMinor * (0.1 + 0.8 * random.next())))
      : order.totalMinor;
    const offset = this.world.storeOffsets[order.storeIndex]!.at(epochMs);
    const w = this.#writer;
    w.bytes(JSON_EVENT_ID);
    writeRandomUuid(w, random);
    w.bytes(JSON_REFUNDED_TIME);
    const eventTimeAt = w.length;
    w.timestamp(epochMs, offset);
    w.bytes(JSON_QUOTE_COMMA);
    w.bytes(order.body);
    w.bytes(JSON_REFUND);
    this.#writeOrderId(order.orderNumber);
    w.bytes(JSON_REASON);
    // Drawn after the event id, as it always was: the same seed keeps giving the same stream.
    w.ascii(REFUND_REASONS.draw(random));
    w.bytes(JSON_AMOUNT);
    w.decimal(amountMinor, exponent);
    w.bytes(JSON_BRACE);
    w.bytes(JSON_BRACE);
    return { data: w.take(), eventType: ORDER_REFUNDED, eventTimeAt };
  }

  #pickCustomer(store: StoreProfile): CustomerProfile {
    const random = this.random;
    const remote = store.store.channel !== 'in_store';
    const pool =
      remote && random.chance(CROSS_BORDER_SHARE)
        ? this.world.customers
        : (this.world.customersByCountry.get(store.country.code) as CustomerPool);
    // Skewed towards low indices: a few loyal customers buy often, most buy rarely.
    return pool.at(Math.floor(pool.length * random.next() ** 2.2));
  }

  /** Draws the payment method (and card brand) and writes the `payment` block. */
  #writePayment(context: StoreContext): void {
    const w = this.#writer;
    const payment = context.payments.draw(this.random);
    w.bytes(payment.json);
    if (payment.brand === 'always' || (payment.brand === 'mostly' && this.random.chance(0.7))) {
      w.bytes(context.cardBrands.draw(this.random));
    }
    w.bytes(JSON_QUOTE_BRACE);
  }
}
