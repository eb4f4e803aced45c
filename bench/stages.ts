/**
 * The benchmark stages `npm run bench` knows, in the order it runs them, and the targets their
 * figures are held to. The targets are the product's promises (issues of record: generator and
 * handler speed, end-to-end throughput and latency, dbt build times, the command's start); what
 * limits each stage is written in bench/notes.md.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prod } from '../infra/config/prod.js';

/** The repository's root. */
export const BENCH_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A bound a figure's median must keep. */
export interface Target {
  readonly op: '>=' | '<';
  readonly value: number;
}

/** Which figures a target applies to, and the bound. */
export interface TargetRule {
  /** Whether the target applies to the figure of this name. */
  readonly applies: (figure: string) => boolean;
  /**
   * The figure the target is about, when a measured stage must produce one for it to be judged
   * (a run of other sizes or rates may not): shown as not measured when no figure applies.
   */
  readonly required?: string;
  readonly target: Target;
}

const named =
  (name: string) =>
  (figure: string): boolean =>
    figure === name;

/** One stage of `npm run bench`. */
export interface Stage {
  /** The name `--only` takes and bench/notes.md heads its section with. */
  readonly id: string;
  readonly title: string;
  readonly targets: readonly TargetRule[];
}

/** A user's command answers well under half a second. */
const CLI_START_MS = 500;
/** The ingest function's memory as deployed in production, in MiB. */
const FUNCTION_MEMORY_MIB = Number.parseInt(prod.ingestion.function.memory, 10);
/** Events per second the local pipeline sustains end to end. */
const E2E_EVENTS_PER_SECOND = 2_000;
/** The dbt targets hold for a warehouse of this many orders. */
const DBT_TARGET_ORDERS = (1_000_000).toLocaleString('en-US');

/** The offered rate of an end-to-end figure of this metric (`e2e offered R/s: e2e.<metric>`). */
function offeredRate(figure: string, metric: string): number | undefined {
  const match = /^e2e offered (\d+)\/s: e2e\.(\w+)$/.exec(figure);
  return match && match[2] === metric ? Number(match[1]) : undefined;
}

/** Every stage, in the order `npm run bench` runs them. */
export const STAGES: readonly Stage[] = [
  {
    id: 'cli-start',
    title: 'CLI start',
    targets: [
      {
        applies: (figure) => figure.startsWith('cli start: salesflow '),
        target: { op: '<', value: CLI_START_MS },
      },
    ],
  },
  {
    id: 'generator',
    title: 'Generator',
    targets: [
      {
        applies: named('generator.events_per_second'),
        required: 'generator.events_per_second',
        target: { op: '>=', value: 50_000 },
      },
      {
        applies: named('generator.ratio_to_bare_stringify'),
        required: 'generator.ratio_to_bare_stringify',
        target: { op: '>=', value: 0.25 },
      },
    ],
  },
  {
    id: 'handler',
    title: 'Handler',
    targets: [
      {
        applies: named('handler.core_ratio_to_json_parse'),
        required: 'handler.core_ratio_to_json_parse',
        target: { op: '>=', value: 0.3 },
      },
    ],
  },
  { id: 'serving', title: 'Serving', targets: [] },
  {
    id: 'cloud-ingest',
    title: 'Cloud ingest (the deployable archive)',
    targets: [
      {
        applies: (figure) => figure.startsWith('cloud_ingest.') && figure.endsWith('.peak_rss'),
        target: { op: '<', value: FUNCTION_MEMORY_MIB },
      },
    ],
  },
  {
    id: 'e2e',
    title: 'End to end (publish → Bronze)',
    targets: [
      {
        // Sustained: the throughput of every offered rate at or above the target.
        applies: (figure) => (offeredRate(figure, 'throughput') ?? 0) >= E2E_EVENTS_PER_SECOND,
        required: `e2e offered ≥ ${E2E_EVENTS_PER_SECOND.toLocaleString('en-US')}/s: e2e.throughput`,
        target: { op: '>=', value: E2E_EVENTS_PER_SECOND },
      },
      {
        applies: (figure) => offeredRate(figure, 'latency_p99') !== undefined,
        target: { op: '<', value: 2_000 },
      },
    ],
  },
  {
    id: 'dbt',
    title: 'dbt on DuckDB',
    targets: [
      {
        applies: (figure) => figure.startsWith(`dbt build full ${DBT_TARGET_ORDERS} orders `),
        required: `dbt build full ${DBT_TARGET_ORDERS} orders`,
        target: { op: '<', value: 90 },
      },
      {
        applies: named(`incremental / full ${DBT_TARGET_ORDERS}`),
        required: `incremental / full ${DBT_TARGET_ORDERS}`,
        target: { op: '<', value: 15 },
      },
    ],
  },
];

/** The stage of this id; throws for an unknown one. */
export function stageById(id: string): Stage {
  const stage = STAGES.find((candidate) => candidate.id === id);
  if (!stage) {
    throw new Error(
      `unknown benchmark stage "${id}" (stages: ${STAGES.map((s) => s.id).join(', ')})`,
    );
  }
  return stage;
}

/** The target a figure is held to, if any. */
export function targetOf(stage: Stage, figure: string): Target | undefined {
  return stage.targets.find((rule) => rule.applies(figure))?.target;
}

/** Whether a value keeps its target. */
export function meets(value: number, target: Target): boolean {
  return target.op === '>=' ? value >= target.value : value < target.value;
}
