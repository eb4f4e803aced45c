import type { Logger } from '../logging/logger.js';
import type { BronzeSink } from '../sinks/port.js';
import { parseEcbRates, toFxRateRows } from './ecb-xml.js';
import type { RatesSource, RatesWindow } from './rates-source.js';

/** What `fxRates` needs from the outside world. */
export interface FxRatesPorts {
  source: RatesSource;
  sink: Pick<BronzeSink, 'writeFxRates'>;
  clock: () => Date;
  log: Logger;
}

/** What one run of `fxRates` wrote. */
export interface FxRatesResult {
  window: RatesWindow;
  /** Business days in the file, oldest first. */
  days: string[];
  rows: number;
}

/**
 * Loads ECB reference rates into `bronze.fx_rates`: fetch the file, parse all of it, then upsert —
 * so a malformed file writes nothing and a re-run of the same day replaces rather than doubles.
 * Days the ECB publishes no rates for (weekends, TARGET holidays) are simply absent; Silver carries
 * the last rate forward.
 */
export async function loadFxRates(
  window: RatesWindow,
  ports: FxRatesPorts,
): Promise<FxRatesResult> {
  const xml = await ports.source.fetchXml(window);
  const rates = parseEcbRates(xml);
  const rows = toFxRateRows(rates, ports.clock().toISOString());
  await ports.sink.writeFxRates(rows);
  const days = [...new Set(rates.map((rate) => rate.date))].sort();
  ports.log.log('INFO', 'fx rates loaded', {
    window,
    days: days.length,
    first: days[0],
    last: days.at(-1),
    rows: rows.length,
  });
  return { window, days, rows: rows.length };
}
