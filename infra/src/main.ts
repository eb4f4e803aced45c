import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'cdktf';
import { ROOT, venvBin } from '../../scripts/toolchain.mjs';
import { addEnvironment } from './app.js';
import { buildRepositoryArtifacts } from './artifacts/repository.js';
import { checkDeployable } from './config/deployable.js';
import type { EnvironmentConfig } from './config/schema.js';

// The CDKTF app: `npx cdktf synth` (or deploy) runs this. Every environment is synthesized; see
// docs/deploy.md for which stacks to deploy when.
const environments = await loadEnvironments();
const checks = environments.map((config) => checkDeployable(config, new Date()));
for (const warning of checks.flatMap((check) => check.warnings))
  process.stderr.write(`warning: ${warning}\n`);
const problems = checks.flatMap((check) => check.problems);
if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  process.exit(1);
}

const workDir = mkdtempSync(join(tmpdir(), 'salesflow-artifacts-'));
try {
  const artifacts = await buildRepositoryArtifacts(ROOT, workDir, venvBin('dbt', 'dbt'));
  const app = new App();
  for (const config of environments) addEnvironment(app, config, artifacts);
  // Synthesis copies every uploaded file into the output directory, so the work dir can go.
  app.synth();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

/**
 * The environments to synthesize: `infra/config/index.ts`, or the module `SALESFLOW_CONFIG` names
 * (a site's own settings kept outside the repository); either exports `ENVIRONMENTS`.
 */
async function loadEnvironments(): Promise<readonly EnvironmentConfig[]> {
  const override = process.env['SALESFLOW_CONFIG'];
  const url = override
    ? pathToFileURL(resolve(override)).href
    : new URL('../config/index.js', import.meta.url).href;
  const module = (await import(url)) as { ENVIRONMENTS?: readonly EnvironmentConfig[] };
  if (!Array.isArray(module.ENVIRONMENTS)) {
    throw new Error(`${override ?? 'infra/config/index.ts'} does not export ENVIRONMENTS`);
  }
  return module.ENVIRONMENTS;
}
