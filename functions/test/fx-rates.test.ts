import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEcbRates, EcbFormatError } from '../src/fx-rates/ecb-xml.js';
import { HttpRatesSource, RatesFetchError } from '../src/fx-rates/rates-source.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/ecb');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('ECB XML parsing', () => {
  it('reads every day and currency of the 90-day file, keeping rates as published', () => {
    const rates = parseEcbRates(fixture('eurofxref-hist-90d.xml'));
    expect(new Set(rates.map((r) => r.date)).size).toBe(63);
    expect(rates.length).toBe(63 * 29);
    const usd = rates.find((r) => r.date === '2026-11-20' && r.currency === 'USD');
    expect(usd?.rate).toBe('1.1563');
  });

  it.each(['eurofxref-daily-malformed.xml', 'eurofxref-daily-bad-rate.xml'])(
    'refuses %s as a whole',
    (name) => {
      expect(() => parseEcbRates(fixture(name))).toThrow(EcbFormatError);
    },
  );

  it('refuses a document that is not ECB rates', () => {
    expect(() =>
      parseEcbRates('<?xml version="1.0"?><html><body>maintenance</body></html>'),
    ).toThrow(/not an ECB/);
  });
});

describe('HttpRatesSource', () => {
  it('fetches the daily and 90-day files by their ECB names and reports HTTP errors', async () => {
    const paths: string[] = [];
    const ecb = createServer((request, response) => {
      paths.push(request.url ?? '');
      if (request.url === '/stats/eurofxref/eurofxref-daily.xml')
        response.end(fixture('eurofxref-daily.xml'));
      else {
        response.statusCode = 503;
        response.end('busy');
      }
    });
    await new Promise<void>((resolve) => ecb.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(ecb.address() as AddressInfo).port}/`;
    try {
      const http = new HttpRatesSource(`${url}stats/eurofxref`, 2_000);
      expect(parseEcbRates(await http.fetchXml('daily'))).toHaveLength(29);
      await expect(http.fetchXml('history90')).rejects.toThrow(RatesFetchError);
      expect(paths).toEqual([
        '/stats/eurofxref/eurofxref-daily.xml',
        '/stats/eurofxref/eurofxref-hist-90d.xml',
      ]);
    } finally {
      ecb.closeAllConnections();
      await new Promise((resolve) => ecb.close(resolve));
    }
  });
});
