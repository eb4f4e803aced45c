/**
 * ingestSales as it is deployed: the function archive the infra stack uploads (one esbuild bundle of
 * `functions/src/index.ts`, BigQuery sink only), served by the Functions Framework's own CLI on a
 * given `node`, with the environment the infra stack sets on the Cloud Run function — except that
 * BigQuery is a local stand-in (`BIGQUERY_API_ENDPOINT`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TOPOLOGY } from '@salesflow/contract';
import { freePort } from '@salesflow/local/function/function-process';
import { buildFunctionSource } from '../../infra/src/artifacts/function-source.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FRAMEWORK_MAIN = join(
  ROOT,
  'node_modules',
  '@google-cloud',
  'functions-framework',
  'build',
  'src',
  'main.js',
);

/** The project the function believes it runs in. */
export const BENCH_PROJECT = 'salesflow-bench';

/** An unpacked function archive; `remove` deletes it. */
export interface UnpackedArchive {
  readonly dir: string;
  remove(): void;
}

/**
 * Builds the deployable archive and unpacks it in a directory under the workspace's
 * `node_modules`, so its one external package, the Functions Framework, resolves to the version the
 * archive's lock file pins (the lock is cut from the workspace lock).
 */
export async function unpackDeployedArchive(): Promise<UnpackedArchive> {
  const out = mkdtempSync(join(tmpdir(), 'salesflow-bench-zip-'));
  try {
    const built = await buildFunctionSource({
      functionsDir: join(ROOT, 'functions'),
      outDir: out,
    });
    const dir = mkdtempSync(join(ROOT, 'node_modules', '.salesflow-bench-function-'));
    const unzip = spawnSync('unzip', ['-q', built.path, '-d', dir], { encoding: 'utf8' });
    if (unzip.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`unzip of the function archive failed: ${unzip.stderr || unzip.error}`);
    }
    return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A running deployed-form ingestSales. */
export interface DeployedFunction {
  readonly url: string;
  readonly pid: number;
  /** Bytes the process has written to stdout and stderr (what Cloud Logging would ingest). */
  outputBytes(): number;
  /** The last lines it wrote, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      answer(true);
    });
    socket.once('error', () => answer(false));
  });
}

/**
 * Starts ingestSales from an unpacked archive on `node`, writing Bronze to the BigQuery API at
 * `bigQueryEndpoint`. The environment is the one infra/src/stacks/ingestion/functions.ts deploys
 * (LOG_LEVEL info, LOG_EXECUTION_ID on, default micro-batch limits) plus NODE_ENV as the Node.js
 * buildpack sets it; no Node.js flags, as on Cloud Run.
 */
export async function startDeployedIngest(options: {
  node: string;
  archive: UnpackedArchive;
  bigQueryEndpoint: string;
}): Promise<DeployedFunction> {
  const port = await freePort();
  const child = spawn(
    options.node,
    [FRAMEWORK_MAIN, '--target=ingestSales', '--source=.', `--port=${port}`],
    {
      cwd: options.archive.dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        BRONZE_SINK: 'bigquery',
        BQ_PROJECT: BENCH_PROJECT,
        BQ_DATASET: TOPOLOGY.datasets.bronze,
        GOOGLE_CLOUD_PROJECT: BENCH_PROJECT,
        LOG_LEVEL: 'info',
        LOG_EXECUTION_ID: 'true',
        BIGQUERY_API_ENDPOINT: options.bigQueryEndpoint,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let bytes = 0;
  let recent = '';
  const collect = (chunk: Buffer): void => {
    bytes += chunk.length;
    recent = (recent + chunk.toString('utf8')).slice(-2_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const deadline = Date.now() + 60_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`ingestSales exited during start-up: ${recent}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`ingestSales did not listen on port ${port} within 60 s: ${recent}`);
    }
    await sleep(100);
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid ?? -1,
    outputBytes: () => bytes,
    tail: () => recent,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
