import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  PRODUCT_BRONZE_TABLES,
  TOPOLOGY,
  duckDbDdl,
  type TableDefinition,
} from '@salesflow/contract';
import { isLockConflict } from './errors.js';
import { sqlIdentifier, sqlString, type LandingLayout } from './landing-layout.js';

/** How long to keep trying when another process (dbt, a notebook) holds the warehouse file. */
export interface LockRetry {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_LOCK_RETRY: LockRetry = { attempts: 40, initialDelayMs: 50, maxDelayMs: 2_000 };

/** The view that exposes a table's landing files, e.g. `bronze.sales_events`. */
export function bronzeViewSql(table: TableDefinition, layout: LandingLayout): string {
  const glob = sqlString(layout.tableGlob(table));
  return (
    `CREATE OR REPLACE VIEW ${table.dataset}.${sqlIdentifier(table.name)} AS ` +
    `SELECT * FROM read_parquet(${glob}, union_by_name = true)`
  );
}

/**
 * Opens the warehouse file for one short session and runs `work` in it, retrying while another
 * process holds DuckDB's single-writer lock. The file is closed again straight after, so dbt can
 * open it in between.
 */
export async function withWarehouse<T>(
  warehousePath: string,
  work: (run: (sql: string) => Promise<void>) => Promise<T>,
  retry: LockRetry = DEFAULT_LOCK_RETRY,
): Promise<T> {
  await mkdir(dirname(warehousePath), { recursive: true });
  let delay = retry.initialDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(warehousePath);
    } catch (error) {
      if (!isLockConflict(error) || attempt >= retry.attempts) throw error;
      await sleep(delay);
      delay = Math.min(delay * 2, retry.maxDelayMs);
      continue;
    }
    const connection = await instance.connect();
    try {
      return await work(async (sql) => {
        await connection.run(sql);
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
}

/**
 * Creates the warehouse schemas (bronze, silver, snapshots, gold), one Bronze view per table over
 * its landing files, and — as the warehouse stack does on BigQuery — the Bronze tables whose
 * layout a Google product dictates (the Dataflow dead-letter table, the BigQuery subscription's
 * landing table), empty: nothing writes them locally, and dbt only reads Bronze. Idempotent.
 */
export async function ensureWarehouse(
  warehousePath: string,
  layout: LandingLayout,
  tables: readonly TableDefinition[],
  retry?: LockRetry,
): Promise<void> {
  await withWarehouse(
    warehousePath,
    async (run) => {
      for (const schema of Object.values(TOPOLOGY.datasets))
        await run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      for (const table of tables) await run(bronzeViewSql(table, layout));
      for (const table of PRODUCT_BRONZE_TABLES) await run(duckDbDdl(table));
    },
    retry,
  );
}
