/**
 * docs/benchmarks.md, generated from bench/results/latest.json (the figures) and bench/notes.md
 * (what limits each stage, written by hand): one table of the current figures with their targets,
 * then one section per stage. A stage latest.json lacks is shown as not measured, never estimated.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatNumber, type Summary } from './figures.js';
import {
  PAGE_PATH,
  readResults,
  RESULTS_PATH,
  type BenchResults,
  type StageResult,
} from './results.js';
import { BENCH_ROOT, STAGES, meets, targetOf, type Stage, type Target } from './stages.js';

export { PAGE_PATH } from './results.js';
/** The hand-written notes, relative to the repository. */
export const NOTES_PATH = 'bench/notes.md';
/** The command that writes the page from latest.json and the notes. */
export const REGENERATE_COMMAND = 'npm run bench:docs';

const NOT_MEASURED = 'not measured in this run';

/** The notes of each stage by its id, read from bench/notes.md (`## <stage id>` sections). */
export function parseNotes(text: string): Map<string, string> {
  const notes = new Map<string, string>();
  const sections = text.split(/^## /m).slice(1);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const id = (newline < 0 ? section : section.slice(0, newline)).trim();
    const body = newline < 0 ? '' : section.slice(newline + 1).trim();
    if (notes.has(id)) throw new Error(`${NOTES_PATH}: stage "${id}" has two sections`);
    notes.set(id, body);
  }
  const known = new Set(STAGES.map((stage) => stage.id));
  const unknown = [...notes.keys()].filter((id) => !known.has(id));
  const missing = [...known].filter((id) => !notes.get(id));
  if (unknown.length > 0 || missing.length > 0) {
    throw new Error(
      `${NOTES_PATH} needs one non-empty "## <stage>" section per stage of bench/stages.ts` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
        (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''),
    );
  }
  return notes;
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function targetText(target: Target, unit: string): string {
  const bound = `${target.op === '>=' ? '≥' : '<'} ${formatNumber(target.value)}`;
  return unit === 'ratio' || unit === '' ? bound : `${bound} ${unit}`;
}

function valueText(value: number, unit: string): string {
  return unit === 'ratio' || unit === '' ? formatNumber(value) : `${formatNumber(value)} ${unit}`;
}

const cpuName = (result: StageResult): string =>
  `${result.machine.cores} × ${result.machine.cpu.replace(/\s+/g, ' ').trim()}`;

const commitText = (result: StageResult): string =>
  `\`${result.commit}\`${result.modified ? ' (modified)' : ''}`;

function figureRow(stage: Stage, result: StageResult, figure: Summary): string {
  const target = targetOf(stage, figure.name);
  const cells = [
    stage.id,
    `\`${figure.name}\``,
    valueText(figure.median, figure.unit),
    figure.min === figure.max ? '' : `${formatNumber(figure.min)}–${formatNumber(figure.max)}`,
    String(figure.runs),
    target ? targetText(target, figure.unit) : '',
    target ? (meets(figure.median, target) ? 'met' : '**missed**') : '',
    commitText(result),
    cpuName(result),
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

function stageRows(stage: Stage, result: StageResult | undefined): string[] {
  if (!result) return [`| ${stage.id} | ${NOT_MEASURED} |  |  |  |  |  |  |  |`];
  const rows = result.figures.map((figure) => figureRow(stage, result, figure));
  for (const rule of stage.targets) {
    if (rule.required === undefined) continue;
    if (result.figures.some((figure) => rule.applies(figure.name))) continue;
    const bound = `${rule.target.op === '>=' ? '≥' : '<'} ${formatNumber(rule.target.value)}`;
    rows.push(
      `| ${stage.id} | \`${cell(rule.required)}\` |  |  |  | ${bound} | ${NOT_MEASURED} | ${commitText(result)} | ${cell(cpuName(result))} |`,
    );
  }
  return rows;
}

function provenance(result: StageResult | undefined): string {
  if (!result) return `_Not measured in this run: no figures in \`${RESULTS_PATH}\`._`;
  const { machine } = result;
  const date = result.date.replace(/:\d\d\.\d+Z$/, ' UTC').replace('T', ' ');
  return (
    `_Measured ${date} on commit ${commitText(result)}, ${result.seconds.toLocaleString('en-US')} s: ` +
    `${cpuName(result)}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ` +
    `load ${result.load[0]} → ${result.load[1]}; \`${result.command}\`._`
  );
}

/** The whole page. */
export function renderBenchmarksPage(
  results: BenchResults,
  notes: ReadonlyMap<string, string>,
): string {
  const byStage = new Map(results.stages.map((result) => [result.stage, result]));
  const lines = [
    '# Benchmarks',
    '',
    `<!-- Generated from ${RESULTS_PATH} and ${NOTES_PATH} by \`${REGENERATE_COMMAND}\` (and at the end of \`npm run bench\`).`,
    '     Do not edit: measure again or change the notes; a test fails while this page is out of date. -->',
    '',
    '`npm run bench` runs every stage below; `npm run bench -- --only dbt,e2e` runs some of them (other flags:',
    '`--runs N`, `--dbt-sizes 100000,1000000,5000000`, `--dbt-runs N`, `--e2e-rates 1000,2500,5000`,',
    '`--e2e-events N`, `--e2e-warmup N`). Each figure is the median of its runs, with the fastest and slowest.',
    `A stage that runs replaces its figures in \`${RESULTS_PATH}\`; one that does not keeps its last`,
    'measurement, with the commit, date and machine it was measured on. Earlier figures are in git:',
    `\`git log -p ${RESULTS_PATH}\`. A commit marked (modified) was measured with uncommitted changes.`,
    'Targets are kept in `bench/stages.ts`, the notes below in `bench/notes.md`.',
    '',
    '`npm run soak -- --minutes N --rate R` runs live mode with dbt on its schedule and reports latency,',
    'memory and the cost of the accounting over time; it is not part of this table.',
    '',
    '## Current figures',
    '',
    '| stage | figure | median | min–max | runs | target | met | commit | machine |',
    '| --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |',
    ...STAGES.flatMap((stage) => stageRows(stage, byStage.get(stage.id))),
    '',
    '## What limits each stage',
  ];
  for (const stage of STAGES) {
    lines.push(
      '',
      `### ${stage.title} (\`${stage.id}\`)`,
      '',
      provenance(byStage.get(stage.id)),
      '',
      notes.get(stage.id) ?? '',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The page as latest.json and the notes make it today. */
export async function currentBenchmarksPage(results?: BenchResults): Promise<string> {
  const notes = parseNotes(await readFile(join(BENCH_ROOT, NOTES_PATH), 'utf8'));
  return renderBenchmarksPage(results ?? (await readResults()), notes);
}

/** Writes the page; returns its path relative to the repository. */
export async function writeBenchmarksPage(results?: BenchResults): Promise<string> {
  await writeFile(join(BENCH_ROOT, PAGE_PATH), await currentBenchmarksPage(results));
  return PAGE_PATH;
}
