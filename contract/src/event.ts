import { z } from 'zod';
import { COUNTRY_CODES, CURRENCY_MINOR_UNITS } from './iso.js';

/** The only schema version this contract describes. */
export const SCHEMA_VERSION = 1 as const;
/** Largest message, in bytes, the pipeline accepts (UTF-8 payload). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Earliest `event_time` the pipeline accepts. */
export const MIN_EVENT_TIME = '2000-01-01T00:00:00Z';
/** How far into the future an `event_time` may lie (producer clock skew). */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

export const EVENT_TYPES = ['order_placed', 'order_refunded'] as const;
export const CHANNELS = ['online', 'in_store', 'mobile_app', 'marketplace'] as const;
export const PAYMENT_METHODS = [
  'card',
  'paypal',
  'apple_pay',
  'google_pay',
  'bank_transfer',
  'cash',
  'pix',
  'klarna',
] as const;
export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'jcb', 'discover', 'unionpay', 'elo', 'other'] as const;
export const CUSTOMER_SEGMENTS = ['consumer', 'small_business', 'corporate', 'student'] as const;
export const LOYALTY_TIERS = ['none', 'bronze', 'silver', 'gold', 'platinum'] as const;
export const REFUND_REASONS = [
  'damaged',
  'defective',
  'not_as_described',
  'wrong_item',
  'changed_mind',
  'late_delivery',
  'other',
] as const;
/** Channels where the customer is not at the counter, so goods are shipped. */
export const REMOTE_CHANNELS: ReadonlySet<string> = new Set(['online', 'mobile_app', 'marketplace']);

// C0 and C1 control characters have no place in names; they break CSV exports and terminals.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !CONTROL_CHARACTERS.test(value), { message: 'contains control characters' });

const identifier = text(64);
const timestamp = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 timestamp with offset' });
const countryCode = z
  .string()
  .refine((code) => COUNTRY_CODES.has(code), { message: 'unknown ISO 3166-1 alpha-2 country code' });
const currencyCode = z
  .string()
  .refine((code) => Object.hasOwn(CURRENCY_MINOR_UNITS, code), { message: 'unknown ISO 4217 currency code' });
const money = z.number().nonnegative().max(1_000_000_000_000);

export const StoreSchema = z.strictObject({
  store_id: identifier,
  name: text(200),
  channel: z.enum(CHANNELS),
  country: countryCode,
  city: text(120),
});

export const CustomerSchema = z.strictObject({
  customer_id: identifier,
  email: z.email().max(254),
  full_name: text(200),
  country: countryCode,
  city: text(120),
  segment: z.enum(CUSTOMER_SEGMENTS),
  loyalty_tier: z.enum(LOYALTY_TIERS),
  updated_at: timestamp,
});

export const ItemSchema = z.strictObject({
  line_number: z.int().min(1).max(50),
  product_id: identifier,
  sku: identifier,
  product_name: text(200),
  category: text(80),
  brand: text(80),
  unit_price: money,
  quantity: z.int().min(1).max(1000),
  discount_amount: money,
  product_updated_at: timestamp,
});

export const AmountsSchema = z.strictObject({
  subtotal: money,
  discount_total: money,
  tax_total: money,
  shipping: money,
  total: money,
});

export const PaymentSchema = z.strictObject({
  method: z.enum(PAYMENT_METHODS),
  card_brand: z.enum(CARD_BRANDS).optional(),
});

export const RefundSchema = z.strictObject({
  original_order_id: identifier,
  reason: z.enum(REFUND_REASONS),
  amount: money.positive(),
});

/** Shape of a sales event v1; business rules live in `rules.ts`. */
export const SalesEventShape = z.strictObject({
  schema_version: z.literal(SCHEMA_VERSION),
  event_id: z.uuid(),
  event_type: z.enum(EVENT_TYPES),
  event_time: timestamp,
  order_id: identifier,
  store: StoreSchema,
  customer: CustomerSchema,
  items: z.array(ItemSchema).min(1).max(50),
  currency: currencyCode,
  amounts: AmountsSchema,
  payment: PaymentSchema,
  refund: RefundSchema.optional(),
});

/** A sales event, schema version 1. */
export type SalesEvent = z.infer<typeof SalesEventShape>;
export type Store = z.infer<typeof StoreSchema>;
export type Customer = z.infer<typeof CustomerSchema>;
export type Item = z.infer<typeof ItemSchema>;
export type Amounts = z.infer<typeof AmountsSchema>;
export type Payment = z.infer<typeof PaymentSchema>;
export type Refund = z.infer<typeof RefundSchema>;
export type EventType = (typeof EVENT_TYPES)[number];
export type Channel = (typeof CHANNELS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type CardBrand = (typeof CARD_BRANDS)[number];
export type LoyaltyTier = (typeof LOYALTY_TIERS)[number];
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];
export type RefundReason = (typeof REFUND_REASONS)[number];
