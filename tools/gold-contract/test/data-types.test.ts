/**
 * Every `data_type` the Gold YAML declares is the type BigQuery gives the column: dbt-bigquery
 * builds the declaring models and their parents through the BigQuery API stand-in, GoogleSQL's own
 * analyzer (ZetaSQL local service) resolves each CREATE TABLE … AS SELECT, and the resulting
 * table schemas are compared with the YAML. The page promises a contract column keeps its type.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryAnalyzer } from '../../bigquery-verify/src/analyzer.js';
import { allowRule } from '../../bigquery-verify/src/allow-list.js';
import { addBronze } from '../../bigquery-verify/src/bronze.js';
import { WarehouseCatalog } from '../../bigquery-verify/src/catalog.js';
import { ControlPlane } from '../../bigquery-verify/src/control-plane.js';
import { runDbt } from '../../bigquery-verify/src/dbt-run.js';
import { LocalService } from '../../bigquery-verify/src/zetasql/local-service.js';
import { typeName } from '../../bigquery-verify/src/zetasql/types.js';
import { goldCatalog, type GoldCatalog } from '../src/catalog.js';
import { DBT_PROJECT_DIR, parseDbtProject } from '../src/dbt-parse.js';

const PROJECT = 'salesflow-types';

let workDir: string;
let catalog: GoldCatalog;
let analyzed: WarehouseCatalog;
let dbtOutput = '';

/** Models whose YAML declares at least one column type. */
const typedModels = () =>
  catalog.models.filter((model) => model.columns.some((column) => column.dataType !== undefined));

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'salesflow-gold-types-'));
  catalog = goldCatalog(JSON.parse(await readFile(await parseDbtProject(workDir), 'utf8')));
  const service = await LocalService.start();
  try {
    analyzed = new WarehouseCatalog(PROJECT);
    addBronze(analyzed, PROJECT);
    const analyzer = await BigQueryAnalyzer.create(service, analyzed);
    const plane = new ControlPlane(service, analyzer, allowRule(undefined), {
      contentOf: () => undefined,
    });
    const select = typedModels().map((model) => `+${model.name}`);
    const outcome = await runDbt(
      {
        projectDir: DBT_PROJECT_DIR,
        workDir: join(workDir, 'build'),
        project: PROJECT,
        // build, not run: the dimensions read the snapshots, which only build creates.
        args: [
          'build',
          '--full-refresh',
          '--select',
          ...select,
          '--exclude',
          'resource_type:test',
          'resource_type:unit_test',
        ],
      },
      plane,
    );
    dbtOutput = outcome.output;
  } finally {
    await service.stop();
  }
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('declared Gold column types', () => {
  it('are declared for at least the contract model', () => {
    expect(typedModels().map(({ name }) => name)).toContain('fct_orders');
  });

  it("match the schema GoogleSQL's analyzer gives the table dbt-bigquery creates", () => {
    const mismatches = typedModels().flatMap((model) => {
      const table = analyzed.getTable(PROJECT, 'gold', model.name);
      if (table === undefined)
        return [`${model.name}: not created (dbt said: ${dbtOutput.slice(-500)})`];
      const actual = new Map(table.columns.map((column) => [column.name, typeName(column.type)]));
      return model.columns
        .filter((column) => column.dataType !== undefined)
        .filter(
          (column) => actual.get(column.name)?.toLowerCase() !== column.dataType?.toLowerCase(),
        )
        .map(
          (column) =>
            `${model.name}.${column.name}: YAML says ${column.dataType}, BigQuery makes ${actual.get(column.name) ?? 'no such column'}`,
        );
    });
    expect(mismatches).toEqual([]);
  });
});
