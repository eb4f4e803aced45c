/**
 * Ingest-core throughput: decode + validate + map to a Bronze row (`toBronze`, from the raw bytes
 * Pub/Sub delivers) on one core, against a bare `JSON.parse` of the same payloads' text — the
 * floor any validating handler pays. For reference it also times the zod contract
 * (`validateMessage` + `JSON.stringify`, the same work done the slow way), the built Dataflow UDF
 * in a Node `vm` and, when set up, in Nashorn (the template's engine; JVM start-up measured on a
 * one-message batch and subtracted).
 *
 * The in-process contenders run in alternating slices of the same payloads, so a shared
 * machine's changing load weighs on all of them alike.
 *
 * Run: `npx tsx bench/handler.bench.ts`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateMessage } from '@salesflow/contract';
import { toBronze } from '@salesflow/contract/validation';
import { createGenerator } from '@salesflow/generator';
import { buildUdf } from '../functions/udf/build.js';
import { nashornAvailable, runUdfInNashorn } from '../functions/udf/nashorn.js';
import { loadUdfInVm } from '../functions/udf/vm.js';

/** One benchmark figure. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** Handles payloads `[from, to)` and returns how many it handled as expected. */
type Contender = (from: number, to: number) => number;

const PAYLOADS = 60_000;
const NASHORN_PAYLOADS = 20_000;
const ROUNDS = 3;
const SLICE = 2_000;
const INGESTED_AT = '2026-06-01T00:00:00.000Z';
const NOW = Date.parse('2026-06-01T00:00:00Z');

/** Valid generator events (no chaos): the handler's common case. */
function generatePayloads(): Buffer[] {
  const generator = createGenerator({
    seed: 42,
    events: PAYLOADS,
    from: Date.parse('2026-01-01T00:00:00Z'),
    to: Date.parse('2026-05-01T00:00:00Z'),
  });
  return [...generator].map((message) => message.data);
}

/**
 * Events/s of each contender over `count` payloads, `rounds` times, run slice by slice in
 * rotating order (after one warm-up pass each).
 */
function interleavedRates(
  count: number,
  contenders: Readonly<Record<string, Contender>>,
): Record<string, number> {
  const names = Object.keys(contenders);
  const seconds: Record<string, number> = {};
  for (const name of names) {
    contenders[name]!(0, count);
    seconds[name] = 0;
  }
  let turn = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let from = 0; from < count; from += SLICE) {
      const to = Math.min(count, from + SLICE);
      turn++;
      for (let offset = 0; offset < names.length; offset++) {
        const name = names[(turn + offset) % names.length]!;
        const start = performance.now();
        const handled = contenders[name]!(from, to);
        seconds[name]! += (performance.now() - start) / 1000;
        if (handled !== to - from) throw new Error(`${name} handled ${handled} of ${to - from}`);
      }
    }
  }
  return Object.fromEntries(names.map((name) => [name, (count * ROUNDS) / seconds[name]!]));
}

/** Events/s of the UDF in Nashorn over `payloads`, JVM start-up excluded; undefined if not set up. */
async function nashornRate(
  source: string,
  payloads: readonly Buffer[],
): Promise<number | undefined> {
  if (!nashornAvailable()) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'salesflow-bench-udf-'));
  try {
    const script = join(dir, 'transform.js');
    writeFileSync(script, source);
    const startupStart = performance.now();
    await runUdfInNashorn(script, payloads.slice(0, 1), { fullJit: true });
    const startupMs = performance.now() - startupStart;
    const start = performance.now();
    const outcomes = await runUdfInNashorn(script, payloads, { fullJit: true });
    const ms = performance.now() - start - startupMs;
    if (outcomes.some((outcome) => !outcome.ok)) {
      throw new Error('the UDF rejected a valid payload');
    }
    return payloads.length / (ms / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the benchmark and returns its figures (also used by the bench runner). */
export async function runHandlerBench(): Promise<BenchFigure[]> {
  const payloads = generatePayloads();
  const texts = payloads.map((payload) => payload.toString('utf8'));
  const count = payloads.length;
  const source = await buildUdf();
  const udf = loadUdfInVm(source);

  const rates = interleavedRates(count, {
    jsonParse: (from, to) => {
      let parsed = 0;
      for (let i = from; i < to; i++) if (JSON.parse(texts[i]!) !== null) parsed++;
      return parsed;
    },
    core: (from, to) => {
      let landed = 0;
      for (let i = from; i < to; i++) {
        const message = {
          data: payloads[i]!,
          messageId: null,
          publishTime: null,
          attributes: null,
        };
        if (toBronze(message, INGESTED_AT, 'function', NOW).kind === 'event') landed++;
      }
      return landed;
    },
    zod: (from, to) => {
      let valid = 0;
      for (let i = from; i < to; i++) {
        const result = validateMessage(payloads[i]!, { now: NOW });
        if (result.ok && JSON.stringify(result.event).length > 0) valid++;
      }
      return valid;
    },
    udfVm: (from, to) => {
      let landed = 0;
      for (let i = from; i < to; i++) if (udf(texts[i]!).ok) landed++;
      return landed;
    },
  });
  const jsonParse = rates['jsonParse']!;
  const core = rates['core']!;

  const figures: BenchFigure[] = [
    { name: 'handler.payloads', value: count, unit: 'payloads' },
    {
      name: 'handler.mean_payload_bytes',
      value: Math.round(payloads.reduce((sum, p) => sum + p.length, 0) / count),
      unit: 'bytes',
    },
    { name: 'handler.core_events_per_second', value: Math.round(core), unit: 'events/s' },
    { name: 'handler.bare_json_parse_per_second', value: Math.round(jsonParse), unit: 'events/s' },
    {
      name: 'handler.core_ratio_to_json_parse',
      value: Number((core / jsonParse).toFixed(3)),
      unit: 'ratio',
    },
    {
      name: 'handler.zod_contract_events_per_second',
      value: Math.round(rates['zod']!),
      unit: 'events/s',
    },
    {
      name: 'handler.core_speedup_over_zod',
      value: Number((core / rates['zod']!).toFixed(2)),
      unit: 'ratio',
    },
    {
      name: 'handler.udf_vm_events_per_second',
      value: Math.round(rates['udfVm']!),
      unit: 'events/s',
    },
  ];
  const nashorn = await nashornRate(source, payloads.slice(0, NASHORN_PAYLOADS));
  if (nashorn !== undefined) {
    figures.push({
      name: 'handler.udf_nashorn_events_per_second',
      value: Math.round(nashorn),
      unit: 'events/s',
    });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runHandlerBench();
  console.log('figure'.padEnd(46) + 'value'.padStart(14) + '  unit');
  for (const figure of figures) {
    console.log(figure.name.padEnd(46) + String(figure.value).padStart(14) + `  ${figure.unit}`);
  }
}
