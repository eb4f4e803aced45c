import { describe, expect, it } from 'vitest';
import type { IngestProgress } from '@salesflow/local';
import { liveStatus, parseLiveStatus, type MemoryProbe } from '../src/run/live-status.js';

const MiB = 2 ** 20;

/** Fixed memory figures; the heap's spaces as V8 names them, one it does not report left out. */
const probe = (usage: ReturnType<MemoryProbe['usage']>): MemoryProbe => ({
  usage: () => usage,
  spaces: () => [
    { space_name: 'read_only_space', space_size: 0.5 * MiB, space_used_size: 0.4 * MiB },
    { space_name: 'new_space', space_size: 32 * MiB, space_used_size: 20 * MiB },
    { space_name: 'old_space', space_size: 100 * MiB, space_used_size: 90.5 * MiB },
    { space_name: 'code_space', space_size: 2.5 * MiB, space_used_size: 2 * MiB },
    { space_name: 'large_object_space', space_size: 15.5 * MiB, space_used_size: 7.5 * MiB },
  ],
});

const progress = (ms: number, rowsInAll: number): IngestProgress => ({
  phase: 'publishing',
  published: rowsInAll,
  accounting: {
    published: rowsInAll + 5,
    landed: rowsInAll - 2,
    rejected: 2,
    deadLettered: 0,
    unaccounted: 5,
  },
  poll: { ms, files: 1, rows: 100, filesInAll: rowsInAll / 100, rowsInAll, underWay: 9 },
  replays: 0,
  bridge: { pushed: 0, acked: 0, nacked: 0, inFlight: 0 },
});

describe('the live status line', () => {
  it('says once per interval where the messages are and what the looks since the last line cost', () => {
    let now = 0;
    const lines: string[] = [];
    const status = liveStatus(
      (line) => lines.push(line),
      60_000,
      () => now,
      probe({
        rss: 300.25 * 2 ** 20,
        heapUsed: 120 * 2 ** 20,
        heapTotal: 150 * 2 ** 20,
        external: 12.5 * 2 ** 20,
      }),
    );
    for (const [at, ms] of [
      [30_000, 4],
      [59_000, 1],
    ] as const) {
      now = at;
      status(progress(ms, 120_000));
    }
    expect(lines).toEqual([]);
    now = 60_000;
    status(progress(2.5, 120_000));
    now = 61_000;
    status(progress(8, 120_100));
    now = 120_000;
    status(progress(3, 120_200));
    expect(lines).toEqual([
      'live: 120,005 published — 119,998 landed, 2 rejected, 0 dead-lettered, 5 on their way (9 held); ' +
        'polls since the last status: 3, median 2.5 ms, max 4.0 ms; 1,200 files / 120,000 rows read in all; ' +
        'memory 300.3 MiB resident, 120.0 MiB JavaScript heap (150.0 MiB reserved; in use/reserved by space: ' +
        'new 20.0/32.0, old 90.5/100.0, code 2.0/2.5, large objects 7.5/15.5, new large objects 0.0/0.0), 12.5 MiB external',
      'live: 120,205 published — 120,198 landed, 2 rejected, 0 dead-lettered, 5 on their way (9 held); ' +
        'polls since the last status: 2, median 5.5 ms, max 8.0 ms; 1,202 files / 120,200 rows read in all; ' +
        'memory 300.3 MiB resident, 120.0 MiB JavaScript heap (150.0 MiB reserved; in use/reserved by space: ' +
        'new 20.0/32.0, old 90.5/100.0, code 2.0/2.5, large objects 7.5/15.5, new large objects 0.0/0.0), 12.5 MiB external',
    ]);
  });

  it('is read back by the soak with the figures it was written from', () => {
    const lines: string[] = [];
    const status = liveStatus(
      (line) => lines.push(line),
      0,
      () => 1,
      probe({
        rss: 300.25 * 2 ** 20,
        heapUsed: 2 ** 27,
        heapTotal: 150 * 2 ** 20,
        external: 2 ** 23,
      }),
    );
    status(progress(2.5, 1_234_500));
    expect(lines.map(parseLiveStatus)).toEqual([
      {
        polls: 1,
        medianMs: 2.5,
        maxMs: 2.5,
        filesInAll: 12_345,
        rowsInAll: 1_234_500,
        memory: { residentMiB: 300.3, heapMiB: 128, heapReservedMiB: 150, externalMiB: 8 },
        spaces: {
          new: { usedMiB: 20, reservedMiB: 32 },
          old: { usedMiB: 90.5, reservedMiB: 100 },
          code: { usedMiB: 2, reservedMiB: 2.5 },
          'large objects': { usedMiB: 7.5, reservedMiB: 15.5 },
          'new large objects': { usedMiB: 0, reservedMiB: 0 },
        },
      },
    ]);
    expect(parseLiveStatus('▸ dbt: live done in 13.2s')).toBeUndefined();
  });

  it('says how many full collections the run asked for and how long the last took', () => {
    const lines: string[] = [];
    const memory = (collections: NonNullable<MemoryProbe['collections']>): MemoryProbe => ({
      ...probe({ rss: 2 ** 28, heapUsed: 2 ** 27, heapTotal: 2 ** 27, external: 2 ** 23 }),
      collections,
    });
    for (const collections of [
      { count: 1_234, lastMs: 87.4 },
      { count: 0, lastMs: undefined },
      { count: undefined, lastMs: undefined },
    ]) {
      liveStatus(
        (line) => lines.push(line),
        0,
        () => 1,
        memory(collections),
      )(progress(1, 100));
    }
    expect(lines.map((line) => line.slice(line.indexOf('MiB external')))).toEqual([
      'MiB external; full collections: 1,234, the last 87 ms',
      'MiB external; full collections: 0',
      'MiB external; full collections: not exposed (Node without --expose-gc)',
    ]);
    expect(lines.map((line) => parseLiveStatus(line)?.fullCollections)).toEqual([
      { count: 1_234, lastMs: 87 },
      { count: 0, lastMs: undefined },
      undefined,
    ]);
  });
});
