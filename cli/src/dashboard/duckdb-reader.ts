/** The DuckDB adapter of the SqlReader port: opens the local warehouse file read-only. */
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import type { SqlReader } from './sql-reader.js';

/** The warehouse file is missing, locked by a writer, or not a DuckDB database. */
export class WarehouseUnavailableError extends Error {
  override readonly name = 'WarehouseUnavailableError';
}

/**
 * Opens `path` in READ_ONLY mode, so the dashboard never changes the warehouse and can run next to
 * other readers. DuckDB still refuses while another process holds it open for writing.
 */
export async function openDuckDbReader(path: string): Promise<SqlReader> {
  if (!existsSync(path)) {
    throw new WarehouseUnavailableError(
      `warehouse not found: ${path} (build it with \`salesflow run\` or dbt build, or pass --warehouse)`,
    );
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  } catch (error) {
    throw new WarehouseUnavailableError(describeOpenFailure(path, error), { cause: error });
  }
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return {
    async all(sql: string): Promise<Record<string, unknown>[]> {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson();
    },
    close(): void {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function describeOpenFailure(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/lock/i.test(message)) {
    const holder = /PID (\d+)/.exec(message)?.[1];
    return `warehouse ${path} is locked by another process${holder ? ` (pid ${holder})` : ''}: try again when it has finished writing`;
  }
  return `cannot open warehouse ${path}: ${message.split('\n')[0] ?? 'unknown error'}`;
}
