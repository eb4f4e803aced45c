import { createGenerator, type GeneratedMessage, type GeneratorOptions } from '../src/index.js';

export const FROM = Date.parse('2026-01-05T00:00:00Z'); // a Monday
export const TO = Date.parse('2026-02-02T00:00:00Z'); // four whole weeks later
/** Validation clock: after every generated event. */
export const NOW = Date.parse('2026-06-01T00:00:00Z');

/** Generates all messages of a run into an array. */
export function generate(
  options: Partial<GeneratorOptions> & { events: number },
): GeneratedMessage[] {
  return [...createGenerator({ seed: 1, from: FROM, to: TO, ...options })];
}

/** Share of `count` in `total`. */
export const share = (count: number, total: number): number => count / total;

/** Counts items by key. */
export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
