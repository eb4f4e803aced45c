/**
 * Execution parity: dbt-bigquery's statements run by GoogleSQL's reference evaluator build the
 * same Silver, snapshot and Gold tables as dbt-duckdb from the same Bronze sample, but for the
 * justified differences; a BigQuery-only change of meaning in a macro is caught with its table,
 * rows and column; the comparison's rules and the MERGE translation hold on small cases.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../scripts/toolchain.mjs';
import { BigQueryAnalyzer } from '../src/analyzer.js';
import { WarehouseCatalog } from '../src/catalog.js';
import {
  bigQueryTable,
  compareTable,
  duckDbTable,
  type JustifiedDifference,
} from '../src/parity/compare.js';
import { EvaluatingWarehouse } from '../src/parity/evaluating-warehouse.js';
import { JUSTIFIED_DIFFERENCES } from '../src/parity/justified-differences.js';
import { mergeAsDml, UnsupportedMergeError } from '../src/parity/merge.js';
import { parityDifferences, runParity, type ParityReport } from '../src/parity/parity.js';
import { LocalService } from '../src/zetasql/local-service.js';
import type { TypeProto } from '../src/zetasql/types.js';

const scratch = mkdtempSync(join(tmpdir(), 'salesflow-parity-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('BigQuery (GoogleSQL evaluator) and DuckDB build the same tables', () => {
  let report: ParityReport;
  beforeAll(async () => {
    report = await runParity();
  }, 600_000);

  it('in both rounds, but for the justified differences', () => {
    const differences = parityDifferences(report);
    expect(differences, `\n${differences.join('\n\n')}\n`).toEqual([]);
  });

  it('compares every Silver, snapshot and Gold table, each holding rows on both engines', () => {
    const last = report.rounds.at(-1)!.tables;
    const names = last.map((table) => table.table);
    expect(names).toEqual(
      expect.arrayContaining([
        'silver.stg_sales_events',
        'silver.stg_rejections',
        'silver.int_fx_rates_daily',
        'snapshots.snap_customers',
        'snapshots.snap_products',
        'gold.fct_orders',
        'gold.fct_order_items',
        'gold.dim_customers',
        'gold.mart_revenue_monthly',
        'silver.int_fulfilment',
        'gold.fct_deliveries',
        'gold.mart_delivery_performance',
        'gold.mart_orders_by_region',
      ]),
    );
    for (const table of last) {
      expect(table.bigQueryRows, table.table).toBeGreaterThan(0);
      expect(table.duckDbRows, table.table).toBe(table.bigQueryRows);
    }
  });

  it('holds two SCD2 versions after round 2 where round 1 had one (the MERGE run as DML)', () => {
    const rows = (round: number, table: string) =>
      report.rounds[round]!.tables.find((t) => t.table === table)!.bigQueryRows;
    expect(rows(1, 'snapshots.snap_customers')).toBe(rows(0, 'snapshots.snap_customers') + 1);
    expect(rows(1, 'snapshots.snap_products')).toBe(rows(0, 'snapshots.snap_products') + 1);
  });

  it('uses every justified difference (an unused one is reported as stale)', () => {
    const used = new Set(
      report.rounds.flatMap((round) => round.tables.flatMap((table) => table.justified)),
    );
    expect(JUSTIFIED_DIFFERENCES.filter((entry) => !used.has(entry))).toEqual([]);
  });

  it('catches a BigQuery-only change of meaning: convert_money truncating instead of rounding', async () => {
    const projectDir = join(scratch, 'mutated-dbt');
    cpSync(join(ROOT, 'dbt'), projectDir, {
      recursive: true,
      filter: (source) => !/[/\\](target|logs|test)$/.test(source),
    });
    const money = join(projectDir, 'macros', 'pipeline', 'money.sql');
    const source = readFileSync(money, 'utf8');
    const bigQueryBranch =
      'round({{ amount }} * {{ rate_to }} / {{ rate_from }}, {{ minor_units }})';
    expect(source).toContain(bigQueryBranch);
    writeFileSync(
      money,
      source.replace(bigQueryBranch, bigQueryBranch.replace('round(', 'trunc(')),
    );

    const mutated = await runParity({
      bigQueryProjectDir: projectDir,
      duckDbRounds: report.duckDbRounds,
      rounds: 1,
      select: ['+int_orders'],
    });
    const differences = parityDifferences(mutated);
    const orders = differences.find((line) =>
      line.startsWith('round 1, silver.int_orders: rows differ'),
    );
    expect(orders, differences.join('\n\n')).toBeDefined();
    // The report names the rows (the euro order worth exactly 1.085 dollars among them) and the column.
    expect(orders).toMatch(/order_total_reporting BigQuery 1\.08 ≠ DuckDB 1\.09/);
    expect(orders).toMatch(/differing column\(s\): order_total_reporting$/m);
    expect(differences.every((line) => line.includes('silver.int_orders'))).toBe(true);
  }, 600_000);
});

describe('the comparison', () => {
  const numeric: TypeProto = { type_kind: 'TYPE_NUMERIC' };
  const timestamp: TypeProto = { type_kind: 'TYPE_TIMESTAMP' };
  const json: TypeProto = { type_kind: 'TYPE_JSON' };
  const string: TypeProto = { type_kind: 'TYPE_STRING' };
  const compare = (
    bq: { name: string; type: TypeProto }[],
    bqRows: (string | number | null)[][],
    duck: { name: string; type: string }[],
    duckRows: (string | number | null)[][],
    justified: JustifiedDifference[] = [],
  ) =>
    compareTable('t.x', bigQueryTable(bq, bqRows), duckDbTable(duck, duckRows), justified)
      .differences;

  it('takes NUMERIC within 1e-9 and nothing more', () => {
    const bq = [{ name: 'amount', type: numeric }];
    const duck = [{ name: 'amount', type: 'DECIMAL(38,9)' }];
    expect(compare(bq, [['0.333333333']], duck, [['0.333333334']])).toEqual([]);
    expect(compare(bq, [['0.33333333']], duck, [['0.333333331']])).toEqual([]);
    expect(compare(bq, [['0.33333333']], duck, [['0.333333332']])).toHaveLength(1);
    expect(compare(bq, [['1.09']], duck, [['1.080000000']])[0]).toMatch(
      /amount BigQuery 1\.09 ≠ DuckDB 1\.080000000/,
    );
  });

  it('compares rows as a multiset and instants to the microsecond', () => {
    const bq = [{ name: 'at', type: timestamp }];
    const duck = [{ name: 'at', type: 'TIMESTAMP WITH TIME ZONE' }];
    const at = '2026-03-14T22:22:05.000001Z';
    expect(compare(bq, [[at], [at]], duck, [[at], [at]])).toEqual([]);
    expect(compare(bq, [[at], [at]], duck, [[at]])[0]).toMatch(/BigQuery 2 rows, DuckDB 1/);
    expect(compare(bq, [[at]], duck, [['2026-03-14T22:22:05.000002Z']])).toHaveLength(1);
  });

  it('reads JSON by value, and names types that do not correspond', () => {
    expect(
      compare(
        [{ name: 'j', type: json }],
        [['{"b":1,"a":[1.50]}']],
        [{ name: 'j', type: 'JSON' }],
        [['{"a": [1.5], "b": 1.0}']],
      ),
    ).toEqual([]);
    expect(
      compare(
        [{ name: 'share', type: numeric }],
        [['0.5']],
        [{ name: 'share', type: 'DOUBLE' }],
        [[0.5]],
      ),
    ).toEqual([
      'column share: NUMERIC on BigQuery, DOUBLE on DuckDB (types that do not correspond)',
    ]);
  });

  it('applies a justified difference to its rows only, and reports one that is not needed', () => {
    const columns = [
      { name: 'id', type: string },
      { name: 'reason', type: string },
    ];
    const duckColumns = [
      { name: 'id', type: 'VARCHAR' },
      { name: 'reason', type: 'VARCHAR' },
    ];
    const entry: JustifiedDifference = {
      table: 't.x',
      column: 'reason',
      kind: 'value',
      where: { id: 'm-1' },
      reason: 'test',
    };
    const bqRows = [
      ['m-1', 'invalid_json'],
      ['m-2', 'schema_violation'],
    ];
    expect(
      compare(
        columns,
        bqRows,
        duckColumns,
        [
          ['m-1', 'schema_violation'],
          ['m-2', 'schema_violation'],
        ],
        [entry],
      ),
    ).toEqual([]);
    expect(
      compare(
        columns,
        bqRows,
        duckColumns,
        [
          ['m-1', 'schema_violation'],
          ['m-2', 'invalid_json'],
        ],
        [entry],
      ),
    ).toHaveLength(1);
    expect(
      compare(
        columns,
        bqRows,
        duckColumns,
        [
          ['m-1', 'invalid_json'],
          ['m-2', 'schema_violation'],
        ],
        [entry],
      ),
    ).toEqual([expect.stringMatching(/^justified difference no longer seen/)]);
  });
});

describe('a MERGE run as DML', () => {
  let service: LocalService;
  beforeAll(async () => {
    service = await LocalService.start();
  });
  afterAll(() => service.stop());

  it("gives the MERGE's rows: matched rows updated under their condition, unmatched ones inserted", async () => {
    const catalog = new WarehouseCatalog('p');
    const int64: TypeProto = { type_kind: 'TYPE_INT64' };
    const string: TypeProto = { type_kind: 'TYPE_STRING' };
    const columns = [
      { name: 'k', type: string },
      { name: 'v', type: int64 },
    ];
    for (const name of ['target', 'source']) {
      catalog.putTable({ project: 'p', dataset: 'd', name, kind: 'TABLE', columns: [...columns] });
    }
    const analyzer = await BigQueryAnalyzer.create(service, catalog);
    const warehouse = new EvaluatingWarehouse(service, analyzer);
    warehouse.setRows('d', 'target', [
      ['a', '1'],
      ['b', '2'],
      ['c', null],
    ]);
    warehouse.setRows('d', 'source', [
      ['b', '20'],
      ['c', '30'],
      ['d', '4'],
    ]);
    const merge =
      'merge into `p`.`d`.`target` as T using `p`.`d`.`source` as S on S.k = T.k ' +
      'when matched and T.v is not null then update set v = S.v ' +
      'when not matched then insert (k, v) values (k, v)';
    await warehouse.afterStatement(merge, { statementType: 'MERGE', columns: [] }, 'test');
    expect((await warehouse.table('d', 'target'))!.rows).toEqual([
      ['a', '1'],
      ['b', '20'],
      ['c', null],
      ['d', '4'],
    ]);

    await expect(
      mergeAsDml(
        service,
        analyzer.languageOptions,
        'merge into `p`.`d`.`target` as T using `p`.`d`.`source` as S on S.k = T.k ' +
          'when matched and T.v = 1 then delete when matched then update set v = 0',
      ),
    ).rejects.toBeInstanceOf(UnsupportedMergeError);
  });
});
