import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from './content-hash.js';
import type { BuiltFile } from './types.js';

export interface UdfOptions {
  /** The functions workspace; the UDF is built to `udf/dist/transform.js` inside it. */
  readonly functionsDir: string;
  /** Repository root, where `npm run build:udf -w @salesflow/functions` runs when the file is missing. */
  readonly repositoryRoot: string;
}

/** The built Dataflow UDF, building it first if needed; named by content hash for GCS. */
export function locateUdf(options: UdfOptions): BuiltFile {
  const path = join(options.functionsDir, 'udf', 'dist', 'transform.js');
  if (!existsSync(path)) buildUdf(options);
  if (!existsSync(path)) throw new Error(`the Dataflow UDF was not built: ${path} is missing`);
  const hash = contentHash(readFileSync(path));
  return { path, hash, objectName: `udf/transform-${hash}.js` };
}

function buildUdf(options: UdfOptions): void {
  const manifest = JSON.parse(readFileSync(join(options.functionsDir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (manifest.scripts?.['build:udf'] === undefined) {
    throw new Error(
      `the Dataflow UDF is not built and ${options.functionsDir}/package.json has no "build:udf" script to build it`,
    );
  }
  const result = spawnSync('npm', ['run', '--silent', 'build:udf', '-w', '@salesflow/functions'], {
    cwd: options.repositoryRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `npm run build:udf failed (exit ${result.status}): ${`${result.stderr}${result.stdout}`.trim().slice(-2000)}`,
    );
  }
}
