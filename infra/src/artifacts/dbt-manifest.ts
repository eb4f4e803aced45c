import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from './content-hash.js';
import type { BuiltFile } from './types.js';

export interface DbtManifestOptions {
  /** The dbt executable (of the dbt virtualenv). */
  readonly dbtBin: string;
  readonly projectDir: string;
  /** GCP project and BigQuery location the `bigquery` target of profiles.yml reads. */
  readonly project: string;
  readonly location: string;
  readonly outDir: string;
}

/**
 * Runs `dbt parse` for the `bigquery` target of one project (no connection needed) and returns the
 * manifest the Composer DAGs render their task graph from. Run metadata (timestamps, invocation
 * id) is fixed so that an unchanged project yields an unchanged file and no needless upload.
 */
export function buildDbtManifest(options: DbtManifestOptions): BuiltFile {
  if (!existsSync(options.dbtBin)) {
    throw new Error(
      `dbt is not installed at ${options.dbtBin}: run node scripts/setup.mjs --only venv:dbt`,
    );
  }
  const targetDir = join(options.outDir, `dbt-${options.project}`);
  mkdirSync(targetDir, { recursive: true });
  const args = [
    'parse',
    '--project-dir',
    options.projectDir,
    '--profiles-dir',
    options.projectDir,
    '--target',
    'bigquery',
  ];
  const run = spawnSync(
    options.dbtBin,
    [
      ...args,
      '--target-path',
      targetDir,
      '--log-path',
      join(targetDir, 'logs'),
      '--no-partial-parse',
      '--quiet',
    ],
    {
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        BQ_PROJECT: options.project,
        BQ_LOCATION: options.location,
        DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
      },
    },
  );
  if (run.status !== 0) {
    throw new Error(
      `dbt parse failed for ${options.project} (exit ${run.status}): ${`${run.stdout}${run.stderr}`.trim().slice(-2000)}`,
    );
  }
  const path = join(targetDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { metadata?: Record<string, unknown> };
  if (manifest.metadata) {
    manifest.metadata['generated_at'] = '1970-01-01T00:00:00Z';
    manifest.metadata['invocation_id'] = '00000000-0000-0000-0000-000000000000';
    delete manifest.metadata['invocation_started_at'];
  }
  const text = JSON.stringify(manifest);
  writeFileSync(path, text);
  const hash = contentHash(Buffer.from(text));
  return { path, hash, objectName: 'data/dbt/target/manifest.json' };
}
