import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../src/bytes.js';
import { Random } from '../src/random.js';
import { randomUuid, writeRandomUuid } from '../src/uuid.js';

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
      for (let i = 0; i < 20_000; i += 1) {
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
  it('writes the UUID randomUuid draws, and leaves the generator in the same state', () => {
    const asString = new Random(9);
    const asBytes = new Random(9);
    const writer = new ByteWriter(64);
    for (let i = 0; i < 1_000; i += 1) {
      const expected = randomUuid(asString);
      writeRandomUuid(writer, asBytes);
      expect(writer.take().toString('latin1')).toBe(expected);
    }
    expect(asBytes.uint32()).toBe(asString.uint32());
  });
});
