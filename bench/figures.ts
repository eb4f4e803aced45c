import { median } from '../cli/src/median.js';

// The benchmarks summarise with the product's own median, so their figures and its status line agree.
export { median };

/** One measured figure. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** A figure summarised over several runs. */
export interface Summary {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Median, min and max of each figure name across runs, in first-seen order. */
export function summarise(runs: readonly (readonly Figure[])[]): Summary[] {
  const byName = new Map<string, { unit: string; values: number[] }>();
  for (const figures of runs) {
    for (const figure of figures) {
      const entry = byName.get(figure.name) ?? { unit: figure.unit, values: [] };
      entry.values.push(figure.value);
      byName.set(figure.name, entry);
    }
  }
  return [...byName].map(([name, { unit, values }]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      name,
      unit,
      median: median(sorted),
      min: sorted[0]!,
      max: sorted[sorted.length - 1]!,
      runs: sorted.length,
    };
  });
}

/** Formats a number for a table: integers with thousands separators, small numbers with 3 significant digits. */
export function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

/** A plain-text table of summaries. */
export function renderTable(summaries: readonly Summary[]): string {
  const rows = summaries.map((s) => [
    s.name,
    formatNumber(s.median),
    formatNumber(s.min),
    formatNumber(s.max),
    s.unit,
    String(s.runs),
  ]);
  const header = ['figure', 'median', 'min', 'max', 'unit', 'runs'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The `p`th percentile (nearest rank) of ascending values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    Number.NaN
  );
}
