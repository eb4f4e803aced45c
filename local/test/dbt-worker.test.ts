import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { runDbt, type DbtContext } from '../src/dbt/runner.js';
import { DbtWorker } from '../src/dbt/worker.js';
import { queryWarehouse } from './support/duckdb-query.js';
import { children, isDbtWorker, isRunning } from './support/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'salesflow-dbt-worker-'));
const pids: number[] = [];
const worker = new DbtWorker({ onStart: (pid) => pids.push(pid) });
afterAll(async () => {
  await worker.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The children of worker `pid` that run a command (dbt starts helper processes of its own). */
function commandsOf(pid: number): number[] {
  return children(pid).filter(isDbtWorker);
}

function warehouseIn(name: string): string {
  mkdirSync(join(dir, name), { recursive: true });
  return join(dir, name, 'warehouse.duckdb');
}

function context(warehouse: string, extra: Partial<DbtContext> = {}): DbtContext {
  return { warehouse, vars: { reporting_currency: 'USD' }, worker, ...extra };
}

async function seededCurrencies(warehouse: string): Promise<number> {
  const [row] = await queryWarehouse(warehouse, 'select count(*) as n from silver.iso_currencies');
  return Number(row?.['n']);
}

/** A one-model dbt project of its own (`name`), and a build of it in the worker. */
function probeProject(name: string) {
  const project = join(dir, name);
  mkdirSync(join(project, 'models'), { recursive: true });
  writeFileSync(
    join(project, 'dbt_project.yml'),
    'name: probe\nversion: "1.0.0"\nconfig-version: 2\nprofile: probe\nvars: { answer: 1 }\n',
  );
  writeFileSync(
    join(project, 'profiles.yml'),
    'probe:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: "{{ env_var(\'PROBE_WAREHOUSE\') }}"\n      threads: 1\n',
  );
  const model = join(project, 'models', 'probe.sql');
  writeFileSync(model, "select {{ var('answer') }} as x\n");
  const warehouse = warehouseIn(`${name}-warehouse`);
  const env = { PROBE_WAREHOUSE: warehouse, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' };
  const logs = join(dir, `${name}-logs`);
  const build = (...extra: string[]) =>
    worker.run(
      [
        'build',
        '--select',
        'probe',
        '--project-dir',
        project,
        '--profiles-dir',
        project,
        '--target-path',
        join(dir, `${name}-target`),
        '--log-path',
        logs,
        ...extra,
      ],
      env,
      () => undefined,
    );
  return { project, model, warehouse, logs, build };
}

describe('the dbt worker', () => {
  it(
    'runs commands for different warehouses in one process and lets go of each file in between',
    { timeout: 300_000 },
    async () => {
      const first = warehouseIn('a');
      const second = warehouseIn('b');

      const seeded = await runDbt(['seed'], context(first));
      expect(seeded.ok, seeded.tail.join('\n')).toBe(true);
      expect(seeded.summary).toMatch(/^PASS=\d+ WARN=0 ERROR=0 /);

      // Another process can open the warehouse for writing while the worker waits.
      const instance = await DuckDBInstance.create(first);
      const connection = await instance.connect();
      await connection.run('create table main.written_between_rounds as select 1 as x');
      connection.closeSync();
      instance.closeSync();

      const other = await runDbt(['seed'], context(second));
      expect(other.ok, other.tail.join('\n')).toBe(true);
      expect(await seededCurrencies(first)).toBeGreaterThan(100);
      expect(await seededCurrencies(second)).toBe(await seededCurrencies(first));
      expect(pids).toHaveLength(1);
    },
  );

  it('answers a command dbt rejects with its exit code and reason, and keeps serving', async () => {
    const warehouse = warehouseIn('a');
    const rejected = await runDbt(['build', '--selector', 'no_such_selector'], context(warehouse));
    expect(rejected.ok).toBe(false);
    expect(rejected.exitCode).toBe(2);
    expect(rejected.tail.join('\n')).toContain('no_such_selector');

    const next = await runDbt(['seed'], context(warehouse));
    expect(next.ok, next.tail.join('\n')).toBe(true);
    expect(pids).toHaveLength(1);
  }, 120_000);

  it('reports a worker killed mid-command as a failed command and starts a new one for the next', async () => {
    const warehouse = warehouseIn('a');
    const killedPid = pids.at(-1)!;
    let orphans: number[] = [];
    const killed = await runDbt(
      ['seed', '--full-refresh'],
      context(warehouse, {
        onLine: (line) => {
          if (orphans.length > 0 || !/START seed file/.test(line)) return;
          orphans = commandsOf(killedPid);
          process.kill(killedPid, 'SIGKILL');
        },
      }),
    );
    expect(killed.ok).toBe(false);
    expect(killed.exitCode).toBeNull();
    expect(isRunning(killedPid)).toBe(false);
    // The command's process went with the worker: nothing is left writing to the warehouse.
    expect(orphans).toHaveLength(1);
    await expect.poll(() => isRunning(orphans[0]!), { timeout: 5_000 }).toBe(false);

    const again = await runDbt(['seed'], context(warehouse));
    expect(again.ok, again.tail.join('\n')).toBe(true);
    expect(pids).toHaveLength(2);
    expect(await seededCurrencies(warehouse)).toBeGreaterThan(100);
  }, 120_000);

  it('hands a command the previous parse only while nothing parsing reads has changed', async () => {
    // A project of its own, so that editing a model touches nothing else.
    const { model, warehouse, build, project } = probeProject('probe');
    const probe = async (): Promise<unknown> =>
      (await queryWarehouse(warehouse, 'select x from main.probe'))[0]?.['x'];

    // The worker compiles every macro once per parse, and each command's child inherits them.
    expect(await build()).toMatchObject({ exitCode: 0, manifest: 'parsed', macrosCompiled: 0 });
    expect(await build()).toMatchObject({ exitCode: 0, manifest: 'reused', macrosCompiled: 0 });
    expect(await probe()).toBe(1);

    writeFileSync(model, "select {{ var('answer') }} + 1 as x -- edited\n");
    expect(await build()).toMatchObject({ exitCode: 0, manifest: 'parsed' });
    expect(await probe()).toBe(2);

    expect(await build('--vars', '{"answer": 41}')).toMatchObject({
      exitCode: 0,
      manifest: 'parsed',
    });
    expect(await probe()).toBe(42);
    expect(await build('--vars', '{"answer": 41}')).toMatchObject({
      exitCode: 0,
      manifest: 'reused',
    });

    // A flag the worker does not know might change parsing: the command parses for itself, and
    // compiles the macros the worker has not (here a new one).
    mkdirSync(join(project, 'macros'));
    writeFileSync(
      join(project, 'macros', 'plus_one.sql'),
      '{% macro plus_one(x) %}{{ x }} + 1{% endmacro %}\n',
    );
    writeFileSync(model, "select {{ plus_one(var('answer')) }} as x\n");
    const parsedForItself = await build('--vars', '{"answer": 41}', '--no-partial-parse');
    expect(parsedForItself).toMatchObject({ exitCode: 0, manifest: null });
    expect(parsedForItself.macrosCompiled).toBeGreaterThan(0);
    expect(await probe()).toBe(42);
    expect(await build('--vars', '{"answer": 41}')).toMatchObject({
      exitCode: 0,
      manifest: 'parsed',
      macrosCompiled: 0,
    });
  }, 300_000);

  it('skips the events no log of the command writes, and only those', async () => {
    const { build, logs } = probeProject('events');
    const atInfo = await build('--log-level-file', 'info');
    expect(atInfo.exitCode).toBe(0);
    expect(atInfo.eventsSkipped).toBeGreaterThan(0);
    expect(readFileSync(join(logs, 'dbt.log'), 'utf8')).not.toMatch(/\[debug\]/);

    // A debug log gets every event, the statements dbt ran among them.
    const atDebug = await build('--log-level-file', 'debug');
    expect(atDebug).toMatchObject({ exitCode: 0, eventsSkipped: 0 });
    expect(readFileSync(join(logs, 'dbt.log'), 'utf8')).toMatch(/\[debug\].*create .*probe/is);
  }, 300_000);

  it('runs each command in a child of its own, gone once the command is answered', async () => {
    const warehouse = warehouseIn('a');
    const workerPid = pids.at(-1)!;
    let during: number[] = [];
    const seeded = await runDbt(
      ['seed'],
      context(warehouse, {
        onLine: (line) => {
          if (/START seed file/.test(line)) during = commandsOf(workerPid);
        },
      }),
    );
    expect(seeded.ok, seeded.tail.join('\n')).toBe(true);
    expect(during).toHaveLength(1);
    expect(isRunning(during[0]!)).toBe(false);
    expect(commandsOf(workerPid)).toEqual([]);
    expect(pids.at(-1)).toBe(workerPid);
  }, 120_000);

  it('stops when closed', async () => {
    const pid = pids.at(-1)!;
    expect(isRunning(pid)).toBe(true);
    await worker.close();
    expect(isRunning(pid)).toBe(false);
  }, 30_000);
});
