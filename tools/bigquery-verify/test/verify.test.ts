/**
 * The BigQuery check against the real GoogleSQL analyzer and the real dbt-bigquery: the project
 * passes, realistic DuckDB-isms injected into models fail it with the model named (and are proven
 * valid on dbt-duckdb), the allow-list matches only what it names, a missing binary says what to do.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../scripts/toolchain.mjs';
import { createBronze, withWarehouse } from '../../../dbt/test/support/bronze-loader.js';
import { dbtVenvBin } from '../../../dbt/test/support/dbt-runner.js';
import { allowRule } from '../src/allow-list.js';
import { LocalServiceUnavailableError, serverBinary } from '../src/zetasql/local-service.js';
import { failures, verifyBigQuery, type VerifyReport } from '../src/verify.js';
import { applyMutants, MUTANTS } from './mutants.js';

const scratch = mkdtempSync(join(tmpdir(), 'salesflow-bigquery-verify-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run verify:bigquery', () => {
  it('analyzes every statement of both dbt runs and the hand-written SQL, and all pass', () => {
    const json = join(scratch, 'report.json');
    const result = spawnSync('npx', ['tsx', 'tools/bigquery-verify/src/cli.ts', '--json', json], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const lines = result.stdout.trim().split('\n');
    expect(result.stderr + result.stdout).not.toMatch(/✖/);
    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as VerifyReport;
    expect(lines.at(-1)).toBe(`${report.statements.length} statements analyzed, 0 failed`);

    const ofType = (type: string, phase?: string) =>
      report.statements.filter(
        (s) => s.statementType === type && (phase === undefined || s.phase === phase),
      );
    // Every model and snapshot is created, with dbt-bigquery's own DDL.
    const created = ofType('CREATE_TABLE_AS_SELECT', 'full-refresh').map((s) => s.node);
    expect(created).toEqual(
      expect.arrayContaining(['model.salesflow.fct_orders', 'snapshot.salesflow.snap_customers']),
    );
    const factDdl = ofType('CREATE_TABLE_AS_SELECT', 'full-refresh').find(
      (s) => s.node === 'model.salesflow.fct_orders',
    )!;
    expect(factDdl.sql).toMatch(
      /create or replace table `salesflow-verify`\.`gold`\.`fct_orders`[\s\S]*partition by[\s\S]*cluster by[\s\S]*OPTIONS\(/,
    );
    expect(ofType('CREATE_VIEW').length).toBeGreaterThan(0);
    // The incremental run merges models, marts and snapshots; a model's merge deletes the rows of
    // the keys (or a mart's periods) it rebuilds and inserts the new ones.
    const merges = ofType('MERGE', 'incremental');
    expect(merges.map((s) => s.node)).toEqual(
      expect.arrayContaining([
        'model.salesflow.stg_sales_events',
        'model.salesflow.mart_revenue_daily',
        'snapshot.salesflow.snap_products',
      ]),
    );
    const mergeOf = (model: string) =>
      merges.find((s) => s.node === `model.salesflow.${model}`)!.sql;
    expect(mergeOf('fct_order_items')).toMatch(
      /on false\s+when not matched by source\s+and DBT_INTERNAL_DEST\.order_id in \(select order_id from [\s\S]*then delete\s+when not matched then insert/,
    );
    // A mart deletes the periods it rebuilds, given as literals (none in this offline round).
    expect(mergeOf('mart_revenue_daily')).toMatch(
      /on false\s+when not matched by source\s+and (false|\(?order_date)[\s\S]*then delete\s+when not matched then insert/,
    );
    // stg_sales_events requires a partition filter on BigQuery, which refuses a query of it without
    // one: every statement of either run that reads it compares ingested_at (a check of the text,
    // not of whether BigQuery can prune by the comparison). The cut-off's look for the newest row
    // reads the recent partitions.
    const readsEvents = report.statements.filter(
      (s) =>
        s.phase !== 'hand-written' &&
        /\b(from|join|merge into)\s+`salesflow-verify`\.`silver`\.`stg_sales_events`/i.test(s.sql),
    );
    expect(readsEvents.length).toBeGreaterThan(10);
    expect(
      readsEvents
        .filter((s) => !/\bingested_at\s*>=/.test(s.sql))
        .map((s) => `${s.node} (${s.phase}): ${s.sql.trim().slice(0, 160)}`),
    ).toEqual([]);
    expect(
      readsEvents.some((s) =>
        /select max\(ingested_at\) from `salesflow-verify`\.`silver`\.`stg_sales_events` where ingested_at >= timestamp_sub\(current_timestamp, interval \d+ hour\)/.test(
          s.sql,
        ),
      ),
    ).toBe(true);
    // Data tests are queries dbt runs.
    expect(report.statements.filter((s) => s.node.startsWith('test.')).length).toBeGreaterThan(50);
    // Hand-written SQL: the FX MERGE from the sink's code, and each documented bq query.
    const handWritten = report.statements.filter((s) => s.phase === 'hand-written');
    expect(handWritten.map((s) => s.node)).toEqual(
      expect.arrayContaining([
        'functions/src/sinks/bigquery/fx-rates-merge.ts',
        'docs/runbook.md#1',
        'docs/deploy.md#1',
      ]),
    );
    expect(handWritten.find((s) => s.node.startsWith('functions/'))!.statementType).toBe('MERGE');
  }, 600_000);
});

describe('mistakes DuckDB accepts and BigQuery rejects', () => {
  let report: VerifyReport;
  const projectDir = join(scratch, 'mutated-dbt');

  it('are valid on dbt-duckdb', async () => {
    cpSync(join(ROOT, 'dbt'), projectDir, {
      recursive: true,
      filter: (source) => !/[/\\](target|logs|test)$/.test(source),
    });
    applyMutants(projectDir);
    const warehouse = join(scratch, 'mutants.duckdb');
    await withWarehouse(warehouse, (connection) => createBronze(connection));
    // --empty: every model runs on DuckDB with its inputs limited to no rows.
    const result = spawnSync(
      dbtVenvBin('dbt'),
      [
        'build',
        '--empty',
        '--exclude',
        'resource_type:test',
        'resource_type:unit_test',
        '--project-dir',
        projectDir,
        '--profiles-dir',
        projectDir,
        '--target',
        'local',
        '--target-path',
        join(scratch, 'duckdb', 'target'),
        '--log-path',
        join(scratch, 'duckdb', 'logs'),
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          SALESFLOW_WAREHOUSE: warehouse,
          DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
        },
      },
    );
    expect(result.stdout, result.stdout.slice(-3000)).toMatch(/Completed successfully/);
    expect(result.status).toBe(0);
    for (const mutant of MUTANTS) {
      expect(readFileSync(join(projectDir, mutant.file), 'utf8')).toContain(mutant.replace);
    }
  }, 600_000);

  it('fail the BigQuery check, each with its model named and GoogleSQL saying why', async () => {
    report = await verifyBigQuery({ projectDir, dbtOnly: true });
    const rejected = failures(report);
    for (const mutant of MUTANTS) {
      const own = rejected.filter((statement) => statement.node === mutant.node);
      expect(own.length, `${mutant.name} in ${mutant.node}`).toBeGreaterThan(0);
      expect(own[0]!.message).toMatch(mutant.expected);
      expect(own[0]!.message).toMatch(/\^/);
    }
    // Nothing else fails: only the mutated models are named.
    expect(new Set(rejected.map((s) => s.node))).toEqual(new Set(MUTANTS.map((m) => m.node)));
    writeFileSync(join(scratch, 'mutants.json'), JSON.stringify(rejected, null, 2));
  }, 600_000);
});

describe('allow-list', () => {
  const rule = allowRule([
    {
      source: 'model.salesflow.m',
      message: 'Function not found: max_by; Did you mean max? [at 3:5]',
      reason: 'MAX_BY is GA in BigQuery',
    },
  ]);

  it('matches the exact message of the named source only', () => {
    const message =
      'Function not found: max_by; Did you mean max? [at 3:5]\nselect max_by(a, b)\n    ^';
    expect(rule('model.salesflow.m', message)).toBe('MAX_BY is GA in BigQuery');
    expect(rule('model.salesflow.other', message)).toBeUndefined();
    expect(
      rule('model.salesflow.m', 'Function not found: max_by; Did you mean max? [at 9:1]'),
    ).toBeUndefined();
    expect(rule('model.salesflow.m', 'Unrecognized name: b [at 3:5]')).toBeUndefined();
  });
});

describe('a missing analyzer binary', () => {
  it('fails with one line saying what to do', () => {
    const empty = mkdtempSync(join(scratch, 'no-binary-'));
    let error: unknown;
    try {
      serverBinary(empty);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LocalServiceUnavailableError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(
      /is missing from @fivetrandevelopers\/zetasql.*node scripts\/setup\.mjs --only npm/,
    );
  });
});
