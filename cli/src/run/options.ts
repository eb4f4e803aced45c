import { z } from 'zod';
import { CURRENCY_MINOR_UNITS } from '@salesflow/contract';
import type { ChaosRates } from '@salesflow/generator';
import { integer, parseFlags, positiveNumber, wholeNumber } from '../flags.js';

/** Chaos presets of `salesflow run --chaos`. */
export const CHAOS_PRESETS: Readonly<Record<'off' | 'default' | 'heavy', ChaosRates>> = {
  off: { duplicates: 0, invalid: 0, late: 0, outOfOrder: 0, conflicts: 0 },
  default: { duplicates: 0.03, invalid: 0.01, late: 0.03, outOfOrder: 0.02, conflicts: 0.003 },
  heavy: { duplicates: 0.1, invalid: 0.05, late: 0.1, outOfOrder: 0.1, conflicts: 0.02 },
};

const bounded = (flag: string, min: number, max: number) =>
  wholeNumber(flag, min).refine((value) => value <= max, `${flag} must be at most ${max}`);

const RunFlags = z
  .object({
    events: bounded('--events', 1, 5_000_000),
    days: bounded('--days', 1, 3_650),
    periods: bounded('--periods', 1, 366),
    seed: integer('--seed'),
    rate: positiveNumber('--rate').refine(
      (n) => n <= 100_000,
      '--rate must be at most 100000 events/s',
    ),
    liveSeconds: bounded('--live-seconds', 0, 86_400),
    chaos: z.enum(['off', 'default', 'heavy'], {
      message: '--chaos must be off, default or heavy',
    }),
    reportingCurrency: z
      .string()
      .transform((code) => code.toUpperCase())
      .refine((code) => Object.hasOwn(CURRENCY_MINOR_UNITS, code), {
        message: '--reporting-currency must be an ISO 4217 code (e.g. USD, EUR, JPY)',
      }),
    warehouse: z.string().min(1, '--warehouse must not be empty'),
    dashboard: z.string().min(1, '--dashboard must not be empty'),
    input: z.string().min(1, '--input must not be empty').optional(),
    fx: z.string().min(1, '--fx must not be empty').optional(),
    keepRunning: z.boolean().default(false),
    dbtEverySeconds: bounded('--dbt-every', 5, 86_400),
  })
  .refine((flags) => flags.periods <= flags.days || flags.input !== undefined, {
    message: '--periods must not exceed --days',
  })
  .refine((flags) => flags.fx === undefined || flags.input !== undefined, {
    message: '--fx only applies together with --input',
  });

/** Options of `salesflow run`, parsed once from the flags. */
export type RunOptions = z.infer<typeof RunFlags>;

/** Defaults: a four-week backfill in weekly periods, then a ten-second live stream. */
export const RUN_DEFAULTS = {
  events: '20000',
  days: '28',
  periods: '4',
  seed: '42',
  rate: '200',
  liveSeconds: '10',
  chaos: 'default',
  reportingCurrency: 'USD',
  warehouse: '.local/warehouse.duckdb',
  dashboard: '.local/dashboard.html',
  dbtEverySeconds: '60',
} as const;

/** Parses the raw commander options; a bad flag is a one-line usage error (exit 2). */
export function parseRunOptions(raw: unknown): RunOptions {
  return parseFlags(RunFlags, raw);
}
