/**
 * The generator's mix of invalid messages: how often each kind of the contract's bad-message
 * catalog is drawn. How a kind breaks an event, and the reason the contract rejects it with, live in
 * the catalog; a kind added there needs a weight here before the generator compiles.
 */
import type { OrderEvent, RejectReason } from '@salesflow/contract';
import { BAD_MESSAGES, type BadMessageKindName } from '@salesflow/contract/testing';
import type { Random } from '../random.js';

/** Label of one kind of invalid message (a kind of the bad-message catalog). */
export type InvalidKind = BadMessageKindName;

/**
 * Relative frequency of each kind among invalid messages. Kinds the generator does not draw weigh
 * 0. The order is part of the seeded stream: a kind is drawn by its place in this list.
 */
export const INVALID_WEIGHTS: Readonly<Record<InvalidKind, number>> = {
  broken_json: 1,
  truncated_json: 1,
  empty: 0.5,
  missing_field: 1,
  wrong_type: 1,
  bad_currency: 1,
  unknown_country: 1,
  bad_timestamp: 1,
  invalid_uuid: 0.5,
  negative_amount: 0.5,
  too_many_items: 0.3,
  control_characters: 0.5,
  unknown_field: 0.5,
  bad_arithmetic: 1,
  cash_not_in_store: 0.5,
  card_without_brand: 0.5,
  shipping_in_store: 0.5,
  refund_without_refund_block: 1,
  refund_exceeds_total: 0.5,
  refund_order_mismatch: 0.5,
  future_event_time: 0.5,
  duplicate_line_number: 0.5,
  oversize: 0.3,
  non_utf8: 1,
  byte_order_mark: 0.5,
  not_an_object: 1,
  wrong_schema_version: 1,
  unknown_event_type: 0,
  no_items: 0,
  total_mismatch: 0,
  subtotal_mismatch: 0,
  too_many_decimals: 0,
  past_event_time: 0,
  refund_unexpected: 0,
  delivered_before_shipped: 0.5,
  lifecycle_time_mismatch: 0.3,
  unknown_carrier: 0.5,
  lifecycle_missing_shipment: 0.3,
  lifecycle_with_order_content: 0.3,
  delivery_on_order: 0.2,
  promised_delivery_in_store: 0.3,
  promised_before_order: 0.3,
};

/** The labels of the invalid messages the generator draws, in drawing order. */
export const INVALID_KIND_NAMES = (Object.keys(INVALID_WEIGHTS) as InvalidKind[]).filter(
  (kind) => INVALID_WEIGHTS[kind] > 0,
);

/** The reject reason the contract must give each invalid kind. */
export const EXPECTED_REJECT_REASON: Readonly<Record<InvalidKind, RejectReason>> =
  Object.fromEntries(INVALID_KIND_NAMES.map((kind) => [kind, BAD_MESSAGES[kind].reason])) as Record<
    InvalidKind,
    RejectReason
  >;

/** Builds an invalid message of the given kind from a valid order and its JSON text. */
export function makeInvalid(
  kind: InvalidKind,
  event: OrderEvent,
  json: string,
  random: Random,
): Buffer {
  return BAD_MESSAGES[kind].make(event, json, random);
}
