import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@salesflow/local/function/function-process';
import { toPushRequest } from '@salesflow/local/bridge/push-request';
import { BigQueryRestFake } from '@salesflow/functions/test/fakes/bigquery-rest-fake';
import { validEvent } from '@salesflow/functions/test/support/corpus';
import { DEPLOY_NODE_VERSION, deployNodeBin } from '../../scripts/toolchain.mjs';
import { readComposerPackages } from '../src/artifacts/composer-packages.js';
import { collectFileSet } from '../src/artifacts/file-set.js';
import { buildFunctionSource } from '../src/artifacts/function-source.js';
import { locateUdf } from '../src/artifacts/udf.js';
import { FIXTURE_REPO } from './support/fixtures.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'salesflow-artifacts-test-'));
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** The names of a zip's entries, sorted. */
function zipEntries(zipPath: string): string[] {
  return spawnSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .sort();
}

/** One entry of a zip, as text. */
function zipEntry(zipPath: string, name: string): string {
  const read = spawnSync('unzip', ['-p', zipPath, name], { maxBuffer: 64 * 1024 * 1024 });
  if (read.status !== 0) throw new Error(`${name} is not in ${zipPath}`);
  return read.stdout.toString('utf8');
}

/**
 * Starts an unpacked, installed function archive the way the runtime does: the Functions
 * Framework's CLI from its own node_modules, on the given `node`, with LOG_EXECUTION_ID set as
 * Cloud Run functions set it.
 */
async function startZipFunction(
  dir: string,
  node: string,
  env: Record<string, string>,
): Promise<{ url: string; output: () => string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    node,
    [
      'node_modules/@google-cloud/functions-framework/build/src/main.js',
      '--target=ingestSales',
      '--source=.',
      `--port=${port}`,
    ],
    {
      cwd: dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        LOG_EXECUTION_ID: 'true',
        NODE_ENV: 'production',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const url = `http://127.0.0.1:${port}/`;
  for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
    if (child.exitCode !== null) throw new Error(`the function exited during start-up: ${output}`);
    if (Date.now() > deadline) throw new Error(`the function did not listen in time: ${output}`);
    try {
      await fetch(url, { method: 'GET' });
      break;
    } catch {
      // not listening yet
    }
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Unzips a function archive next to the repository's node_modules and lists what it registers. */
function registeredFunctions(
  zipPath: string,
  env: Record<string, string> = {},
): { names: string[]; manifest: Record<string, unknown> } {
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.salesflow-function-test-'));
  try {
    expect(spawnSync('unzip', ['-q', zipPath, '-d', dir]).status).toBe(0);
    const probe = [
      "const { getFunction } = await import('@google-cloud/functions-framework/testing');",
      "await import('./index.js');",
      "console.log(JSON.stringify(['ingestSales', 'fxRates'].filter((name) => typeof getFunction(name) === 'function')));",
    ].join('\n');
    writeFileSync(join(dir, 'probe.mjs'), probe);
    const run = spawnSync(process.execPath, ['probe.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    if (run.status !== 0) throw new Error(`loading the bundle failed: ${run.stderr}`);
    return {
      names: JSON.parse(run.stdout.trim().split('\n').pop() ?? '[]') as string[],
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
        string,
        unknown
      >,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('function source archive', () => {
  it('bundles the entry point into one ESM file that registers both functions', async () => {
    const built = await buildFunctionSource({
      functionsDir: join(FIXTURE_REPO, 'functions'),
      outDir: join(work, 'a'),
    });
    expect(built.objectName).toBe(`functions/salesflow-functions-${built.hash}.zip`);
    const { names, manifest } = registeredFunctions(built.path);
    expect(names).toEqual(['ingestSales', 'fxRates']);
    expect(manifest).toMatchObject({ type: 'module', main: 'index.js', version: '1.2.3' });
    // Only what the bundle imports at run time is installed: the fixture never imports DuckDB.
    expect(manifest['dependencies']).toEqual({ '@google-cloud/functions-framework': '^5.0.2' });
    expect(manifest['engines']).toEqual({ node: '22.x' });
  });

  it('pins the installed packages in a lock file cut from the workspace lock', async () => {
    const built = await buildFunctionSource({
      functionsDir: join(FIXTURE_REPO, 'functions'),
      outDir: join(work, 'lock'),
    });
    const lock = JSON.parse(zipEntry(built.path, 'package-lock.json')) as {
      lockfileVersion: number;
      packages: Record<string, { version?: string; integrity?: string; dependencies?: object }>;
    };
    const root = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; integrity?: string }>;
    };
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages['']).toMatchObject({
      dependencies: { '@google-cloud/functions-framework': '^5.0.2' },
      engines: { node: '22.x' },
    });
    const framework = 'node_modules/@google-cloud/functions-framework';
    expect(lock.packages[framework]?.version).toBe(root.packages[framework]?.version);
    expect(lock.packages['node_modules/express']).toBeDefined();
    // Every entry is the workspace's own, integrity included; nothing the framework does not reach.
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === '') continue;
      expect(entry.integrity, path).toBe(root.packages[path]?.integrity);
      expect(entry, path).not.toHaveProperty('dev');
    }
    expect(
      Object.keys(lock.packages).some((path) => /duckdb|bigquery|pubsub|vitest/.test(path)),
    ).toBe(false);
  });

  it('refuses an entry point that reaches a local-only package', async () => {
    const copy = join(work, 'local-only');
    cpSync(join(FIXTURE_REPO, 'functions'), copy, { recursive: true });
    writeFileSync(
      join(copy, 'src', 'greeting.ts'),
      "import { DuckDBInstance } from '@duckdb/node-api';\nexport const greeting = (name: string): string => `${typeof DuckDBInstance} ${name}`;\n",
    );
    await expect(
      buildFunctionSource({ functionsDir: copy, outDir: join(work, 'lo') }),
    ).rejects.toThrow(/reaches the local-only package @duckdb\/node-api/);
  });

  it('refuses a runtime it cannot target', async () => {
    await expect(
      buildFunctionSource({
        functionsDir: join(FIXTURE_REPO, 'functions'),
        outDir: join(work, 'py'),
        runtime: 'python312',
      }),
    ).rejects.toThrow(/unsupported function runtime "python312"/);
  });

  it('names the object by content: same sources, same name; changed sources, new name', async () => {
    const copy = join(work, 'copy');
    cpSync(join(FIXTURE_REPO, 'functions'), copy, { recursive: true });
    const lockFile = join(ROOT, 'package-lock.json');
    const first = await buildFunctionSource({
      functionsDir: copy,
      outDir: join(work, 'b'),
      lockFile,
    });
    const again = await buildFunctionSource({
      functionsDir: copy,
      outDir: join(work, 'c'),
      lockFile,
    });
    expect(again.objectName).toBe(first.objectName);
    expect(readFileSync(again.path).equals(readFileSync(first.path))).toBe(true);
    writeFileSync(
      join(copy, 'src', 'greeting.ts'),
      'export const greeting = (name: string): string => `hi ${name}`;\n',
    );
    const changed = await buildFunctionSource({
      functionsDir: copy,
      outDir: join(work, 'd'),
      lockFile,
    });
    expect(changed.objectName).not.toBe(first.objectName);
  });

  it('fails with a clear message when the function sources are missing', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty, { recursive: true });
    await expect(
      buildFunctionSource({ functionsDir: empty, outDir: join(work, 'e') }),
    ).rejects.toThrow(/function sources not found: .*src\/index\.ts is missing/);
  });
});

describe('the real functions archive', () => {
  let zipPath: string;
  beforeAll(async () => {
    zipPath = (
      await buildFunctionSource({
        functionsDir: join(ROOT, 'functions'),
        outDir: join(work, 'real'),
      })
    ).path;
  }, 120_000);

  it('registers both functions on the BigQuery configuration', () => {
    const { names, manifest } = registeredFunctions(zipPath, {
      BQ_PROJECT: 'salesflow-test',
      BQ_DATASET: 'bronze',
    });
    expect(names).toEqual(['ingestSales', 'fxRates']);
    expect(manifest['dependencies']).toEqual({
      '@google-cloud/functions-framework': expect.any(String) as string,
    });
  });

  it('holds only cloud code: no DuckDB, no local module', () => {
    expect(zipEntries(zipPath)).toEqual(['index.js', 'package-lock.json', 'package.json']);
    for (const name of zipEntries(zipPath)) {
      expect(zipEntry(zipPath, name).toLowerCase(), name).not.toContain('duckdb');
    }
    // esbuild heads each bundled module with a comment naming its source file.
    const modules = [...zipEntry(zipPath, 'index.js').matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].map(
      (match) => match[1]!,
    );
    const ours = modules.filter((path) => path.includes('functions/src/'));
    expect(
      ours.some((path) => path.endsWith('functions/src/sinks/bigquery/bigquery-sink.ts')),
    ).toBe(true);
    expect(modules.filter((path) => /(^|\/)local\/src\//.test(path))).toEqual([]);
  });

  it('installs with npm ci and serves ingestSales on the deployed Node.js major', async () => {
    const node = deployNodeBin();
    if (!existsSync(node)) {
      throw new Error(
        `Node.js ${DEPLOY_NODE_VERSION} is missing: run node scripts/setup.mjs --for test`,
      );
    }
    // Outside the repository, so nothing resolves from the workspace's node_modules.
    const dir = mkdtempSync(join(tmpdir(), 'salesflow-function-zip-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    expect(spawnSync('unzip', ['-q', zipPath, '-d', dir]).status).toBe(0);
    const install = spawnSync(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_engine_strict: 'false' } },
    );
    expect(install.status, install.stderr).toBe(0);

    const bigQuery = new BigQueryRestFake();
    await bigQuery.start();
    cleanups.push(() => bigQuery.stop());
    const fn = await startZipFunction(dir, node, {
      BQ_PROJECT: 'salesflow-test',
      BQ_DATASET: 'bronze',
      BIGQUERY_API_ENDPOINT: bigQuery.endpoint,
      SINK_BATCH_MAX_WAIT_MS: '5',
    });
    cleanups.push(() => fn.stop());
    expect(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^v22\./);

    const event = validEvent(1);
    const endpoint = `${fn.url}projects/salesflow-test/topics/sales-events`;
    const push = (id: string, data: Buffer) =>
      fetch(endpoint, {
        method: 'POST',
        ...toPushRequest(
          { id, data, attributes: { source: 'zip-test' }, publishTime: new Date() },
          {
            projectId: 'salesflow-test',
            topic: 'sales-events',
            subscription: 'sales-events-ingest',
          },
          1,
        ),
      });
    expect((await push('zip-1', Buffer.from(JSON.stringify(event)))).status).toBe(204);
    expect((await push('zip-2', Buffer.from('{"event_id": '))).status).toBe(204);

    expect(bigQuery.tables.get('sales_events')).toEqual([
      expect.objectContaining({ event_id: event['event_id'], message_id: 'zip-1' }),
    ]);
    expect(bigQuery.tables.get('sales_events_rejected')).toEqual([
      expect.objectContaining({ message_id: 'zip-2', error_reason: 'invalid_json' }),
    ]);
    const output = fn.output();
    expect(output).not.toMatch(/Failed to extract the topic/);
    // The runtime sets LOG_EXECUTION_ID: our JSON lines stay JSON and gain the execution id.
    const rejectedLine = output.split('\n').find((line) => line.includes('"message rejected"'));
    expect(JSON.parse(rejectedLine ?? '{}')).toMatchObject({
      severity: 'WARNING',
      'logging.googleapis.com/labels': { execution_id: expect.any(String) as string },
    });
  });

  it('stops at start-up with one line when a BigQuery setting is missing', () => {
    const node = deployNodeBin();
    const dir = mkdtempSync(join(ROOT, 'node_modules', '.salesflow-function-test-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    expect(spawnSync('unzip', ['-q', zipPath, '-d', dir]).status).toBe(0);
    const framework = join(
      ROOT,
      'node_modules/@google-cloud/functions-framework/build/src/main.js',
    );
    const run = spawnSync(
      existsSync(node) ? node : process.execPath,
      [framework, '--target=ingestSales', '--source=.', '--port=0'],
      { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', BQ_PROJECT: 'p' } },
    );
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      severity: 'ERROR',
      message: expect.stringMatching(
        /^invalid functions configuration: BQ_DATASET: is required/,
      ) as string,
    });
  });
});

describe('UDF, DAG and dbt files', () => {
  it('names the UDF by its content hash', () => {
    const udf = locateUdf({
      functionsDir: join(FIXTURE_REPO, 'functions'),
      repositoryRoot: FIXTURE_REPO,
    });
    expect(udf.objectName).toMatch(/^udf\/transform-[0-9a-f]{16}\.js$/);
  });

  it('explains how to build a missing UDF when there is no build script', () => {
    const dir = join(work, 'no-udf');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"x"}');
    expect(() => locateUdf({ functionsDir: dir, repositoryRoot: work })).toThrow(
      /no "build:udf" script/,
    );
  });

  it('collects DAG and dbt files, skipping build output', () => {
    const dbt = collectFileSet(join(FIXTURE_REPO, 'dbt'), {
      description: 'dbt project',
      skipDirectories: ['target'],
      include: () => true,
    });
    expect(dbt.files).toEqual(['dbt_project.yml', 'models/silver/example.sql']);
    expect(() =>
      collectFileSet(join(work, 'nothing'), {
        description: 'Airflow DAGs',
        skipDirectories: [],
        include: () => true,
      }),
    ).toThrow(/Airflow DAGs not found/);
  });
});

describe('Composer PyPI packages', () => {
  it('reads pinned requirements into pypi_packages', () => {
    expect(
      readComposerPackages(join(FIXTURE_REPO, 'composer', 'requirements-composer.txt')),
    ).toEqual({
      'astronomer-cosmos': '==1.10.1',
      'dbt-bigquery': '==1.9.1',
    });
  });

  it('rejects an unpinned or duplicated line with its line number', () => {
    const path = join(work, 'requirements.txt');
    writeFileSync(path, 'apache-airflow-providers-google==10.0.0\ndbt-core>=1.9\n');
    expect(() => readComposerPackages(path)).toThrow(
      /requirements\.txt:2: "dbt-core>=1\.9" is not pinned/,
    );
    writeFileSync(path, 'a==1\nA==2\n');
    expect(() => readComposerPackages(path)).toThrow(/:2: a is listed twice/);
  });
});
