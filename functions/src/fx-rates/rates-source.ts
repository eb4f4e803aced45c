/** Which ECB file to read: today's rates, or the last 90 business days (backfill). */
export type RatesWindow = 'daily' | 'history90';

/** The port to the ECB reference-rates files. */
export interface RatesSource {
  /** The XML text of the requested file. Throws {@link RatesFetchError} when it cannot be had. */
  fetchXml(window: RatesWindow): Promise<string>;
}

/** The rates file could not be downloaded (network, HTTP status, timeout). */
export class RatesFetchError extends Error {
  override readonly name = 'RatesFetchError';
}

const FILES: Record<RatesWindow, string> = {
  daily: 'eurofxref-daily.xml',
  history90: 'eurofxref-hist-90d.xml',
};

/** Reads the ECB files over HTTPS (`<baseUrl>/eurofxref-daily.xml`, `.../eurofxref-hist-90d.xml`). */
export class HttpRatesSource implements RatesSource {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async fetchXml(window: RatesWindow): Promise<string> {
    const url = `${this.baseUrl}/${FILES[window]}`;
    let response: Response;
    try {
      response = await fetch(url, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'application/xml' },
      });
    } catch (error) {
      throw new RatesFetchError(`GET ${url} failed: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok)
      throw new RatesFetchError(`GET ${url} answered ${response.status} ${response.statusText}`);
    return response.text();
  }
}
