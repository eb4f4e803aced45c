/** The real `salesflow dashboard` process: exit codes and one-line messages when it cannot work. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/salesflow.mjs', import.meta.url));
let dir: string;

function salesflow(args: readonly string[]): {
  code: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(process.execPath, [BIN, 'dashboard', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'salesflow-dashboard-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('salesflow dashboard (process)', () => {
  it('exits 2 with one line on a bad flag value', () => {
    const run = salesflow(['--reporting-currency', 'XYZ']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'salesflow: --reporting-currency must be an ISO 4217 code the contract knows (e.g. USD, EUR, JPY)\n',
    );
  });

  it('exits 1 with one line when the warehouse does not exist, and writes nothing', () => {
    const run = salesflow([
      '--warehouse',
      join(dir, 'missing.duckdb'),
      '--out',
      join(dir, 'out.html'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^salesflow: warehouse not found: .*missing\.duckdb \(build it with/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'out.html'))).toBe(false);
  });

  it('asks for a dbt build when the warehouse has no Gold', async () => {
    const path = join(dir, 'empty.duckdb');
    const instance = await DuckDBInstance.create(path);
    (await instance.connect()).closeSync();
    instance.closeSync();
    const run = salesflow(['--warehouse', path, '--out', join(dir, 'empty.html')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^salesflow: the warehouse has no gold\.fct_orders, .*: build Gold first \(dbt build\)\n$/,
    );
    expect(existsSync(join(dir, 'empty.html'))).toBe(false);
  });
});
