/**
 * The contract's business rules — the one implementation, run by the zod-based validator and the
 * fast one alike — in integer minor-unit arithmetic, on a shape-valid event only. Written for the
 * Dataflow UDF's engine too: no built-in newer than ES5.
 */
import type { Item, OrderEvent, SalesEvent } from '../event.js';
import { CURRENCY_MINOR_UNITS } from '../iso.js';
import {
  CARDLESS_METHODS,
  LIFECYCLE_EVENT_TYPES,
  MAX_FUTURE_SKEW_MS,
  MIN_EVENT_TIME,
  ORDER_CONTENT_MEMBERS,
  REMOTE_CHANNELS,
} from '../vocabulary.js';
import { setToArray, vocabulary } from './fields.js';
import { addFieldIssue, addIssue, type IssueList } from './issues.js';
import { epochMillis } from './timestamp.js';

const MIN_EVENT_TIME_MS = epochMillis(MIN_EVENT_TIME);
const REMOTE = vocabulary(setToArray(REMOTE_CHANNELS));
const CARDLESS = vocabulary(setToArray(CARDLESS_METHODS));
const LIFECYCLE = vocabulary(setToArray(LIFECYCLE_EVENT_TYPES));

/**
 * `Math.round` as the language defines it (ties towards +∞), computed from `Math.floor` so no
 * engine's own rounding shortcut can make the two ingest paths disagree.
 */
function roundHalfUp(value: number): number {
  const floor = Math.floor(value);
  return value - floor >= 0.5 ? floor + 1 : floor;
}

/** How amounts of one event's currency convert to integer minor units. */
interface MinorUnits {
  readonly issues: IssueList;
  readonly currency: string;
  readonly exponent: number;
  readonly factor: number;
}

/** Converts an amount to integer minor units, reporting it when it carries too many decimals. */
function toMinor(units: MinorUnits, parent: string, key: string, amount: number): number {
  const scaled = amount * units.factor;
  const rounded = roundHalfUp(scaled);
  if (Math.abs(scaled - rounded) > 1e-6 * Math.max(1, Math.abs(scaled))) {
    addFieldIssue(
      units.issues,
      parent,
      key,
      'amount_precision',
      amount + ' has more than ' + units.exponent + ' decimals allowed for ' + units.currency,
    );
  }
  return rounded;
}

/** Checks the business rules of a shape-valid event and appends every violation. */
export function checkEventRules(issues: IssueList, event: SalesEvent, now: number): void {
  const eventTimeMs = epochMillis(event.event_time);
  if (eventTimeMs < MIN_EVENT_TIME_MS) {
    addIssue(
      issues,
      '$.event_time',
      'event_time_out_of_range',
      'event_time is before ' + MIN_EVENT_TIME,
    );
  } else if (eventTimeMs > now + MAX_FUTURE_SKEW_MS) {
    addIssue(
      issues,
      '$.event_time',
      'event_time_in_future',
      'event_time is more than 24 hours in the future',
    );
  }
  if (LIFECYCLE[event.event_type] === true) checkLifecycleRules(issues, event, eventTimeMs);
  else checkOrderRules(issues, event);
}

/** The rules of a lifecycle event: its times agree with each other. */
function checkLifecycleRules(issues: IssueList, event: SalesEvent, eventTimeMs: number): void {
  const shipment = event.shipment;
  const delivery = event.delivery;
  const delivered = event.event_type === 'order_delivered';
  // The shape guarantees the shipment (and a delivered event's delivery); the guards narrow.
  if (shipment === undefined) return;
  const shippedAtMs = epochMillis(shipment.shipped_at);
  if (!delivered && shippedAtMs !== eventTimeMs) {
    addIssue(
      issues,
      '$.shipment.shipped_at',
      'event_time_mismatch',
      'an order_shipped event happens at its shipped_at',
    );
  }
  if (!delivered || delivery === undefined) return;
  const deliveredAtMs = epochMillis(delivery.delivered_at);
  if (deliveredAtMs !== eventTimeMs) {
    addIssue(
      issues,
      '$.delivery.delivered_at',
      'event_time_mismatch',
      'an order_delivered event happens at its delivered_at',
    );
  }
  if (deliveredAtMs < shippedAtMs) {
    addIssue(
      issues,
      '$.delivery.delivered_at',
      'delivered_before_shipped',
      "delivered_at is before the shipment's shipped_at",
    );
  }
}

/** The rules of an order event (placed or refunded): its content, money and payment. */
function checkOrderRules(issues: IssueList, event: SalesEvent): void {
  const refund = event.refund;
  if (event.event_type === 'order_refunded') {
    if (refund === undefined) {
      addIssue(issues, '$.refund', 'refund_missing', 'order_refunded events carry a refund');
    } else if (refund.original_order_id !== event.order_id) {
      addIssue(
        issues,
        '$.refund.original_order_id',
        'refund_order_mismatch',
        'original_order_id must equal order_id',
      );
    }
  } else if (refund !== undefined) {
    addIssue(
      issues,
      '$.refund',
      'refund_unexpected',
      'refund is present only when event_type = order_refunded',
    );
  }
  const promised = event.promised_delivery_date;
  if (promised !== undefined) {
    if (REMOTE[event.store.channel] !== true) {
      addIssue(
        issues,
        '$.promised_delivery_date',
        'promised_delivery_in_store',
        'in-store sales are fulfilled at the counter and promise no delivery date',
      );
    }
    // Dates in the same fixed-width form compare as text; the order's date is the one it was
    // written with, in its own offset, as the customer's calendar is.
    if (promised < event.event_time.substring(0, 10)) {
      addIssue(
        issues,
        '$.promised_delivery_date',
        'promised_before_order',
        'promised_delivery_date is before the date of the order',
      );
    }
  }
  if (isOrderContent(event)) checkOrderContent(issues, event);
}

/** Whether the order's content is all there (the shape guarantees it on an order event). */
function isOrderContent(event: SalesEvent): event is OrderEvent {
  const record = event as unknown as Record<string, unknown>;
  for (let i = 0; i < ORDER_CONTENT_MEMBERS.length; i++) {
    if (record[ORDER_CONTENT_MEMBERS[i] as string] === undefined) return false;
  }
  return true;
}

/** Amounts, lines, payment and refund of an order event. */
function checkOrderContent(issues: IssueList, event: OrderEvent): void {
  const exponent = CURRENCY_MINOR_UNITS[event.currency] as number;
  const minor: MinorUnits = {
    issues,
    currency: event.currency,
    exponent,
    factor: Math.pow(10, exponent),
  };

  let subtotal = 0;
  let discounts = 0;
  const lineNumbers: Record<number, true> = {};
  const items = event.items;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as Item;
    const base = '$.items[' + index + ']';
    if (lineNumbers[item.line_number] === true) {
      addIssue(
        issues,
        base + '.line_number',
        'duplicate_line_number',
        'line_number ' + item.line_number + ' appears twice',
      );
    }
    lineNumbers[item.line_number] = true;
    const unit = toMinor(minor, base, 'unit_price', item.unit_price);
    const discount = toMinor(minor, base, 'discount_amount', item.discount_amount);
    const gross = unit * item.quantity;
    if (discount > gross) {
      addIssue(
        issues,
        base + '.discount_amount',
        'discount_exceeds_line',
        'discount_amount exceeds unit_price × quantity',
      );
    }
    subtotal += gross;
    discounts += discount;
  }

  const amounts = event.amounts;
  const subtotalMinor = toMinor(minor, '$.amounts', 'subtotal', amounts.subtotal);
  const discountMinor = toMinor(minor, '$.amounts', 'discount_total', amounts.discount_total);
  const taxMinor = toMinor(minor, '$.amounts', 'tax_total', amounts.tax_total);
  const shippingMinor = toMinor(minor, '$.amounts', 'shipping', amounts.shipping);
  const totalMinor = toMinor(minor, '$.amounts', 'total', amounts.total);
  if (subtotalMinor !== subtotal) {
    addIssue(
      issues,
      '$.amounts.subtotal',
      'subtotal_mismatch',
      'subtotal is not the sum of unit_price × quantity',
    );
  }
  if (discountMinor !== discounts) {
    addIssue(
      issues,
      '$.amounts.discount_total',
      'discount_total_mismatch',
      'discount_total is not the sum of discount_amount',
    );
  }
  if (totalMinor !== subtotalMinor - discountMinor + taxMinor + shippingMinor) {
    addIssue(
      issues,
      '$.amounts.total',
      'total_mismatch',
      'total is not subtotal - discount_total + tax_total + shipping',
    );
  }
  if (shippingMinor > 0 && REMOTE[event.store.channel] !== true) {
    addIssue(issues, '$.amounts.shipping', 'shipping_in_store', 'in-store sales carry no shipping');
  }

  const method = event.payment.method;
  const brand = event.payment.card_brand;
  if (method === 'cash' && event.store.channel !== 'in_store') {
    addIssue(issues, '$.payment.method', 'cash_not_in_store', 'cash is accepted only in store');
  }
  if (method === 'card' && brand === undefined) {
    addIssue(
      issues,
      '$.payment.card_brand',
      'card_brand_missing',
      'card payments name their card_brand',
    );
  }
  if (CARDLESS[method] === true && brand !== undefined) {
    addIssue(
      issues,
      '$.payment.card_brand',
      'card_brand_unexpected',
      method + ' payments carry no card_brand',
    );
  }

  const refund = event.refund;
  if (event.event_type === 'order_refunded' && refund !== undefined) {
    const refundMinor = toMinor(minor, '$.refund', 'amount', refund.amount);
    if (refundMinor > totalMinor) {
      addIssue(
        issues,
        '$.refund.amount',
        'refund_exceeds_total',
        'refund amount is above the original order total',
      );
    }
  }
}
