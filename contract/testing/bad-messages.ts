/**
 * The one catalog of bad messages: every kind of broken message the project makes, each with the
 * reject reason (and, where every message of the kind carries it, the issue code) the contract
 * gives it. A kind breaks any valid event, so the generator's chaos draws its invalid messages from
 * here and every package's tests build theirs from the same kinds. Fixed, named edge cases live
 * beside it in the hostile corpus.
 */
import {
  CARRIERS,
  CURRENCY_MINOR_UNITS,
  MAX_MESSAGE_BYTES,
  ORDER_CONTENT_MEMBERS,
  type OrderEvent,
  type RejectReason,
} from '../src/index.js';

/** A source of uniform numbers in [0, 1), such as the generator's seeded `Random`. */
export interface Chooser {
  next(): number;
}

/** A JSON-like value we can freely mutate (a deep copy of an event). */
type Json = Record<string, unknown>;

/** How one kind of broken message is made, and how the contract classifies it. */
export interface BadMessageKind {
  readonly reason: RejectReason;
  /** The issue code every message of this kind is rejected with, where there is one. */
  readonly code?: string;
  /**
   * Breaks a valid order event (given parsed and as its JSON text) into a message of this kind;
   * the fulfilment kinds break the order's shipped or delivered event.
   */
  readonly make: (event: OrderEvent, json: string, random: Chooser) => Buffer;
}

const pick = <T>(random: Chooser, values: readonly T[]): T =>
  values[Math.floor(random.next() * values.length)] as T;
const chance = (random: Chooser, p: number): boolean => random.next() < p;

const text = (value: string): Buffer => Buffer.from(value, 'utf8');
const copy = (event: OrderEvent): Json => JSON.parse(JSON.stringify(event)) as Json;
const encode = (value: unknown): Buffer => text(JSON.stringify(value));
const record = (value: unknown): Json => value as Json;
const firstItem = (event: Json): Json => (event['items'] as Json[])[0] as Json;
const factorOf = (event: Json): number =>
  10 ** (CURRENCY_MINOR_UNITS[event['currency'] as string] ?? 2);

/** Shifts a major-unit amount by `minorDelta` minor units at the event currency's precision. */
function shiftAmount(event: Json, amount: number, minorDelta: number): number {
  const factor = factorOf(event);
  return (Math.round(amount * factor) + minorDelta) / factor;
}

/** A timestamp moved to `year`; to the nearest leap year before it when it falls on 29 February. */
function shiftYear(timestamp: string, year: string): string {
  const leap = timestamp.slice(4, 10) === '-02-29';
  return `${leap ? String(Number(year) - (Number(year) % 4)) : year}${timestamp.slice(4)}`;
}

const HOUR_MS = 3_600_000;

/** An instant `hours` after a timestamp, in UTC. */
const hoursAfter = (timestamp: string, hours: number): string =>
  new Date(Date.parse(timestamp) + hours * HOUR_MS).toISOString();

/**
 * The valid `order_shipped` event of an order (shipped a few hours after it), or, with
 * `deliveredAfterHours`, its `order_delivered` event; a fresh mutable copy.
 */
function lifecycleOf(event: OrderEvent, random: Chooser, deliveredAfterHours?: number): Json {
  const shippedAt = hoursAfter(event.event_time, 1 + Math.floor(random.next() * 6));
  const shipped: Json = {
    schema_version: event.schema_version,
    event_id: event.event_id,
    event_type: 'order_shipped',
    event_time: shippedAt,
    order_id: event.order_id,
    store: { ...event.store },
    shipment: {
      shipment_id: `SHP-${event.order_id}`,
      carrier: pick(random, CARRIERS),
      origin_type: 'warehouse',
      origin_id: `WH-${event.store.country}-1`,
      shipped_at: shippedAt,
    },
  };
  if (deliveredAfterHours === undefined) return shipped;
  const deliveredAt = hoursAfter(shippedAt, deliveredAfterHours);
  return {
    ...shipped,
    event_type: 'order_delivered',
    event_time: deliveredAt,
    delivery: { delivered_at: deliveredAt },
  };
}

/** Text cut at a random point, never inside a surrogate pair; the closing brace is always lost. */
function truncate(json: string, random: Chooser): string {
  let cut = 1 + Math.floor(random.next() * (json.length - 1));
  const code = json.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return json.slice(0, cut);
}

/** Byte sequences that are never valid UTF-8, and never contain a newline. */
const INVALID_UTF8 = [
  [0xff],
  [0xc3, 0x28],
  [0x80],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

/**
 * Every kind of bad message, by label. No kind produces a raw `\n` byte, so each message stays one
 * NDJSON line. Kinds that change the event type or amounts expect an `order_placed` event.
 */
export const BAD_MESSAGES = {
  broken_json: {
    reason: 'invalid_json',
    code: 'invalid_json',
    make: (_event, json, random) => {
      const variants = [
        () => json.replace('"currency":', '"currency"='),
        () => `${json.slice(0, -1)},}`,
        () => json.replace('"event_id"', "'event_id'"),
        () => json.replace('"order_id"', 'order_id'),
        () => `${json}}`,
        () => json.replace('"items":[', '"items":[,'),
      ];
      return text(pick(random, variants)());
    },
  },
  truncated_json: {
    reason: 'invalid_json',
    code: 'invalid_json',
    make: (_e, json, random) => text(truncate(json, random)),
  },
  empty: { reason: 'invalid_json', code: 'invalid_json', make: () => Buffer.alloc(0) },
  missing_field: {
    reason: 'schema_violation',
    make: (event, _json, random) => {
      const broken = copy(event);
      const paths: Array<() => void> = [
        () => delete broken['event_id'],
        () => delete broken['customer'],
        () => delete broken['amounts'],
        () => delete broken['currency'],
        () => delete record(broken['store'])['channel'],
        () => delete record(broken['customer'])['email'],
        () => delete firstItem(broken)['sku'],
        () => delete record(broken['amounts'])['total'],
        () => delete record(broken['payment'])['method'],
      ];
      pick(random, paths)();
      return encode(broken);
    },
  },
  wrong_type: {
    reason: 'schema_violation',
    make: (event, _json, random) => {
      const broken = copy(event);
      const item = firstItem(broken);
      const variants: Array<() => void> = [
        () => (item['quantity'] = String(item['quantity'])),
        () => (item['unit_price'] = String(item['unit_price'])),
        () => (broken['schema_version'] = '1'),
        () => (broken['items'] = item),
        () => (broken['event_time'] = Date.parse(event.event_time)),
        () => (record(broken['amounts'])['total'] = null),
      ];
      pick(random, variants)();
      return encode(broken);
    },
  },
  bad_currency: {
    reason: 'schema_violation',
    code: 'custom',
    make: (event, _json, random) =>
      encode({ ...copy(event), currency: pick(random, ['EURO', 'BTC', 'usd', 'US$', '', 'XYZ']) }),
  },
  unknown_country: {
    reason: 'schema_violation',
    code: 'custom',
    make: (event, _json, random) => {
      const broken = copy(event);
      const block = chance(random, 0.5) ? 'store' : 'customer';
      record(broken[block])['country'] = pick(random, ['XX', 'UK', 'EU', 'ZZ', 'us', 'GER']);
      return encode(broken);
    },
  },
  bad_timestamp: {
    reason: 'schema_violation',
    code: 'invalid_format',
    make: (event, _json, random) => {
      const local = event.event_time.slice(0, 19);
      const value = pick(random, [
        local,
        local.replace('T', ' '),
        'yesterday',
        `${local.slice(0, 10)}`,
        `${local}+25:00`,
      ]);
      return encode({ ...copy(event), event_time: value });
    },
  },
  invalid_uuid: {
    reason: 'schema_violation',
    code: 'invalid_format',
    make: (event, _json, random) =>
      encode({
        ...copy(event),
        event_id: pick(random, ['not-a-uuid', '12345', event.event_id.slice(0, 30)]),
      }),
  },
  unknown_event_type: {
    reason: 'schema_violation',
    code: 'invalid_value',
    make: (event, _json, random) =>
      encode({
        ...copy(event),
        event_type: pick(random, ['order_cancelled', 'ORDER_PLACED', 'order_placed ', '']),
      }),
  },
  no_items: {
    reason: 'schema_violation',
    code: 'too_small',
    make: (event) => encode({ ...copy(event), items: [] }),
  },
  negative_amount: {
    reason: 'schema_violation',
    code: 'too_small',
    make: (event) => {
      const broken = copy(event);
      firstItem(broken)['discount_amount'] = -1;
      return encode(broken);
    },
  },
  too_many_items: {
    reason: 'schema_violation',
    code: 'too_big',
    make: (event) => {
      const broken = copy(event);
      const item = firstItem(broken);
      broken['items'] = Array.from({ length: 51 }, (_, index) => ({
        ...item,
        line_number: index + 1,
      }));
      return encode(broken);
    },
  },
  control_characters: {
    reason: 'schema_violation',
    code: 'custom',
    make: (event, _json, random) => {
      const broken = copy(event);
      // JSON.stringify escapes these (\u0007, \r, \t…), so the bytes on the wire hold no raw newline.
      firstItem(broken)['product_name'] =
        `${event.items[0]?.product_name ?? 'x'}${pick(random, ['\u0007', '\r', '\t', '\u001b[31m', '\u0085'])}`;
      return encode(broken);
    },
  },
  unknown_field: {
    reason: 'schema_violation',
    code: 'unrecognized_key',
    make: (event, _json, random) =>
      encode({ ...copy(event), [pick(random, ['coupon_code', 'notes', 'Event_ID'])]: 'x' }),
  },
  bad_arithmetic: {
    reason: 'business_rule_violation',
    make: (event, _json, random) => {
      const broken = copy(event);
      const amounts = record(broken['amounts']);
      const field = pick(random, ['total', 'subtotal', 'tax_total', 'discount_total']);
      const delta = pick(random, [1, -1, 100, 7]);
      const shifted = shiftAmount(broken, amounts[field] as number, delta);
      // Keep amounts non-negative so the shape is fine and only the arithmetic is wrong.
      amounts[field] =
        shifted < 0 ? shiftAmount(broken, amounts[field] as number, -delta) : shifted;
      return encode(broken);
    },
  },
  total_mismatch: {
    reason: 'business_rule_violation',
    code: 'total_mismatch',
    make: (event, _json, random) => {
      const broken = copy(event);
      const amounts = record(broken['amounts']);
      const delta = pick(random, [1, -1, 100, 7]);
      const shifted = shiftAmount(broken, amounts['total'] as number, delta);
      // Keep amounts non-negative so the shape is fine and only the arithmetic is wrong.
      amounts['total'] =
        shifted < 0 ? shiftAmount(broken, amounts['total'] as number, -delta) : shifted;
      return encode(broken);
    },
  },
  subtotal_mismatch: {
    reason: 'business_rule_violation',
    code: 'subtotal_mismatch',
    make: (event, _json, random) => {
      const broken = copy(event);
      const amounts = record(broken['amounts']);
      // The total follows the subtotal, so only the sum of the lines is wrong.
      const delta = pick(random, [1, 100, 7]);
      amounts['subtotal'] = shiftAmount(broken, amounts['subtotal'] as number, delta);
      amounts['total'] = shiftAmount(broken, amounts['total'] as number, delta);
      return encode(broken);
    },
  },
  too_many_decimals: {
    reason: 'business_rule_violation',
    code: 'amount_precision',
    make: (event) => {
      const broken = copy(event);
      const amounts = record(broken['amounts']);
      // Four tenths of a minor unit more shipping still rounds to the same amount, so only the
      // precision is wrong. Shipping is small, so the rule's relative tolerance does not hide it.
      amounts['shipping'] = (amounts['shipping'] as number) + 0.4 / factorOf(broken);
      return encode(broken);
    },
  },
  cash_not_in_store: {
    reason: 'business_rule_violation',
    code: 'cash_not_in_store',
    make: (event) => {
      const broken = copy(event);
      record(broken['store'])['channel'] = 'online';
      broken['payment'] = { method: 'cash' };
      return encode(broken);
    },
  },
  card_without_brand: {
    reason: 'business_rule_violation',
    code: 'card_brand_missing',
    make: (event) => encode({ ...copy(event), payment: { method: 'card' } }),
  },
  shipping_in_store: {
    reason: 'business_rule_violation',
    code: 'shipping_in_store',
    make: (event) => {
      const broken = copy(event);
      record(broken['store'])['channel'] = 'in_store';
      const amounts = record(broken['amounts']);
      amounts['shipping'] = shiftAmount(broken, amounts['shipping'] as number, 499);
      amounts['total'] = shiftAmount(broken, amounts['total'] as number, 499);
      if (record(broken['payment'])['method'] !== 'card') broken['payment'] = { method: 'cash' };
      return encode(broken);
    },
  },
  refund_without_refund_block: {
    reason: 'business_rule_violation',
    code: 'refund_missing',
    make: (event) => {
      const broken = copy(event);
      broken['event_type'] = 'order_refunded';
      delete broken['refund'];
      return encode(broken);
    },
  },
  refund_exceeds_total: {
    reason: 'business_rule_violation',
    code: 'refund_exceeds_total',
    make: (event) => {
      const broken = copy(event);
      const total = record(broken['amounts'])['total'] as number;
      broken['event_type'] = 'order_refunded';
      broken['refund'] = {
        original_order_id: event.order_id,
        reason: 'other',
        amount: shiftAmount(broken, total, 1),
      };
      return encode(broken);
    },
  },
  refund_order_mismatch: {
    reason: 'business_rule_violation',
    code: 'refund_order_mismatch',
    make: (event) => {
      const broken = copy(event);
      broken['event_type'] = 'order_refunded';
      broken['refund'] = {
        original_order_id: `${event.order_id}-X`,
        reason: 'damaged',
        amount: event.amounts.total,
      };
      return encode(broken);
    },
  },
  future_event_time: {
    reason: 'business_rule_violation',
    code: 'event_time_in_future',
    make: (event) => encode({ ...copy(event), event_time: shiftYear(event.event_time, '2999') }),
  },
  past_event_time: {
    reason: 'business_rule_violation',
    code: 'event_time_out_of_range',
    make: (event) => encode({ ...copy(event), event_time: shiftYear(event.event_time, '1999') }),
  },
  refund_unexpected: {
    reason: 'business_rule_violation',
    code: 'refund_unexpected',
    make: (event) => {
      const broken = copy(event);
      broken['event_type'] = 'order_placed';
      broken['refund'] ??= {
        original_order_id: event.order_id,
        reason: 'other',
        amount: 1 / factorOf(broken),
      };
      return encode(broken);
    },
  },
  duplicate_line_number: {
    reason: 'business_rule_violation',
    code: 'duplicate_line_number',
    make: (event) => {
      const broken = copy(event);
      const first = firstItem(broken);
      const factor = factorOf(broken);
      const minor = (value: unknown): number => Math.round((value as number) * factor);
      // Two lines numbered 1 whose sums are right: only the numbering breaks the rules.
      broken['items'] = [first, { ...first }];
      const gross = 2 * minor(first['unit_price']) * (first['quantity'] as number);
      const discount = 2 * minor(first['discount_amount']);
      const amounts = record(broken['amounts']);
      const total = gross - discount + minor(amounts['tax_total']) + minor(amounts['shipping']);
      amounts['subtotal'] = gross / factor;
      amounts['discount_total'] = discount / factor;
      amounts['total'] = total / factor;
      return encode(broken);
    },
  },
  oversize: {
    reason: 'payload_too_large',
    code: 'payload_too_large',
    make: (event) => {
      const broken = copy(event);
      const item = firstItem(broken);
      // A runaway free-text field: well-formed JSON, just far too big.
      item['product_name'] = (String(item['product_name']) + ' ').repeat(
        Math.ceil((MAX_MESSAGE_BYTES + 1024) / 10),
      );
      return encode(broken);
    },
  },
  non_utf8: {
    reason: 'invalid_encoding',
    code: 'invalid_utf8',
    make: (_event, json, random) => {
      const marker = '"full_name":"';
      const at = json.indexOf(marker) + marker.length;
      const head = text(json.slice(0, at));
      const tail = text(json.slice(at));
      return Buffer.concat([head, Buffer.from(pick(random, INVALID_UTF8)), tail]);
    },
  },
  byte_order_mark: {
    reason: 'invalid_encoding',
    code: 'byte_order_mark',
    make: (_event, json) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text(json)]),
  },
  not_an_object: {
    reason: 'not_an_object',
    code: 'not_an_object',
    make: (_event, json, random) =>
      text(pick(random, [`[${json}]`, '"order_placed"', '42', 'null', 'true', '[]'])),
  },
  delivered_before_shipped: {
    reason: 'business_rule_violation',
    code: 'delivered_before_shipped',
    // A carrier's scan clock or a mistyped date: delivered up to two days before it left.
    make: (event, _json, random) =>
      encode(lifecycleOf(event, random, -1 - Math.floor(random.next() * 48))),
  },
  lifecycle_time_mismatch: {
    reason: 'business_rule_violation',
    code: 'event_time_mismatch',
    make: (event, _json, random) => {
      const delivered = chance(random, 0.5);
      const broken = lifecycleOf(event, random, delivered ? 20 : undefined);
      // The producer stamped the event with its own clock instead of the moment it happened.
      broken['event_time'] = hoursAfter(
        String(broken['event_time']),
        1 + Math.floor(random.next() * 9),
      );
      return encode(broken);
    },
  },
  unknown_carrier: {
    reason: 'schema_violation',
    code: 'invalid_value',
    make: (event, _json, random) => {
      const broken = lifecycleOf(event, random, chance(random, 0.5) ? 30 : undefined);
      record(broken['shipment'])['carrier'] = pick(random, ['DHL', 'pony_express', '', 'ups ']);
      return encode(broken);
    },
  },
  lifecycle_missing_shipment: {
    reason: 'schema_violation',
    code: 'invalid_type',
    make: (event, _json, random) => {
      const delivered = chance(random, 0.5);
      const broken = lifecycleOf(event, random, delivered ? 26 : undefined);
      if (delivered && chance(random, 0.5)) delete broken['delivery'];
      else delete broken['shipment'];
      return encode(broken);
    },
  },
  lifecycle_with_order_content: {
    reason: 'schema_violation',
    code: 'unrecognized_key',
    make: (event, _json, random) => {
      const broken = lifecycleOf(event, random, chance(random, 0.5) ? 40 : undefined);
      // A producer that copies the whole order into its shipment events.
      const member = pick(random, [...ORDER_CONTENT_MEMBERS, 'promised_delivery_date'] as const);
      broken[member] = member === 'promised_delivery_date' ? '2026-01-01' : event[member];
      return encode(broken);
    },
  },
  delivery_on_order: {
    reason: 'schema_violation',
    code: 'unrecognized_key',
    make: (event, _json, random) => {
      const broken = copy(event);
      const lifecycle = lifecycleOf(event, random, 30);
      if (chance(random, 0.5)) broken['shipment'] = lifecycle['shipment'];
      else broken['delivery'] = lifecycle['delivery'];
      return encode(broken);
    },
  },
  promised_delivery_in_store: {
    reason: 'business_rule_violation',
    code: 'promised_delivery_in_store',
    make: (event) => {
      const broken = copy(event);
      record(broken['store'])['channel'] = 'in_store';
      broken['promised_delivery_date'] = event.event_time.slice(0, 10);
      return encode(broken);
    },
  },
  promised_before_order: {
    reason: 'business_rule_violation',
    code: 'promised_before_order',
    make: (event, _json, random) => {
      const broken = copy(event);
      const orderDay = Date.parse(`${event.event_time.slice(0, 10)}T00:00:00Z`);
      const days = 1 + Math.floor(random.next() * 30);
      broken['promised_delivery_date'] = new Date(orderDay - days * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return encode(broken);
    },
  },
  wrong_schema_version: {
    reason: 'unsupported_schema_version',
    code: 'unsupported_schema_version',
    make: (event, _json, random) =>
      encode({ ...copy(event), schema_version: pick(random, [0, 2, 3, 99]) }),
  },
} as const satisfies Record<string, BadMessageKind>;

/** Label of one kind of bad message. */
export type BadMessageKindName = keyof typeof BAD_MESSAGES;

/** Every bad-message label. */
export const BAD_MESSAGE_KINDS = Object.keys(BAD_MESSAGES) as BadMessageKindName[];

/** A bad message of `kind` made from a valid event. */
export function badMessage(kind: BadMessageKindName, event: OrderEvent, random: Chooser): Buffer {
  const spec: BadMessageKind = BAD_MESSAGES[kind];
  return spec.make(event, JSON.stringify(event), random);
}
