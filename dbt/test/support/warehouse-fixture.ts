/** A throw-away warehouse directory per test suite: a DuckDB file and a dbt runner bound to it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DbtRunner } from './dbt-runner.js';

export interface WarehouseFixture {
  readonly dir: string;
  readonly warehouse: string;
  readonly dbt: DbtRunner;
  dispose(): Promise<void>;
}

/** Creates a fresh directory holding `warehouse.duckdb` and dbt's target/logs. */
export async function createWarehouseFixture(name: string): Promise<WarehouseFixture> {
  const dir = await mkdtemp(join(tmpdir(), `salesflow-dbt-${name}-`));
  const warehouse = join(dir, 'warehouse.duckdb');
  return {
    dir,
    warehouse,
    dbt: new DbtRunner({ warehouse, workDir: join(dir, 'dbt') }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
