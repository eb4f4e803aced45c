import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { generate } from './fixtures.js';

const digest = (seed: number): string => {
  const hash = createHash('sha256');
  const chaos = { duplicates: 0.05, invalid: 0.05, late: 0.05, outOfOrder: 0.05 };
  for (const message of generate({ seed, events: 20_000, chaos }))
    hash.update(message.data).update('\n');
  return hash.digest('hex');
};

describe('determinism', () => {
  it('gives byte-identical output for the same seed, chaos included', () => {
    expect(digest(7)).toBe(digest(7));
  });

  it('gives different output for a different seed', () => {
    expect(digest(7)).not.toBe(digest(8));
  });

  it('gives different order and event ids for different date ranges with the same seed', () => {
    const first = generate({ events: 10 })[0]?.event;
    const other = generate({
      events: 10,
      from: Date.parse('2026-03-01T00:00:00Z'),
      to: Date.parse('2026-03-02T00:00:00Z'),
    })[0]?.event;
    expect(first?.order_id).not.toBe(other?.order_id);
    expect(first?.event_id).not.toBe(other?.event_id);
  });
});
