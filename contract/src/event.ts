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
  CARRIERS,
  ORIGIN_TYPES,
  FORBIDDEN_TEXT_CHARACTERS,
  MAX_ITEMS,
} from './vocabulary.js';
import type { ORDER_CONTENT_MEMBERS } from './vocabulary.js';

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
  /** First-level subdivision (state, Land, prefecture, province); producers before it omit it. */
  region: text(120).optional(),
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

export const ShipmentSchema = z.strictObject({
  shipment_id: identifier,
  carrier: z.enum(CARRIERS),
  origin_type: z.enum(ORIGIN_TYPES),
  /** A `store_id` when the parcel leaves a store, a warehouse's id otherwise. */
  origin_id: identifier,
  shipped_at: timestamp,
});

export const DeliverySchema = z.strictObject({
  delivered_at: timestamp,
});

/**
 * Shape of a sales event v1; business rules live in `rules.ts`. Members that only some event types
 * carry are optional here and required or forbidden per type by the rules: the order's content
 * (customer to payment) on order events, `refund` on refunds, `shipment` on lifecycle events,
 * `delivery` on deliveries — one object, so every artefact derived from it stays one record.
 */
export const SalesEventShape = z.strictObject({
  schema_version: z.literal(SCHEMA_VERSION),
  event_id: z.uuid(),
  event_type: z.enum(EVENT_TYPES),
  event_time: timestamp,
  order_id: identifier,
  store: StoreSchema,
  customer: CustomerSchema.optional(),
  items: z.array(ItemSchema).min(1).max(MAX_ITEMS).optional(),
  currency: currencyCode.optional(),
  amounts: AmountsSchema.optional(),
  payment: PaymentSchema.optional(),
  refund: RefundSchema.optional(),
  /** The delivery date promised at checkout, in the customer's calendar; remote channels only. */
  promised_delivery_date: z.iso.date().optional(),
  shipment: ShipmentSchema.optional(),
  delivery: DeliverySchema.optional(),
});

/** A sales event, schema version 1. */
export type SalesEvent = z.infer<typeof SalesEventShape>;
/** An order event (`order_placed`, `order_refunded`): the order's content is present. */
export type OrderEvent = SalesEvent & {
  readonly [member in (typeof ORDER_CONTENT_MEMBERS)[number]]-?: NonNullable<SalesEvent[member]>;
};
/**
 * True for an order event (placed or refunded) — the events that carry the order's content — once
 * the event met the contract.
 */
export function isOrderEvent(event: SalesEvent): event is OrderEvent {
  return event.event_type === 'order_placed' || event.event_type === 'order_refunded';
}
/** A lifecycle event (`order_shipped`, `order_delivered`): the shipment is present. */
export type LifecycleEvent = SalesEvent & { readonly shipment: Shipment };
export type Store = z.infer<typeof StoreSchema>;
export type Customer = z.infer<typeof CustomerSchema>;
export type Item = z.infer<typeof ItemSchema>;
export type Amounts = z.infer<typeof AmountsSchema>;
export type Payment = z.infer<typeof PaymentSchema>;
export type Refund = z.infer<typeof RefundSchema>;
export type Shipment = z.infer<typeof ShipmentSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
export type Carrier = (typeof CARRIERS)[number];
export type OriginType = (typeof ORIGIN_TYPES)[number];
export type EventType = (typeof EVENT_TYPES)[number];
export type Channel = (typeof CHANNELS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type CardBrand = (typeof CARD_BRANDS)[number];
export type LoyaltyTier = (typeof LOYALTY_TIERS)[number];
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];
export type RefundReason = (typeof REFUND_REASONS)[number];
