import { describe, expect, it } from 'vitest';
import type { IngestProgress } from '@salesflow/local';
import { liveStatus, parseLiveStatus } from '../src/run/live-status.js';

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
      () => ({
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
        'memory 300.3 MiB resident, 120.0 MiB JavaScript heap (150.0 MiB reserved), 12.5 MiB external',
      'live: 120,205 published — 120,198 landed, 2 rejected, 0 dead-lettered, 5 on their way (9 held); ' +
        'polls since the last status: 2, median 5.5 ms, max 8.0 ms; 1,202 files / 120,200 rows read in all; ' +
        'memory 300.3 MiB resident, 120.0 MiB JavaScript heap (150.0 MiB reserved), 12.5 MiB external',
    ]);
  });

  it('is read back by the soak with the figures it was written from', () => {
    const lines: string[] = [];
    const status = liveStatus(
      (line) => lines.push(line),
      0,
      () => 1,
      () => ({
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
      },
    ]);
    expect(parseLiveStatus('▸ dbt: live done in 13.2s')).toBeUndefined();
  });
});
