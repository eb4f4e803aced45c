/**
 * Seeded randomness for the hot path. Faker builds the world once; every per-event draw comes from
 * these small, fast generators so a run is reproducible from its seed alone.
 */

/** A seeded pseudo-random number generator (sfc32: small, fast, passes PractRand to 2^40+). */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, stream = 0) {
    this.#a = hash32(seed, 0x9e3779b9) | 0;
    this.#b = hash32(seed, stream) | 0;
    this.#c = hash32(stream, 0x85ebca6b) | 0;
    this.#d = 1;
    for (let i = 0; i < 15; i += 1) this.uint32();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** Mixes two 32-bit integers into a well-distributed 32-bit unsigned hash (murmur3 finalizer). */
export function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x2c1b3c6d, 0x297a2d39) ^ Math.imul(b ^ 0x5bd1e995, 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic uniform float in [0, 1) for a tuple of integers. */
export function hashUnit(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) h = hash32(h, part | 0);
  return h / 4294967296;
}

/** Hashes a string to 32 bits (FNV-1a), to derive integer seeds from names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Draws an index with probability proportional to its weight, given cumulative weights. */
export function drawCumulative(cumulative: Float64Array, total: number, random: Random): number {
  const target = random.next() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A table for drawing indices with fixed weights in O(log n).
 */
export class WeightedTable<T> {
  readonly items: readonly T[];
  readonly #cumulative: Float64Array;
  readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    if (entries.length === 0) throw new Error('a weighted table needs at least one entry');
    this.items = entries.map(([item]) => item);
    this.#cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], index) => {
      if (!(weight >= 0)) throw new Error(`weight must be non-negative, got ${weight}`);
      sum += weight;
      this.#cumulative[index] = sum;
    });
    if (sum <= 0) throw new Error('a weighted table needs a positive total weight');
    this.total = sum;
  }

  /** Draws one item. */
  draw(random: Random): T {
    return this.items[this.drawIndex(random)] as T;
  }

  /** Draws one index. */
  drawIndex(random: Random): number {
    return drawCumulative(this.#cumulative, this.total, random);
  }

  /** The probability of the item at `index`. */
  share(index: number): number {
    const upper = this.#cumulative[index] ?? 0;
    const lower = index === 0 ? 0 : (this.#cumulative[index - 1] ?? 0);
    return (upper - lower) / this.total;
  }
}
