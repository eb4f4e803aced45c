/**
 * `salesflow bi`: the Looker Studio Linking API URL and the Power BI data source file it makes,
 * parsed back and checked field by field, and the real command's help, output and errors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LOOKER_STUDIO_TABLES, POWER_BI_TABLES } from '../src/bi/gold-tables.js';
import { BIGQUERY_PROTOCOL } from '../src/bi/power-bi.js';
import { biInstructions, planBi } from '../src/commands/bi.js';
import { BIN, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'salesflow-bi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Commander's defaults for the optional flags. */
const DEFAULTS = { dataset: 'gold' };

/** The URL's query as ordered [name, value] pairs, decoded. */
function linkOf(url: string): { base: string; params: [string, string][] } {
  const parsed = new URL(url);
  return { base: `${parsed.origin}${parsed.pathname}`, params: [...parsed.searchParams.entries()] };
}

describe('Looker Studio link', () => {
  it('creates a report from the default template with fct_orders as its one BigQuery table', () => {
    const plan = planBi({ ...DEFAULTS, project: 'salesflow-prod' });
    const { base, params } = linkOf(plan.lookerStudioUrl);
    expect(base).toBe('https://lookerstudio.google.com/reporting/create');
    expect(params).toEqual([
      ['c.mode', 'edit'],
      ['r.reportName', 'salesflow Gold (salesflow-prod)'],
      ['ds.connector', 'bigQuery'],
      ['ds.type', 'TABLE'],
      ['ds.projectId', 'salesflow-prod'],
      ['ds.datasetId', 'gold'],
      ['ds.tableId', 'fct_orders'],
      ['ds.billingProjectId', 'salesflow-prod'],
      ['ds.isPartitioned', 'true'],
      ['ds.datasourceName', 'gold.fct_orders'],
    ]);
    // Spaces are percent-encoded, not form-encoded.
    expect(plan.lookerStudioUrl).toContain('r.reportName=salesflow%20Gold%20(salesflow-prod)');
  });

  it('bills a separate project and reads another dataset when told to', () => {
    const plan = planBi({
      project: 'salesflow-prod',
      dataset: 'gold_eu',
      billingProject: 'bi-team-billing',
    });
    const params = new URL(plan.lookerStudioUrl).searchParams;
    expect(params.get('ds.projectId')).toBe('salesflow-prod');
    expect(params.get('ds.datasetId')).toBe('gold_eu');
    expect(params.get('ds.billingProjectId')).toBe('bi-team-billing');
    expect(params.get('ds.datasourceName')).toBe('gold_eu.fct_orders');
  });

  it('re-points every data source of a template report, keeping their tables and fields', () => {
    const plan = planBi({
      ...DEFAULTS,
      project: 'salesflow-prod',
      lookerTemplate: '0B_U5RNpwhcE6SF85TENURnc4UjA',
    });
    const { params } = linkOf(plan.lookerStudioUrl);
    expect(params).toEqual([
      ['c.reportId', '0B_U5RNpwhcE6SF85TENURnc4UjA'],
      ['c.mode', 'edit'],
      ['r.reportName', 'salesflow Gold (salesflow-prod)'],
      ['ds.*.projectId', 'salesflow-prod'],
      ['ds.*.datasetId', 'gold'],
      ['ds.*.billingProjectId', 'salesflow-prod'],
      ['ds.*.refreshFields', 'false'],
    ]);
  });
});

describe('Power BI data source file', () => {
  it('is one BigQuery connection billed to the billing project, in Import mode', () => {
    const plan = planBi({ ...DEFAULTS, project: 'salesflow-prod', pbids: join(dir, 'gold.pbids') });
    expect(plan.pbids?.path).toBe(join(dir, 'gold.pbids'));
    const file = JSON.parse(plan.pbids?.content ?? '') as Record<string, unknown>;
    expect(file).toEqual({
      version: '0.1',
      connections: [
        {
          details: { protocol: BIGQUERY_PROTOCOL, address: { billingProject: 'salesflow-prod' } },
          options: {},
          mode: 'Import',
        },
      ],
    });
    expect(BIGQUERY_PROTOCOL).toBe('google-bigquery');
  });

  it('names the billing project, not the data project, when they differ', () => {
    const plan = planBi({
      ...DEFAULTS,
      project: 'salesflow-prod',
      billingProject: 'bi-team-billing',
      pbids: 'x.pbids',
    });
    const file = JSON.parse(plan.pbids?.content ?? '') as {
      connections: { details: { address: unknown } }[];
    };
    expect(file.connections[0]?.details.address).toEqual({ billingProject: 'bi-team-billing' });
  });
});

describe('salesflow bi flags', () => {
  it.each([
    [{ ...DEFAULTS }, '--project is required (the GCP project id of the deployed environment)'],
    [{ ...DEFAULTS, project: 'Prod' }, '--project must be a GCP project id'],
    [{ ...DEFAULTS, project: 'salesflow-prod-' }, '--project must be a GCP project id'],
    [
      { ...DEFAULTS, project: 'salesflow-prod', billingProject: 'x' },
      '--billing-project must be a GCP project id',
    ],
    [{ project: 'salesflow-prod', dataset: 'gold-eu' }, '--dataset must be a BigQuery dataset id'],
    [
      { ...DEFAULTS, project: 'salesflow-prod', location: 'Europe' },
      '--location must be a BigQuery location',
    ],
    [
      { ...DEFAULTS, project: 'salesflow-prod', pbids: 'gold.json' },
      '--pbids must name a .pbids file',
    ],
    [
      { ...DEFAULTS, project: 'salesflow-prod', lookerTemplate: 'abc' },
      '--looker-template must be a Looker Studio report id',
    ],
  ])('refuses %o', (raw, message) => {
    expect(() => planBi(raw)).toThrow(message);
  });

  it('accepts multi-region and regional locations', () => {
    for (const location of ['EU', 'US', 'eu', 'europe-west1', 'northamerica-northeast1']) {
      expect(planBi({ ...DEFAULTS, project: 'salesflow-prod', location }).location).toBe(location);
    }
  });
});

describe('salesflow bi instructions', () => {
  it('say what each tool gets, what to do next and how to check access', () => {
    const text = biInstructions(
      planBi({ ...DEFAULTS, project: 'salesflow-prod', location: 'EU', pbids: 'out/gold.pbids' }),
    );
    expect(text).toContain('https://lookerstudio.google.com/reporting/create?c.mode=edit&');
    expect(text).toContain('"Edit and share"');
    expect(text).toContain('Wrote out/gold.pbids');
    for (const { table } of [...LOOKER_STUDIO_TABLES, ...POWER_BI_TABLES])
      expect(text).toMatch(new RegExp(`^ {4}${table} `, 'm'));
    expect(text).toContain(
      "bq query --project_id=salesflow-prod --location=EU --nouse_legacy_sql 'SELECT COUNT(*) AS orders_today FROM `salesflow-prod.gold.fct_orders` WHERE order_date = CURRENT_DATE()'",
    );
    expect(text).toContain('docs/gold-contract.md');
  });

  it('without --pbids, say how to connect Power BI by hand', () => {
    const text = biInstructions(
      planBi({ ...DEFAULTS, project: 'salesflow-prod', billingProject: 'bi-team-billing' }),
    );
    expect(text).toContain('Pass --pbids FILE');
    expect(text).toContain('Billing Project ID bi-team-billing');
    expect(text).toContain('bq query --project_id=bi-team-billing --nouse_legacy_sql');
  });
});

describe('salesflow bi (process)', () => {
  it('documents its flags in --help', async () => {
    const run = await runCli(['bi', '--help']);
    expect(run.code).toBe(0);
    const help = run.stdout.toString();
    expect(help).toContain('Usage: salesflow bi [options]');
    for (const flag of [
      '--project <id>',
      '--dataset <id>',
      '--location <location>',
      '--billing-project <id>',
      '--looker-template <reportId>',
      '--pbids <file>',
    ]) {
      expect(help).toContain(flag);
    }
  });

  it('prints the link and writes the .pbids file', async () => {
    const pbids = join(dir, 'salesflow.pbids');
    const run = await runCli([
      'bi',
      '--project',
      'salesflow-prod',
      '--location',
      'EU',
      '--pbids',
      pbids,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const stdout = run.stdout.toString();
    const url = /^ {2}(https:\/\/lookerstudio\.google\.com\/\S+)$/m.exec(stdout)?.[1];
    expect(new URL(url ?? '').searchParams.get('ds.tableId')).toBe('fct_orders');
    expect(stdout).toContain(`Wrote ${pbids}`);
    const file = JSON.parse(readFileSync(pbids, 'utf8')) as {
      connections: { details: { protocol: string } }[];
    };
    expect(file.connections[0]?.details.protocol).toBe(BIGQUERY_PROTOCOL);
  });

  it.each([
    [['bi'], 'salesflow: --project is required (the GCP project id of the deployed environment)\n'],
    [['bi', '--project', 'salesflow_prod'], /^salesflow: --project must be a GCP project id .*\n$/],
    [
      ['bi', '--project', 'salesflow-prod', '--pbids', 'x.txt'],
      /^salesflow: --pbids must name a \.pbids file .*\n$/,
    ],
    [
      ['bi', '--project', 'salesflow-prod', '--no-such-flag'],
      "error: unknown option '--no-such-flag'\n",
    ],
    [['bi', '--project'], "error: option '--project <id>' argument missing\n"],
  ])('exits 2 with one line for %j', async (args, expected) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout.toString()).toBe('');
    if (typeof expected === 'string') expect(run.stderr).toBe(expected);
    else expect(run.stderr).toMatch(expected);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('exits 1 with one line when the .pbids file cannot be written, and prints no link', async () => {
    const pbids = join(dir, 'no-such-dir', 'gold.pbids');
    const run = await runCli(['bi', '--project', 'salesflow-prod', '--pbids', pbids]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`salesflow: cannot write ${pbids}: ENOENT\n`);
    expect(run.stdout.toString()).toBe('');
    expect(existsSync(pbids)).toBe(false);
  });
});

describe('docs/deploy.md', () => {
  it('runs `salesflow bi` exactly as the guide writes it', () => {
    const guide = readFileSync(
      fileURLToPath(new URL('../../docs/deploy.md', import.meta.url)),
      'utf8',
    );
    const commands = guide.split('\n').filter((line) => line.startsWith('npx salesflow bi '));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      expect(command).not.toMatch(/['"$`\\|;&<>]/);
      const [, , ...args] = command.trim().split(/\s+/);
      const cwd = mkdtempSync(join(dir, 'guide-'));
      const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const pbids = args[args.indexOf('--pbids') + 1];
      if (args.includes('--pbids')) expect(existsSync(join(cwd, pbids ?? ''))).toBe(true);
    }
  });
});
