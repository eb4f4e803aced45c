import { DuckDBInstance } from '@duckdb/node-api';

/** Runs one query on a DuckDB file (read-only, short session) and returns the rows as objects. */
export async function queryWarehouse(
  path: string,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
