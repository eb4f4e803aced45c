/**
 * End-to-end ingestion on one machine: generator events published to the local Pub/Sub emulator
 * at a steady rate → push bridge → ingestSales (its own process) → Parquet Bronze landing.
 * Measures throughput, publish → row-visible latency percentiles, the function's peak RSS, and —
 * separately, in-process — the DuckDB Bronze sink's append rate.
 *
 * Run: `npx tsx bench/e2e.bench.ts [events] [rate] [warm-up events]`.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { PubSub } from '@google-cloud/pubsub';
import { SALES_EVENTS_TABLE, TOPOLOGY, type BronzeEventRow } from '@salesflow/contract';
import { toBronze } from '@salesflow/contract/validation';
import { createGenerator, PubSubSink } from '@salesflow/generator';
import { startLocalStack } from '@salesflow/local';
import { DuckDbBronzeSink } from '@salesflow/local/bronze/duckdb-sink';
import { LandingLayout, sqlString } from '@salesflow/local/bronze/landing-layout';
import type { Figure } from './figures.js';

/** Options of {@link runE2eBench}. */
export interface E2eBenchOptions {
  /** Valid events to push end to end. */
  events?: number;
  /** Publish rate, events/s (latency is measured at a steady offered load, not against a backlog). */
  rate?: number;
  /**
   * Events pushed through at the same rate before the measured ones, and waited for, so that the
   * figures describe the sustained pipeline rather than its first seconds of JIT compilation.
   */
  warmupEvents?: number;
  /** Push bridge flow control. */
  maxInFlight?: number;
  /** Rows for the in-process DuckDB append measurement. */
  appendRows?: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
  Number.NaN;

function generatedEvents(count: number): Buffer[] {
  const generator = createGenerator({
    seed: 7,
    events: count,
    from: Date.parse('2026-01-01T00:00:00Z'),
    to: Date.parse('2026-05-01T00:00:00Z'),
  });
  return [...generator].map((message) => message.data);
}

/** Peak resident set size of a process (Linux `VmHWM`), in MiB. */
function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** The in-process append rate of the DuckDB Bronze sink (Parquet micro-batches, group commit). */
async function measureAppend(
  payloads: readonly Buffer[],
  rows: number,
  dir: string,
): Promise<number> {
  const now = new Date().toISOString();
  const eventRows: BronzeEventRow[] = [];
  for (let i = 0; i < rows; i += 1) {
    const landing = toBronze(
      {
        data: payloads[i % payloads.length]!,
        messageId: `m-${i}`,
        publishTime: now,
        attributes: null,
      },
      now,
      'function',
    );
    if (landing.kind === 'event') eventRows.push(landing.row);
  }
  const sink = await DuckDbBronzeSink.open({
    warehousePath: join(dir, 'append.duckdb'),
    batch: { maxRows: 5_000, maxWaitMs: 20 },
  });
  const started = performance.now();
  let next = 0;
  // 1,000 concurrent writers of one row each: how the function process calls the sink.
  await Promise.all(
    Array.from({ length: 1_000 }, async () => {
      while (next < eventRows.length) await sink.writeEvents([eventRows[next++]!]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await sink.close();
  return eventRows.length / seconds;
}

/** Publishes `payloads` at `rate` events/s; resolves with their message ids once all are published. */
async function publishAtRate(
  pubsub: PubSub,
  payloads: readonly Buffer[],
  rate: number,
): Promise<string[]> {
  // Few, large Publish calls: each costs the publisher milliseconds of CPU, the batch size little,
  // and the measured latency starts at the emulator's publish time, after the batching.
  const ids: string[] = [];
  const sink = new PubSubSink({
    client: pubsub,
    topic: TOPOLOGY.topic,
    batching: { maxMessages: 1_000, maxMilliseconds: 5 },
    onPublished: (_, id) => ids.push(id),
  });
  const tickMs = 50;
  const started = Date.now();
  for (let sent = 0; sent < payloads.length;) {
    const due = Math.min(
      payloads.length,
      Math.floor(((Date.now() - started + tickMs) / 1000) * rate),
    );
    while (sent < due) {
      const wait = sink.write({ data: payloads[sent++]! });
      if (wait) await wait;
    }
    await sleep(tickMs);
  }
  const report = await sink.close();
  if (report.failed > 0)
    throw new Error(`${report.failed} publishes failed: ${report.errors[0]?.message}`);
  return ids;
}

/** Runs the benchmark and returns its figures. */
export async function runE2eBench(options: E2eBenchOptions = {}): Promise<Figure[]> {
  const events = options.events ?? 50_000;
  const rate = options.rate ?? 2_000;
  const dir = mkdtempSync(join(tmpdir(), 'salesflow-e2e-bench-'));
  const warehouse = join(dir, 'warehouse.duckdb');
  const warmupEvents = options.warmupEvents ?? 3_000;
  const generated = generatedEvents(warmupEvents + events);
  const warmup = generated.slice(0, warmupEvents);
  const payloads = generated.slice(warmupEvents);
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const stack = await startLocalStack({
      warehousePath: warehouse,
      maxInFlight: options.maxInFlight ?? 512,
    });
    cleanups.push(() => stack.stop());
    const { bridge, pubsub } = stack;

    // Watch the landing directory: a row is visible when its file appears (files are renamed into
    // place). inotify reports each rename as it happens at no polling cost; a slow sweep catches
    // anything a notification might have missed.
    const eventsDir = new LandingLayout(warehouse).tableDir(SALES_EVENTS_TABLE);
    const firstSeen = new Map<string, number>();
    const see = (name: string | null, seenAt: number): void => {
      if (name?.endsWith('.parquet') && !firstSeen.has(name)) firstSeen.set(name, seenAt);
    };
    const notifications = watch(eventsDir, (_, name) => see(name, Date.now()));
    cleanups.push(async () => notifications.close());
    const sweep = (): void => {
      const seenAt = Date.now();
      for (const name of readdirSync(eventsDir)) see(name, seenAt);
    };
    const sweeper = setInterval(sweep, 250);
    cleanups.push(async () => clearInterval(sweeper));

    await publishAtRate(pubsub, warmup, rate);
    for (const until = Date.now() + 5 * 60_000; bridge.stats.acked < warmup.length;) {
      if (Date.now() > until) throw new Error('the warm-up events did not land within 5 minutes');
      await sleep(50);
    }
    // The warm-up's files hold none of the measured rows.
    const read = new Set(readdirSync(eventsDir));

    const started = Date.now();
    const ids = new Set(await publishAtRate(pubsub, payloads, rate));
    const publishSeconds = (Date.now() - started) / 1000;

    // Wait until every published message has a row, reading each new file once.
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const latencies: number[] = [];
    const landed = new Set<string>();
    const deadline = Date.now() + 10 * 60_000;
    let lastVisible = started;
    while (landed.size < ids.size && Date.now() < deadline) {
      sweep();
      for (const [name, seenAt] of firstSeen) {
        if (read.has(name)) continue;
        read.add(name);
        const reader = await connection.runAndReadAll(
          `SELECT message_id, epoch_ms(publish_time) AS published FROM read_parquet(${sqlString(join(eventsDir, name))})`,
        );
        for (const [messageId, published] of reader.getRows() as [string, bigint | number][]) {
          if (!ids.has(messageId) || landed.has(messageId)) continue;
          landed.add(messageId);
          latencies.push(seenAt - Number(published));
          lastVisible = Math.max(lastVisible, seenAt);
        }
      }
      await sleep(50);
    }
    notifications.close();
    clearInterval(sweeper);
    connection.closeSync();
    instance.closeSync();
    const rss = peakRssMiB(stack.function!.pid);
    const seconds = (lastVisible - started) / 1000;
    latencies.sort((a, b) => a - b);
    const append = await measureAppend(payloads, options.appendRows ?? 50_000, dir);
    const [load1] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return [
      { name: 'e2e.warmup_events', value: warmup.length, unit: 'events' },
      { name: 'e2e.events_published', value: ids.size, unit: 'events' },
      { name: 'e2e.events_landed', value: landed.size, unit: 'events' },
      { name: 'e2e.offered_rate', value: Math.round(ids.size / publishSeconds), unit: 'events/s' },
      { name: 'e2e.throughput', value: Math.round(landed.size / seconds), unit: 'events/s' },
      { name: 'e2e.latency_p50', value: percentile(latencies, 50), unit: 'ms' },
      { name: 'e2e.latency_p95', value: percentile(latencies, 95), unit: 'ms' },
      { name: 'e2e.latency_p99', value: percentile(latencies, 99), unit: 'ms' },
      { name: 'e2e.bronze_files', value: firstSeen.size, unit: 'files' },
      { name: 'e2e.function_peak_rss', value: Math.round(rss), unit: 'MiB' },
      { name: 'e2e.duckdb_append_rows_per_second', value: Math.round(append), unit: 'rows/s' },
      { name: 'e2e.load_average_1m', value: Number(load1), unit: 'load' },
    ];
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [events, rate, warmupEvents] = process.argv.slice(2).map(Number);
  const figures = await runE2eBench({
    ...(events ? { events } : {}),
    ...(rate ? { rate } : {}),
    ...(warmupEvents !== undefined && !Number.isNaN(warmupEvents) ? { warmupEvents } : {}),
  });
  console.log('figure'.padEnd(40) + 'value'.padStart(12) + '  unit');
  for (const figure of figures)
    console.log(figure.name.padEnd(40) + String(figure.value).padStart(12) + `  ${figure.unit}`);
}
