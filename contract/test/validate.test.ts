import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, validateMessage, type OrderEvent } from '../src/index.js';
import { NOW, example, examples } from './support.js';

type Mutable = Record<string, any>;

function check(mutate: (event: Mutable) => void, file = 'order-placed-usd-online.json') {
  const event = example(file) as unknown as Mutable;
  mutate(event);
  return validateMessage(JSON.stringify(event), { now: NOW });
}

function issuesOf(result: ReturnType<typeof validateMessage>) {
  if (result.ok) throw new Error('expected a rejection');
  return result.issues.map(({ path, code }) => ({ path, code }));
}

describe('valid examples', () => {
  for (const [file, bytes] of examples()) {
    it(`${file} passes as bytes and as text`, () => {
      expect(validateMessage(bytes, { now: NOW })).toMatchObject({ ok: true });
      expect(validateMessage(bytes.toString('utf8'), { now: NOW })).toMatchObject({ ok: true });
    });
  }

  it('returns the parsed event with its values', () => {
    const result = validateMessage(JSON.stringify(example('order-placed-jpy-in-store.json')), {
      now: NOW,
    });
    expect(result.ok && (result.event as OrderEvent).amounts.total).toBe(27280);
  });
});

describe('business rules: each has a failing example with its path and code', () => {
  const cases: Array<[string, (event: Mutable) => void, string, string, string?]> = [
    [
      'total does not add up',
      (e) => (e.amounts.total = 1402.48),
      '$.amounts.total',
      'total_mismatch',
    ],
    [
      'subtotal is not Σ price × qty',
      (e) => (e.amounts.subtotal = 1378.0),
      '$.amounts.subtotal',
      'subtotal_mismatch',
    ],
    [
      'discount_total is not Σ discounts',
      (e) => (e.items[1].discount_amount = 1),
      '$.amounts.discount_total',
      'discount_total_mismatch',
    ],
    [
      'USD amount with 3 decimals',
      (e) => (e.amounts.shipping = 9.991),
      '$.amounts.shipping',
      'amount_precision',
    ],
    [
      'JPY amount with decimals',
      (e) => (e.items[0].unit_price = 24800.5),
      '$.items[0].unit_price',
      'amount_precision',
      'order-placed-jpy-in-store.json',
    ],
    [
      'refund without refund block',
      (e) => delete e.refund,
      '$.refund',
      'refund_missing',
      'order-refunded-eur.json',
    ],
    [
      'refund block on an order',
      (e) => (e.refund = { original_order_id: e.order_id, reason: 'other', amount: 1 }),
      '$.refund',
      'refund_unexpected',
    ],
    [
      'refund above the order total',
      (e) => (e.refund.amount = 794.09),
      '$.refund.amount',
      'refund_exceeds_total',
      'order-refunded-eur.json',
    ],
    [
      'refund of another order',
      (e) => (e.refund.original_order_id = 'ORD-X'),
      '$.refund.original_order_id',
      'refund_order_mismatch',
      'order-refunded-eur.json',
    ],
    [
      'cash online',
      (e) => (e.store.channel = 'online'),
      '$.payment.method',
      'cash_not_in_store',
      'order-placed-jpy-in-store.json',
    ],
    [
      'shipping in store',
      (e) => (e.store.channel = 'in_store'),
      '$.amounts.shipping',
      'shipping_in_store',
    ],
    [
      'card without brand',
      (e) => delete e.payment.card_brand,
      '$.payment.card_brand',
      'card_brand_missing',
    ],
    [
      'pix with a card brand',
      (e) => (e.payment.card_brand = 'visa'),
      '$.payment.card_brand',
      'card_brand_unexpected',
      'order-placed-brl-marketplace.json',
    ],
    [
      'discount above the line',
      (e) => {
        e.items[1].discount_amount = 80;
        e.amounts.discount_total = 180;
        e.amounts.total = 1322.49;
      },
      '$.items[1].discount_amount',
      'discount_exceeds_line',
    ],
    [
      'duplicate line numbers',
      (e) => (e.items[1].line_number = 1),
      '$.items[1].line_number',
      'duplicate_line_number',
    ],
    [
      'event in the far future',
      (e) => (e.event_time = '2031-01-01T00:00:00Z'),
      '$.event_time',
      'event_time_in_future',
    ],
    [
      'event before 2000',
      (e) => (e.event_time = '1999-12-31T23:59:59Z'),
      '$.event_time',
      'event_time_out_of_range',
    ],
  ];
  for (const [name, mutate, path, code, file] of cases) {
    it(name, () => {
      const result = check(mutate, file);
      expect(result).toMatchObject({ ok: false, reason: 'business_rule_violation' });
      expect(issuesOf(result)).toContainEqual({ path, code });
    });
  }
});

describe('shape: every issue with its JSON path', () => {
  const cases: Array<[string, (event: Mutable) => void, string, string]> = [
    ['quantity 0', (e) => (e.items[0].quantity = 0), '$.items[0].quantity', 'too_small'],
    ['quantity 1001', (e) => (e.items[0].quantity = 1001), '$.items[0].quantity', 'too_big'],
    [
      'quantity not an integer',
      (e) => (e.items[0].quantity = 1.5),
      '$.items[0].quantity',
      'invalid_type',
    ],
    ['unknown currency', (e) => (e.currency = 'XYZ'), '$.currency', 'custom'],
    ['unknown store country', (e) => (e.store.country = 'XX'), '$.store.country', 'custom'],
    ['lower-case country', (e) => (e.customer.country = 'us'), '$.customer.country', 'custom'],
    [
      'event_time without offset',
      (e) => (e.event_time = '2026-03-14T18:22:05'),
      '$.event_time',
      'invalid_format',
    ],
    ['bad email', (e) => (e.customer.email = 'not-an-email'), '$.customer.email', 'invalid_format'],
    ['bad uuid', (e) => (e.event_id = '1234'), '$.event_id', 'invalid_format'],
    ['unknown channel', (e) => (e.store.channel = 'telepathy'), '$.store.channel', 'invalid_value'],
    ['amount as a string', (e) => (e.amounts.total = '1402.49'), '$.amounts.total', 'invalid_type'],
    ['negative amount', (e) => (e.amounts.shipping = -1), '$.amounts.shipping', 'too_small'],
    ['huge amount', (e) => (e.amounts.total = 1e300), '$.amounts.total', 'too_big'],
    ['missing field', (e) => delete e.order_id, '$.order_id', 'invalid_type'],
    ['extra field', (e) => (e.coupon = 'X'), '$.coupon', 'unrecognized_key'],
    [
      'nested extra field',
      (e) => (e.items[0].colour = 'red'),
      '$.items[0].colour',
      'unrecognized_key',
    ],
    ['no items', (e) => (e.items = []), '$.items', 'too_small'],
    [
      'control character in a name',
      (e) => (e.customer.full_name = 'Ada\u0007'),
      '$.customer.full_name',
      'custom',
    ],
  ];
  for (const [name, mutate, path, code] of cases) {
    it(name, () => {
      const result = check(mutate);
      expect(result).toMatchObject({ ok: false, reason: 'schema_violation' });
      expect(issuesOf(result)).toContainEqual({ path, code });
    });
  }

  it('reports every issue, not just the first', () => {
    const result = check((e) => {
      e.items[0].quantity = 0;
      e.currency = 'XYZ';
      e.store.channel = 'nowhere';
      delete e.customer.email;
    });
    expect(issuesOf(result).map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        '$.items[0].quantity',
        '$.currency',
        '$.store.channel',
        '$.customer.email',
      ]),
    );
  });

  it('reports prototype-pollution keys as unknown fields and leaves Object.prototype alone', () => {
    const raw = JSON.stringify(example('order-placed-usd-online.json')).replace(
      '{',
      '{"__proto__":{"polluted":1},',
    );
    const result = validateMessage(raw, { now: NOW });
    expect(issuesOf(result)).toContainEqual({ path: '$.__proto__', code: 'unrecognized_key' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('outer layers', () => {
  it('rejects a payload over 64 KiB before parsing it', () => {
    const result = validateMessage(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20));
    expect(result).toMatchObject({ ok: false, reason: 'payload_too_large' });
  });
  it('accepts a payload of exactly 64 KiB if it is otherwise valid JSON of the contract', () => {
    const text = JSON.stringify(example('order-placed-usd-online.json'));
    const padded = text + ' '.repeat(MAX_MESSAGE_BYTES - Buffer.byteLength(text));
    expect(validateMessage(padded, { now: NOW })).toMatchObject({ ok: true });
  });
  it('rejects non-UTF-8 bytes', () => {
    expect(validateMessage(Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({
      ok: false,
      reason: 'invalid_encoding',
    });
  });
  it('rejects a byte order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify(example('order-placed-usd-online.json'))),
    ]);
    expect(validateMessage(bytes, { now: NOW })).toMatchObject({
      ok: false,
      reason: 'invalid_encoding',
    });
  });
  it('rejects broken JSON with the parser message', () => {
    const result = validateMessage('{"event_id": ', { now: NOW });
    expect(result).toMatchObject({ ok: false, reason: 'invalid_json' });
  });
  it.each(['[]', '42', '"text"', 'null'])('rejects %s as not an object', (text) => {
    expect(validateMessage(text)).toMatchObject({ ok: false, reason: 'not_an_object' });
  });
  it('rejects another schema version as unsupported', () => {
    expect(check((e) => (e.schema_version = 2))).toMatchObject({
      ok: false,
      reason: 'unsupported_schema_version',
    });
  });
  it('keeps emoji and right-to-left names intact', () => {
    const result = check((e) => (e.customer.full_name = 'مريم 😀 Łukasz'));
    expect(result.ok && result.event.customer?.full_name).toBe('مريم 😀 Łukasz');
  });
});
