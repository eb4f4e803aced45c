/**
 * Writes Bronze into a DuckDB warehouse file exactly as the contract lays it out: tables created
 * with the contract's DDL, rows bulk-loaded through NDJSON files and `read_json` (fast enough for
 * a million events).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  BRONZE_TABLES,
  duckDbDdl,
  type BronzeRejectedRow,
  type FxRateRow,
  type SubscriptionLandingRow,
} from '@salesflow/contract';
import type { LandedEvent, SalesHistory, SalesHistoryStream } from './sales-history.js';

/** Opens the warehouse, runs `work`, and closes it again (DuckDB allows one writer process). */
export async function withWarehouse<T>(path: string, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Creates the Bronze schema and tables (idempotent). */
export async function createBronze(connection: DuckDBConnection): Promise<void> {
  await connection.run('CREATE SCHEMA IF NOT EXISTS bronze');
  for (const table of BRONZE_TABLES) await connection.run(duckDbDdl(table));
}

/** Bronze rows to append: the ingest function's (landed, rejected), FX rates, and the BigQuery subscription's. */
export type BronzeRows = Partial<SalesHistory | SalesHistoryStream> & {
  readonly subscription?: readonly SubscriptionLandingRow[];
};

/** Appends landed events, FX rates, rejected messages and subscription rows to Bronze. */
export async function loadBronze(path: string, history: BronzeRows): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'salesflow-bronze-'));
  try {
    await withWarehouse(path, async (connection) => {
      await createBronze(connection);
      if (history.landed) await loadEvents(connection, scratch, history.landed);
      if (history.fxRates?.length) await loadFxRates(connection, scratch, history.fxRates);
      if (history.rejected?.length) await loadRejected(connection, scratch, history.rejected);
      if (history.subscription?.length) await loadSubscription(connection, scratch, history.subscription);
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writeNdjson<T>(file: string, rows: Iterable<T>, toLine: (row: T) => unknown): Promise<void> {
  const stream = createWriteStream(file);
  for (const row of rows) {
    if (!stream.write(`${JSON.stringify(toLine(row))}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

async function loadEvents(connection: DuckDBConnection, scratch: string, landed: Iterable<LandedEvent>): Promise<void> {
  const file = join(scratch, 'sales_events.ndjson');
  await writeNdjson(file, landed, (row) => ({
    event_id: row.event.event_id,
    event_type: row.event.event_type,
    event_time: row.event.event_time,
    schema_version: row.event.schema_version,
    payload: row.event,
    message_id: row.messageId,
    publish_time: new Date(row.ingestedAt.getTime() - 500).toISOString(),
    attributes: { event_type: row.event.event_type, schema_version: '1', event_time: row.event.event_time, source: 'test' },
    ingested_at: row.ingestedAt.toISOString(),
    ingest_path: row.ingestPath,
  }));
  await connection.run(`
    INSERT INTO bronze.sales_events
    SELECT event_id, event_type, CAST(event_time AS TIMESTAMPTZ), schema_version, payload, message_id,
           CAST(publish_time AS TIMESTAMPTZ), attributes, CAST(ingested_at AS TIMESTAMPTZ), ingest_path
    FROM read_json(${sqlText(file)}, format = 'newline_delimited', columns = {
      event_id: 'VARCHAR', event_type: 'VARCHAR', event_time: 'VARCHAR', schema_version: 'BIGINT',
      payload: 'JSON', message_id: 'VARCHAR', publish_time: 'VARCHAR', attributes: 'JSON',
      ingested_at: 'VARCHAR', ingest_path: 'VARCHAR'
    })`);
}

async function loadFxRates(connection: DuckDBConnection, scratch: string, rows: readonly FxRateRow[]): Promise<void> {
  const file = join(scratch, 'fx_rates.ndjson');
  await writeNdjson(file, rows, (row) => row);
  await connection.run(`
    INSERT INTO bronze.fx_rates
    SELECT CAST(rate_date AS DATE), base_currency, quote_currency, CAST(rate AS DECIMAL(38, 9)), source,
           CAST(ingested_at AS TIMESTAMPTZ)
    FROM read_json(${sqlText(file)}, format = 'newline_delimited', columns = {
      rate_date: 'VARCHAR', base_currency: 'VARCHAR', quote_currency: 'VARCHAR', rate: 'VARCHAR',
      source: 'VARCHAR', ingested_at: 'VARCHAR'
    })`);
}

async function loadRejected(connection: DuckDBConnection, scratch: string, rows: readonly BronzeRejectedRow[]): Promise<void> {
  const file = join(scratch, 'rejected.ndjson');
  await writeNdjson(file, rows, (row) => row);
  await connection.run(`
    INSERT INTO bronze.sales_events_rejected
    SELECT from_base64(raw_data), error_reason, CAST(error_details AS JSON), message_id,
           CAST(publish_time AS TIMESTAMPTZ), CAST(attributes AS JSON), CAST(ingested_at AS TIMESTAMPTZ), ingest_path
    FROM read_json(${sqlText(file)}, format = 'newline_delimited', columns = {
      raw_data: 'VARCHAR', error_reason: 'VARCHAR', error_details: 'VARCHAR', message_id: 'VARCHAR',
      publish_time: 'VARCHAR', attributes: 'VARCHAR', ingested_at: 'VARCHAR', ingest_path: 'VARCHAR'
    })`);
}

/** Rows as the Pub/Sub BigQuery subscription writes them (`data` base64, as BigQuery's JSON API carries BYTES). */
async function loadSubscription(
  connection: DuckDBConnection,
  scratch: string,
  rows: readonly SubscriptionLandingRow[],
): Promise<void> {
  const file = join(scratch, 'subscription.ndjson');
  await writeNdjson(file, rows, (row) => row);
  await connection.run(`
    INSERT INTO bronze.sales_events_subscription
    SELECT subscription_name, message_id, CAST(publish_time AS TIMESTAMPTZ), from_base64(data), CAST(attributes AS JSON)
    FROM read_json(${sqlText(file)}, format = 'newline_delimited', columns = {
      subscription_name: 'VARCHAR', message_id: 'VARCHAR', publish_time: 'VARCHAR', data: 'VARCHAR', attributes: 'VARCHAR'
    })`);
}

/** Runs a query and returns its rows as plain JSON values (BIGINT and DECIMAL as strings). */
export async function query(path: string, sql: string): Promise<Record<string, unknown>[]> {
  return withWarehouse(path, async (connection) => (await connection.runAndReadAll(sql)).getRowObjectsJson());
}
