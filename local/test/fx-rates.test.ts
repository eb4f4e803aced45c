import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fxRatesHttpHandler } from '@salesflow/functions/fx-rates/http';
import {
  RatesFetchError,
  type RatesSource,
  type RatesWindow,
} from '@salesflow/functions/fx-rates/rates-source';
import { createMemoryLogger } from '@salesflow/functions/logging/logger';
import { DuckDbBronzeSink } from '../src/bronze/duckdb-sink.js';
import { queryWarehouse } from './support/duckdb-query.js';
import { listen } from './support/function-server.js';

/** The recorded ECB files live with the function that parses them. */
const FIXTURES = fileURLToPath(new URL('../../functions/test/fixtures/ecb/', import.meta.url));
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** A rates source serving recorded ECB files; which file each window returns can be switched. */
class RecordedRatesSource implements RatesSource {
  files: Record<RatesWindow, string> = {
    daily: 'eurofxref-daily.xml',
    history90: 'eurofxref-hist-90d.xml',
  };
  offline = false;
  async fetchXml(window: RatesWindow): Promise<string> {
    if (this.offline) throw new RatesFetchError('GET eurofxref failed: getaddrinfo ENOTFOUND');
    return fixture(this.files[window]);
  }
}

let dir: string;
let warehouse: string;
let sink: DuckDbBronzeSink;
let server: { url: string; stop: () => Promise<void> };
const source = new RecordedRatesSource();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'salesflow-fx-'));
  warehouse = join(dir, 'warehouse.duckdb');
  sink = await DuckDbBronzeSink.open({
    warehousePath: warehouse,
    batch: { maxRows: 100, maxWaitMs: 5 },
  });
  await sink.warehouseReady;
  functions.http(
    'fxRatesUnderTest',
    fxRatesHttpHandler({ source, sink, clock: () => new Date(), log: createMemoryLogger() }),
  );
  server = await listen(getTestServer('fxRatesUnderTest'));
});
afterAll(async () => {
  await server.stop();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (query = ''): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${server.url}${query}`, { method: 'POST' });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const counts = async () =>
  (
    await queryWarehouse(
      warehouse,
      'SELECT count(*)::INTEGER AS n, count(DISTINCT rate_date)::INTEGER AS days FROM bronze.fx_rates',
    )
  )[0];

describe('fxRates through the Functions Framework, landing in the local Bronze', () => {
  it('loads the daily file, with the EUR identity rate', async () => {
    const { status, body } = await call();
    expect(status).toBe(200);
    expect(body).toEqual({ window: 'daily', days: ['2026-11-20'], rows: 30 });
    const rows = await queryWarehouse(
      warehouse,
      `SELECT quote_currency, rate::VARCHAR AS rate FROM bronze.fx_rates WHERE quote_currency IN ('EUR', 'USD', 'JPY') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { quote_currency: 'EUR', rate: '1.000000000' },
      { quote_currency: 'JPY', rate: '183.090000000' },
      { quote_currency: 'USD', rate: '1.156300000' },
    ]);
  });

  it('does not double a day when it runs again', async () => {
    await call('?mode=daily');
    expect(await counts()).toEqual({ n: 30, days: 1 });
  });

  it('backfills 90 days idempotently, overlapping the daily load', async () => {
    const { status, body } = await call('?mode=backfill');
    expect(status).toBe(200);
    expect(body['rows']).toBe(63 * 30);
    await call('?mode=backfill');
    await call('?mode=daily');
    expect(await counts()).toEqual({ n: 63 * 30, days: 63 });
  });

  it('writes what there is when a business day is missing from the file', async () => {
    source.files.history90 = 'eurofxref-hist-90d-missing-day.xml';
    const { status, body } = await call('?mode=backfill');
    source.files.history90 = 'eurofxref-hist-90d.xml';
    expect(status).toBe(200);
    expect((body['days'] as string[]).length).toBe(62);
    expect(body['days']).not.toContain('2026-10-14');
    // The day loaded earlier stays; nothing is deleted because a later file lacks it.
    expect(await counts()).toEqual({ n: 63 * 30, days: 63 });
  });

  it('answers 502 and writes nothing for a malformed file', async () => {
    const before = await counts();
    source.files.daily = 'eurofxref-daily-malformed.xml';
    const { status, body } = await call();
    source.files.daily = 'eurofxref-daily.xml';
    expect(status).toBe(502);
    expect(body['error']).toMatch(/malformed XML/);
    expect(await counts()).toEqual(before);
  });

  it('answers 502 when the ECB cannot be reached, 400 for an unknown mode', async () => {
    source.offline = true;
    const offline = await call();
    source.offline = false;
    expect(offline.status).toBe(502);
    expect((await call('?mode=weekly')).status).toBe(400);
  });
});
