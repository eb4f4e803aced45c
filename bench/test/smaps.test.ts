/**
 * The soak's look at where a process's resident memory grew: mappings read from the kernel's
 * smaps text, compared between two looks by range and name.
 */
import { describe, expect, it } from 'vitest';
import { parseSmaps, residentGrowth } from '../support/smaps.js';

const look = (heapKiB: number, arenaKiB: number, withLibrary: boolean): string =>
  [
    // The main arena's end moves as it grows.
    `55d0c0000000-55d0c${withLibrary ? '8' : '4'}000000 rw-p 00000000 00:00 0                          [heap]`,
    'Size:              65536 kB',
    `Rss:               ${heapKiB} kB`,
    'Pss:               1 kB',
    '7f0000000000-7f0004000000 rw-p 00000000 00:00 0 ',
    'Size:              65536 kB',
    `Rss:               ${arenaKiB} kB`,
    ...(withLibrary
      ? [
          '7f1000000000-7f1000200000 r-xp 00000000 08:01 1234                       /usr/lib/libduckdb.so',
          'Size:               2048 kB',
          'Rss:                1024 kB',
        ]
      : []),
  ].join('\n');

describe('resident growth by mapping', () => {
  it('reads each mapping with its size and resident kilobytes', () => {
    expect(parseSmaps(look(2048, 512, true))).toEqual([
      { range: '55d0c0000000-55d0c8000000', name: '[heap]', sizeKiB: 65536, residentKiB: 2048 },
      { range: '7f0000000000-7f0004000000', name: 'anonymous', sizeKiB: 65536, residentKiB: 512 },
      {
        range: '7f1000000000-7f1000200000',
        name: '/usr/lib/libduckdb.so',
        sizeKiB: 2048,
        residentKiB: 1024,
      },
    ]);
  });

  it('sums the change by kind and lists the mappings that grew most first, a new one from zero', () => {
    const growth = residentGrowth(
      parseSmaps(look(2048, 512, false)),
      parseSmaps(look(1024, 10_752, true)),
      2,
    );
    expect(growth.byKindMiB).toEqual({ '[heap]': -1, anonymous: 10, files: 1 });
    expect(growth.largest.map((m) => [m.name, m.fromMiB, m.toMiB])).toEqual([
      ['anonymous', 0.5, 10.5],
      ['/usr/lib/libduckdb.so', 0, 1],
    ]);
    expect(growth.largest).toHaveLength(2);
    const all = residentGrowth(
      parseSmaps(look(2048, 512, false)),
      parseSmaps(look(1024, 10_752, true)),
    );
    expect(all.largest.find((m) => m.name === '[heap]')).toMatchObject({ fromMiB: 2, toMiB: 1 });
  });
});
