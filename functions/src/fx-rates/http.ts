import type { Request, Response } from '@google-cloud/functions-framework';
import { isTransient, SinkError } from '../sinks/port.js';
import { EcbFormatError } from './ecb-xml.js';
import { loadFxRates, type FxRatesPorts } from './handler.js';
import { RatesFetchError, type RatesWindow } from './rates-source.js';

const WINDOWS: Record<string, RatesWindow> = { daily: 'daily', backfill: 'history90' };

/**
 * The HTTP face of `fxRates` (Cloud Scheduler calls it): `?mode=daily` (default) or `?mode=backfill`
 * for the 90-day file. Answers 200 with what was written; 400 for a bad mode; 502 when the ECB file
 * is unavailable or malformed (nothing written); 503 when the warehouse is unavailable (retry).
 */
export function fxRatesHttpHandler(ports: FxRatesPorts) {
  return async (request: Request, response: Response): Promise<void> => {
    const mode = typeof request.query['mode'] === 'string' ? request.query['mode'] : 'daily';
    const window = WINDOWS[mode];
    if (!window) {
      response.status(400).json({ error: `unknown mode "${mode}"; use daily or backfill` });
      return;
    }
    try {
      response.status(200).json(await loadFxRates(window, ports));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const status =
        error instanceof RatesFetchError || error instanceof EcbFormatError
          ? 502
          : error instanceof SinkError && !isTransient(error)
            ? 500
            : 503;
      ports.log.log('ERROR', 'fx rates load failed', { mode, error: message, status });
      response.status(status).json({ error: message });
    }
  };
}
