import type { Random } from './random.js';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

const hex32 = (word: number): string =>
  (HEX[word >>> 24] as string) +
  HEX[(word >>> 16) & 0xff] +
  HEX[(word >>> 8) & 0xff] +
  HEX[word & 0xff];

/** A random (version 4) UUID drawn from a seeded generator, so ids are reproducible per seed. */
export function randomUuid(random: Random): string {
  const a = random.uint32();
  const b = random.uint32();
  const c = (random.uint32() & 0x3fffffff) | 0x80000000;
  const d = random.uint32();
  const bHex = hex32(((b & 0xffff0fff) | 0x00004000) >>> 0);
  const cHex = hex32(c >>> 0);
  return `${hex32(a)}-${bHex.slice(0, 4)}-${bHex.slice(4)}-${cHex.slice(0, 4)}-${cHex.slice(4)}${hex32(d)}`;
}
