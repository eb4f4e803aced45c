import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { venvBin } from '../../scripts/toolchain.mjs';
import {
  readCheckovSkips,
  runCheckov,
  skippedChecks,
  stackOf,
  type CheckovResult,
} from '../src/checks/checkov.js';
import { CONFIGS, FIXTURE_ARTIFACTS } from './support/fixtures.js';
import { synthesizeEnvironments } from './support/synth.js';

const SKIP_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'checkov-skips.json');
const checkov = venvBin('checkov', 'checkov');
const outdir = mkdtempSync(join(tmpdir(), 'salesflow-checkov-'));
const skips = readCheckovSkips(SKIP_FILE);
const environments = ['dev', 'prod'] as const;
let result: CheckovResult;

beforeAll(() => {
  if (!existsSync(checkov))
    throw new Error('checkov is not installed: run node scripts/setup.mjs --only venv:checkov');
  synthesizeEnvironments(outdir, [CONFIGS.dev, CONFIGS.prod], FIXTURE_ARTIFACTS);
  result = runCheckov(checkov, join(outdir, 'stacks'));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const inEnv = (env: string) =>
  result.checks.filter((check) => stackOf(check).startsWith(`${env}-`));

describe('checkov over the synthesized Terraform JSON', () => {
  it('parses every stack', () => {
    expect(result.parsingErrors).toBe(0);
    const stacks = new Set(result.checks.map(stackOf));
    for (const env of environments) {
      for (const part of ['foundation', 'warehouse', 'ingestion'])
        expect(stacks).toContain(`${env}-${part}`);
    }
  });

  it.each(environments)('%s fails no check except those skipped with a reason', (env) => {
    const skipped = new Set(skippedChecks(skips, env));
    const checks = inEnv(env);
    expect(checks.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(20);
    const failures = checks.filter((c) => c.outcome === 'failed' && !skipped.has(c.checkId));
    expect(failures.map((f) => `${f.checkId} ${f.name} @ ${stackOf(f)} ${f.resource}`)).toEqual([]);
  });

  it.each(environments)('%s skips no check that passes anyway', (env) => {
    const failing = new Set(
      inEnv(env)
        .filter((c) => c.outcome === 'failed')
        .map((c) => c.checkId),
    );
    expect(skippedChecks(skips, env).filter((id) => !failing.has(id))).toEqual([]);
  });

  it('lists every skip once, with a reason', () => {
    const ids = skips.map((s) => s.check);
    expect(new Set(ids).size).toBe(ids.length);
    for (const skip of skips) expect(skip.reason.length).toBeGreaterThan(40);
  });
});
