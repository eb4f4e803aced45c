/** Renders the Gold contract page from the catalog; the same catalog always gives the same text. */
import type { GoldCatalog, GoldColumn, GoldExposure, GoldModel } from './catalog.js';

/** The page, relative to the repository root. */
export const PAGE_PATH = 'docs/gold-contract.md';

/** The one command that rewrites the page from the YAML. */
export const REGENERATE_COMMAND = 'npx tsx tools/gold-contract/src/cli.ts';

const DATASET = 'gold';

const code = (text: string): string => `\`${text}\``;
const cell = (text: string): string => text.replace(/\|/g, '\\|');
const codes = (names: readonly string[]): string => names.map(code).join(', ');
/** GitHub's heading anchor for `## \`gold.name\``. */
const anchor = (model: GoldModel): string => `#${DATASET}${model.name}`;

function grain(model: GoldModel): string {
  const [first, ...others] = model.keys;
  if (first === undefined) return 'not fixed by a key test; see the description';
  const alsoUnique = others.length > 0 ? ` (also unique: ${others.map(codes).join('; ')})` : '';
  return `one row per ${codes(first)}${alsoUnique}`;
}

function storage(model: GoldModel): string[] {
  const lines: string[] = [];
  if (model.partition) {
    lines.push(
      `- Partitioned by ${code(model.partition.field)} (${model.partition.granularity})` +
        (model.clusterBy.length > 0 ? `, clustered by ${codes(model.clusterBy)}` : '') +
        `: a filter on ${code(model.partition.field)} makes BigQuery read, and bill, only those partitions.`,
    );
  } else if (model.clusterBy.length > 0) {
    lines.push(`- Clustered by ${codes(model.clusterBy)}.`);
  }
  return lines;
}

function columnRow(column: GoldColumn): string {
  return `| ${code(column.name)} | ${column.dataType ?? '—'} | ${column.contract ? 'contract' : ''} | ${cell(column.description)} |`;
}

function modelSection(model: GoldModel): string[] {
  const contractColumns = model.columns.filter((column) => column.contract).length;
  return [
    `## ${code(`${DATASET}.${model.name}`)}`,
    '',
    cell(model.description),
    '',
    `- Grain: ${grain(model)}.`,
    ...storage(model),
    ...(model.contract ? ['- The table itself is part of the contract: it keeps its name.'] : []),
    ...(contractColumns > 0
      ? [`- ${contractColumns} of ${model.columns.length} columns are contract columns.`]
      : []),
    `- Described in ${code(`dbt/${model.yamlPath}`)}.`,
    '',
    '| column | type | contract | description |',
    '| --- | --- | --- | --- |',
    ...model.columns.map(columnRow),
    '',
  ];
}

function exposureSection(exposures: readonly GoldExposure[]): string[] {
  if (exposures.length === 0) return [];
  return [
    '## Dashboards on Gold',
    '',
    'dbt knows these dashboards as exposures (`dbt/models/exposures.yml`): `dbt ls --select +exposure:NAME`',
    'lists everything a dashboard depends on, and a change to one of those models names the dashboards it touches.',
    '',
    '| dashboard | type | maturity | owner | reads | what it is |',
    '| --- | --- | --- | --- | --- | --- |',
    ...exposures.map(
      (exposure) =>
        `| ${cell(exposure.label)} (${code(exposure.name)}) | ${exposure.type} | ${exposure.maturity ?? ''} | ${cell(exposure.owner)} | ${codes(exposure.models)} | ${cell(exposure.description)} |`,
    ),
    '',
  ];
}

/** Contract models first (in the order the YAML files sort), then the rest. */
function ordered(models: readonly GoldModel[]): GoldModel[] {
  const hasContract = (model: GoldModel): boolean =>
    model.contract || model.columns.some((column) => column.contract);
  return [...models.filter(hasContract), ...models.filter((model) => !hasContract(model))];
}

/** The Markdown page. */
export function renderContractPage(catalog: GoldCatalog): string {
  const models = ordered(catalog.models);
  return [
    '# Gold contract',
    '',
    `<!-- Generated from dbt/models/marts/**/*.yml and dbt/models/exposures.yml by \`${REGENERATE_COMMAND}\`.`,
    '     Do not edit: change the YAML and run that command; a test fails while this page is out of date. -->',
    '',
    `The BigQuery dataset ${code(DATASET)} is what BI tools and analysts read: a star schema (facts and`,
    'dimensions) and marts built by dbt. This page lists every table, its grain and its columns.',
    '',
    'Columns marked **contract** keep their name, type and meaning once shipped; dashboards may rely on',
    'them. Other columns are documented as they are today and may change. `salesflow bi` connects',
    'Looker Studio and Power BI to this dataset (see [docs/deploy.md](deploy.md)).',
    '',
    '| table | grain | partitioned by | contract columns |',
    '| --- | --- | --- | --- |',
    ...models.map((model) => {
      const contract = model.columns.filter((column) => column.contract).length;
      const partition = model.partition
        ? `${code(model.partition.field)} (${model.partition.granularity})`
        : '';
      return `| [${code(model.name)}](${anchor(model)}) | ${grain(model)} | ${partition} | ${contract > 0 ? `${contract} of ${model.columns.length}` : ''} |`;
    }),
    '',
    ...exposureSection(catalog.exposures),
    ...models.flatMap(modelSection),
  ].join('\n');
}
