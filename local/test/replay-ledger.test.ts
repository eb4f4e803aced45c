import { describe, expect, it } from 'vitest';
import { payloadDigest, ReplayLedger, type FoundKeys } from '../src/ingest/replay-ledger.js';

const valid = (eventId: string) => ({
  data: Buffer.from(JSON.stringify({ event_id: eventId })),
  eventId,
});
const invalid = (text: string) => ({ data: Buffer.from(text) });

const found = (keys: Partial<FoundKeys>): FoundKeys => ({
  landedEventIds: new Set(),
  rejectedDigests: new Set(),
  deadLetteredDigests: new Set(),
  ...keys,
});

describe('ReplayLedger', () => {
  const messages = [valid('a'), valid('b'), valid('a'), invalid('{'), invalid('null'), valid('c')];
  const ledger = new ReplayLedger(messages);

  it('accounts a valid message by its event_id and any message by its exact bytes', () => {
    const keys = found({
      landedEventIds: new Set(['a']),
      rejectedDigests: new Set([payloadDigest(Buffer.from('{'))]),
      deadLetteredDigests: new Set([payloadDigest(messages[1]!.data)]),
    });
    expect(ledger.account(keys)).toEqual({
      messages: 6,
      landed: 2,
      rejected: 1,
      deadLettered: 1,
      unaccounted: 2,
    });
    expect(ledger.unaccounted(keys)).toEqual([messages[4], messages[5]]);
  });

  it('does not take a message id, a similar body or an invalid body for a landed event', () => {
    const keys = found({
      landedEventIds: new Set(['{', 'null']),
      rejectedDigests: new Set([payloadDigest(Buffer.from('{ '))]),
    });
    expect(ledger.unaccounted(keys)).toHaveLength(6);
  });

  it('counts a valid event the warehouse refused (kept as rejected, bytes intact)', () => {
    const keys = found({ rejectedDigests: new Set([payloadDigest(messages[5]!.data)]) });
    expect(ledger.account(keys).rejected).toBe(1);
  });
});
