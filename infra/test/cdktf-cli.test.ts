import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../../scripts/toolchain.mjs';
import { readStacks, type StackJson } from './support/synth.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = mkdtempSync(join(tmpdir(), 'salesflow-cdktf-out-'));
// An empty home: no gcloud application-default credentials, no cdktf or npm user config.
const home = mkdtempSync(join(tmpdir(), 'salesflow-cdktf-home-'));
let run: ReturnType<typeof spawnSync>;
let stacks: Map<string, StackJson>;

beforeAll(() => {
  run = spawnSync('npx', ['--no-install', 'cdktf', 'synth', '--output', outdir], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 280_000,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: home,
      SALESFLOW_CACHE_DIR: CACHE_DIR,
      CHECKPOINT_DISABLE: '1',
      CI: 'true',
    },
  });
  if (run.status === 0) stacks = readStacks(outdir);
}, 300_000);
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('npx cdktf synth from the repository root', () => {
  it('succeeds offline without credentials', () => {
    expect(run.status, `${String(run.stdout)}\n${String(run.stderr)}`.slice(-3000)).toBe(0);
  });

  it('writes five stacks for each environment', () => {
    expect([...stacks.keys()]).toEqual(
      ['dev', 'prod'].flatMap((env) =>
        ['foundation', 'ingestion', 'monitoring', 'orchestration', 'warehouse'].map(
          (p) => `${env}-${p}`,
        ),
      ),
    );
  });

  it('uploads the function zip built from the real sources under its content hash, with the file in the output', () => {
    const objects = Object.values(
      stacks.get('dev-ingestion')?.resource?.['google_storage_bucket_object'] ?? {},
    );
    const zip = objects.find((o) => String(o['name']).startsWith('functions/'));
    expect(zip?.['name']).toMatch(/^functions\/salesflow-functions-[0-9a-f]{16}\.zip$/);
    const source = join(outdir, 'stacks', 'dev-ingestion', String(zip?.['source']));
    expect(existsSync(source)).toBe(true);
    expect(readFileSync(source).subarray(0, 2).toString()).toBe('PK');
  });

  it('uploads the DAGs, the dbt project and its manifest to the prod Composer bucket', () => {
    const names = Object.values(
      stacks.get('prod-orchestration')?.resource?.['google_storage_bucket_object'] ?? {},
    ).map((o) => String(o['name']));
    expect(names).toContain('dags/sales_dbt_hourly.py');
    expect(names).toContain('data/dbt/dbt_project.yml');
    expect(names).toContain('data/dbt/target/manifest.json');
    expect(
      names.some(
        (name) => name.startsWith('data/dbt/target/') && name !== 'data/dbt/target/manifest.json',
      ),
    ).toBe(false);
  });
});
