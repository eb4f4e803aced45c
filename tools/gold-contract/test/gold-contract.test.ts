/**
 * The Gold contract page against the Gold models' YAML as the real `dbt parse` reads it: the
 * checked-in page is what the generator makes of today's YAML, the design's contract columns of
 * fct_orders are in the YAML (described, typed, marked), and dbt's exposures name the dashboards
 * with exactly the tables the dashboard and `salesflow bi` read.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../scripts/toolchain.mjs';
import {
  LOOKER_STUDIO_SOURCE,
  LOOKER_STUDIO_TABLES,
  POWER_BI_TABLES,
} from '../../../cli/src/bi/gold-tables.js';
import { REQUIRED_RELATIONS } from '../../../cli/src/dashboard/queries.js';
import { goldCatalog, type GoldCatalog } from '../src/catalog.js';
import { parseDbtProject } from '../src/dbt-parse.js';
import {
  CONTRACT_MODEL,
  contractProblems,
  DESIGN_CONTRACT_COLUMNS,
} from '../src/design-contract.js';
import { PAGE_PATH, REGENERATE_COMMAND, renderContractPage } from '../src/render.js';

let workDir: string;
let manifestPath: string;
let manifest: { nodes: Record<string, { columns?: Record<string, unknown> }> };
let catalog: GoldCatalog;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'salesflow-gold-contract-test-'));
  manifestPath = await parseDbtProject(workDir);
  manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as typeof manifest;
  catalog = goldCatalog(manifest);
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** The generator's command line, run for real. */
function generator(args: readonly string[]): {
  code: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync('npx', ['tsx', 'tools/gold-contract/src/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const model = (name: string) => catalog.models.find((candidate) => candidate.name === name);

describe(PAGE_PATH, () => {
  it('is what the generator makes of the Gold YAML today', async () => {
    const page = await readFile(resolve(ROOT, PAGE_PATH), 'utf8').catch(() => '(missing)');
    expect(
      page,
      `${PAGE_PATH} is out of date with dbt/models/marts/**/*.yml: run \`${REGENERATE_COMMAND}\``,
    ).toBe(renderContractPage(catalog));
  });

  it('covers every model under models/marts, each described', async () => {
    const files = await readdir(resolve(ROOT, 'dbt/models/marts'), { recursive: true });
    const sqlModels = files
      .filter((file) => file.endsWith('.sql'))
      .map((file) => file.replace(/^.*\//, '').replace(/\.sql$/, ''));
    expect(catalog.models.map(({ name }) => name).sort()).toEqual(sqlModels.sort());
    expect(
      catalog.models.filter(({ description }) => description === '').map(({ name }) => name),
    ).toEqual([]);
  });

  it('marks, types and describes every contract column of fct_orders the design lists', () => {
    expect(contractProblems(catalog)).toEqual([]);
    const columns = model(CONTRACT_MODEL)?.columns ?? [];
    expect(
      columns
        .filter(({ contract }) => contract)
        .map(({ name }) => name)
        .sort(),
    ).toEqual([...DESIGN_CONTRACT_COLUMNS].sort());
  });

  it('names the grain and partitioning dbt declares', () => {
    expect(model('fct_orders')?.keys).toEqual([['order_id']]);
    expect(model('mart_revenue_daily')?.keys).toEqual([
      ['order_date', 'store_id', 'product_id', 'product_name', 'currency'],
    ]);
    expect(model('fct_orders')?.partition).toEqual({ field: 'order_date', granularity: 'day' });
    expect(model('mart_store_performance')?.partition).toEqual({
      field: 'month_start_date',
      granularity: 'month',
    });
  });
});

describe(`the generator (${REGENERATE_COMMAND})`, () => {
  it('--check fails on a page that no longer matches the YAML and names the command that fixes it', async () => {
    const stale = join(workDir, 'stale.md');
    const current = renderContractPage(catalog);
    await writeFile(
      stale,
      current.replace(
        '| `order_id` | string | contract | Order id. |',
        '| `order_id` | string | contract | Order number. |',
      ),
    );
    const run = generator(['--check', '--manifest', manifestPath, '--page', stale]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `gold-contract: ${stale} is out of date with dbt/models/marts/**/*.yml: run \`${REGENERATE_COMMAND}\`\n`,
    );

    const fresh = join(workDir, 'fresh.md');
    await writeFile(fresh, current);
    expect(generator(['--check', '--manifest', manifestPath, '--page', fresh]).code).toBe(0);
  });

  it('refuses YAML that lost a contract column or its mark, and writes nothing', async () => {
    const broken = structuredClone(manifest);
    const columns = broken.nodes[`model.salesflow.${CONTRACT_MODEL}`]?.columns ?? {};
    delete columns['net_total_reporting'];
    const orderDate = columns['order_date'] as { meta: object; config: { meta: object } };
    orderDate.meta = {};
    orderDate.config.meta = {};
    const brokenPath = join(workDir, 'broken-manifest.json');
    await writeFile(brokenPath, JSON.stringify(broken));
    const page = join(workDir, 'never-written.md');

    const run = generator(['--manifest', brokenPath, '--page', page]);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'gold-contract: fct_orders.order_date is not marked meta: {contract: true} in dbt/models/marts/core/fct_orders.yml',
      'gold-contract: fct_orders.net_total_reporting is missing from dbt/models/marts/core/fct_orders.yml',
    ]);
    await expect(readFile(page, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('says what is wrong with its flags in one line', () => {
    const run = generator(['--page']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^gold-contract: unknown or incomplete option --page \(usage: .*\)\n$/,
    );
  });
});

describe('dbt exposures', () => {
  const exposure = (name: string) => {
    const found = catalog.exposures.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no exposure ${name} in dbt/models/exposures.yml`);
    return found;
  };
  const names = (tables: readonly { table: string }[]) => tables.map(({ table }) => table).sort();

  it('name the local dashboard, the Looker Studio report and the Power BI report', () => {
    expect(catalog.exposures.map(({ name, type }) => [name, type])).toEqual([
      ['local_dashboard', 'dashboard'],
      ['looker_studio_report', 'dashboard'],
      ['power_bi_report', 'dashboard'],
    ]);
  });

  it('give the local dashboard exactly the relations it reads', () => {
    const read = REQUIRED_RELATIONS.map((relation) =>
      relation.startsWith('bronze.') ? relation : relation.replace(/^\w+\./, ''),
    );
    expect(exposure('local_dashboard').models).toEqual([...read].sort());
  });

  it('give Looker Studio and Power BI exactly the Gold tables `salesflow bi` starts them from', () => {
    expect(exposure('looker_studio_report').models).toEqual(names(LOOKER_STUDIO_TABLES));
    expect(exposure('power_bi_report').models).toEqual(names(POWER_BI_TABLES));
    const gold = new Set(catalog.models.map(({ name }) => name));
    expect(
      [...LOOKER_STUDIO_TABLES, ...POWER_BI_TABLES].filter(({ table }) => !gold.has(table)),
    ).toEqual([]);
  });

  it('match the Looker Studio link: its table is time-partitioned exactly when the link says so', () => {
    expect(model(LOOKER_STUDIO_SOURCE.table)?.partition !== undefined).toBe(
      LOOKER_STUDIO_SOURCE.partitioned,
    );
  });
});
