/**
 * CPU per event of ingestSales as deployed, at request concurrency 1 and at the configured
 * concurrency: the deployable archive served by the Functions Framework's CLI on the deploy runtime's
 * Node.js (and the machine's own Node.js when its major differs), fed Pub/Sub push bodies of generator
 * events (the `run` command's default chaos) with one request in flight, then with as many as the
 * infra config's `concurrency` allows, alternating in rounds so both see the same machine.
 *
 * Measured from outside the function process: CPU from `/proc/<pid>/stat` (utime + stime, every
 * thread), peak RSS, bytes written to stdout/stderr (what Cloud Logging would ingest); at the client:
 * wall latency and throughput. Bronze goes through the cloud code path — JSON, validation, insertAll
 * request building, HTTP — to a local stand-in for the BigQuery API (functions/test/fakes) in this
 * process, not the measured one. Every push must be answered 2xx and land as one Bronze row (event
 * or rejection), or the run fails.
 *
 * Run: `npx tsx bench/cloud-ingest.bench.ts [--c1-events N] [--cn-events N] [--rounds N]
 * [--warmup N] [--nodes deploy,current] [--push-path function-url|topic-path]`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROUTE_ATTRIBUTE, TOPOLOGY } from '@salesflow/contract';
import {
  pushEndpoint,
  toPushRequest,
  type PushRequest,
} from '@salesflow/local/bridge/push-request';
import { BigQueryRestFake } from '@salesflow/functions/test/fakes/bigquery-rest-fake';
import { createGenerator } from '@salesflow/generator';
import { CHAOS_PRESETS } from '../cli/src/run/options.js';
import { prod } from '../infra/config/prod.js';
import { DEPLOY_NODE_VERSION, deployNodeBin } from '../scripts/toolchain.mjs';
import { percentile, type Figure } from './figures.js';
import {
  BENCH_PROJECT,
  startDeployedIngest,
  unpackDeployedArchive,
  type DeployedFunction,
} from './support/deployed-function.js';
import { peakRssMiB, processCpuMicros } from './support/proc.js';
import { pushClosedLoop } from './support/push-load.js';

/** Options of {@link runCloudIngestBench}. */
export interface CloudIngestBenchOptions {
  /** Measured pushes per round with one request in flight. */
  c1Events?: number;
  /** Measured pushes per round at the configured concurrency. */
  cnEvents?: number;
  /** Rounds of (one in flight, configured concurrency), alternating. */
  rounds?: number;
  /** Pushes at the configured concurrency before the first round (JIT warm-up), not measured. */
  warmupEvents?: number;
  /** `deploy`: the deploy runtime's Node.js (setup component node:deploy); `current`: this one. */
  nodes?: readonly ('deploy' | 'current')[];
  /**
   * Where the pushes go: `function-url`, the function's URL as the push subscription is deployed
   * with, or `topic-path`, that URL with the topic's resource name as the path (see
   * `pushEndpoint`), from which the Functions Framework reads the topic instead of logging two
   * warnings per request.
   */
  pushPath?: PushPath;
}

/** Where the pushes are posted, see {@link CloudIngestBenchOptions.pushPath}. */
export type PushPath = 'function-url' | 'topic-path';

/** The request concurrency the function is deployed with (both environments set the same). */
export const CONFIGURED_CONCURRENCY = prod.ingestion.function.concurrency;

const ORIGIN = {
  projectId: BENCH_PROJECT,
  topic: TOPOLOGY.topic,
  subscription: TOPOLOGY.ingestSubscription,
};

interface PhaseTotals {
  events: number;
  cpuMicros: number;
  seconds: number;
  latenciesMs: number[];
  insertAlls: number;
}

const emptyTotals = (): PhaseTotals => ({
  events: 0,
  cpuMicros: 0,
  seconds: 0,
  latenciesMs: [],
  insertAlls: 0,
});

/** Push requests for `count` generator messages routed to the function, as the subscription sends them. */
function pushRequests(count: number): PushRequest[] {
  const generator = createGenerator({
    seed: 18,
    events: count,
    from: Date.parse('2026-09-01T00:00:00Z'),
    to: Date.parse('2026-12-01T00:00:00Z'),
    chaos: CHAOS_PRESETS.default,
  });
  const publishTime = new Date();
  // The subscription has a dead-letter policy, so every push carries deliveryAttempt.
  return [...generator].map((message, index) =>
    toPushRequest(
      {
        id: String(100_000 + index),
        data: message.data,
        attributes: { [ROUTE_ATTRIBUTE]: 'function' },
        publishTime,
      },
      ORIGIN,
      1,
    ),
  );
}

function storedRows(fake: BigQueryRestFake): number {
  let rows = 0;
  for (const table of fake.tables.values()) rows += table.length;
  return rows;
}

/** Pushes `requests` with `inFlight` outstanding and adds what it cost to `totals`. */
async function measure(
  fn: DeployedFunction,
  endpoint: string,
  fake: BigQueryRestFake,
  requests: readonly PushRequest[],
  inFlight: number,
  totals: PhaseTotals | undefined,
): Promise<void> {
  fake.requests.splice(0);
  fake.tables.clear();
  const cpuBefore = processCpuMicros(fn.pid);
  const load = await pushClosedLoop(endpoint, requests, inFlight);
  const cpuMicros = processCpuMicros(fn.pid) - cpuBefore;
  const rows = storedRows(fake);
  if (rows !== requests.length) {
    throw new Error(
      `${requests.length} pushes answered but ${rows} Bronze rows stored: ${fn.tail()}`,
    );
  }
  if (!totals) return;
  totals.events += requests.length;
  totals.cpuMicros += cpuMicros;
  totals.seconds += load.seconds;
  totals.latenciesMs.push(...load.latenciesMs);
  totals.insertAlls += fake.requests.filter((request) =>
    request.path.endsWith('/insertAll'),
  ).length;
}

function phaseFigures(prefix: string, totals: PhaseTotals): Figure[] {
  const latencies = totals.latenciesMs.sort((a, b) => a - b);
  const round = (value: number, digits: number) => Number(value.toFixed(digits));
  return [
    {
      name: `${prefix}.cpu_per_event`,
      value: Math.round(totals.cpuMicros / totals.events),
      unit: 'µs',
    },
    {
      // Share of one core the function used while a request was active: what request-based
      // billing charges for is the whole vCPU over that time.
      name: `${prefix}.cpu_busy_share`,
      value: round(totals.cpuMicros / 1e6 / totals.seconds, 3),
      unit: 'ratio',
    },
    {
      name: `${prefix}.events_per_second`,
      value: Math.round(totals.events / totals.seconds),
      unit: 'events/s',
    },
    { name: `${prefix}.latency_p50`, value: round(percentile(latencies, 50), 1), unit: 'ms' },
    { name: `${prefix}.latency_p99`, value: round(percentile(latencies, 99), 1), unit: 'ms' },
    {
      name: `${prefix}.rows_per_insert_all`,
      value: round(totals.events / totals.insertAlls, 1),
      unit: 'rows',
    },
  ];
}

function nodeMajor(node: string): number {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  return Number(/^v(\d+)\./.exec(version)?.[1]);
}

/** Runs the benchmark once and returns its figures. */
export async function runCloudIngestBench(
  options: CloudIngestBenchOptions = {},
): Promise<Figure[]> {
  const c1Events = options.c1Events ?? 400;
  const cnEvents = options.cnEvents ?? 8_000;
  const rounds = options.rounds ?? 2;
  const warmupEvents = options.warmupEvents ?? 3_000;
  const concurrency = CONFIGURED_CONCURRENCY;
  const topicPath = options.pushPath === 'topic-path';

  const binaries: { label: string; node: string }[] = [];
  for (const which of options.nodes ?? ['deploy', 'current']) {
    const node = which === 'deploy' ? deployNodeBin() : process.execPath;
    if (!existsSync(node)) {
      throw new Error(
        `Node.js ${DEPLOY_NODE_VERSION} (the deploy runtime) is missing: run node scripts/setup.mjs --for test`,
      );
    }
    const label = `node${nodeMajor(node)}`;
    if (!binaries.some((binary) => binary.label === label)) binaries.push({ label, node });
  }

  const requests = pushRequests(warmupEvents + rounds * (c1Events + cnEvents));
  const archive = await unpackDeployedArchive();
  const fake = new BigQueryRestFake();
  await fake.start();
  const figures: Figure[] = [];
  try {
    for (const { label, node } of binaries) {
      const fn = await startDeployedIngest({ node, archive, bigQueryEndpoint: fake.endpoint });
      // The deployed push subscription posts to the function's URL (infra stack `functions.ts`).
      const endpoint = topicPath ? pushEndpoint(fn.url, ORIGIN) : fn.url;
      try {
        let next = 0;
        const take = (count: number) => requests.slice(next, (next += count));
        await measure(fn, endpoint, fake, take(warmupEvents), concurrency, undefined);
        const single = emptyTotals();
        const concurrent = emptyTotals();
        const logBefore = fn.outputBytes();
        for (let round = 0; round < rounds; round += 1) {
          await measure(fn, endpoint, fake, take(c1Events), 1, single);
          await measure(fn, endpoint, fake, take(cnEvents), concurrency, concurrent);
        }
        const logBytes = fn.outputBytes() - logBefore;
        const prefix = `cloud_ingest.${label}${topicPath ? '_topic_path' : ''}`;
        figures.push(
          ...phaseFigures(`${prefix}.c1`, single),
          ...phaseFigures(`${prefix}.c${concurrency}`, concurrent),
          {
            name: `${prefix}.c${concurrency}_cpu_per_event_to_c1`,
            value: Number(
              (
                concurrent.cpuMicros /
                concurrent.events /
                (single.cpuMicros / single.events)
              ).toFixed(3),
            ),
            unit: 'ratio',
          },
          {
            name: `${prefix}.log_bytes_per_event`,
            value: Math.round(logBytes / (single.events + concurrent.events)),
            unit: 'bytes',
          },
          { name: `${prefix}.peak_rss`, value: Math.round(peakRssMiB(fn.pid)), unit: 'MiB' },
        );
      } finally {
        await fn.stop();
      }
    }
    return figures;
  } finally {
    await fake.stop();
    archive.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) {
      console.error(`cloud-ingest bench: ${flag} takes a whole number, got "${text}"`);
      process.exit(2);
    }
    return value;
  };
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'c1-events': { type: 'string' },
        'cn-events': { type: 'string' },
        rounds: { type: 'string' },
        warmup: { type: 'string' },
        nodes: { type: 'string' },
        'push-path': { type: 'string' },
      },
    }));
  } catch (error) {
    console.error(`cloud-ingest bench: ${(error as Error).message}`);
    process.exit(2);
  }
  const nodes = values.nodes?.split(',');
  if (nodes?.some((node) => node !== 'deploy' && node !== 'current')) {
    console.error(`cloud-ingest bench: --nodes takes deploy and/or current, got "${values.nodes}"`);
    process.exit(2);
  }
  const pushPath = values['push-path'];
  if (pushPath !== undefined && pushPath !== 'function-url' && pushPath !== 'topic-path') {
    console.error(
      `cloud-ingest bench: --push-path takes function-url or topic-path, got "${pushPath}"`,
    );
    process.exit(2);
  }
  const c1Events = count('--c1-events', values['c1-events']);
  const cnEvents = count('--cn-events', values['cn-events']);
  const rounds = count('--rounds', values.rounds);
  const warmupEvents = count('--warmup', values.warmup);
  const figures = await runCloudIngestBench({
    ...(c1Events ? { c1Events } : {}),
    ...(cnEvents ? { cnEvents } : {}),
    ...(rounds ? { rounds } : {}),
    ...(warmupEvents !== undefined ? { warmupEvents } : {}),
    ...(nodes ? { nodes: nodes as ('deploy' | 'current')[] } : {}),
    ...(pushPath ? { pushPath } : {}),
  });
  console.log(
    `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log(`command: npx tsx bench/cloud-ingest.bench.ts ${process.argv.slice(2).join(' ')}`);
  for (const figure of figures)
    console.log(`${figure.name.padEnd(52)} ${String(figure.value).padStart(10)} ${figure.unit}`);
}
