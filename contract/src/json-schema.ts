import { z } from 'zod';
import { SalesEventShape } from './event.js';

/** JSON Schema (draft 2020-12) of the sales event v1 shape. Business rules are described, not encoded. */
export function salesEventJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SalesEventShape, { target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema['$schema'],
    $id: 'https://salesflow.dev/schemas/sales-event.v1.schema.json',
    title: 'Sales event v1',
    description:
      'One JSON object per Pub/Sub message, UTF-8, at most 64 KiB. Business rules (not expressible here): ' +
      'total = subtotal - discount_total + tax_total + shipping within half a minor unit; subtotal = Σ unit_price × quantity; ' +
      'discount_total = Σ discount_amount; amounts at the currency ISO 4217 precision; refund present iff ' +
      'event_type = order_refunded, refund.original_order_id = order_id and refund.amount ≤ amounts.total; cash only in store; ' +
      'no shipping in store; card payments name a card_brand; event_time between 2000-01-01 and 24 h after now. ' +
      'By event_type: order_placed and order_refunded carry customer, items, currency, amounts and payment, may carry ' +
      'promised_delivery_date (remote channels only, not before the date of event_time) and no shipment or delivery; ' +
      'order_shipped carries shipment (event_time = shipped_at), order_delivered shipment and delivery ' +
      '(event_time = delivered_at ≥ shipped_at), and neither carries the order content, refund or promised_delivery_date.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
