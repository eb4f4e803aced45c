import type { FxRateRow } from '@salesflow/contract';
import { hashString, hashUnit } from './random.js';
import { DAY_MS, isoDate } from './time.js';

/** Real-looking EUR reference rates the random walk reverts to (units of quote per 1 EUR). */
export const FX_BASE_RATES: Readonly<Record<string, number>> = Object.freeze({
  USD: 1.16,
  GBP: 0.875,
  JPY: 176.5,
  BRL: 6.21,
  INR: 102.8,
  AUD: 1.785,
  CAD: 1.625,
  MXN: 21.35,
  SEK: 10.98,
  CHF: 0.932,
});

/** Daily volatility of the log rate, roughly that of majors against EUR. */
const DAILY_VOLATILITY = 0.0045;
/** Pull back towards the base rate per day, so the walk stays near real levels for decades. */
const MEAN_REVERSION = 0.006;
/** The walk starts here; any later day is reached by stepping forward. */
const ANCHOR_DAY = Math.floor(Date.parse('2000-01-01T00:00:00Z') / DAY_MS);

/** Whether a UTC day number is Saturday or Sunday (the ECB publishes nothing then). */
export function isWeekend(day: number): boolean {
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
  return weekday === 0 || weekday === 6;
}

/**
 * A deterministic daily FX model, base EUR like the ECB: a mean-reverting random walk per currency,
 * published to 4 decimals on business days. Conversions use the latest published rate on or before
 * the day, exactly as the warehouse will.
 */
export class FxModel {
  readonly currencies: readonly string[];
  readonly #logDeviation = new Map<string, number[]>();

  constructor(readonly seed: number) {
    this.currencies = Object.keys(FX_BASE_RATES);
  }

  /** The published rate (quote per EUR) on a business day, rounded as published. */
  publishedRate(currency: string, day: number): number {
    if (currency === 'EUR') return 1;
    const base = FX_BASE_RATES[currency];
    if (base === undefined) throw new Error(`no FX model for currency ${currency}`);
    const raw = base * Math.exp(this.#deviation(currency, day));
    return Number(raw.toFixed(4));
  }

  /** The rate that applies on any day: that of the latest business day on or before it. */
  effectiveRate(currency: string, day: number): number {
    let businessDay = day;
    while (isWeekend(businessDay)) businessDay -= 1;
    return this.publishedRate(currency, businessDay);
  }

  /** Converts an amount between currencies at the effective rates of a day. */
  convert(amount: number, from: string, to: string, day: number): number {
    if (from === to) return amount;
    return (amount / this.effectiveRate(from, day)) * this.effectiveRate(to, day);
  }

  /** Bronze `fx_rates` rows for every business day in [fromDay, toDay] (from 2000 on), one per quote currency. */
  ratesFor(fromDay: number, toDay: number): FxRateRow[] {
    const rows: FxRateRow[] = [];
    for (let day = Math.max(fromDay, ANCHOR_DAY); day <= toDay; day += 1) {
      if (isWeekend(day)) continue;
      const rateDate = isoDate(day);
      // The ECB publishes around 16:00 CET; a fixed time keeps the output reproducible.
      const ingestedAt = `${rateDate}T15:00:00Z`;
      for (const currency of this.currencies) {
        rows.push({
          rate_date: rateDate,
          base_currency: 'EUR',
          quote_currency: currency,
          rate: this.publishedRate(currency, day).toFixed(4),
          source: 'generator',
          ingested_at: ingestedAt,
        });
      }
    }
    return rows;
  }

  #deviation(currency: string, day: number): number {
    if (day < ANCHOR_DAY) throw new Error(`no FX rates before ${isoDate(ANCHOR_DAY)}`);
    let walk = this.#logDeviation.get(currency);
    if (walk === undefined) {
      walk = [0];
      this.#logDeviation.set(currency, walk);
    }
    const index = day - ANCHOR_DAY;
    const salt = hashString(currency);
    for (let i = walk.length; i <= index; i += 1) {
      const u1 = 1 - hashUnit(this.seed, salt, i, 1);
      const u2 = hashUnit(this.seed, salt, i, 2);
      const shock = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      walk.push((walk[i - 1] as number) * (1 - MEAN_REVERSION) + DAILY_VOLATILITY * shock);
    }
    return walk[index] as number;
  }
}
