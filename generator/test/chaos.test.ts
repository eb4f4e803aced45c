import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateMessage } from '@salesflow/contract';
import {
  EXPECTED_REJECT_REASON,
  INVALID_KIND_NAMES,
  INVALID_WEIGHTS,
  type InvalidKind,
} from '../src/index.js';
import { countBy, generate, NOW, share } from './fixtures.js';

const EVENTS = 60_000;
const RATES = { duplicates: 0.05, invalid: 0.15, late: 0.04, outOfOrder: 0.03 };

describe('chaos knobs', () => {
  const messages = generate({ events: EVENTS, seed: 3, chaos: RATES });
  const fresh = messages.filter((message) => message.kind === 'valid');

  it('produce duplicates and invalid messages at their rates', () => {
    expect(messages).toHaveLength(EVENTS);
    const kinds = countBy(messages, (message) =>
      message.kind.startsWith('invalid:') ? 'invalid' : message.kind,
    );
    expect(share(kinds.get('duplicate') ?? 0, EVENTS)).toBeCloseTo(RATES.duplicates, 2);
    expect(share(kinds.get('invalid') ?? 0, EVENTS)).toBeCloseTo(RATES.invalid, 2);
  });

  it('produce late and reordered events at their rates among fresh valid events', () => {
    expect(share(fresh.filter((message) => message.late).length, fresh.length)).toBeCloseTo(
      RATES.late,
      2,
    );
    expect(share(fresh.filter((message) => message.reordered).length, fresh.length)).toBeCloseTo(
      RATES.outOfOrder,
      2,
    );
  });

  it('re-send earlier valid messages byte for byte', () => {
    const seen = new Map<string, Buffer>();
    for (const message of messages) {
      if (message.kind === 'valid')
        seen.set(message.eventTime + (message.event?.event_id ?? ''), message.data);
      if (message.kind === 'duplicate') {
        const original = seen.get(message.eventTime + (message.event?.event_id ?? ''));
        expect(original).toBeDefined();
        expect(message.data.equals(original as Buffer)).toBe(true);
      }
    }
  });

  it('stamps late events at least an hour before the stream clock', () => {
    let clock = 0;
    for (const message of messages) {
      if (message.kind !== 'valid') continue;
      const time = Date.parse(message.eventTime ?? '');
      if (message.late) expect(time).toBeLessThan(clock - 50 * 60_000);
      else if (!message.reordered) clock = Math.max(clock, time);
    }
  });

  it('emits reordered events after later ones', () => {
    let inversions = 0;
    let latest = 0;
    for (const message of fresh) {
      const time = Date.parse(message.eventTime ?? '');
      if (message.reordered && time < latest) inversions += 1;
      if (!message.late) latest = Math.max(latest, time);
    }
    expect(inversions).toBeGreaterThan(0.5 * fresh.filter((message) => message.reordered).length);
  });

  it('labels every invalid message with a kind the contract rejects for the expected reason', () => {
    const invalid = messages.filter((message) => message.kind.startsWith('invalid:'));
    const wrong: string[] = [];
    for (const message of invalid) {
      const kind = message.kind.slice('invalid:'.length) as InvalidKind;
      const result = validateMessage(message.data, { now: NOW });
      const reason = result.ok ? 'accepted' : result.reason;
      if (reason !== EXPECTED_REJECT_REASON[kind] && wrong.length < 10)
        wrong.push(`${kind} → ${reason}`);
      // One message, one NDJSON line: no generator ever emits a raw newline.
      expect(message.data.includes(0x0a)).toBe(false);
    }
    expect(wrong).toEqual([]);
  });

  it('produces every invalid kind, each in proportion to its weight', () => {
    const invalid = messages.filter((message) => message.kind.startsWith('invalid:'));
    const counts = countBy(invalid, (message) => message.kind.slice('invalid:'.length));
    const totalWeight = INVALID_KIND_NAMES.reduce((sum, kind) => sum + INVALID_WEIGHTS[kind], 0);
    for (const kind of INVALID_KIND_NAMES) {
      const expected = (invalid.length * INVALID_WEIGHTS[kind]) / totalWeight;
      const observed = counts.get(kind) ?? 0;
      // Within five standard deviations of a binomial count.
      expect(Math.abs(observed - expected)).toBeLessThan(5 * Math.sqrt(expected) + 1);
    }
  });

  it('covers the reasons the contract knows', () => {
    expect(new Set(Object.values(EXPECTED_REJECT_REASON))).toEqual(
      new Set([
        'payload_too_large',
        'invalid_encoding',
        'invalid_json',
        'not_an_object',
        'unsupported_schema_version',
        'schema_violation',
        'business_rule_violation',
      ]),
    );
  });

  it('rejects rates outside [0, 1]', async () => {
    const { createGenerator } = await import('../src/index.js');
    expect(() => createGenerator({ seed: 1, events: 1, chaos: { invalid: 1.5 } })).toThrow(
      /invalid must be a rate/,
    );
    expect(() => createGenerator({ seed: 1, events: 1, chaos: { late: -0.1 } })).toThrow(
      /late must be a rate/,
    );
  });
});

describe('the conflicts knob', () => {
  const RATE = 0.02;
  const EVENTS_WITH_CONFLICTS = 20_000;
  const messages = generate({
    events: EVENTS_WITH_CONFLICTS,
    seed: 11,
    chaos: { conflicts: RATE },
  });
  const placed = new Map<string, { eventId: string; at: number; storeId: string }>();
  for (const message of messages) {
    if (message.kind !== 'valid' || message.eventType !== 'order_placed') continue;
    const event = message.event!;
    placed.set(event.order_id, {
      eventId: event.event_id,
      at: Date.parse(event.event_time),
      storeId: event.store.store_id,
    });
  }
  const conflicts = messages.filter((message) => message.kind === 'conflict');

  it('makes the given share of fresh events compete with an order already placed', () => {
    // Fresh order events: shipments and deliveries never compete.
    const fresh = messages.filter(
      (message) =>
        (message.kind === 'valid' || message.kind === 'conflict') &&
        (message.eventType === 'order_placed' || message.eventType === 'order_refunded'),
    );
    expect(share(conflicts.length, fresh.length)).toBeCloseTo(RATE, 2);
  });

  it('re-keys another valid order to the earlier order, with a new event id, within three hours of it', () => {
    let earlier = 0;
    let otherStore = 0;
    for (const message of conflicts) {
      expect(validateMessage(message.data, { now: NOW }).ok).toBe(true);
      const event = message.event!;
      expect(event.event_type).toBe('order_placed');
      const original = placed.get(event.order_id);
      expect(original, event.order_id).toBeDefined();
      expect(event.event_id).not.toBe(original?.eventId);
      const shift = Date.parse(event.event_time) - (original?.at ?? 0);
      expect(Math.abs(shift)).toBeLessThanOrEqual(3 * 3_600_000);
      if (shift < 0) earlier += 1;
      if (event.store.store_id !== original?.storeId) otherStore += 1;
    }
    // Some win (placed earlier), some lose; some come from another store (and currency).
    expect(earlier).toBeGreaterThan(0.2 * conflicts.length);
    expect(earlier).toBeLessThan(0.8 * conflicts.length);
    expect(otherStore).toBeGreaterThan(0);
  });

  it('leaves a stream without conflicts byte for byte as it was before the knob existed', () => {
    const hash = createHash('sha256');
    const chaos = { duplicates: 0.05, invalid: 0.05, late: 0.05, outOfOrder: 0.05 };
    for (const message of generate({ seed: 11, events: 2_000, chaos }))
      hash.update(message.data).update('\n');
    // The digest of this stream without the knob, recorded when each customer came to be drawn
    // from a seed of its own (the knob itself, off, draws nothing).
    expect(hash.digest('hex')).toBe(
      '78ca95b6db369924844e08344da9120ebebab1e56c2a66be7332fc8e1a5a66ed',
    );
  });
});
