import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRODUCT_BRONZE_TABLES, type FxRateRow } from '@salesflow/contract';
import { DuckDbBronzeSink } from '../src/bronze/duckdb-sink.js';
import { PermanentSinkError } from '@salesflow/functions/sinks/port';
import { INVALID_KINDS } from '@salesflow/functions/test/support/corpus';
import { queryWarehouse } from './support/duckdb-query.js';
import { eventRow, rejectedRow } from '@salesflow/functions/test/support/rows';

const HERE = dirname(fileURLToPath(import.meta.url));
const TSX = resolve(HERE, '../../node_modules/.bin/tsx');

let dir: string;
let warehouse: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'salesflow-duckdb-sink-'));
  warehouse = join(dir, 'warehouse.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (maxWaitMs = 5) =>
  DuckDbBronzeSink.open({ warehousePath: warehouse, batch: { maxRows: 500, maxWaitMs } });

describe('DuckDB Bronze sink (Parquet landing + warehouse views)', () => {
  it('lands events and rejections with Bronze types, readable through the warehouse views', async () => {
    const sink = await open();
    const rows = Array.from({ length: 25 }, (_, index) => eventRow(index));
    const nonUtf8 = INVALID_KINDS['non_utf8']!();
    await Promise.all([
      ...rows.map((row) => sink.writeEvents([row])),
      sink.writeRejected([rejectedRow(nonUtf8, 'bad-1')]),
    ]);
    await sink.close();

    const [types] = await queryWarehouse(
      warehouse,
      `SELECT typeof(event_time) AS t, typeof(payload) AS p, typeof(schema_version) AS v, typeof(attributes) AS a,
              count(*)::INTEGER AS n, count(DISTINCT event_id)::INTEGER AS ids FROM bronze.sales_events GROUP BY ALL`,
    );
    expect(types).toEqual({
      t: 'TIMESTAMP WITH TIME ZONE',
      p: 'JSON',
      v: 'BIGINT',
      a: 'JSON',
      n: 25,
      ids: 25,
    });
    const [first] = await queryWarehouse(
      warehouse,
      `SELECT payload->>'event_id' AS payload_id, attributes->>'source' AS source, ingest_path
       FROM bronze.sales_events WHERE event_id = '${rows[3]!.event_id}'`,
    );
    expect(first).toEqual({
      payload_id: rows[3]!.event_id,
      source: 'test',
      ingest_path: 'function',
    });
    const [rejected] = await queryWarehouse(
      warehouse,
      `SELECT typeof(raw_data) AS t, to_base64(raw_data) AS raw, error_reason, message_id FROM bronze.sales_events_rejected`,
    );
    expect(rejected).toEqual({
      t: 'BLOB',
      raw: nonUtf8.toString('base64'),
      error_reason: 'invalid_encoding',
      message_id: 'bad-1',
    });
  });

  it('creates the product-dictated Bronze tables empty, with the contract layout, as the warehouse stack does', async () => {
    const sink = await open();
    await sink.close();
    for (const table of PRODUCT_BRONZE_TABLES) {
      const columns = await queryWarehouse(
        warehouse,
        `SELECT column_name, is_nullable FROM information_schema.columns
         WHERE table_schema = 'bronze' AND table_name = '${table.name}' ORDER BY ordinal_position`,
      );
      expect(columns, table.name).toEqual(
        table.columns.map((column) => ({
          column_name: column.name,
          is_nullable: column.mode === 'REQUIRED' ? 'NO' : 'YES',
        })),
      );
      const [rows] = await queryWarehouse(
        warehouse,
        `SELECT count(*)::INTEGER AS n FROM bronze.${table.name}`,
      );
      expect(rows).toEqual({ n: 0 });
    }
  });

  it('groups concurrent writes into few files (group commit)', async () => {
    const sink = await open(20);
    await Promise.all(
      Array.from({ length: 300 }, (_, index) => sink.writeEvents([eventRow(index)])),
    );
    await sink.close();
    const files = readdirSync(join(dir, 'warehouse.bronze', 'sales_events')).filter((f) =>
      f.endsWith('.parquet'),
    );
    // One zero-row schema file plus a handful of batches, far fewer than 300.
    expect(files.length).toBeLessThan(20);
    const [count] = await queryWarehouse(
      warehouse,
      'SELECT count(*)::INTEGER AS n FROM bronze.sales_events',
    );
    expect(count).toEqual({ n: 300 });
  });

  it('refuses only the rows with bad values, permanently, and stores the rest of their batch', async () => {
    const sink = await open(20);
    const good = eventRow(1);
    const badTime = { ...eventRow(2), event_time: 'yesterday-ish' };
    const badJson = { ...eventRow(3), payload: '{not json' };
    const missing = { ...eventRow(4), event_id: null as unknown as string };
    const outcomes = await Promise.allSettled(
      [good, badTime, badJson, missing].map((row) => sink.writeEvents([row])),
    );
    await sink.close();
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
    ]);
    for (const outcome of outcomes.slice(1)) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PermanentSinkError);
    }
    const ids = await queryWarehouse(warehouse, 'SELECT event_id FROM bronze.sales_events');
    expect(ids).toEqual([{ event_id: good.event_id }]);
  });

  it('upserts FX rates: a re-run of the same day replaces, never doubles', async () => {
    const rate = (
      date: string,
      quote: string,
      value: string,
      at = '2026-11-20T16:00:00Z',
    ): FxRateRow => ({
      rate_date: date,
      base_currency: 'EUR',
      quote_currency: quote,
      rate: value,
      source: 'ecb',
      ingested_at: at,
    });
    const sink = await open();
    await sink.writeFxRates([
      rate('2026-11-19', 'USD', '1.0512'),
      rate('2026-11-20', 'USD', '1.0534'),
      rate('2026-11-20', 'JPY', '162.85'),
    ]);
    await sink.writeFxRates([
      rate('2026-11-20', 'USD', '1.0540', '2026-11-20T17:00:00Z'),
      rate('2026-11-20', 'GBP', '0.8321'),
    ]);
    await sink.writeFxRates([rate('2026-11-20', 'USD', '1.0540', '2026-11-20T17:00:00Z')]);
    await expect(sink.writeFxRates([rate('../../etc', 'USD', '1')])).rejects.toBeInstanceOf(
      PermanentSinkError,
    );
    await sink.close();
    const rows = await queryWarehouse(
      warehouse,
      `SELECT rate_date::VARCHAR AS d, quote_currency AS q, rate::VARCHAR AS r, typeof(rate) AS t
       FROM bronze.fx_rates ORDER BY d, q`,
    );
    expect(rows).toEqual([
      { d: '2026-11-19', q: 'USD', r: '1.051200000', t: 'DECIMAL(38,9)' },
      { d: '2026-11-20', q: 'GBP', r: '0.832100000', t: 'DECIMAL(38,9)' },
      { d: '2026-11-20', q: 'JPY', r: '162.850000000', t: 'DECIMAL(38,9)' },
      { d: '2026-11-20', q: 'USD', r: '1.054000000', t: 'DECIMAL(38,9)' },
    ]);
  });

  it('keeps landing while another process holds the warehouse file (as dbt does), which sees the rows arrive', async () => {
    const sink = await open();
    await sink.warehouseReady;
    const reader = spawn(TSX, [join(HERE, 'support/warehouse-reader.ts'), warehouse, '4000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const counts: number[] = [];
    const lines = createInterface({ input: reader.stdout });
    const ready = new Promise<void>((resolveReady) =>
      lines.on('line', (line) => {
        const message = JSON.parse(line) as { ready?: boolean; count?: number };
        if (message.ready) resolveReady();
        if (message.count !== undefined) counts.push(message.count);
      }),
    );
    const exited = new Promise<number | null>((resolveExit) => reader.once('exit', resolveExit));
    await ready;
    let written = 0;
    for (let round = 0; round < 20; round += 1) {
      await Promise.all(Array.from({ length: 50 }, () => sink.writeEvents([eventRow(written++)])));
      await new Promise((r) => setTimeout(r, 100));
    }
    // A second sink opening now must not fail although the warehouse is locked: views are retried in the background.
    const second = await DuckDbBronzeSink.open({
      warehousePath: warehouse,
      batch: { maxRows: 10, maxWaitMs: 5 },
      lockRetry: { attempts: 200, initialDelayMs: 20, maxDelayMs: 100 },
    });
    await second.writeEvents([eventRow(9999)]);
    expect(await exited).toBe(0);
    await Promise.all([sink.close(), second.close()]);

    expect(counts.length).toBeGreaterThan(5);
    expect(counts.at(-1)).toBeGreaterThan(counts[0]!);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    const [total] = await queryWarehouse(
      warehouse,
      'SELECT count(*)::INTEGER AS n FROM bronze.sales_events',
    );
    expect(total).toEqual({ n: written + 1 });
  });
});
