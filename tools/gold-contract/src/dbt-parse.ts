/**
 * Runs `dbt parse` for the BigQuery target without a connection (explicit project, a dummy OAuth
 * token that is never sent) and returns the manifest's path. dbt's own parser reads the YAML, so
 * the page says what dbt understood, and the BigQuery target resolves each model's partitioning
 * and clustering as production has them.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, venvBin } from '../../../scripts/toolchain.mjs';

/** The dbt project the page documents. */
export const DBT_PROJECT_DIR = resolve(ROOT, 'dbt');

/** Parses the project into `workDir/target/manifest.json`; resolves with that path. */
export async function parseDbtProject(
  workDir: string,
  projectDir = DBT_PROJECT_DIR,
): Promise<string> {
  const dbt = venvBin('dbt', 'dbt');
  if (!existsSync(dbt)) {
    throw new Error(
      'the dbt virtual environment is missing: run `node scripts/setup.mjs --only venv:dbt`',
    );
  }
  const targetDir = join(workDir, 'target');
  const args = [
    'parse',
    '--project-dir',
    projectDir,
    '--profiles-dir',
    projectDir,
    '--target',
    'bigquery',
    '--target-path',
    targetDir,
    '--log-path',
    join(workDir, 'logs'),
    '--no-partial-parse',
  ];
  const child = spawn(dbt, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      BQ_PROJECT: 'salesflow-docs',
      BQ_AUTH_METHOD: 'oauth-secrets',
      BQ_OAUTH_TOKEN: 'never-sent',
      SALESFLOW_WAREHOUSE: join(workDir, 'unused.duckdb'),
      DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
      DBT_USE_COLORS: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number>((done, fail) => {
    child.once('error', fail);
    child.once('close', (exit) => done(exit ?? 1));
  });
  if (code !== 0) {
    const lines = Buffer.concat(output).toString('utf8').split('\n');
    const errors = lines.filter((line) => /error/i.test(line));
    throw new Error(
      `dbt parse failed (exit ${code}):\n${(errors.length > 0 ? errors : lines.slice(-20)).join('\n')}`,
    );
  }
  return join(targetDir, 'manifest.json');
}
