import { spawnSync } from 'node:child_process';
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
import { afterAll, describe, expect, it } from 'vitest';
import { readComposerPackages } from '../src/artifacts/composer-packages.js';
import { collectFileSet } from '../src/artifacts/file-set.js';
import { buildFunctionSource } from '../src/artifacts/function-source.js';
import { locateUdf } from '../src/artifacts/udf.js';
import { FIXTURE_REPO } from './support/fixtures.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'salesflow-artifacts-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

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
  });

  it('names the object by content: same sources, same name; changed sources, new name', async () => {
    const copy = join(work, 'copy');
    cpSync(join(FIXTURE_REPO, 'functions'), copy, { recursive: true });
    const first = await buildFunctionSource({ functionsDir: copy, outDir: join(work, 'b') });
    const again = await buildFunctionSource({ functionsDir: copy, outDir: join(work, 'c') });
    expect(again.objectName).toBe(first.objectName);
    expect(readFileSync(again.path).equals(readFileSync(first.path))).toBe(true);
    writeFileSync(
      join(copy, 'src', 'greeting.ts'),
      'export const greeting = (name: string): string => `hi ${name}`;\n',
    );
    const changed = await buildFunctionSource({ functionsDir: copy, outDir: join(work, 'd') });
    expect(changed.objectName).not.toBe(first.objectName);
  });

  it('fails with a clear message when the function sources are missing', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty, { recursive: true });
    await expect(
      buildFunctionSource({ functionsDir: empty, outDir: join(work, 'e') }),
    ).rejects.toThrow(/function sources not found: .*src\/index\.ts is missing/);
  });

  it.skipIf(!existsSync(join(ROOT, 'functions', 'src', 'index.ts')))(
    'bundles the real functions workspace',
    async () => {
      const built = await buildFunctionSource({
        functionsDir: join(ROOT, 'functions'),
        outDir: join(work, 'real'),
      });
      const { names, manifest } = registeredFunctions(built.path, {
        BRONZE_SINK: 'bigquery',
        BQ_PROJECT: 'salesflow-test',
      });
      expect(names).toEqual(['ingestSales', 'fxRates']);
      expect(Object.keys(manifest['dependencies'] as object)).toContain(
        '@google-cloud/functions-framework',
      );
    },
  );
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
