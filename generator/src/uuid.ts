import type { ByteWriter } from './bytes.js';
import type { Random } from './random.js';

const DASH = 0x2d;

/**
 * Writes a random (version 4) UUID drawn from a seeded generator, so ids are reproducible per seed,
 * straight into the writer's bytes.
 */
export function writeRandomUuid(writer: ByteWriter, random: Random): void {
  const a = random.uint32();
  const b = ((random.uint32() & 0xffff0fff) | 0x00004000) >>> 0;
  const c = ((random.uint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = random.uint32();
  writer.hex(a, 8);
  writer.byte(DASH);
  writer.hex(b >>> 16, 4);
  writer.byte(DASH);
  writer.hex(b & 0xffff, 4);
  writer.byte(DASH);
  writer.hex(c >>> 16, 4);
  writer.byte(DASH);
  writer.hex(c & 0xffff, 4);
  writer.hex(d, 8);
}
