import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectPeriodically, exposedCollector } from '../src/full-collection.js';
import { startLocalIngestFunction } from '../src/function/function-process.js';

const oldSpaceUsed = (): number =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;

describe('periodic full collections', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks once per interval, never while one is under way, and stops when told', async () => {
    vi.useFakeTimers();
    let clock = 0;
    const pending: (() => void)[] = [];
    const collect = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          pending.push(() => {
            clock += 40;
            resolve();
          });
        }),
    );
    const collections = collectPeriodically(1_000, collect, () => clock);
    expect(collections.count).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(collect).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(collect).toHaveBeenCalledTimes(1);
    pending.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(collections.count).toBe(1);
    expect(collections.lastMs).toBe(40);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(collect).toHaveBeenCalledTimes(2);
    pending.shift()!();
    collections.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(collect).toHaveBeenCalledTimes(2);
    expect(collections.count).toBe(2);
  });

  it('says it cannot collect where Node runs without --expose-gc', () => {
    expect(exposedCollector({})).toBeUndefined();
    const collections = collectPeriodically(1_000, undefined);
    expect(collections.count).toBeUndefined();
    collections.stop();
  });

  it("frees what V8's old generation holds, with V8's own collector", async () => {
    setFlagsFromString('--expose-gc');
    const collect = exposedCollector({ gc: runInNewContext('gc') as unknown });
    expect(collect).toBeDefined();
    let held: { index: number; text: string }[] | undefined = Array.from(
      { length: 300_000 },
      (_, index) => ({ index, text: `order ${index}` }),
    );
    // Collections while it is held move it to the old generation, where only a full one frees it.
    await collect!();
    await collect!();
    const whileHeld = oldSpaceUsed();
    expect(held.length).toBe(300_000);
    held = undefined;
    await collect!();
    expect(whileHeld - oldSpaceUsed()).toBeGreaterThan(10 * 2 ** 20);
  });

  it('run in the function host, which says so when it starts listening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salesflow-host-'));
    const lines: string[] = [];
    const host = await startLocalIngestFunction({
      warehousePath: join(dir, 'warehouse.duckdb'),
      onLine: (line) => lines.push(line),
    });
    try {
      const listening = await vi.waitFor(() => {
        const line = lines.find((text) => text.includes('"function listening"'));
        if (!line) throw new Error('not listening yet');
        return JSON.parse(line) as { fullCollections: string };
      });
      expect(listening.fullCollections).toBe('every 60 s');
    } finally {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
