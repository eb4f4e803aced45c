import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FxRateRow } from '@salesflow/contract';

/** One ECB reference rate: 1 EUR = `rate` units of `currency` on `date`. */
export interface EcbRate {
  date: string;
  currency: string;
  /** Decimal string exactly as published, so no precision is lost. */
  rate: string;
}

/** The ECB file could not be read as reference rates. */
export class EcbFormatError extends Error {
  override readonly name = 'EcbFormatError';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const RATE = /^\d+(\.\d+)?$/;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => name === 'Cube',
});

type Cube = { time?: string; currency?: string; rate?: string; Cube?: Cube[] };

/**
 * Parses an ECB euro foreign exchange reference rates file — the daily one or the 90-day history
 * (`<gesmes:Envelope><Cube><Cube time><Cube currency rate/>…`). Throws {@link EcbFormatError} on
 * malformed XML, a wrong document, or a bad date, currency or rate, so nothing half-read is written.
 */
export function parseEcbRates(xml: string): EcbRate[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new EcbFormatError(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const document = parser.parse(xml) as { Envelope?: { Cube?: Cube[] } };
  const outer = document.Envelope?.Cube?.[0];
  if (!document.Envelope || !outer)
    throw new EcbFormatError('not an ECB reference rates document (no Envelope/Cube)');
  const rates: EcbRate[] = [];
  for (const day of outer.Cube ?? []) {
    const date = day.time;
    if (typeof date !== 'string' || !DATE.test(date) || Number.isNaN(Date.parse(date))) {
      throw new EcbFormatError(`bad or missing time attribute: ${JSON.stringify(date)}`);
    }
    for (const quote of day.Cube ?? []) {
      const { currency, rate } = quote;
      if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
        throw new EcbFormatError(`${date}: bad currency ${JSON.stringify(currency)}`);
      }
      if (typeof rate !== 'string' || !RATE.test(rate) || Number(rate) <= 0) {
        throw new EcbFormatError(`${date} ${currency}: bad rate ${JSON.stringify(rate)}`);
      }
      rates.push({ date, currency, rate });
    }
  }
  if (rates.length === 0) throw new EcbFormatError('the file holds no rates');
  return rates;
}

/** Bronze rows for ECB rates (base EUR), plus the EUR/EUR identity rate of each day. */
export function toFxRateRows(rates: readonly EcbRate[], ingestedAt: string): FxRateRow[] {
  const days = new Set(rates.map((rate) => rate.date));
  const rows: FxRateRow[] = rates.map((rate) => ({
    rate_date: rate.date,
    base_currency: 'EUR',
    quote_currency: rate.currency,
    rate: rate.rate,
    source: 'ecb',
    ingested_at: ingestedAt,
  }));
  for (const day of days) {
    rows.push({
      rate_date: day,
      base_currency: 'EUR',
      quote_currency: 'EUR',
      rate: '1',
      source: 'ecb',
      ingested_at: ingestedAt,
    });
  }
  return rows;
}
