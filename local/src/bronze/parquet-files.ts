import { open, rename, rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from './landing-layout.js';

/** Flushes a file (or directory) to stable storage. */
async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes the result of `select` to `target` as one Parquet file, atomically and durably: DuckDB
 * writes a `.partial` sibling (never matched by `*.parquet`), which is fsynced and then renamed into
 * place. A reader sees the whole file or nothing.
 */
export async function writeParquetAtomically(
  connection: DuckDBConnection,
  select: string,
  target: string,
  directory: string,
): Promise<void> {
  const partial = `${target}.partial`;
  try {
    await connection.run(
      `COPY (${select}) TO ${sqlString(partial)} (FORMAT parquet, COMPRESSION snappy)`,
    );
    await fsyncPath(partial);
    await rename(partial, target);
    await fsyncPath(directory);
  } catch (error) {
    // When the directory itself is gone or replaced, this cleanup fails too; the first error says why.
    await rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
}
