import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../contract/examples');

type Json = Record<string, unknown>;

/** The contract's example events, parsed. */
export function exampleEvents(): Json[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Json);
}

/** A valid event: an example with a fresh event_id and order_id. */
export function validEvent(index: number): Json {
  const examples = exampleEvents();
  const event = structuredClone(examples[index % examples.length]) as Json;
  event['event_id'] = randomUUID();
  if (event['event_type'] === 'order_placed')
    event['order_id'] = `ORD-T-${String(index).padStart(7, '0')}`;
  return event;
}

const text = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');
const mutate = (change: (event: Json) => void): Buffer => {
  const event = validEvent(0);
  change(event);
  return text(event);
};
const items = (event: Json) => event['items'] as Json[];
const amounts = (event: Json) => event['amounts'] as Json;

/** Kinds of broken message, each a different way to break the contract. */
export const INVALID_KINDS: Record<string, () => Buffer> = {
  oversize: () => mutate((e) => ((e['store'] as Json)['name'] = 'x'.repeat(70 * 1024))),
  non_utf8: () =>
    Buffer.concat([
      Buffer.from('{"event_id":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]),
  byte_order_mark: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text(validEvent(0))]),
  truncated_json: () => text(validEvent(0)).subarray(0, 120),
  empty_body: () => Buffer.alloc(0),
  json_array: () => text([validEvent(0)]),
  json_string: () => text('order_placed'),
  json_null: () => Buffer.from('null'),
  future_schema_version: () => mutate((e) => (e['schema_version'] = 2)),
  missing_event_id: () => mutate((e) => delete e['event_id']),
  bad_uuid: () => mutate((e) => (e['event_id'] = 'not-a-uuid')),
  unknown_event_type: () => mutate((e) => (e['event_type'] = 'order_teleported')),
  event_time_without_offset: () => mutate((e) => (e['event_time'] = '2026-03-14T18:22:05')),
  no_items: () => mutate((e) => (e['items'] = [])),
  negative_quantity: () => mutate((e) => ((items(e)[0] as Json)['quantity'] = -1)),
  total_mismatch: () => mutate((e) => (amounts(e)['total'] = 1.23)),
  subtotal_mismatch: () => mutate((e) => (amounts(e)['subtotal'] = 5)),
  unknown_field: () => mutate((e) => (e['coupon'] = 'FREE')),
  unknown_currency: () => mutate((e) => (e['currency'] = 'XYZ')),
  bad_country: () => mutate((e) => ((e['store'] as Json)['country'] = 'Germany')),
  event_time_in_future: () => mutate((e) => (e['event_time'] = '2999-01-01T00:00:00Z')),
  event_time_before_2000: () => mutate((e) => (e['event_time'] = '1999-12-31T23:00:00Z')),
  duplicate_line_number: () =>
    mutate((e) => {
      const list = items(e);
      if (list[1]) list[1]['line_number'] = list[0]?.['line_number'];
    }),
  refund_on_placed_order: () =>
    mutate((e) => (e['refund'] = { original_order_id: 'ORD-1', reason: 'damaged', amount: 1 })),
  too_many_decimals: () => mutate((e) => ((items(e)[0] as Json)['unit_price'] = 1299.999)),
};

/** One message of a corpus and what must become of it. */
export interface CorpusMessage {
  data: Buffer;
  /** `event`: lands in sales_events; `rejected`: lands in sales_events_rejected. */
  expect: 'event' | 'rejected';
  kind: string;
  eventId?: string;
}

/**
 * A mixed corpus: `valid` distinct valid events, `duplicates` re-publishes of some of them (same
 * event_id), and `perInvalidKind` messages of every invalid kind — shuffled deterministically.
 */
export function mixedCorpus(options: {
  valid: number;
  duplicates: number;
  perInvalidKind: number;
}): CorpusMessage[] {
  const messages: CorpusMessage[] = [];
  for (let index = 0; index < options.valid; index += 1) {
    const event = validEvent(index);
    messages.push({
      data: text(event),
      expect: 'event',
      kind: 'valid',
      eventId: event['event_id'] as string,
    });
  }
  for (let index = 0; index < options.duplicates; index += 1) {
    const original = messages[(index * 7) % options.valid] as CorpusMessage;
    messages.push({ ...original, kind: 'duplicate' });
  }
  for (const [kind, build] of Object.entries(INVALID_KINDS)) {
    for (let index = 0; index < options.perInvalidKind; index += 1)
      messages.push({ data: build(), expect: 'rejected', kind });
  }
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let index = messages.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [messages[index], messages[other]] = [
      messages[other] as CorpusMessage,
      messages[index] as CorpusMessage,
    ];
  }
  return messages;
}
