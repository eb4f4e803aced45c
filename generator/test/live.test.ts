import { describe, expect, it } from 'vitest';
import { validateMessage } from '@salesflow/contract';
import { buildWorld, createGenerator, paced, type Pacer } from '../src/index.js';

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

  it('holds at most liveLifecycleCapacity shipments and deliveries waiting: orders beyond it are not shipped', () => {
    const start = Date.parse('2026-05-04T12:00:00Z');
    let now = start;
    const lifecycleEvents = (capacity?: number): Set<string> => {
      now = start;
      const iterator = createGenerator({
        seed: 3,
        events: 4_000,
        mode: 'live',
        clock: () => (now += 10),
        ...(capacity === undefined ? {} : { liveLifecycleCapacity: capacity }),
      })[Symbol.iterator]();
      const seen = new Set<string>();
      for (let index = 0; index < 4_000; index += 1) {
        // Two thousand messages on one morning, then the clock moves a month on: every parcel falls due.
        if (index === 2_000) now += 30 * 86_400_000;
        const message = iterator.next().value!;
        const type = message.event?.event_type;
        if (type === 'order_shipped' || type === 'order_delivered')
          seen.add(message.event!.event_id);
      }
      return seen;
    };
    const unbounded = lifecycleEvents();
    const bounded = lifecycleEvents(40);
    expect(unbounded.size).toBeGreaterThan(400);
    expect(bounded.size).toBeGreaterThan(0);
    expect(bounded.size).toBeLessThanOrEqual(40);
    expect(() => createGenerator({ seed: 1, events: 1, liveLifecycleCapacity: -1 })).toThrow(
      /liveLifecycleCapacity must be a non-negative integer/,
    );
  });

  it('builds every customer up front when asked, and writes the same stream either way', () => {
    const clock = () => Date.parse('2026-05-04T12:00:00Z');
    const streamOf = (customers: number, prepareCustomers: boolean) => {
      const world = buildWorld({ seed: 77, customers });
      const generator = createGenerator({
        seed: 3,
        events: 300,
        mode: 'live',
        clock,
        world,
        prepareCustomers,
      });
      const bodies = [...generator].map((message) => Buffer.from(message.data).toString('utf8'));
      return { bodies, prepared: world.customerStates.prepared, customers: world.customers.length };
    };
    // Two worlds of their own (a world is shared per process by its options).
    const lazy = streamOf(2_001, false);
    const prepared = streamOf(2_002, true);
    expect(lazy.prepared).toBeLessThan(lazy.customers);
    expect(prepared.prepared).toBe(prepared.customers);
    expect(streamOf(2_001, true).bodies).toEqual(lazy.bodies);
  });

  it('refuses a non-positive rate', async () => {
    const iterator = paced([1], { rate: 0 });
    await expect(iterator.next()).rejects.toThrow(/rate must be positive/);
  });
});
