/**
 * What the generator's pre-encoded JSON fragments take from the contract: member names, checked
 * against the contract's types so that a renamed or removed field fails to compile here; the schema
 * version; the event types; the most order lines. Fragments lay members out in the contract's
 * declaration order, and a test holds every generated event to that order and to every field.
 */
import type {
  Amounts,
  Customer,
  Delivery,
  EventType,
  Item,
  Payment,
  Refund,
  SalesEvent,
  Shipment,
} from '@salesflow/contract';

export { MAX_ITEMS as MAX_LINES, SCHEMA_VERSION } from '@salesflow/contract';

/** `"<name>":` for a member of `T`. */
const membersOf =
  <T>() =>
  (name: keyof T & string): string =>
    `"${name}":`;

/** A member of the event. */
export const eventMember = membersOf<SalesEvent>();
/** A member of an order line. */
export const lineMember = membersOf<Item>();
/** A member of `amounts`. */
export const amountsMember = membersOf<Amounts>();
/** A member of `payment`. */
export const paymentMember = membersOf<Payment>();
/** A member of `refund`. */
export const refundMember = membersOf<Refund>();
/** A member of `customer`. */
export const customerMember = membersOf<Customer>();

/** A member of `shipment`. */
export const shipmentMember = membersOf<Shipment>();
/** A member of `delivery`. */
export const deliveryMember = membersOf<Delivery>();

/** The event types the generator writes. */
export const ORDER_PLACED: EventType = 'order_placed';
export const ORDER_REFUNDED: EventType = 'order_refunded';
export const ORDER_SHIPPED: EventType = 'order_shipped';
export const ORDER_DELIVERED: EventType = 'order_delivered';
