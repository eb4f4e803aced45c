import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LandingLayout } from '@salesflow/local/bronze/landing-layout';

/** True when `path` starts like a DuckDB database file ("DUCK" magic at byte 8). */
function isDuckDbFile(path: string): boolean {
  const header = Buffer.alloc(12);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 12, 0);
  } finally {
    closeSync(fd);
  }
  return header.subarray(8, 12).toString('latin1') === 'DUCK';
}

/**
 * Clears a warehouse for a fresh run: the DuckDB file, its WAL, its Bronze landing files and the
 * dbt artefacts beside it. Refuses to delete a file that is not a DuckDB database.
 */
export function resetWarehouse(warehouse: string): void {
  const path = resolve(warehouse);
  if (existsSync(path) && !isDuckDbFile(path)) {
    throw new Error(
      `--warehouse ${warehouse} exists and is not a DuckDB file; refusing to replace it`,
    );
  }
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  rmSync(new LandingLayout(path).root, { recursive: true, force: true });
  rmSync(join(dirname(path), 'dbt', 'target'), { recursive: true, force: true });
}
