import { z } from 'zod';
import { CURRENCY_MINOR_UNITS } from '@salesflow/contract';
import type { ChaosRates } from '@salesflow/generator';

/** Chaos presets of `salesflow run --chaos`. */
export const CHAOS_PRESETS: Readonly<Record<'off' | 'default' | 'heavy', ChaosRates>> = {
  off: { duplicates: 0, invalid: 0, late: 0, outOfOrder: 0 },
  default: { duplicates: 0.03, invalid: 0.01, late: 0.03, outOfOrder: 0.02 },
  heavy: { duplicates: 0.1, invalid: 0.05, late: 0.1, outOfOrder: 0.1 },
};

const integer = (flag: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${flag} must be a number` })
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, { message: `${flag} must be an integer from ${min} to ${max}` });

const RunFlags = z
  .object({
    events: integer('--events', 1, 5_000_000),
    days: integer('--days', 1, 3_650),
    periods: integer('--periods', 1, 366),
    seed: integer('--seed', 0, 2 ** 31 - 1),
    rate: z.coerce
      .number({ message: '--rate must be a number' })
      .refine((n) => n > 0 && n <= 100_000, { message: '--rate must be between 0 and 100000 events/s' }),
    liveSeconds: integer('--live-seconds', 0, 86_400),
    chaos: z.enum(['off', 'default', 'heavy'], { message: '--chaos must be off, default or heavy' }),
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
    dbtEverySeconds: integer('--dbt-every', 5, 86_400),
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

/** Parses the raw commander options; throws one line naming the bad flag. */
export function parseRunOptions(raw: unknown): RunOptions {
  const parsed = RunFlags.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid options');
  return parsed.data;
}
