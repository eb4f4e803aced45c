import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { TOPOLOGY } from '@salesflow/contract';
import {
  LOOKER_STUDIO_SOURCE,
  LOOKER_STUDIO_TABLES,
  POWER_BI_TABLES,
  type BiTable,
} from '../bi/gold-tables.js';
import { defaultReportUrl, templateReportUrl } from '../bi/looker-studio.js';
import { pbidsFile } from '../bi/power-bi.js';
import { parseFlags } from '../flags.js';

/** The page that documents every Gold column. */
export const GOLD_CONTRACT_PAGE = 'docs/gold-contract.md';

// Google's rule for project IDs: 6–30 lower-case letters, digits or hyphens, starting with a
// letter and not ending with a hyphen.
const projectId = (flag: string) =>
  z
    .string({ error: `${flag} is required (the GCP project id of the deployed environment)` })
    .regex(
      /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
      `${flag} must be a GCP project id (6–30 lower-case letters, digits and hyphens, starting with a letter)`,
    );

const BiFlags = z.object({
  project: projectId('--project'),
  dataset: z
    .string()
    .regex(
      /^\w{1,1024}$/,
      '--dataset must be a BigQuery dataset id (letters, digits, underscores)',
    ),
  billingProject: projectId('--billing-project').optional(),
  location: z
    .string()
    .regex(
      /^(?:[Ee][Uu]|[Uu][Ss]|[a-z]+(?:-[a-z]+)+\d+)$/,
      '--location must be a BigQuery location such as EU, US or europe-west1',
    )
    .optional(),
  lookerTemplate: z
    .string()
    .regex(/^[\w-]{10,}$/, '--looker-template must be a Looker Studio report id')
    .optional(),
  pbids: z
    .string()
    .regex(/\.pbids$/i, '--pbids must name a .pbids file (Power BI opens files by that extension)')
    .optional(),
});

/** What `salesflow bi` prints and writes, decided from its flags. */
export interface BiPlan {
  readonly project: string;
  readonly dataset: string;
  readonly billingProject: string;
  readonly location?: string;
  readonly lookerStudioUrl: string;
  readonly lookerTemplate?: string;
  readonly pbids?: { readonly path: string; readonly content: string };
}

/** Parses the raw commander options into a plan; throws a one-line {@link UsageError}. */
export function planBi(raw: unknown): BiPlan {
  const flags = parseFlags(BiFlags, raw);
  const billingProject = flags.billingProject ?? flags.project;
  const reportName = `salesflow Gold (${flags.project})`;
  const lookerStudioUrl =
    flags.lookerTemplate === undefined
      ? defaultReportUrl({
          reportName,
          projectId: flags.project,
          datasetId: flags.dataset,
          tableId: LOOKER_STUDIO_SOURCE.table,
          billingProjectId: billingProject,
          partitioned: LOOKER_STUDIO_SOURCE.partitioned,
          datasourceName: `${flags.dataset}.${LOOKER_STUDIO_SOURCE.table}`,
        })
      : templateReportUrl({
          reportName,
          templateReportId: flags.lookerTemplate,
          projectId: flags.project,
          datasetId: flags.dataset,
          billingProjectId: billingProject,
        });
  return {
    project: flags.project,
    dataset: flags.dataset,
    billingProject,
    ...(flags.location === undefined ? {} : { location: flags.location }),
    lookerStudioUrl,
    ...(flags.lookerTemplate === undefined ? {} : { lookerTemplate: flags.lookerTemplate }),
    ...(flags.pbids === undefined
      ? {}
      : { pbids: { path: flags.pbids, content: pbidsFile({ billingProject, mode: 'Import' }) } }),
  };
}

/** The instructions `salesflow bi` prints: what to open, what it creates, what to do next. */
export function biInstructions(plan: BiPlan): string {
  const { project, dataset, billingProject } = plan;
  const tableList = (tables: readonly BiTable[]): string[] => {
    const width = Math.max(...tables.map(({ table }) => table.length));
    return tables.map(({ table, why }) => `    ${table.padEnd(width)}  ${why}`);
  };
  const looker =
    plan.lookerTemplate === undefined
      ? [
          `  It creates a report over ${dataset}.${LOOKER_STUDIO_SOURCE.table} with order_date, the table's partition column, as its date range.`,
          '  Next: build charts, then "Edit and share" saves the report to your Looker Studio account.',
          `  Add the marts with Add data → BigQuery → My projects → ${project} → ${dataset} → the table:`,
          ...tableList(
            LOOKER_STUDIO_TABLES.filter(({ table }) => table !== LOOKER_STUDIO_SOURCE.table),
          ),
        ]
      : [
          `  It copies report ${plan.lookerTemplate}, every data source re-pointed at ${project}.${dataset} (same tables, same fields).`,
          '  Next: check the charts, then "Edit and share" saves the copy to your Looker Studio account.',
        ];
  const powerBi =
    plan.pbids === undefined
      ? [
          '  Pass --pbids FILE to write a Power BI data source file, or connect by hand:',
          `  Get data → Google BigQuery → Advanced options → Billing Project ID ${billingProject}, then in the Navigator`,
          `  open ${project} → ${dataset} and tick:`,
        ]
      : [
          `  Wrote ${plan.pbids.path}: open it in Power BI Desktop, sign in with Google, and in the Navigator`,
          `  open ${project} → ${dataset} and tick (Import mode, refreshed on a schedule):`,
        ];
  const location = plan.location === undefined ? '' : ` --location=${plan.location}`;
  return [
    `Gold of ${project}.${dataset} for BI tools; their queries run as BigQuery jobs billed to ${billingProject}.`,
    '',
    'Looker Studio: open this link, signed in with a Google account that may read the dataset:',
    `  ${plan.lookerStudioUrl}`,
    ...looker,
    '',
    'Power BI Desktop:',
    ...powerBi,
    ...tableList(POWER_BI_TABLES),
    '',
    `Access: read on ${dataset} (the BI group) and, in ${billingProject}, roles/bigquery.jobUser to run queries and`,
    "roles/bigquery.readSessionUser for Power BI's BigQuery Storage API reads. Check yours (reads one day of orders):",
    `  bq query --project_id=${billingProject}${location} --nouse_legacy_sql 'SELECT COUNT(*) AS orders_today FROM \`${project}.${dataset}.${LOOKER_STUDIO_SOURCE.table}\` WHERE order_date = CURRENT_DATE()'`,
    `Every Gold table and column, and which of them are a stable contract: ${GOLD_CONTRACT_PAGE}`,
    '',
  ].join('\n');
}

/** `salesflow bi`: a one-step start for Looker Studio and Power BI on a deployed environment. */
export function register(program: Command): void {
  program
    .command('bi')
    .description(
      'print a Looker Studio link that creates a report over Gold, and write a Power BI data source file for it',
    )
    .option('--project <id>', 'GCP project of the deployed environment (required)')
    .option('--dataset <id>', 'BigQuery dataset that holds Gold', TOPOLOGY.datasets.gold)
    .option(
      '--location <location>',
      'BigQuery location of the dataset, e.g. EU (for the check query)',
    )
    .option(
      '--billing-project <id>',
      'project the BI queries run and are billed in (default: --project)',
    )
    .option(
      '--looker-template <reportId>',
      'copy this Looker Studio report instead of starting from the default one',
    )
    .option('--pbids <file>', 'write a Power BI data source file (.pbids) here')
    .action(async (raw: unknown) => {
      const plan = planBi(raw);
      if (plan.pbids !== undefined) {
        await writeFile(plan.pbids.path, plan.pbids.content).catch((error: unknown) => {
          const reason = (error as NodeJS.ErrnoException).code ?? String(error);
          throw new Error(`cannot write ${plan.pbids?.path}: ${reason}`);
        });
      }
      process.stdout.write(biInstructions(plan));
    });
}
