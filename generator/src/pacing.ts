/** Something that can wait; the real clock in production, a controllable one in tests. */
export interface Pacer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_TIME: Pacer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Options of {@link paced}. */
export interface PaceOptions {
  /** Target messages per second. */
  readonly rate: number;
  /** Stop after this long (ms), even if the source has more. */
  readonly durationMs?: number;
  readonly pacer?: Pacer;
}

/**
 * Yields items from `source` at a steady `rate` per second. Items are pulled from the source only when
 * due, so a source that stamps items with the current time stamps them when they are sent.
 * Falling behind is caught up in bursts rather than lost.
 */
export async function* paced<T>(
  source: Iterable<T>,
  options: PaceOptions,
): AsyncGenerator<T, void, undefined> {
  if (!(options.rate > 0)) throw new RangeError(`rate must be positive, got ${options.rate}`);
  const pacer = options.pacer ?? REAL_TIME;
  const start = pacer.now();
  const end =
    options.durationMs === undefined ? Number.POSITIVE_INFINITY : start + options.durationMs;
  const interval = 1000 / options.rate;
  const iterator = source[Symbol.iterator]();
  for (let index = 0; ; index += 1) {
    const dueAt = start + index * interval;
    if (dueAt >= end) return;
    const wait = dueAt - pacer.now();
    if (wait > 1) await pacer.sleep(wait);
    const next = iterator.next();
    if (next.done === true) return;
    yield next.value;
  }
}
