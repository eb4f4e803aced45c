import { z } from 'zod';
import { COUNTRY_CODES, CURRENCY_MINOR_UNITS } from './iso.js';
import {
  SCHEMA_VERSION,
  EVENT_TYPES,
  CHANNELS,
  PAYMENT_METHODS,
  CARD_BRANDS,
  CUSTOMER_SEGMENTS,
  LOYALTY_TIERS,
  REFUND_REASONS,
  FORBIDDEN_TEXT_CHARACTERS,
  MAX_ITEMS,
} from './vocabulary.js';

export * from './vocabulary.js';

const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !FORBIDDEN_TEXT_CHARACTERS.test(value), {
      message: 'contains control or replacement characters',
    });

const identifier = text(64);
const timestamp = z.iso.datetime({
  offset: true,
  message: 'must be an RFC 3339 timestamp with offset',
});
const countryCode = z.string().refine((code) => COUNTRY_CODES.has(code), {
  message: 'unknown ISO 3166-1 alpha-2 country code',
});
const currencyCode = z.string().refine((code) => Object.hasOwn(CURRENCY_MINOR_UNITS, code), {
  message: 'unknown ISO 4217 currency code',
});
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
  line_number: z.int().min(1).max(MAX_ITEMS),
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
  items: z.array(ItemSchema).min(1).max(MAX_ITEMS),
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
