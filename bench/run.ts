/**
 * `npm run bench`: every benchmark stage, each figure the median of several runs with min and max,
 * printed as a table. The stages that ran replace theirs in bench/results/latest.json (each with
 * its date, commit, machine, load and command line; the others keep their last measurement), and
 * docs/benchmarks.md is generated again from it and bench/notes.md.
 *
 * Flags: `--runs N` (runs of the fast benchmarks, default 3), `--dbt-sizes 100000,1000000,5000000`,
 * `--dbt-runs N` (default 1), `--e2e-rates 1000,2500,5000`, `--e2e-events N` (default 50000),
 * `--e2e-warmup N` (events pushed through before the measured ones, default 3000),
 * `--only cli-start,generator,handler,serving,cloud-ingest,e2e,dbt`.
 */
import { parseArgs } from 'node:util';
import { runCliStartBench } from './cli-start.bench.js';
import { runCloudIngestBench } from './cloud-ingest.bench.js';
import { runDbtBench } from './dbt.bench.js';
import { writeBenchmarksPage } from './page.js';
import { runE2eBench } from './e2e.bench.js';
import { summarise, renderTable, type Figure } from './figures.js';
import { runGeneratorBench } from './generator.bench.js';
import { runHandlerBench } from './handler.bench.js';
import {
  checkout,
  loadNow,
  mergeResults,
  readResults,
  RESULTS_PATH,
  thisMachine,
  writeResults,
  type StageResult,
} from './results.js';
import { runServingBench } from './serving.bench.js';
import { STAGES, stageById } from './stages.js';

function numbers(flag: string, text: string): number[] {
  const values = text.split(',').map(Number);
  if (values.some((value) => !Number.isFinite(value) || value <= 0)) {
    console.error(`bench: ${flag} takes comma-separated positive numbers, got "${text}"`);
    process.exit(2);
  }
  return values;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      'dbt-sizes': { type: 'string', default: '100000,1000000,5000000' },
      'dbt-runs': { type: 'string', default: '1' },
      'e2e-rates': { type: 'string', default: '1000,2500,5000' },
      'e2e-events': { type: 'string', default: '50000' },
      'e2e-warmup': { type: 'string', default: '3000' },
      only: { type: 'string', default: STAGES.map((stage) => stage.id).join(',') },
    },
  });
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(2);
}
const flags = parsed.values;
const [runs] = numbers('--runs', flags.runs);
const [dbtRuns] = numbers('--dbt-runs', flags['dbt-runs']);
const [e2eEvents] = numbers('--e2e-events', flags['e2e-events']);
const e2eWarmup = Number(flags['e2e-warmup']);
if (!Number.isInteger(e2eWarmup) || e2eWarmup < 0) {
  console.error(`bench: --e2e-warmup takes a whole number of events, got "${flags['e2e-warmup']}"`);
  process.exit(2);
}
const only = new Set(flags.only.split(','));
for (const id of only) {
  try {
    stageById(id);
  } catch (error) {
    console.error(`bench: --only: ${(error as Error).message}`);
    process.exit(2);
  }
}
const command = ['npm run bench --', ...process.argv.slice(2)].join(' ').replace(/ --$/, '');

const prefixed = (prefix: string) => (figures: readonly Figure[]) =>
  figures.map((figure) => ({ ...figure, name: `${prefix} ${figure.name}` }));

interface Step {
  /** The stage it belongs to (an id of STAGES). */
  readonly stage: string;
  readonly name: string;
  readonly runs: number;
  readonly measure: () => Promise<readonly Figure[]>;
}

const plan: Step[] = [];
const add = (stage: string, runsOf: number, measure: Step['measure'], name = stage) =>
  plan.push({ stage, name, runs: runsOf, measure });
if (only.has('cli-start')) add('cli-start', runs!, runCliStartBench);
if (only.has('generator')) add('generator', runs!, runGeneratorBench);
if (only.has('handler')) add('handler', runs!, runHandlerBench);
if (only.has('serving')) add('serving', runs!, runServingBench);
if (only.has('cloud-ingest')) add('cloud-ingest', runs!, () => runCloudIngestBench());
if (only.has('e2e')) {
  for (const rate of numbers('--e2e-rates', flags['e2e-rates'])) {
    plan.push({
      stage: 'e2e',
      name: `e2e at ${rate}/s`,
      runs: runs!,
      measure: () =>
        runE2eBench({ events: e2eEvents!, rate, warmupEvents: e2eWarmup }).then(
          prefixed(`e2e offered ${rate}/s:`),
        ),
    });
  }
}
if (only.has('dbt')) {
  add('dbt', dbtRuns!, () => runDbtBench(numbers('--dbt-sizes', flags['dbt-sizes'])));
}

const started = Date.now();
const measured: StageResult[] = [];
for (const stage of STAGES.filter((candidate) => only.has(candidate.id))) {
  // The code a stage measures is the code checked out when it starts.
  const stageStarted = Date.now();
  const head = checkout();
  const loadBefore = loadNow();
  const stageRuns: Figure[][] = [];
  for (const step of plan.filter((candidate) => candidate.stage === stage.id)) {
    for (let run = 1; run <= step.runs; run += 1) {
      process.stderr.write(`bench: ${step.name} (run ${run}/${step.runs}) …\n`);
      stageRuns.push([...(await step.measure())]);
    }
  }
  measured.push({
    stage: stage.id,
    date: new Date(stageStarted).toISOString(),
    ...head,
    machine: thisMachine(),
    load: [loadBefore, loadNow()],
    command,
    seconds: Math.round((Date.now() - stageStarted) / 1000),
    figures: summarise(stageRuns),
  });
}

const results = mergeResults(
  await readResults(),
  measured,
  STAGES.map((stage) => stage.id),
);
await writeResults(results);
const page = await writeBenchmarksPage(results);
const [first] = measured;
if (first) {
  const { machine } = first;
  console.log(
    `\nsalesflow benchmarks — ${first.date}, commit ${first.commit}${first.modified ? ' (modified)' : ''}, ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`,
  );
}
console.log(renderTable(measured.flatMap((stage) => stage.figures)));
console.log(
  `\nwritten to ${RESULTS_PATH} and ${page} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
);
