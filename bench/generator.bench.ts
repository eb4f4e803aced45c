/**
 * Generator throughput: valid events generated and serialized to NDJSON bytes on one core, against a
 * bare `JSON.stringify` loop over pre-built events of the same shape.
 *
 * Run: `npx tsx bench/generator.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import type { SalesEvent } from '@salesflow/contract';
import { buildWorld, createGenerator, type World } from '@salesflow/generator';

/** One benchmark figure. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const EVENTS = 100_000;
const ROUNDS = 3;
const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2026-04-01T00:00:00Z');
const NEWLINE = Buffer.from('\n');

/** Joins a batch of lines the way a file sink does, and starts a new batch. */
function flush(chunk: Buffer[]): Buffer[] {
  Buffer.concat(chunk);
  return [];
}

/** Generates the run's NDJSON bytes the way the file sink does, keeping nothing but the byte count. */
function generateNdjson(world: World, seed: number): { ms: number; bytes: number } {
  let bytes = 0;
  let chunk: Buffer[] = [];
  const start = performance.now();
  for (const message of createGenerator({ seed, events: EVENTS, from: FROM, to: TO, world })) {
    chunk.push(message.data, NEWLINE);
    bytes += message.data.length + 1;
    if (chunk.length >= 2048) chunk = flush(chunk);
  }
  return { ms: performance.now() - start, bytes };
}

/** The same run's events as plain objects, built outside any timing. */
function prebuiltEvents(world: World, seed: number): SalesEvent[] {
  return [...createGenerator({ seed, events: EVENTS, from: FROM, to: TO, world })].map(
    (message) => JSON.parse(message.data.toString('utf8')) as SalesEvent,
  );
}

function stringifyNdjson(events: readonly SalesEvent[]): number {
  let chunk: Buffer[] = [];
  const start = performance.now();
  for (const event of events) {
    chunk.push(Buffer.from(JSON.stringify(event)), NEWLINE);
    if (chunk.length >= 2048) chunk = flush(chunk);
  }
  return performance.now() - start;
}

/** Runs the benchmark and returns its figures (also used by the bench runner). */
export async function runGeneratorBench(): Promise<BenchFigure[]> {
  const worldStart = performance.now();
  const world = buildWorld();
  const worldMs = performance.now() - worldStart;
  generateNdjson(world, 99); // warm-up: JIT and the world's price/customer caches
  const prebuilt = prebuiltEvents(world, 1);
  stringifyNdjson(prebuilt);
  // Best of three interleaved rounds: the fairest figure on a machine shared with other work.
  let run = { ms: Number.POSITIVE_INFINITY, bytes: 0 };
  let bareMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round += 1) {
    const attempt = generateNdjson(world, 1);
    if (attempt.ms < run.ms) run = attempt;
    bareMs = Math.min(bareMs, stringifyNdjson(prebuilt));
  }
  const rate = EVENTS / (run.ms / 1000);
  const bareRate = prebuilt.length / (bareMs / 1000);
  return [
    { name: 'generator.world_build', value: Math.round(worldMs), unit: 'ms' },
    { name: 'generator.events_per_second', value: Math.round(rate), unit: 'events/s' },
    {
      name: 'generator.mb_per_second',
      value: Number((run.bytes / 1e6 / (run.ms / 1000)).toFixed(1)),
      unit: 'MB/s',
    },
    {
      name: 'generator.bare_stringify_events_per_second',
      value: Math.round(bareRate),
      unit: 'events/s',
    },
    {
      name: 'generator.ratio_to_bare_stringify',
      value: Number((rate / bareRate).toFixed(3)),
      unit: 'ratio',
    },
    { name: 'generator.mean_event_bytes', value: Math.round(run.bytes / EVENTS), unit: 'bytes' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runGeneratorBench();
  console.log('figure'.padEnd(46) + 'value'.padStart(14) + '  unit');
  for (const figure of figures) {
    console.log(figure.name.padEnd(46) + String(figure.value).padStart(14) + `  ${figure.unit}`);
  }
}
