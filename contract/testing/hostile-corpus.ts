/**
 * A corpus of hostile messages — each one either a valid event that must land byte-intact, or a bad
 * message that must be rejected with a specific reason (and, where it matters, issue code): the
 * fixed, named edge cases of the bad-message catalog (`bad-messages.ts` holds the kinds that break
 * any event). Shared by the contract tests, the pipeline's hostile-input suite, which sends every
 * one through the real emulator, function and warehouse, and dbt's and BigQuery's parity checks,
 * which list their differences by name — so names and bytes stay stable.
 */
import { MAX_MESSAGE_BYTES, type RejectReason } from '../src/index.js';
import { exampleEvent } from './events.js';

/** What must become of a hostile message. */
export type HostileExpectation =
  { readonly land: true } | { readonly reason: RejectReason; readonly code?: string };

export interface HostileMessage {
  readonly name: string;
  readonly data: Buffer;
  readonly expect: HostileExpectation;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let counter = 0;
/** A fresh copy of the base event with a unique event_id, so hostile messages never collide. */
function base(): Json {
  counter += 1;
  const copy = exampleEvent('order-placed-usd-online.json') as Json;
  copy['event_id'] = `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
  copy['order_id'] = `ORD-HOSTILE-${counter}`;
  return copy;
}

const text = (value: string): Buffer => Buffer.from(value, 'utf8');
const json = (value: unknown): Buffer => text(JSON.stringify(value));
const mutated = (mutate: (event: Json) => void): Buffer => {
  const event = base();
  mutate(event);
  return json(event);
};
const land: HostileExpectation = { land: true };
const reject = (reason: RejectReason, code?: string): HostileExpectation =>
  code ? { reason, code } : { reason };

function deeplyNested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Every hostile message, in a stable order with stable names. */
export function hostileCorpus(): HostileMessage[] {
  counter = 0;
  const valid = json(base());
  const validText = valid.toString('utf8');
  const entries: Array<[string, Buffer, HostileExpectation]> = [
    // Broken and truncated JSON.
    ['empty message', Buffer.alloc(0), reject('invalid_json')],
    ['whitespace only', text('   \t  '), reject('invalid_json')],
    [
      'truncated in the middle',
      valid.subarray(0, Math.floor(valid.length / 2)),
      reject('invalid_json'),
    ],
    ['truncated by one byte', valid.subarray(0, valid.length - 1), reject('invalid_json')],
    ['trailing comma', text(validText.replace(/}$/, ',}')), reject('invalid_json')],
    ['single quotes', text("{'event_id': 'x'}"), reject('invalid_json')],
    [
      'NaN literal',
      text(validText.replace('"total":1402.49', '"total":NaN')),
      reject('invalid_json'),
    ],
    [
      'Infinity literal',
      text(validText.replace('"total":1402.49', '"total":Infinity')),
      reject('invalid_json'),
    ],
    ['two objects in one message', text(`${validText}${validText}`), reject('invalid_json')],
    [
      'raw control character inside a string',
      text(validText.replace('Ada Lovelace', 'Ada\u0001Lovelace')),
      reject('invalid_json'),
    ],
    // Not an object.
    ['JSON array', text(`[${validText}]`), reject('not_an_object')],
    ['JSON null', text('null'), reject('not_an_object')],
    ['JSON number', text('12345'), reject('not_an_object')],
    ['JSON string', text('"order_placed"'), reject('not_an_object')],
    // Versions.
    [
      'schema_version 2',
      mutated((e) => (e['schema_version'] = 2)),
      reject('unsupported_schema_version'),
    ],
    [
      'schema_version as a string',
      mutated((e) => (e['schema_version'] = '1')),
      reject('schema_violation', 'invalid_value'),
    ],
    // Wrong types, missing and extra fields.
    [
      'amount as a string',
      mutated((e) => (e['amounts'].total = '1402.49')),
      reject('schema_violation', 'invalid_type'),
    ],
    [
      'quantity as a float',
      mutated((e) => (e['items'][0].quantity = 1.5)),
      reject('schema_violation', 'invalid_type'),
    ],
    [
      'items as an object',
      mutated((e) => (e['items'] = { 0: e['items'][0] })),
      reject('schema_violation', 'invalid_type'),
    ],
    [
      'store as a string',
      mutated((e) => (e['store'] = 'ST-US-NYC-01')),
      reject('schema_violation', 'invalid_type'),
    ],
    [
      'missing event_id',
      mutated((e) => delete e['event_id']),
      reject('schema_violation', 'invalid_type'),
    ],
    [
      'missing customer',
      mutated((e) => delete e['customer']),
      reject('schema_violation', 'invalid_type'),
    ],
    [
      'missing amounts.total',
      mutated((e) => delete e['amounts'].total),
      reject('schema_violation', 'invalid_type'),
    ],
    [
      'extra top-level field',
      mutated((e) => (e['coupon_code'] = 'SAVE10')),
      reject('schema_violation', 'unrecognized_key'),
    ],
    [
      'extra nested field',
      mutated((e) => (e['payment'].cvv = '123')),
      reject('schema_violation', 'unrecognized_key'),
    ],
    [
      'null where an object belongs',
      mutated((e) => (e['payment'] = null)),
      reject('schema_violation', 'invalid_type'),
    ],
    ['empty items', mutated((e) => (e['items'] = [])), reject('schema_violation', 'too_small')],
    [
      '51 items',
      mutated(
        (e) =>
          (e['items'] = Array.from({ length: 51 }, (_, i) => ({
            ...e['items'][1],
            line_number: i + 1,
          }))),
      ),
      reject('schema_violation'),
    ],
    // Numbers.
    [
      'huge amount',
      mutated((e) => (e['amounts'].total = 1e308)),
      reject('schema_violation', 'too_big'),
    ],
    [
      'huge integer literal',
      text(validText.replace('"quantity":2', `"quantity":${'9'.repeat(400)}`)),
      reject('schema_violation'),
    ],
    [
      'negative amount',
      mutated((e) => (e['amounts'].shipping = -9.99)),
      reject('schema_violation', 'too_small'),
    ],
    [
      'negative quantity',
      mutated((e) => (e['items'][0].quantity = -1)),
      reject('schema_violation', 'too_small'),
    ],
    [
      'zero quantity',
      mutated((e) => (e['items'][0].quantity = 0)),
      reject('schema_violation', 'too_small'),
    ],
    [
      'quantity above 1000',
      mutated((e) => (e['items'][0].quantity = 1001)),
      reject('schema_violation', 'too_big'),
    ],
    [
      'negative zero total still does not add up',
      mutated((e) => (e['amounts'].total = -0)),
      reject('business_rule_violation', 'total_mismatch'),
    ],
    [
      'amounts that do not add up',
      mutated((e) => (e['amounts'].total = 1402.5)),
      reject('business_rule_violation', 'total_mismatch'),
    ],
    [
      'too many decimals',
      mutated((e) => (e['amounts'].tax_total = 113.511)),
      reject('business_rule_violation', 'amount_precision'),
    ],
    [
      'refund above total',
      mutated((e) => {
        e['event_type'] = 'order_refunded';
        e['refund'] = { original_order_id: e['order_id'], reason: 'other', amount: 99999 };
      }),
      reject('business_rule_violation', 'refund_exceeds_total'),
    ],
    [
      'refund block on an order',
      mutated(
        (e) => (e['refund'] = { original_order_id: e['order_id'], reason: 'other', amount: 1 }),
      ),
      reject('business_rule_violation', 'refund_unexpected'),
    ],
    // Codes.
    [
      'unknown currency',
      mutated((e) => (e['currency'] = 'ZZZ')),
      reject('schema_violation', 'custom'),
    ],
    [
      'lower-case currency',
      mutated((e) => (e['currency'] = 'usd')),
      reject('schema_violation', 'custom'),
    ],
    [
      'unknown country',
      mutated((e) => (e['store'].country = 'QQ')),
      reject('schema_violation', 'custom'),
    ],
    [
      'three-letter country',
      mutated((e) => (e['customer'].country = 'USA')),
      reject('schema_violation', 'custom'),
    ],
    [
      'unknown event type',
      mutated((e) => (e['event_type'] = 'order_cancelled')),
      reject('schema_violation', 'invalid_value'),
    ],
    [
      'unknown payment method',
      mutated((e) => (e['payment'] = { method: 'bitcoin' })),
      reject('schema_violation', 'invalid_value'),
    ],
    // Dates.
    [
      'event_time without offset',
      mutated((e) => (e['event_time'] = '2026-03-14T18:22:05')),
      reject('schema_violation', 'invalid_format'),
    ],
    [
      'event_time as epoch number',
      mutated((e) => (e['event_time'] = 1773526925)),
      reject('schema_violation', 'invalid_type'),
    ],
    [
      'event_time 30 February',
      mutated((e) => (e['event_time'] = '2026-02-30T10:00:00Z')),
      reject('schema_violation', 'invalid_format'),
    ],
    [
      'event_time in 1970',
      mutated((e) => (e['event_time'] = '1970-01-01T00:00:00Z')),
      reject('business_rule_violation', 'event_time_out_of_range'),
    ],
    [
      'event_time in the far future',
      mutated((e) => (e['event_time'] = '2999-01-01T00:00:00Z')),
      reject('business_rule_violation', 'event_time_in_future'),
    ],
    [
      'event_time year 10000',
      mutated((e) => (e['event_time'] = '10000-01-01T00:00:00Z')),
      reject('schema_violation', 'invalid_format'),
    ],
    // Size and structure.
    [
      'oversize payload',
      mutated((e) => (e['customer'].full_name = 'x'.repeat(MAX_MESSAGE_BYTES))),
      reject('payload_too_large'),
    ],
    [
      'oversize whitespace',
      Buffer.concat([valid, Buffer.alloc(MAX_MESSAGE_BYTES, 0x20)]),
      reject('payload_too_large'),
    ],
    ['deeply nested JSON', text(deeplyNested(5000)), reject('schema_violation')],
    [
      'deeply nested arrays',
      text(`${'['.repeat(5000)}${']'.repeat(5000)}`),
      reject('not_an_object'),
    ],
    // Encoding.
    [
      'invalid UTF-8 byte',
      Buffer.concat([valid.subarray(0, 40), Buffer.from([0xff]), valid.subarray(40)]),
      reject('invalid_encoding'),
    ],
    [
      'overlong UTF-8 encoding',
      Buffer.concat([valid.subarray(0, 40), Buffer.from([0xc0, 0xaf]), valid.subarray(40)]),
      reject('invalid_encoding'),
    ],
    ['UTF-16 encoded', Buffer.from(validText, 'utf16le'), reject('invalid_json')],
    [
      'Latin-1 name',
      Buffer.from(validText.replace('Ada Lovelace', 'José Müller'), 'latin1'),
      reject('invalid_encoding'),
    ],
    [
      'UTF-8 byte order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid]),
      reject('invalid_encoding'),
    ],
    [
      'escaped NUL in a name',
      text(validText.replace('Ada Lovelace', 'Ada\\u0000Lovelace')),
      reject('schema_violation', 'custom'),
    ],
    [
      'escaped bell in a city',
      text(validText.replace('Brooklyn', 'Brook\\u0007lyn')),
      reject('schema_violation', 'custom'),
    ],
    [
      'replacement character in a name',
      text(validText.replace('Ada Lovelace', 'Ada \uFFFD Lovelace')),
      reject('schema_violation', 'custom'),
    ],
    [
      'lone surrogate escape in a name',
      text(validText.replace('Ada Lovelace', 'Ada \\ud800 Lovelace')),
      reject('schema_violation', 'custom'),
    ],
    // Duplicate and dangerous keys.
    [
      'duplicate key, last one valid',
      text(validText.replace('"currency":"USD"', '"currency":"XXX","currency":"USD"')),
      land,
    ],
    [
      'duplicate key, last one invalid',
      text(validText.replace('"currency":"USD"', '"currency":"USD","currency":"XXX"')),
      reject('schema_violation', 'custom'),
    ],
    [
      '__proto__ key',
      text(validText.replace('{', '{"__proto__":{"isAdmin":true},')),
      reject('schema_violation', 'unrecognized_key'),
    ],
    [
      'constructor key',
      text(validText.replace('{', '{"constructor":{"prototype":{"polluted":true}},')),
      reject('schema_violation', 'unrecognized_key'),
    ],
    [
      'prototype key in a nested object',
      text(validText.replace('"payment":{', '"payment":{"prototype":1,')),
      reject('schema_violation', 'unrecognized_key'),
    ],
    // Valid but nasty: must land intact.
    [
      'SQL injection in a name',
      mutated((e) => (e['customer'].full_name = "Robert'); DROP TABLE bronze.sales_events;--")),
      land,
    ],
    [
      'HTML injection in a product name',
      mutated(
        (e) =>
          (e['items'][0].product_name = '<script>alert("x")</script><img src=x onerror=alert(1)>'),
      ),
      land,
    ],
    [
      'emoji in names',
      mutated((e) => {
        e['customer'].full_name = 'Zoë 🚀 Ünal 👩🏽‍💻';
        e['store'].name = 'Store 🛒';
      }),
      land,
    ],
    ['right-to-left name', mutated((e) => (e['customer'].full_name = 'مريم الحسيني')), land],
    [
      'right-to-left override character',
      mutated((e) => (e['customer'].full_name = 'evil\u202Etxt.exe')),
      land,
    ],
    [
      'zero-width joiner and combining marks',
      mutated((e) => (e['customer'].full_name = 'Ze\u0301 Zo\u200Dë')),
      land,
    ],
    [
      'CJK and Devanagari',
      mutated((e) => {
        e['customer'].full_name = '山田 太郎 देवनागरी';
        e['store'].city = '東京';
      }),
      land,
    ],
    [
      'JSON-looking string in a name',
      mutated((e) => (e['customer'].full_name = '{"event_id":"x"}')),
      land,
    ],
    [
      'escaped slash and unicode escapes',
      text(validText.replace('Ada Lovelace', 'Ada\\/Love\\u006cace')),
      land,
    ],
    [
      'formula injection in a name',
      mutated((e) => (e['customer'].full_name = '=HYPERLINK("http://x","y")')),
      land,
    ],
  ];
  return entries.map(([name, data, expect]) => ({ name, data, expect }));
}
