/**
 * Execution parity: the Silver, snapshot and Gold tables dbt-bigquery's statements produce when
 * GoogleSQL's reference evaluator runs them, against the tables dbt-duckdb builds from the same
 * Bronze sample, in two scheduled rounds.
 *
 * Each round lands its Bronze rows and runs `dbt build --full-refresh` (data and unit tests
 * excluded) on both engines: every model is rebuilt from all of Bronze, so a difference is the
 * engines' and not the incremental logic's (incremental runs are checked against full builds on
 * DuckDB by the dbt suite); snapshots ignore --full-refresh, so round 2 adds the new customer and
 * product versions to the round-1 snapshot as a scheduled run does. On BigQuery, dbt-bigquery runs
 * unchanged through the API stand-in; each CREATE … AS SELECT and CREATE VIEW is evaluated over
 * the rows of its parents, and a snapshot's MERGE as DML (merge.ts). After each round every table
 * of silver, snapshots and gold — and Bronze itself, which checks the two loaders — is compared
 * (compare.ts). The DuckDB and BigQuery sides run side by side.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DBT_PROJECT_DIR, DbtRunner } from '../../../../dbt/test/support/dbt-runner.js';
import { BigQueryAnalyzer } from '../analyzer.js';
import { addBronze } from '../bronze.js';
import { WarehouseCatalog } from '../catalog.js';
import { ControlPlane } from '../control-plane.js';
import { runDbt } from '../dbt-run.js';
import { VERIFY_PROJECT } from '../verify.js';
import { LocalService } from '../zetasql/local-service.js';
import {
  bigQueryTable,
  compareTable,
  duckDbTable,
  type JustifiedDifference,
  type TableComparison,
} from './compare.js';
import { appendBronze, readTables, type DuckDbTable } from './duckdb-warehouse.js';
import { EvaluatingWarehouse, type EvaluatedTable } from './evaluating-warehouse.js';
import { JUSTIFIED_DIFFERENCES } from './justified-differences.js';
import { cumulative, paritySample, type ParitySample } from './sample.js';

/** Datasets (DuckDB schemas) compared; Bronze checks that both engines read the same input. */
export const PARITY_DATASETS = ['bronze', 'silver', 'snapshots', 'gold'] as const;

/** DuckDB-only bookkeeping of the incremental data tests (macros/pipeline/test_window.sql). */
const DUCKDB_ONLY = new Set(['silver.incremental_windows', 'silver.incremental_periods']);

const DBT_BUILD = [
  'build',
  '--full-refresh',
  '--exclude',
  'resource_type:test',
  'resource_type:unit_test',
];

export interface ParityOptions {
  /** dbt project for the BigQuery side (default: the repository's); DuckDB builds the repository's. */
  readonly bigQueryProjectDir?: string;
  readonly justified?: readonly JustifiedDifference[];
  /** DuckDB's tables of an earlier run, reused instead of building them again. */
  readonly duckDbRounds?: readonly ReadonlyMap<string, DuckDbTable>[];
  /** Rounds to run (default 2). */
  readonly rounds?: 1 | 2;
  /** dbt `--select` for the BigQuery side; then only the tables it builds are compared. */
  readonly select?: readonly string[];
}

/** One round's comparison. */
export interface RoundParity {
  readonly round: 1 | 2;
  readonly tables: readonly TableComparison[];
}

export interface ParityReport {
  readonly rounds: readonly RoundParity[];
  /** Failures to produce a side at all (dbt failed, a statement could not be evaluated). */
  readonly failures: readonly string[];
  /** DuckDB's tables per round (reusable by a later run, see ParityOptions). */
  readonly duckDbRounds: readonly ReadonlyMap<string, DuckDbTable>[];
  readonly seconds: number;
}

/** Every unjustified difference, prefixed with its round and table. */
export function parityDifferences(report: ParityReport): string[] {
  return [
    ...report.failures,
    ...report.rounds.flatMap((round) =>
      round.tables.flatMap((table) =>
        table.differences.map(
          (difference) => `round ${round.round}, ${table.table}: ${difference}`,
        ),
      ),
    ),
  ];
}

function tail(output: string): string {
  const lines = output.split('\n').filter((line) => /error|fail|exception/i.test(line));
  return (lines.length > 0 ? lines : output.split('\n')).slice(-20).join('\n');
}

async function duckDbRounds(
  scratch: string,
  sample: ParitySample,
  rounds: number,
): Promise<Map<string, DuckDbTable>[]> {
  const warehouse = join(scratch, 'parity.duckdb');
  const dbt = new DbtRunner({ warehouse, workDir: join(scratch, 'duckdb') });
  const tables: Map<string, DuckDbTable>[] = [];
  for (const rows of sample.rounds.slice(0, rounds)) {
    await appendBronze(warehouse, rows);
    await dbt.runOk(DBT_BUILD);
    tables.push(await readTables(warehouse, PARITY_DATASETS));
  }
  return tables;
}

async function bigQueryRounds(
  scratch: string,
  sample: ParitySample,
  options: ParityOptions,
  failures: string[],
): Promise<Map<string, EvaluatedTable>[]> {
  const service = await LocalService.start();
  try {
    const catalog = new WarehouseCatalog(VERIFY_PROJECT);
    addBronze(catalog, VERIFY_PROJECT);
    const analyzer = await BigQueryAnalyzer.create(service, catalog);
    const warehouse = new EvaluatingWarehouse(service, analyzer);
    const workDir = join(scratch, 'bigquery');
    await mkdir(workDir, { recursive: true });
    const rounds: Map<string, EvaluatedTable>[] = [];
    for (const round of [0, 1].slice(0, options.rounds ?? 2) as (0 | 1)[]) {
      const where = `round ${round + 1}`;
      warehouse.setBronze(cumulative(sample, round));
      const plane = new ControlPlane(service, analyzer, () => undefined, warehouse);
      warehouse.seeds = plane.loaded;
      const select = options.select ? ['--select', ...options.select] : [];
      const outcome = await runDbt(
        {
          projectDir: options.bigQueryProjectDir ?? DBT_PROJECT_DIR,
          workDir,
          project: VERIFY_PROJECT,
          args: [...DBT_BUILD, ...select],
        },
        plane,
      );
      for (const statement of plane.statements.filter((s) => s.outcome === 'rejected')) {
        failures.push(
          `${where}: GoogleSQL rejected a statement of ${statement.node}:\n${statement.message}`,
        );
      }
      for (const failure of warehouse.failures.splice(0)) {
        failures.push(
          `${where}: the evaluator could not run a statement of ${failure.node}: ${failure.message}`,
        );
      }
      if (outcome.code !== 0)
        failures.push(`${where}: dbt-bigquery failed:\n${tail(outcome.output)}`);
      const tables = new Map<string, EvaluatedTable>();
      for (const dataset of PARITY_DATASETS) {
        for (const table of catalog.listTables(VERIFY_PROJECT, dataset)) {
          if (table.name.includes('__dbt_tmp')) continue;
          tables.set(`${dataset}.${table.name}`, (await warehouse.table(dataset, table.name))!);
        }
      }
      rounds.push(tables);
    }
    return rounds;
  } finally {
    await service.stop();
  }
}

function compareRound(
  duckTables: ReadonlyMap<string, DuckDbTable>,
  bqTables: ReadonlyMap<string, EvaluatedTable>,
  justified: readonly JustifiedDifference[],
  builtOnly: boolean,
): TableComparison[] {
  const names = new Set(
    [...(builtOnly ? [] : duckTables.keys()), ...bqTables.keys()].filter(
      (name) => !DUCKDB_ONLY.has(name),
    ),
  );
  return [...names].sort().map((name) => {
    const duck = duckTables.get(name);
    const bq = bqTables.get(name);
    if (!duck || !bq) {
      return {
        table: name,
        bigQueryRows: bq?.rows.length ?? 0,
        duckDbRows: duck?.rows.length ?? 0,
        differences: [`table exists on ${bq ? 'BigQuery' : 'DuckDB'} only`],
        justified: [],
      };
    }
    const own = justified.filter((entry) => entry.table === name);
    return compareTable(
      name,
      bigQueryTable(bq.columns, bq.rows),
      duckDbTable(duck.columns, duck.rows),
      own,
    );
  });
}

/** Runs both engines over the sample and compares every table after each round. */
export async function runParity(options: ParityOptions = {}): Promise<ParityReport> {
  const started = Date.now();
  const scratch = await mkdtemp(join(tmpdir(), 'salesflow-parity-'));
  const justified = options.justified ?? JUSTIFIED_DIFFERENCES;
  const rounds = options.rounds ?? 2;
  try {
    const sample = paritySample();
    const failures: string[] = [];
    const [duckDb, bigQuery] = await Promise.all([
      options.duckDbRounds
        ? Promise.resolve(options.duckDbRounds.slice(0, rounds))
        : duckDbRounds(scratch, sample, rounds),
      bigQueryRounds(scratch, sample, options, failures),
    ]);
    const compared = duckDb.map((duckTables, index) => ({
      round: (index + 1) as 1 | 2,
      tables: compareRound(duckTables, bigQuery[index]!, justified, options.select !== undefined),
    }));
    return {
      rounds: compared,
      failures,
      duckDbRounds: duckDb,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
