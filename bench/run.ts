/**
 * `npm run bench`: every benchmark, each figure the median of several runs with min and max, printed
 * as a table and written to bench/results/latest.json with the machine, date and commit.
 *
 * Flags: `--runs N` (runs of the fast benchmarks, default 3), `--dbt-sizes 100000,1000000,5000000`,
 * `--dbt-runs N` (default 1), `--e2e-rates 1000,2500,5000`, `--e2e-events N` (default 50000),
 * `--e2e-warmup N` (events pushed through before the measured ones, default 3000),
 * `--only cli-start,generator,handler,serving,cloud-ingest,e2e,dbt`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCliStartBench } from './cli-start.bench.js';
import { runCloudIngestBench } from './cloud-ingest.bench.js';
import { runDbtBench } from './dbt.bench.js';
import { runE2eBench } from './e2e.bench.js';
import { summarise, renderTable, type Figure } from './figures.js';
import { runGeneratorBench } from './generator.bench.js';
import { runHandlerBench } from './handler.bench.js';
import { runServingBench } from './serving.bench.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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
      only: {
        type: 'string',
        default: 'cli-start,generator,handler,serving,cloud-ingest,e2e,dbt',
      },
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

const prefixed = (prefix: string) => (figures: readonly Figure[]) =>
  figures.map((figure) => ({ ...figure, name: `${prefix} ${figure.name}` }));

const plan: Array<{ name: string; runs: number; measure: () => Promise<readonly Figure[]> }> = [];
if (only.has('cli-start')) plan.push({ name: 'cli-start', runs: runs!, measure: runCliStartBench });
if (only.has('generator'))
  plan.push({ name: 'generator', runs: runs!, measure: runGeneratorBench });
if (only.has('handler')) plan.push({ name: 'handler', runs: runs!, measure: runHandlerBench });
if (only.has('serving')) plan.push({ name: 'serving', runs: runs!, measure: runServingBench });
if (only.has('cloud-ingest'))
  plan.push({ name: 'cloud-ingest', runs: runs!, measure: () => runCloudIngestBench() });
if (only.has('e2e')) {
  for (const rate of numbers('--e2e-rates', flags['e2e-rates'])) {
    plan.push({
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
  plan.push({
    name: 'dbt',
    runs: dbtRuns!,
    measure: () => runDbtBench(numbers('--dbt-sizes', flags['dbt-sizes'])),
  });
}

const allRuns: Figure[][] = [];
const started = Date.now();
for (const step of plan) {
  for (let run = 1; run <= step.runs; run += 1) {
    process.stderr.write(`bench: ${step.name} (run ${run}/${step.runs}) …\n`);
    const figures = await step.measure();
    allRuns.push([...figures]);
  }
}

const summaries = summarise(allRuns);
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
} catch {
  // Not a git checkout.
}
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  freeMemoryGiB: Math.round(freemem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  node: process.version,
};
const result = {
  date: new Date().toISOString(),
  commit,
  machine,
  seconds: (Date.now() - started) / 1000,
  figures: summaries,
};
const out = join(root, 'bench', 'results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `\nsalesflow benchmarks — ${result.date}, commit ${commit}, ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`,
);
console.log(renderTable(summaries));
console.log(`\nwritten to bench/results/latest.json (${result.seconds.toFixed(0)} s)`);
