import { minorUnits } from './iso.js';
import type { SalesEvent } from './event.js';
import {
  CARDLESS_METHODS,
  MAX_FUTURE_SKEW_MS,
  MIN_EVENT_TIME,
  REMOTE_CHANNELS,
} from './vocabulary.js';
import type { ContractIssue } from './issues.js';

const MIN_EVENT_TIME_MS = Date.parse(MIN_EVENT_TIME);

/** Options for the business rules that depend on the moment of validation. */
export interface RuleOptions {
  /** Milliseconds since the epoch; `event_time` may not lie more than a day after it. */
  readonly now: number;
}

/**
 * Checks the business rules of a shape-valid event and returns every violation.
 *
 * Amounts are compared in integer minor units, so a rule holds "within half a minor unit" exactly.
 */
export function checkBusinessRules(event: SalesEvent, options: RuleOptions): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const add = (path: string, code: string, message: string): void => {
    issues.push({ path, code, message });
  };
  const exponent = minorUnits(event.currency) ?? 2;
  const factor = 10 ** exponent;
  const toMinor = (path: string, amount: number): number => {
    const scaled = amount * factor;
    const rounded = Math.round(scaled);
    if (Math.abs(scaled - rounded) > 1e-6 * Math.max(1, Math.abs(scaled))) {
      add(
        path,
        'amount_precision',
        `${amount} has more than ${exponent} decimals allowed for ${event.currency}`,
      );
    }
    return rounded;
  };

  const eventTimeMs = Date.parse(event.event_time);
  if (eventTimeMs < MIN_EVENT_TIME_MS) {
    add('$.event_time', 'event_time_out_of_range', `event_time is before ${MIN_EVENT_TIME}`);
  } else if (eventTimeMs > options.now + MAX_FUTURE_SKEW_MS) {
    add('$.event_time', 'event_time_in_future', 'event_time is more than 24 hours in the future');
  }

  let subtotal = 0;
  let discounts = 0;
  const lineNumbers = new Set<number>();
  event.items.forEach((item, index) => {
    const base = `$.items[${index}]`;
    if (lineNumbers.has(item.line_number)) {
      add(
        `${base}.line_number`,
        'duplicate_line_number',
        `line_number ${item.line_number} appears twice`,
      );
    }
    lineNumbers.add(item.line_number);
    const unit = toMinor(`${base}.unit_price`, item.unit_price);
    const discount = toMinor(`${base}.discount_amount`, item.discount_amount);
    const gross = unit * item.quantity;
    if (discount > gross) {
      add(
        `${base}.discount_amount`,
        'discount_exceeds_line',
        'discount_amount exceeds unit_price × quantity',
      );
    }
    subtotal += gross;
    discounts += discount;
  });

  const amounts = event.amounts;
  const subtotalMinor = toMinor('$.amounts.subtotal', amounts.subtotal);
  const discountMinor = toMinor('$.amounts.discount_total', amounts.discount_total);
  const taxMinor = toMinor('$.amounts.tax_total', amounts.tax_total);
  const shippingMinor = toMinor('$.amounts.shipping', amounts.shipping);
  const totalMinor = toMinor('$.amounts.total', amounts.total);
  if (subtotalMinor !== subtotal) {
    add(
      '$.amounts.subtotal',
      'subtotal_mismatch',
      'subtotal is not the sum of unit_price × quantity',
    );
  }
  if (discountMinor !== discounts) {
    add(
      '$.amounts.discount_total',
      'discount_total_mismatch',
      'discount_total is not the sum of discount_amount',
    );
  }
  if (totalMinor !== subtotalMinor - discountMinor + taxMinor + shippingMinor) {
    add(
      '$.amounts.total',
      'total_mismatch',
      'total is not subtotal - discount_total + tax_total + shipping',
    );
  }
  if (shippingMinor > 0 && !REMOTE_CHANNELS.has(event.store.channel)) {
    add('$.amounts.shipping', 'shipping_in_store', 'in-store sales carry no shipping');
  }

  const method = event.payment.method;
  if (method === 'cash' && event.store.channel !== 'in_store') {
    add('$.payment.method', 'cash_not_in_store', 'cash is accepted only in store');
  }
  if (method === 'card' && event.payment.card_brand === undefined) {
    add('$.payment.card_brand', 'card_brand_missing', 'card payments name their card_brand');
  }
  if (CARDLESS_METHODS.has(method) && event.payment.card_brand !== undefined) {
    add('$.payment.card_brand', 'card_brand_unexpected', `${method} payments carry no card_brand`);
  }

  const refund = event.refund;
  if (event.event_type === 'order_refunded') {
    if (refund === undefined) {
      add('$.refund', 'refund_missing', 'order_refunded events carry a refund');
    } else {
      const refundMinor = toMinor('$.refund.amount', refund.amount);
      if (refundMinor > totalMinor) {
        add(
          '$.refund.amount',
          'refund_exceeds_total',
          'refund amount is above the original order total',
        );
      }
      if (refund.original_order_id !== event.order_id) {
        add(
          '$.refund.original_order_id',
          'refund_order_mismatch',
          'original_order_id must equal order_id',
        );
      }
    }
  } else if (refund !== undefined) {
    add('$.refund', 'refund_unexpected', 'refund is present only when event_type = order_refunded');
  }
  return issues;
}
