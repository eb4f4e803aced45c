import { describe, expect, it } from 'vitest';
import { validateMessage } from '@salesflow/contract';
import { createGenerator, paced, type Pacer } from '../src/index.js';

/** A clock that only moves when the code under test sleeps: no real waiting, no timing flakiness. */
function manualPacer(start: number): Pacer & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('live mode', () => {
  it('stamps events with the clock at the moment they are pulled, in the store’s offset', async () => {
    const pacer = manualPacer(Date.parse('2026-05-04T12:00:00Z'));
    const generator = createGenerator({ seed: 1, events: 200, mode: 'live', clock: pacer.now });
    const seen: number[] = [];
    for await (const message of paced(generator, { rate: 50, pacer })) {
      expect(validateMessage(message.data, { now: pacer.now() }).ok).toBe(true);
      const stamped = Date.parse(message.event?.event_time ?? '');
      expect(Math.abs(stamped - pacer.now())).toBeLessThan(1000);
      seen.push(stamped);
    }
    expect(seen).toHaveLength(200);
    // 200 messages at 50/s span four seconds of (manual) time.
    expect(pacer.now() - Date.parse('2026-05-04T12:00:00Z')).toBeGreaterThanOrEqual(3900);
  });

  it('stops at the duration even when the source has more', async () => {
    const pacer = manualPacer(Date.parse('2026-05-04T12:00:00Z'));
    const generator = createGenerator({ seed: 1, events: 10_000, mode: 'live', clock: pacer.now });
    let count = 0;
    for await (const _message of paced(generator, { rate: 100, durationMs: 2000, pacer }))
      count += 1;
    expect(count).toBe(200);
  });

  it('gives two live runs different ids even with the same seed', () => {
    const first = [
      ...createGenerator({ seed: 1, events: 1, mode: 'live', clock: () => 1_780_000_000_000 }),
    ];
    const second = [
      ...createGenerator({ seed: 1, events: 1, mode: 'live', clock: () => 1_780_000_060_000 }),
    ];
    expect(first[0]?.event?.event_id).not.toBe(second[0]?.event?.event_id);
    expect(first[0]?.event?.order_id).not.toBe(second[0]?.event?.order_id);
  });

  it('refuses a non-positive rate', async () => {
    const iterator = paced([1], { rate: 0 });
    await expect(iterator.next()).rejects.toThrow(/rate must be positive/);
  });
});
