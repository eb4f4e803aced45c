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
