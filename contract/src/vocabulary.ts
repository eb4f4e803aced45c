/**
 * The vocabulary of contract v1 — versions, limits and enumerations — free of any schema library,
 * so that code which cannot load zod (the Dataflow UDF) shares the very same lists.
 */

/** The only schema version this contract describes. */
export const SCHEMA_VERSION = 1 as const;
/** Largest message, in bytes, the pipeline accepts (UTF-8 payload). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Most order lines an event may carry; lines are numbered 1 to this. */
export const MAX_ITEMS = 50;
/** Earliest `event_time` the pipeline accepts. */
export const MIN_EVENT_TIME = '2000-01-01T00:00:00Z';
/** How far into the future an `event_time` may lie (producer clock skew). */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

export const EVENT_TYPES = [
  'order_placed',
  'order_refunded',
  'order_shipped',
  'order_delivered',
] as const;
/** Event types of an order's fulfilment after checkout. */
export const LIFECYCLE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'order_shipped',
  'order_delivered',
]);
/** The order's content: what order events (placed, refunded) always carry and no other event does. */
export const ORDER_CONTENT_MEMBERS = [
  'customer',
  'items',
  'currency',
  'amounts',
  'payment',
] as const;
/** The members an event of one type must carry and those it may carry, among {@link TYPED_MEMBERS}. */
export interface EventTypeMembers {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}
/**
 * Members whose presence depends on `event_type`. The schema declares them optional; an event must
 * carry those its type requires, and one its type neither requires nor allows is unknown to it
 * (as a key outside the schema is). `refund` stays allowed on order events because the business
 * rules say when it must appear (as they always have).
 */
export const TYPED_MEMBERS = [
  ...ORDER_CONTENT_MEMBERS,
  'refund',
  'promised_delivery_date',
  'shipment',
  'delivery',
] as const;
const ORDER_EVENT_MEMBERS: EventTypeMembers = {
  required: ORDER_CONTENT_MEMBERS,
  optional: ['refund', 'promised_delivery_date'],
};
/** Per event type, the typed members it must and may carry. */
export const EVENT_TYPE_MEMBERS: Readonly<Record<(typeof EVENT_TYPES)[number], EventTypeMembers>> =
  {
    order_placed: ORDER_EVENT_MEMBERS,
    order_refunded: ORDER_EVENT_MEMBERS,
    order_shipped: { required: ['shipment'], optional: [] },
    order_delivered: { required: ['shipment', 'delivery'], optional: [] },
  };
/** Parcel carriers; `other` names one not listed yet. */
export const CARRIERS = [
  'usps',
  'ups',
  'fedex',
  'royal_mail',
  'evri',
  'dpd',
  'dhl',
  'hermes',
  'la_poste',
  'chronopost',
  'yamato',
  'sagawa',
  'japan_post',
  'correios',
  'jadlog',
  'india_post',
  'delhivery',
  'blue_dart',
  'australia_post',
  'startrack',
  'canada_post',
  'purolator',
  'estafeta',
  'postnord',
  'swiss_post',
  'other',
] as const;
/** Where a shipment leaves from: a store (ship from store) or a warehouse. */
export const ORIGIN_TYPES = ['store', 'warehouse'] as const;
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
export const CARD_BRANDS = [
  'visa',
  'mastercard',
  'amex',
  'jcb',
  'discover',
  'unionpay',
  'elo',
  'other',
] as const;
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
export const REMOTE_CHANNELS: ReadonlySet<string> = new Set([
  'online',
  'mobile_app',
  'marketplace',
]);
/** Payment methods that never name a card brand. */
export const CARDLESS_METHODS: ReadonlySet<string> = new Set([
  'cash',
  'bank_transfer',
  'pix',
  'paypal',
  'klarna',
]);

/**
 * Characters no text field may hold (lone surrogates included). C0 and C1 controls break CSV exports and terminals. U+FFFD
 * (the replacement character) means an encoder upstream already lost data — and it is what the
 * Dataflow runtime substitutes for invalid UTF-8, so rejecting it keeps both ingest paths equal.
 */
export const FORBIDDEN_TEXT_CHARACTERS =
  // Lone UTF-16 surrogates (from escapes like \ud800) cannot be encoded as UTF-8 and would be mangled downstream.
  /[\u0000-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
