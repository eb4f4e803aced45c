import {
  CURRENCY_MINOR_UNITS,
  MAX_MESSAGE_BYTES,
  type RejectReason,
  type SalesEvent,
} from '@salesflow/contract';
import type { Random } from '../random.js';

/** A JSON-like value we can freely mutate (a deep copy of an event). */
type Json = Record<string, unknown>;

/** How one kind of broken message is made, and how the contract must classify it. */
interface InvalidKindSpec {
  readonly reason: RejectReason;
  /** Relative frequency among invalid messages. */
  readonly weight: number;
  readonly make: (event: SalesEvent, json: string, random: Random) => Buffer;
}

const text = (value: string): Buffer => Buffer.from(value, 'utf8');
const copy = (event: SalesEvent): Json => JSON.parse(JSON.stringify(event)) as Json;
const encode = (value: unknown): Buffer => text(JSON.stringify(value));
const record = (value: unknown): Json => value as Json;
const firstItem = (event: Json): Json => (event['items'] as Json[])[0] as Json;

/** Shifts a major-unit amount by `minorDelta` minor units at the event currency's precision. */
function shiftAmount(event: Json, amount: number, minorDelta: number): number {
  const factor = 10 ** (CURRENCY_MINOR_UNITS[event['currency'] as string] ?? 2);
  return (Math.round(amount * factor) + minorDelta) / factor;
}

/** Text cut at a random point, never inside a surrogate pair; the closing brace is always lost. */
function truncate(json: string, random: Random): string {
  let cut = 1 + random.int(json.length - 1);
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
 * Every kind of broken message the generator can emit, by label. No kind produces a raw `\n` byte,
 * so each message stays one NDJSON line.
 */
export const INVALID_KINDS = {
  broken_json: {
    reason: 'invalid_json',
    weight: 1,
    make: (_event, json, random) => {
      const variants = [
        () => json.replace('"currency":', '"currency"='),
        () => `${json.slice(0, -1)},}`,
        () => json.replace('"event_id"', "'event_id'"),
        () => json.replace('"order_id"', 'order_id'),
        () => `${json}}`,
        () => json.replace('"items":[', '"items":[,'),
      ];
      return text(random.pick(variants)());
    },
  },
  truncated_json: {
    reason: 'invalid_json',
    weight: 1,
    make: (_e, json, random) => text(truncate(json, random)),
  },
  empty: { reason: 'invalid_json', weight: 0.5, make: () => Buffer.alloc(0) },
  missing_field: {
    reason: 'schema_violation',
    weight: 1,
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
      random.pick(paths)();
      return encode(broken);
    },
  },
  wrong_type: {
    reason: 'schema_violation',
    weight: 1,
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
      random.pick(variants)();
      return encode(broken);
    },
  },
  bad_currency: {
    reason: 'schema_violation',
    weight: 1,
    make: (event, _json, random) =>
      encode({ ...copy(event), currency: random.pick(['EURO', 'BTC', 'usd', 'US$', '', 'XYZ']) }),
  },
  unknown_country: {
    reason: 'schema_violation',
    weight: 1,
    make: (event, _json, random) => {
      const broken = copy(event);
      const block = random.chance(0.5) ? 'store' : 'customer';
      record(broken[block])['country'] = random.pick(['XX', 'UK', 'EU', 'ZZ', 'us', 'GER']);
      return encode(broken);
    },
  },
  bad_timestamp: {
    reason: 'schema_violation',
    weight: 1,
    make: (event, _json, random) => {
      const local = event.event_time.slice(0, 19);
      const value = random.pick([
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
    weight: 0.5,
    make: (event, _json, random) =>
      encode({
        ...copy(event),
        event_id: random.pick(['not-a-uuid', '12345', event.event_id.slice(0, 30)]),
      }),
  },
  negative_amount: {
    reason: 'schema_violation',
    weight: 0.5,
    make: (event) => {
      const broken = copy(event);
      firstItem(broken)['discount_amount'] = -1;
      return encode(broken);
    },
  },
  too_many_items: {
    reason: 'schema_violation',
    weight: 0.3,
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
    weight: 0.5,
    make: (event, _json, random) => {
      const broken = copy(event);
      // JSON.stringify escapes these (\u0007, \r, \t…), so the bytes on the wire hold no raw newline.
      firstItem(broken)['product_name'] =
        `${event.items[0]?.product_name ?? 'x'}${random.pick(['\u0007', '\r', '\t', '\u001b[31m', '\u0085'])}`;
      return encode(broken);
    },
  },
  unknown_field: {
    reason: 'schema_violation',
    weight: 0.5,
    make: (event, _json, random) =>
      encode({ ...copy(event), [random.pick(['coupon_code', 'notes', 'Event_ID'])]: 'x' }),
  },
  bad_arithmetic: {
    reason: 'business_rule_violation',
    weight: 1,
    make: (event, _json, random) => {
      const broken = copy(event);
      const amounts = record(broken['amounts']);
      const field = random.pick(['total', 'subtotal', 'tax_total', 'discount_total']);
      const delta = random.pick([1, -1, 100, 7]);
      const shifted = shiftAmount(broken, amounts[field] as number, delta);
      // Keep amounts non-negative so the shape is fine and only the arithmetic is wrong.
      amounts[field] =
        shifted < 0 ? shiftAmount(broken, amounts[field] as number, -delta) : shifted;
      return encode(broken);
    },
  },
  cash_not_in_store: {
    reason: 'business_rule_violation',
    weight: 0.5,
    make: (event) => {
      const broken = copy(event);
      record(broken['store'])['channel'] = 'online';
      broken['payment'] = { method: 'cash' };
      return encode(broken);
    },
  },
  card_without_brand: {
    reason: 'business_rule_violation',
    weight: 0.5,
    make: (event) => encode({ ...copy(event), payment: { method: 'card' } }),
  },
  shipping_in_store: {
    reason: 'business_rule_violation',
    weight: 0.5,
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
    weight: 1,
    make: (event) => {
      const broken = copy(event);
      broken['event_type'] = 'order_refunded';
      delete broken['refund'];
      return encode(broken);
    },
  },
  refund_exceeds_total: {
    reason: 'business_rule_violation',
    weight: 0.5,
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
    weight: 0.5,
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
    weight: 0.5,
    make: (event) => encode({ ...copy(event), event_time: `2999${event.event_time.slice(4)}` }),
  },
  duplicate_line_number: {
    reason: 'business_rule_violation',
    weight: 0.5,
    make: (event) => {
      const broken = copy(event);
      const first = firstItem(broken);
      const factor = 10 ** (CURRENCY_MINOR_UNITS[event.currency] ?? 2);
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
    weight: 0.3,
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
    weight: 1,
    make: (_event, json, random) => {
      const marker = '"full_name":"';
      const at = json.indexOf(marker) + marker.length;
      const head = text(json.slice(0, at));
      const tail = text(json.slice(at));
      return Buffer.concat([head, Buffer.from(random.pick(INVALID_UTF8)), tail]);
    },
  },
  byte_order_mark: {
    reason: 'invalid_encoding',
    weight: 0.5,
    make: (_event, json) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text(json)]),
  },
  not_an_object: {
    reason: 'not_an_object',
    weight: 1,
    make: (_event, json, random) =>
      text(random.pick([`[${json}]`, '"order_placed"', '42', 'null', 'true', '[]'])),
  },
  wrong_schema_version: {
    reason: 'unsupported_schema_version',
    weight: 1,
    make: (event, _json, random) =>
      encode({ ...copy(event), schema_version: random.pick([0, 2, 3, 99]) }),
  },
} as const satisfies Record<string, InvalidKindSpec>;

/** Label of one kind of invalid message. */
export type InvalidKind = keyof typeof INVALID_KINDS;

/** All invalid-message labels. */
export const INVALID_KIND_NAMES = Object.keys(INVALID_KINDS) as InvalidKind[];

/** The reject reason the contract must give each invalid kind. */
export const EXPECTED_REJECT_REASON: Readonly<Record<InvalidKind, RejectReason>> =
  Object.fromEntries(
    INVALID_KIND_NAMES.map((kind) => [kind, INVALID_KINDS[kind].reason]),
  ) as Record<InvalidKind, RejectReason>;

/** Builds an invalid message of the given kind from a valid event and its JSON text. */
export function makeInvalid(
  kind: InvalidKind,
  event: SalesEvent,
  json: string,
  random: Random,
): Buffer {
  const spec: InvalidKindSpec = INVALID_KINDS[kind];
  return spec.make(event, json, random);
}
