import type { ByteWriter } from './bytes.js';
import type { Random } from './random.js';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;

const hex32 = (word: number): string =>
  (HEX[word >>> 24] as string) +
  HEX[(word >>> 16) & 0xff] +
  HEX[(word >>> 8) & 0xff] +
  HEX[word & 0xff];

/** The four words of a version 4 UUID, drawn in a fixed order so ids are reproducible per seed. */
function uuidWords(random: Random): [number, number, number, number] {
  const a = random.uint32();
  const b = random.uint32();
  const c = (random.uint32() & 0x3fffffff) | 0x80000000;
  const d = random.uint32();
  return [a >>> 0, ((b & 0xffff0fff) | 0x00004000) >>> 0, c >>> 0, d >>> 0];
}

/** A random (version 4) UUID drawn from a seeded generator, so ids are reproducible per seed. */
export function randomUuid(random: Random): string {
  const [a, b, c, d] = uuidWords(random);
  const bHex = hex32(b);
  const cHex = hex32(c);
  return `${hex32(a)}-${bHex.slice(0, 4)}-${bHex.slice(4)}-${cHex.slice(0, 4)}-${cHex.slice(4)}${hex32(d)}`;
}

/** Writes the same UUID {@link randomUuid} would draw, straight into the writer's bytes. */
export function writeRandomUuid(writer: ByteWriter, random: Random): void {
  const [a, b, c, d] = uuidWords(random);
  const out = writer.claim(36);
  let at = out.start;
  const buffer = out.buffer;
  const word = (value: number, from: number, to: number): void => {
    for (let shift = 28 - 4 * from; shift >= 32 - 4 * to; shift -= 4)
      buffer[at++] = HEX_DIGITS[(value >>> shift) & 0xf]!;
  };
  word(a, 0, 8);
  buffer[at++] = DASH;
  word(b, 0, 4);
  buffer[at++] = DASH;
  word(b, 4, 8);
  buffer[at++] = DASH;
  word(c, 0, 4);
  buffer[at++] = DASH;
  word(c, 4, 8);
  word(d, 0, 8);
}
