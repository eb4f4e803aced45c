import { describe, expect, it } from 'vitest';
import {
  bodyKey,
  eventIdOf,
  IngestLedger,
  landedKey,
  payloadDigest,
  type FoundKeys,
} from '../src/ingest/ledger.js';

const event = (eventId: string) => ({ data: Buffer.from(JSON.stringify({ event_id: eventId })) });
const raw = (text: string) => ({ data: Buffer.from(text) });

const found = (keys: Partial<FoundKeys>): FoundKeys => ({
  landed: new Set(),
  rejected: new Set(),
  deadLettered: new Set(),
  ...keys,
});

/** A ledger of `messages`, each published once under the id `m<index>`. */
function publishedLedger(messages: { data: Buffer }[]): IngestLedger {
  const ledger = new IngestLedger(true);
  for (const message of messages) ledger.published(ledger.track(message), `m${ledger.size - 1}`);
  return ledger;
}

describe('IngestLedger', () => {
  const messages = [event('a'), event('b'), event('a'), raw('{'), raw('null'), event('c')];

  it('finds each message by its own id with its event_id (landed) or its exact bytes', () => {
    const ledger = publishedLedger(messages);
    const keys = found({
      landed: new Set([landedKey('m0', 'a'), landedKey('m2', 'a')]),
      rejected: new Set([bodyKey('m3', payloadDigest(Buffer.from('{')))]),
      deadLettered: new Set([bodyKey('m1', payloadDigest(messages[1]!.data))]),
    });
    expect(ledger.settle(keys)).toEqual({
      published: 6,
      landed: 2,
      rejected: 1,
      deadLettered: 1,
      unaccounted: 2,
    });
    expect(ledger.unaccounted(keys)).toEqual([4, 5]);
  });

  it('counts a re-sent duplicate only when its own copy is found', () => {
    const ledger = publishedLedger(messages);
    const keys = found({ landed: new Set([landedKey('m0', 'a')]) });
    expect(ledger.settle(keys).landed).toBe(1);
    expect(ledger.unaccounted(keys)).toContain(2);
  });

  it('does not take another message under a reused id, or a similar body, for this one', () => {
    const ledger = publishedLedger(messages);
    const keys = found({
      // A restarted emulator handed m0 and m3 out again, to other messages.
      landed: new Set([landedKey('m0', 'z'), landedKey('m3', '{')]),
      rejected: new Set([bodyKey('m3', payloadDigest(Buffer.from('{ ')))]),
      deadLettered: new Set([bodyKey('m5', payloadDigest(Buffer.from('{"event_id":"c"} ')))]),
    });
    expect(ledger.unaccounted(keys)).toHaveLength(6);
  });

  it('finds a message published again under its new id', () => {
    const ledger = publishedLedger(messages);
    ledger.published(5, 'r1');
    expect(ledger.settle(found({ landed: new Set([landedKey('r1', 'c')]) })).landed).toBe(1);
    expect(ledger.firstIds()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('settles a landed message for good and keeps only the others', () => {
    const ledger = publishedLedger(messages);
    expect(ledger.settle(found({ landed: new Set([landedKey('m1', 'b')]) })).landed).toBe(1);
    // Found nowhere now (its landing file already read): still landed, and no longer kept.
    expect(ledger.settle(found({}))).toMatchObject({ landed: 1, unaccounted: 5 });
    expect(ledger.message(1)).toBeUndefined();
    expect(ledger.message(0)).toBe(messages[0]);
    expect(ledger.unaccounted(found({}))).toEqual([0, 2, 3, 4, 5]);
  });

  it('keeps no message body unless it may publish it again', () => {
    const ledger = new IngestLedger();
    expect(ledger.message(ledger.track(event('a')))).toBeUndefined();
  });

  it('counts a valid event the warehouse refused (kept as rejected, bytes intact)', () => {
    const ledger = publishedLedger(messages);
    const keys = found({ rejected: new Set([bodyKey('m5', payloadDigest(messages[5]!.data))]) });
    expect(ledger.settle(keys).rejected).toBe(1);
  });

  it('leaves a message Pub/Sub refused unaccounted', () => {
    const ledger = new IngestLedger();
    ledger.track(event('a'));
    expect(ledger.firstIds()).toEqual([undefined]);
    expect(ledger.settle(found({})).unaccounted).toBe(1);
  });

  it('reads the event_id of a body, or none when the body cannot be an event', () => {
    expect(eventIdOf(Buffer.from('\ufeff{"event_id":"e-1","x":1}'))).toBe('e-1');
    expect(eventIdOf(Buffer.from('{"event_id":7}'))).toBeUndefined();
    expect(eventIdOf(Buffer.from('["event_id"]'))).toBeUndefined();
    expect(eventIdOf(Buffer.from([0xff, 0xfe]))).toBeUndefined();
    const ledger = new IngestLedger();
    ledger.published(ledger.track({ ...event('x'), eventId: 'given' }), 'm0');
    expect(ledger.settle(found({ landed: new Set([landedKey('m0', 'given')]) })).landed).toBe(1);
  });
});
