import { describe, expect, it } from 'vitest';
import { ByteWriter, civilDate } from '../src/bytes.js';
import { Random } from '../src/random.js';
import { writeRandomUuid } from '../src/uuid.js';
import { DAY_MS, formatUtc, formatWithOffset } from '../src/time.js';

function written(write: (writer: ByteWriter) => void): string {
  const writer = new ByteWriter(64);
  write(writer);
  return writer.take().toString('latin1');
}

describe('ByteWriter numbers are written exactly as String() would', () => {
  it('writes whole numbers', () => {
    for (const value of [0, 7, 10, 99, 100, 12_345, 2 ** 31, Number.MAX_SAFE_INTEGER])
      expect(written((w) => w.uint(value))).toBe(String(value));
  });

  it('pads whole numbers with zeros to a width, and never truncates', () => {
    for (const [value, width] of [
      [0, 8],
      [42, 8],
      [12_345_678, 8],
      [123_456_789, 8],
    ] as const)
      expect(written((w) => w.paddedUint(value, width))).toBe(String(value).padStart(width, '0'));
  });

  it('writes minor units as the quotient String(minor / 10^exponent) prints', () => {
    const random = new Random(42);
    for (const exponent of [0, 1, 2, 3, 4]) {
      for (let i = 0; i < 5_000; i += 1) {
        // Small amounts, round amounts and amounts up to ten billion major units.
        const scale = [10, 1_000, 1_000_000, 1e13][i % 4]!;
        const minor = random.int(scale) * (i % 7 === 0 ? 10 : 1);
        expect(written((w) => w.decimal(minor, exponent))).toBe(String(minor / 10 ** exponent));
      }
    }
  });

  it('falls back to String() outside the exact range, and for negative amounts', () => {
    for (const [minor, exponent] of [
      [-1_250, 2],
      [1e16 + 2, 2],
      [1e22, 2],
    ] as const)
      expect(written((w) => w.decimal(minor, exponent))).toBe(String(minor / 10 ** exponent));
  });

  it('keeps earlier messages intact when a message outgrows its slab', () => {
    const writer = new ByteWriter(16);
    writer.ascii('first');
    const first = writer.take();
    writer.bytes(Buffer.from('a fragment longer than thirty-two bytes, copied natively'));
    writer.decimal(123_456, 2);
    expect(first.toString('latin1')).toBe('first');
    expect(writer.take().toString('latin1')).toBe(
      'a fragment longer than thirty-two bytes, copied natively1234.56',
    );
  });
});

describe('writeRandomUuid', () => {
  it('writes reproducible version 4 UUIDs, four draws each', () => {
    const writer = new ByteWriter(64);
    const ids = (seed: number): string[] => {
      const random = new Random(seed);
      return Array.from({ length: 1_000 }, () => {
        writeRandomUuid(writer, random);
        return writer.take().toString('latin1');
      });
    };
    const first = ids(9);
    expect(ids(9)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    for (const id of first)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const drawn = new Random(5);
    const counted = new Random(5);
    writeRandomUuid(writer, drawn);
    for (let draw = 0; draw < 4; draw += 1) counted.uint32();
    expect(drawn.uint32()).toBe(counted.uint32());
  });
});

describe('ByteWriter timestamps are written exactly as the string formatters print them', () => {
  it('matches formatWithOffset and formatUtc across years, leap days and offsets', () => {
    const random = new Random(17);
    const writer = new ByteWriter(64);
    const offsets = [0, 60, -300, 330, 345, -210, 540, 600, -600, 840, -720];
    const from = Date.parse('2000-01-01T00:00:00Z');
    const to = Date.parse('2100-01-01T00:00:00Z');
    const instants = [
      from,
      Date.parse('2000-02-29T23:59:59Z'),
      Date.parse('2024-02-29T12:00:00Z'),
      Date.parse('2026-12-31T23:30:00Z'),
      Date.parse('2099-12-31T23:59:59Z'),
    ];
    for (let i = 0; i < 5_000; i += 1)
      instants.push(Math.floor((from + random.next() * (to - from)) / 1000) * 1000);
    for (const instant of instants) {
      for (const offset of offsets) {
        writer.timestamp(instant, offset);
        expect(writer.take().toString('latin1')).toBe(formatWithOffset(instant, offset));
      }
      writer.timestamp(instant, 0, true);
      expect(writer.take().toString('latin1')).toBe(formatUtc(instant));
    }
  });

  it('computes civil dates as Date does, before and after the epoch', () => {
    for (let day = -800_000; day <= 800_000; day += 97) {
      const iso = new Date(day * DAY_MS).toISOString();
      const packed = civilDate(day);
      const year = Math.floor(packed / 10_000);
      if (year < 0 || year > 9999) continue;
      expect(
        `${String(year).padStart(4, '0')}-${String(Math.floor(packed / 100) % 100).padStart(2, '0')}-${String(packed % 100).padStart(2, '0')}`,
      ).toBe(iso.slice(0, 10));
    }
  });
});

describe('ByteWriter hex', () => {
  it('writes the low hex digits of a word', () => {
    const writer = new ByteWriter(8);
    writer.hex(0xdeadbeef, 8);
    writer.hex(0xabc, 2);
    writer.hex(0, 4);
    expect(writer.take().toString('latin1')).toBe('deadbeefbc0000');
  });
});
