import { describe, expect, it } from 'vitest';
import {
  bodyKey,
  eventIdOf,
  IngestLedger,
  landedKey,
  payloadDigest,
  type FoundKeys,
  type LedgerOptions,
} from '../src/ingest/ledger.js';

const event = (eventId: string) => ({ data: Buffer.from(JSON.stringify({ event_id: eventId })) });
const raw = (text: string) => ({ data: Buffer.from(text) });
const bodyOf = (message: { data: Buffer }, id: string) => bodyKey(id, payloadDigest(message.data));

const found = (keys: Partial<FoundKeys>): FoundKeys => ({
  landed: [],
  rejected: [],
  deadLettered: [],
  ...keys,
});

/** A ledger of `messages`, each published once under the id `m<index>`. */
function publishedLedger(
  messages: { data: Buffer }[],
  options: LedgerOptions = { keepMessages: true, keepFirstIds: true },
): IngestLedger {
  const ledger = new IngestLedger(options);
  for (const message of messages) ledger.published(ledger.track(message), `m${ledger.size - 1}`);
  return ledger;
}

describe('IngestLedger', () => {
  const messages = [event('a'), event('b'), event('a'), raw('{'), raw('null'), event('c')];

  it('finds each message by its own id with its event_id (landed) or its exact bytes', () => {
    const ledger = publishedLedger(messages);
    const accounting = ledger.record(
      found({
        landed: [landedKey('m0', 'a'), landedKey('m2', 'a')],
        rejected: [bodyKey('m3', payloadDigest(Buffer.from('{')))],
        deadLettered: [bodyOf(messages[1]!, 'm1')],
      }),
    );
    expect(accounting).toEqual({
      published: 6,
      landed: 2,
      rejected: 1,
      deadLettered: 1,
      unaccounted: 2,
    });
    expect(ledger.unaccounted()).toEqual([4, 5]);
  });

  it('counts a re-sent duplicate only when its own copy is found', () => {
    const ledger = publishedLedger(messages);
    expect(ledger.record(found({ landed: [landedKey('m0', 'a')] })).landed).toBe(1);
    expect(ledger.unaccounted()).toContain(2);
  });

  it('does not take another message under a reused id, or a similar body, for this one', () => {
    const ledger = publishedLedger(messages);
    ledger.record(
      found({
        // A restarted emulator handed m0 and m3 out again, to other messages.
        landed: [landedKey('m0', 'z'), landedKey('m3', '{')],
        rejected: [bodyKey('m3', payloadDigest(Buffer.from('{ ')))],
        deadLettered: [bodyKey('m5', payloadDigest(Buffer.from('{"event_id":"c"} ')))],
      }),
    );
    expect(ledger.unaccounted()).toHaveLength(6);
  });

  it('finds a message published again under its new id', () => {
    const ledger = publishedLedger(messages);
    ledger.published(5, 'r1');
    expect(ledger.record(found({ landed: [landedKey('r1', 'c')] })).landed).toBe(1);
    expect(ledger.firstIds()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('settles a landed message for good and keeps only the others', () => {
    const ledger = publishedLedger(messages);
    expect(ledger.record(found({ landed: [landedKey('m1', 'b')] })).landed).toBe(1);
    // Not found again (its landing file is read once): still landed, and no longer held.
    expect(ledger.record(found({}))).toMatchObject({ landed: 1, unaccounted: 5 });
    expect(ledger.message(1)).toBeUndefined();
    expect(ledger.message(0)).toBe(messages[0]);
    expect(ledger.unaccounted()).toEqual([0, 2, 3, 4, 5]);
    expect(ledger.underWay).toBe(5);
  });

  it('counts a landing over a rejection or dead letter, and a rejection over a dead letter', () => {
    const ledger = publishedLedger([event('a'), event('b')]);
    ledger.record(found({ deadLettered: [bodyOf(event('a'), 'm0'), bodyOf(event('b'), 'm1')] }));
    expect(ledger.record(found({ rejected: [bodyOf(event('a'), 'm0')] }))).toMatchObject({
      rejected: 1,
      deadLettered: 1,
      unaccounted: 0,
    });
    expect(ledger.record(found({ landed: [landedKey('m0', 'a'), landedKey('m1', 'b')] }))).toEqual({
      published: 2,
      landed: 2,
      rejected: 0,
      deadLettered: 0,
      unaccounted: 0,
    });
    expect(ledger.underWay).toBe(0);
  });

  it('settles a rejected or dead-lettered message after the hold time and forgets it', () => {
    let now = 0;
    const ledger = publishedLedger([raw('{'), event('b'), event('c')], {
      holdMs: 1_000,
      now: () => now,
    });
    ledger.record(
      found({ rejected: [bodyOf(raw('{'), 'm0')], deadLettered: [bodyOf(event('b'), 'm1')] }),
    );
    expect(ledger.underWay).toBe(3);
    now = 1_000;
    expect(ledger.record(found({}))).toEqual({
      published: 3,
      landed: 0,
      rejected: 1,
      deadLettered: 1,
      unaccounted: 1,
    });
    expect(ledger.underWay).toBe(1);
    // A landing found after the hold no longer moves it: it stays counted once, where it was.
    expect(ledger.record(found({ landed: [landedKey('m1', 'b')] }))).toMatchObject({
      landed: 0,
      deadLettered: 1,
      unaccounted: 1,
    });
  });

  it('counts a message found before its publish was confirmed, within the hold time', () => {
    let now = 0;
    const ledger = new IngestLedger({ holdMs: 1_000, now: () => now });
    const fast = ledger.track(event('a'));
    const slow = ledger.track(event('b'));
    ledger.record(found({ landed: [landedKey('m0', 'a'), landedKey('m1', 'b')] }));
    ledger.published(fast, 'm0');
    expect(ledger.accounting()).toMatchObject({ landed: 1, unaccounted: 1 });
    now = 1_000;
    ledger.record(found({}));
    // Kept no longer than the hold time: a key for no message is not kept for good.
    ledger.published(slow, 'm1');
    expect(ledger.accounting()).toMatchObject({ landed: 1, unaccounted: 1 });
  });

  it('holds only what is under way while a long stream lands', () => {
    let now = 0;
    const ledger = new IngestLedger({ holdMs: 1_000, now: () => now });
    for (let index = 0; index < 100_000; index += 1) {
      const id = `m${index}`;
      ledger.published(ledger.track(event(`e${index}`)), id);
      // A landing of an earlier copy of a message settled long ago matches nothing.
      ledger.record(found({ landed: [landedKey(id, `e${index}`), landedKey('m0', 'e0')] }));
      now += 10;
    }
    expect(ledger.accounting()).toEqual({
      published: 100_000,
      landed: 100_000,
      rejected: 0,
      deadLettered: 0,
      unaccounted: 0,
    });
    expect(ledger.underWay).toBe(0);
    // The stray key found at every step, and the ones of the last hold time, no more.
    expect(ledger.strayKeys).toBe(1);
    expect(ledger.firstIds()).toBeUndefined();
  });

  it('keeps no message body unless it may publish it again', () => {
    const ledger = new IngestLedger();
    expect(ledger.message(ledger.track(event('a')))).toBeUndefined();
  });

  it('counts a valid event the warehouse refused (kept as rejected, bytes intact)', () => {
    const ledger = publishedLedger(messages);
    expect(ledger.record(found({ rejected: [bodyOf(messages[5]!, 'm5')] })).rejected).toBe(1);
  });

  it('leaves a message Pub/Sub refused unaccounted', () => {
    const ledger = new IngestLedger({ keepFirstIds: true });
    ledger.track(event('a'));
    expect(ledger.firstIds()).toEqual([undefined]);
    expect(ledger.record(found({})).unaccounted).toBe(1);
  });

  it('reads the event_id of a body, or none when the body cannot be an event', () => {
    expect(eventIdOf(Buffer.from('\ufeff{"event_id":"e-1","x":1}'))).toBe('e-1');
    expect(eventIdOf(Buffer.from('{"event_id":7}'))).toBeUndefined();
    expect(eventIdOf(Buffer.from('["event_id"]'))).toBeUndefined();
    expect(eventIdOf(Buffer.from([0xff, 0xfe]))).toBeUndefined();
    const ledger = new IngestLedger();
    ledger.published(ledger.track({ ...event('x'), eventId: 'given' }), 'm0');
    expect(ledger.record(found({ landed: [landedKey('m0', 'given')] })).landed).toBe(1);
  });
});
