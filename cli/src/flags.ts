import { z } from 'zod';
import { UsageError } from './errors.js';

/** Flag value parsers: each turns the raw text into a typed value or a one-line usage error. */

const integerText = /^[+]?\d+$/;

/** A whole number ≥ `min`. */
export const wholeNumber = (flag: string, min = 0) =>
  z
    .string()
    .regex(integerText, `${flag} must be a whole number`)
    .transform(Number)
    .refine(
      (value) => Number.isSafeInteger(value) && value >= min,
      `${flag} must be a whole number ≥ ${min}`,
    );

/** An integer (may be negative), e.g. a seed. */
export const integer = (flag: string) =>
  z
    .string()
    .regex(/^[+-]?\d+$/, `${flag} must be an integer`)
    .transform(Number)
    .refine(Number.isSafeInteger, `${flag} is too large`);

/** A rate in [0, 1]. */
export const rate = (flag: string) =>
  z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, `${flag} must be a rate between 0 and 1`)
    .transform(Number);

/** A positive number (events per second). */
export const positiveNumber = (flag: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${flag} must be a positive number`)
    .transform(Number)
    .refine((value) => value > 0, `${flag} must be a positive number`);

/** `YYYY-MM-DD` (UTC midnight) or an RFC 3339 timestamp, as epoch ms. */
export const instant = (flag: string) =>
  z
    .string()
    .refine(
      (text) =>
        /^\d{4}-\d{2}-\d{2}$/.test(text) ||
        z.iso.datetime({ offset: true }).safeParse(text).success,
      `${flag} must be a date (YYYY-MM-DD) or an RFC 3339 timestamp`,
    )
    .transform((text) => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text))
    .refine(Number.isFinite, `${flag} is not a real date`);

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A duration such as `90`, `90s`, `5m`, `1h`, `250ms` (bare numbers are seconds), as ms. */
export const duration = (flag: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?(ms|s|m|h)?$/, `${flag} must be a duration like 30s, 5m or 1h`)
    .transform((text) => {
      const unit = /(ms|s|m|h)$/.exec(text)?.[1] ?? 's';
      return Number.parseFloat(text) * (DURATION_UNITS[unit] as number);
    })
    .refine((ms) => ms > 0, `${flag} must be longer than zero`);

/** Parses raw commander options with a zod schema; the first problem becomes a {@link UsageError}. */
export function parseFlags<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(issue?.message ?? 'invalid options');
  }
  return parsed.data;
}
