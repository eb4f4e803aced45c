import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { venvBin } from '../../scripts/toolchain.mjs';
import { readComposerPackages } from '../src/artifacts/composer-packages.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const IMAGE_DIR = join(ROOT, 'infra', 'images', 'dbt-runner');
const dockerfile = readFileSync(join(IMAGE_DIR, 'Dockerfile'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'salesflow-dbt-image-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The `RUN` instructions of the Dockerfile, continuation lines joined. */
function runInstructions(): string[] {
  return dockerfile
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .filter((line) => line.startsWith('RUN '))
    .map((line) => line.slice(4).trim());
}

describe('the dbt runner image (Cloud Run job orchestrator)', () => {
  it('installs the dbt versions Composer runs', () => {
    const composer = readComposerPackages(join(ROOT, 'composer', 'requirements-composer.txt'));
    const install = runInstructions().find((line) => line.startsWith('pip install'));
    const pins = Object.fromEntries(
      (install ?? '')
        .split(/\s+/)
        .slice(2)
        .map((pin) => pin.split('==') as [string, string]),
    );
    expect(pins).toEqual({
      'dbt-core': composer['dbt-core']?.slice(2),
      'dbt-bigquery': composer['dbt-bigquery']?.slice(2),
    });
  });

  it("parses the dbt project offline exactly as the image's build step does", () => {
    const step = runInstructions().find((line) => line.includes('dbt parse'));
    expect(step).toBeDefined();
    const project = join(scratch, 'app');
    cpSync(join(ROOT, 'dbt'), project, {
      recursive: true,
      filter: (source) => !/[/\\](target|logs|test)$/.test(source),
    });
    // The image's shell step, run with the repository's dbt (same dbt-bigquery adapter) on PATH.
    const result = spawnSync('/bin/sh', ['-c', step ?? 'false'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        PATH: `${dirname(venvBin('dbt', 'dbt'))}:${process.env['PATH'] ?? ''}`,
        HOME: scratch,
        DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
      },
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`.slice(-3000)).toBe(0);
  }, 300_000);

  it('is built by a Cloud Build config that logs to Cloud Logging (required with a build account)', () => {
    const config = readFileSync(join(IMAGE_DIR, 'cloudbuild.yaml'), 'utf8');
    expect(config).toMatch(/logging: CLOUD_LOGGING_ONLY/);
    expect(config).toContain('--file, infra/images/dbt-runner/Dockerfile');
  });
});
