import { describe, expect, it } from 'vitest';
import type { ContractIssue } from '../src/index.js';
import { formatPattern } from '../src/validation/event-fields.js';
import { toBronze, type RawMessage } from '../src/validation/index.js';
import { codePointLength } from '../src/validation/lengths.js';
import { epochMillis } from '../src/validation/timestamp.js';
import { exceedsUtf8Bytes, utf8ByteLength } from '../src/validation/utf8.js';
import { CORPUS_NOW, contractExamples, seededRandom } from '../testing/index.js';

const RFC3339_WITH_OFFSET = formatPattern('date-time');

const INGESTED_AT = '2026-06-01T12:00:00.123Z';
const usd = contractExamples().find((example) => example.name === 'order-placed-usd-online.json')!
  .event as unknown as Record<string, unknown>;

function message(data: Uint8Array | string, overrides: Partial<RawMessage> = {}): RawMessage {
  return {
    data,
    messageId: '42',
    publishTime: '2026-06-01T11:59:59.000Z',
    attributes: { source: 'pos-1' },
    ...overrides,
  };
}

describe('toBronze: valid events', () => {
  it('maps a message to a sales_events row', () => {
    const landing = toBronze(
      message(Buffer.from(JSON.stringify(usd))),
      INGESTED_AT,
      'function',
      CORPUS_NOW,
    );
    expect(landing).toEqual({
      kind: 'event',
      row: {
        event_id: usd['event_id'],
        event_type: 'order_placed',
        event_time: '2026-03-14T22:22:05.000Z',
        schema_version: 1,
        payload: JSON.stringify(usd),
        message_id: '42',
        publish_time: '2026-06-01T11:59:59.000Z',
        attributes: '{"source":"pos-1"}',
        ingested_at: INGESTED_AT,
        ingest_path: 'function',
      },
    });
  });

  it("keeps the producer's key order and drops whitespace in payload", () => {
    const reordered = { payment: usd['payment'], ...usd };
    const text = JSON.stringify(reordered, null, 2);
    const landing = toBronze(message(text), INGESTED_AT, 'subscription', CORPUS_NOW);
    expect(landing.kind).toBe('event');
    if (landing.kind !== 'event') return;
    expect(landing.row.payload).toBe(JSON.stringify(reordered));
    expect(Object.keys(JSON.parse(landing.row.payload) as object)[0]).toBe('payment');
    expect(landing.row.ingest_path).toBe('subscription');
  });

  it('gives the same row for bytes, text and a view into a larger buffer', () => {
    const text = JSON.stringify(usd);
    const bytes = Buffer.from(`xx${text}yy`);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + 2, bytes.length - 4);
    const rows = [Buffer.from(text), text, view].map((data) =>
      toBronze(message(data), INGESTED_AT, 'function', CORPUS_NOW),
    );
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).toEqual(rows[0]);
  });

  it('normalises event_time to UTC with milliseconds', () => {
    const cases: Array<[string, string]> = [
      ['2026-03-14T18:22:05-04:00', '2026-03-14T22:22:05.000Z'],
      ['2026-03-01T00:30:00.5+05:30', '2026-02-28T19:00:00.500Z'],
      ['2024-12-31T23:59:59.123456Z', '2024-12-31T23:59:59.123Z'],
    ];
    for (const [input, expected] of cases) {
      const landing = toBronze(
        message(JSON.stringify({ ...usd, event_time: input })),
        INGESTED_AT,
        'function',
        CORPUS_NOW,
      );
      expect(landing.kind === 'event' && landing.row.event_time, input).toBe(expected);
    }
  });

  it('judges the future against the clock unless told the time', () => {
    const soon = JSON.stringify({
      ...usd,
      event_time: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const later = JSON.stringify({
      ...usd,
      event_time: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect(toBronze(message(soon), INGESTED_AT, 'function').kind).toBe('event');
    expect(toBronze(message(later), INGESTED_AT, 'function').kind).toBe('rejected');
    expect(
      toBronze(message(later), INGESTED_AT, 'function', Date.now() + 3 * 86_400_000).kind,
    ).toBe('event');
  });
});

describe('toBronze: rejected messages', () => {
  it('keeps the exact bytes, the reason and every issue', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"order_id":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const landing = toBronze(
      message(bytes, { attributes: null }),
      INGESTED_AT,
      'function',
      CORPUS_NOW,
    );
    expect(landing.kind).toBe('rejected');
    if (landing.kind !== 'rejected') return;
    expect(Buffer.from(landing.row.raw_data, 'base64').equals(bytes)).toBe(true);
    expect(landing.row.error_reason).toBe('invalid_encoding');
    expect(JSON.parse(landing.row.error_details!)).toEqual([
      { path: '$', code: 'invalid_utf8', message: 'payload is not valid UTF-8' },
    ]);
    expect([landing.row.message_id, landing.row.attributes, landing.row.ingested_at]).toEqual([
      '42',
      null,
      INGESTED_AT,
    ]);
  });

  it('lists every schema issue with its path', () => {
    const broken = {
      ...usd,
      currency: 'usd',
      store: { ...(usd['store'] as object), channel: 'kiosk', extra: 1 },
    };
    const landing = toBronze(message(JSON.stringify(broken)), INGESTED_AT, 'function', CORPUS_NOW);
    expect(landing.kind === 'rejected' && landing.row.error_reason).toBe('schema_violation');
    if (landing.kind !== 'rejected') return;
    const issues = JSON.parse(landing.row.error_details!) as ContractIssue[];
    expect(issues.map((issue) => `${issue.path} ${issue.code}`).sort()).toEqual([
      '$.currency custom',
      '$.store.channel invalid_value',
      '$.store.extra unrecognized_key',
    ]);
    expect(issues.every((issue) => issue.message.length > 0)).toBe(true);
  });

  it('never throws, whatever the body', () => {
    const bodies: Array<Uint8Array | string> = [
      new Uint8Array(0),
      '',
      '\ufeff{}',
      Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
      'null',
      '[]',
      '{"schema_version":1e999}',
      `{"items":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      Buffer.alloc(70_000, 0x20),
      'x'.repeat(70_000),
    ];
    const reasons = bodies.map((data) => {
      const landing = toBronze(message(data), INGESTED_AT, 'function', CORPUS_NOW);
      return landing.kind === 'rejected' ? landing.row.error_reason : 'landed';
    });
    expect(reasons).toEqual([
      'invalid_json',
      'invalid_json',
      'invalid_encoding',
      'invalid_encoding',
      'not_an_object',
      'not_an_object',
      'unsupported_schema_version',
      'schema_violation',
      'payload_too_large',
      'payload_too_large',
    ]);
  });
});

describe('core helpers agree with the platform', () => {
  const random = seededRandom(99);
  const alphabet = ['a', 'é', '€', '😀', '\ud800', '\udc00', '\u0000', '日', ' '];
  const randomText = (): string =>
    Array.from(
      { length: Math.floor(random() * 40) },
      () => alphabet[Math.floor(random() * alphabet.length)],
    ).join('');

  it('counts UTF-8 bytes like Buffer.byteLength, lone surrogates included', () => {
    for (let i = 0; i < 5000; i++) {
      const text = randomText();
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(Buffer.byteLength(text, 'utf8'));
      const limit = Math.floor(random() * 100);
      expect(exceedsUtf8Bytes(text, limit)).toBe(Buffer.byteLength(text, 'utf8') > limit);
    }
  });

  it('counts code points like string iteration', () => {
    for (let i = 0; i < 5000; i++) {
      const text = randomText();
      expect(codePointLength(text), JSON.stringify(text)).toBe([...text].length);
    }
  });

  it('turns every contract timestamp into the epoch milliseconds Date.parse gives', () => {
    const pad = (value: number, width: number): string => String(value).padStart(width, '0');
    const int = (max: number): number => Math.floor(random() * max);
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const year = int(4) === 0 ? int(10_000) : 1990 + int(50);
      const fraction = int(2) ? `.${String(int(1e9)).slice(0, 1 + int(9))}` : '';
      const offset =
        int(3) === 0 ? 'Z' : `${int(2) ? '+' : '-'}${pad(int(24), 2)}:${pad(int(60), 2)}`;
      const text = `${pad(year, 4)}-${pad(1 + int(12), 2)}-${pad(1 + int(31), 2)}T${pad(int(24), 2)}:${pad(int(60), 2)}:${pad(int(60), 2)}${fraction}${offset}`;
      if (!RFC3339_WITH_OFFSET.test(text)) continue;
      checked++;
      expect(epochMillis(text), text).toBe(Date.parse(text));
    }
    expect(checked).toBeGreaterThan(15_000);
  });
});
